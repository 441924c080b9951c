package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/browser"
)

// TestSensitivityRendersInBrowser opens the sensitivity.html of capsim
// sensitivity and the report.html of capsim run --sensitivity in headless
// Chromium: the title, the tornado charts and the tables are in the DOM,
// the console has no error, the screenshot is not blank, and neither page
// has a script.
func TestSensitivityRendersInBrowser(t *testing.T) {
	chromium, err := browser.Find()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	common := []string{"--replications", "3", "--horizon", "4h"}
	sens, run := filepath.Join(dir, "sens"), filepath.Join(dir, "run")
	if code, _, errOut := capsim(t, append([]string{"sensitivity", "--out", sens}, common...)...); code != 0 {
		t.Fatalf("sensitivity: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := capsim(t, append([]string{"run", "--sensitivity", "--out", run}, common...)...); code != 0 {
		t.Fatalf("run --sensitivity: exit %d, stderr %q", code, errOut)
	}
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
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			p, err := browser.Load(ctx, chromium, tc.file, 1000, 1400)
			if err != nil {
				t.Fatal(err)
			}
			if p.Title != tc.title {
				t.Errorf("title %q, want %q", p.Title, tc.title)
			}
			for _, w := range tc.text {
				if !strings.Contains(p.Text, w) {
					t.Errorf("page text lacks %q", w)
				}
			}
			if len(p.ConsoleErrors) > 0 {
				t.Errorf("console errors:\n%s", strings.Join(p.ConsoleErrors, "\n"))
			}
			if blank, err := browser.Blank(p.Screenshot); err != nil || blank {
				t.Errorf("screenshot blank=%v err=%v", blank, err)
			}
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
