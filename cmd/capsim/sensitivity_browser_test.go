package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSensitivityRendersInBrowser opens the sensitivity.html of capsim
// sensitivity and the report.html of capsim run --sensitivity in headless
// Chromium: the title, the tornado charts and the tables are in the DOM,
// the console has no error, the screenshot is not blank, and neither page
// has a script.
func TestSensitivityRendersInBrowser(t *testing.T) {
	chromium := findChromium(t)
	dir := t.TempDir()
	common := []string{"--replications", "3", "--horizon", "4h"}
	sens, run := filepath.Join(dir, "sens"), filepath.Join(dir, "run")
	mustCapsim(t, append([]string{"sensitivity", "--out", sens}, common...)...)
	mustCapsim(t, append([]string{"run", "--sensitivity", "--out", run}, common...)...)
	for _, tc := range []struct {
		file, title string
		text        []string
	}{
		{filepath.Join(sens, "sensitivity.html"), "capsim sensitivity: starlight-rally-day",
			[]string{"Sensitivity of total.cost_usd", "Sensitivity of total.placement_latency_seconds.p95",
				"allocation_delay_linux", "swing (high − low)", "common random numbers", "capsim sensitivity"}},
		{filepath.Join(run, "report.html"), "capsim report: starlight-rally-day",
			[]string{"Sensitivity of total.cost_usd", "swing (high − low)", "idle_release_delay", "common random numbers"}},
	} {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			data, err := os.ReadFile(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(strings.ToLower(string(data)), "<script") {
				t.Error("the page has a script")
			}
			if n := strings.Count(string(data), "<svg"); n < 2 {
				t.Errorf("%d inline SVGs, want the tornado charts", n)
			}
			checkInBrowser(t, chromium, tc.file, tc.title, tc.text, false)
		})
	}
	for _, name := range []string{"sensitivity.csv", "sensitivity.json", "summary.json"} {
		if _, err := os.Stat(filepath.Join(run, name)); err != nil {
			t.Error(err)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".run.capsim-*")); len(m) > 0 {
		t.Errorf("scratch directories left beside --out: %v", m)
	}
}
