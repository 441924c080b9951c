package main

import (
	"path/filepath"
	"testing"
)

// TestRecordsPagesRenderInBrowser opens the fit.html (of a stream group
// and of a fleet) and backtest.html that capsim fit and backtest write in
// headless Chromium: the title, the key figures, the figures' captions and
// the tables are in the DOM, no console error, a screenshot that is not
// blank (checkInBrowser).
func TestRecordsPagesRenderInBrowser(t *testing.T) {
	chromium := findChromium(t)
	dir := t.TempDir()
	fit := filepath.Join(dir, "fit")
	mustCapsim(t, "fit", recordsDir+"/sessions.json.gz", "--polls", recordsDir+"/sessions-polls.jsonl.gz",
		"--stream-group", "sg-1AB2C3De4", "--exported-at", "2025-12-03T00:00:00Z", "--out", fit)
	fleet := filepath.Join(dir, "fleet")
	mustCapsim(t, "fit", "--game-sessions", recordsDir+"/games.json.gz", "--metrics", recordsDir+"/metrics.json.gz",
		"--price", "0.107", "--out", fleet)
	bt := filepath.Join(dir, "backtest")
	mustCapsim(t, "backtest", recordsDir+"/fitted.toml", "--observed", recordsDir+"/day.json.gz",
		"--polls", recordsDir+"/day-polls.jsonl.gz", "--exported-at", "2025-12-02T00:00:00Z", "--replications", "19", "--quiet", "--out", bt)
	checkPagesInBrowser(t, chromium, true,
		browserPage{filepath.Join(fit, "fit.html"), "capsim fit: fitted-sg-1AB2C3De4",
			[]string{"sessions kept", "session length", "lognormal", "Requests per hour of the day (UTC), fitted",
				"Session length, eu-central-1: QQ plot", "What the records held", "duplicates", "walk-aways (idleTimeout)",
				"Values the scenario keeps at capsim's defaults", "allocation_delay_linux", "capsim fit"}},
		browserPage{filepath.Join(fleet, "fit.html"), "capsim fit: fleet-1",
			[]string{"game sessions kept", "processes per instance", "Game sessions per hour", "interruptions (INTERRUPTED)",
				"CloudWatch ActiveInstances us-west-2"}},
		browserPage{filepath.Join(bt, "backtest.html"), "capsim backtest: fitted-sg-1AB2C3De4",
			[]string{"coverage", "hours outside", "Observed against simulated, eu-central-1", "Hours outside their band",
				"Coverage of each series", "capsim backtest"}})
}
