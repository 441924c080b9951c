package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/browser"
)

// TestSweepRendersInBrowser opens the sweep.html of a one-path and of a
// two-path sweep in headless Chromium: the title, the table and the plots
// are in the DOM, the console has no error and the screenshot is not blank.
func TestSweepRendersInBrowser(t *testing.T) {
	chromium, err := browser.Find()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	one := filepath.Join(dir, "one")
	if code, _, errOut := capsim(t, "sweep", "--replications", "2", "--horizon", "3h", "--vary",
		"stream_group[0].location[0].always_on=2..10:4", "--out", one); code != 0 {
		t.Fatalf("sweep: exit %d, stderr %q", code, errOut)
	}
	two := filepath.Join(dir, "two")
	if code, _, errOut := capsim(t, sweepArgs(two)...); code != 0 {
		t.Fatalf("sweep: exit %d, stderr %q", code, errOut)
	}
	for _, tc := range []struct {
		dir  string
		text []string
	}{
		{one, []string{"Pareto-efficient", "cost against p95 placement latency", "key metrics against", "capsim sweep"}},
		{two, []string{"Pareto-efficient", "feasible", "Sweep: p95 placement latency", "Sweep: total cost", "Skipped", "always_on=11"}},
	} {
		t.Run(filepath.Base(tc.dir), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			p, err := browser.Load(ctx, chromium, filepath.Join(tc.dir, "sweep.html"), 1000, 1400)
			if err != nil {
				t.Fatal(err)
			}
			if want := "capsim sweep: starlight-rally-day"; p.Title != want {
				t.Errorf("title %q, want %q", p.Title, want)
			}
			for _, w := range tc.text {
				if !strings.Contains(strings.ToLower(p.Text), strings.ToLower(w)) {
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
}
