package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
)

// TestSensitivityRendersInBrowser opens the sensitivity.html of capsim
// sensitivity and the report.html of capsim run --sensitivity in headless
// Chromium: the title, the tornado charts and the tables are in the DOM,
// the console has no error, the screenshot is not blank, and neither page
// has a script.
func TestSensitivityRendersInBrowser(t *testing.T) {
	testutil.Long(t)
	chromium := findChromium(t)
	dir := t.TempDir()
	common := []string{"--replications", "3", "--horizon", "4h"}
	sens, run := filepath.Join(dir, "sens"), filepath.Join(dir, "run")
	mustCapsim(t, append([]string{"sensitivity", "--out", sens}, common...)...)
	mustCapsim(t, append([]string{"run", "--sensitivity", "--out", run}, common...)...)
	sensPage, runPage := filepath.Join(sens, "sensitivity.html"), filepath.Join(run, "report.html")
	for _, file := range []string{sensPage, runPage} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(strings.ToLower(string(data)), "<script") {
			t.Errorf("%s has a script", file)
		}
		if n := strings.Count(string(data), "<svg"); n < 2 {
			t.Errorf("%s: %d inline SVGs, want the tornado charts", file, n)
		}
	}
	checkPagesInBrowser(t, chromium, false,
		browserPage{sensPage, "capsim sensitivity: starlight-rally-day",
			[]string{"Sensitivity of total.cost_usd", "Sensitivity of total.placement_latency_seconds.p95",
				"allocation_delay_linux", "swing (high − low)", "common random numbers", "capsim sensitivity"}},
		browserPage{runPage, "capsim report: starlight-rally-day",
			[]string{"Sensitivity of total.cost_usd", "swing (high − low)", "idle_release_delay", "common random numbers"}})
	for _, name := range []string{"sensitivity.csv", "sensitivity.json", "summary.json"} {
		if _, err := os.Stat(filepath.Join(run, name)); err != nil {
			t.Error(err)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".run.capsim-*")); len(m) > 0 {
		t.Errorf("scratch directories left beside --out: %v", m)
	}
}
