package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/browser"
)

// TestReportRendersInBrowser opens the report.html and compare.html that
// capsim writes in headless Chromium and checks that they rendered: the
// title and the key figures are in the DOM, the console has no error (the
// page's Content-Security-Policy turns any external load into one), and
// the screenshot is not blank. It needs Debian's chromium (.ci/run
// installs it); without it the test fails saying so.
func TestReportRendersInBrowser(t *testing.T) {
	chromium, err := browser.Find()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	run := filepath.Join(dir, "run")
	if code, _, errOut := capsim(t, "run", "--replications", "2", "--horizon", "4h", "--out", run); code != 0 {
		t.Fatalf("run: exit %d, stderr %q", code, errOut)
	}
	cmp := filepath.Join(dir, "cmp")
	if code, _, errOut := capsim(t, "compare", classCompare, "--replications", "2", "--horizon", "3h",
		"--classes", "gen4n_high,gen4n_ultra", "--out", cmp); code != 0 {
		t.Fatalf("compare: exit %d, stderr %q", code, errOut)
	}
	fl := filepath.Join(dir, "fleets")
	if code, _, errOut := capsim(t, "run", "../../scenarios/examples/managed-target-tracking.toml", "--replications", "2",
		"--out", fl); code != 0 {
		t.Fatalf("fleets run: exit %d, stderr %q", code, errOut)
	}
	for _, tc := range []struct {
		file, title string
		text        []string
	}{
		{filepath.Join(run, "report.html"), "capsim report: starlight-rally-day",
			[]string{"Key figures", "p95 placement latency", "placement failure ratio", "utilisation", "total cost", "idle cost",
				"±", "Placement latency", "Service assumptions in force", "placement_timeout_always_on", "capsim run --replications 2"}},
		{filepath.Join(cmp, "compare.html"), "capsim compare: class-compare",
			[]string{"cheapest acceptable class", "gen4n_ultra", "USD per stream-hour", "capsim compare"}},
		{filepath.Join(fl, "report.html"), "capsim report: managed-target-tracking",
			[]string{"battle-fleet", "us-east-1", "stuck terminating", "Fleet capacity"}},
	} {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
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
				// innerText follows CSS: card labels are upper-cased
				if !strings.Contains(strings.ToLower(p.Text), strings.ToLower(w)) {
					t.Errorf("page text lacks %q", w)
				}
			}
			if len(p.ConsoleErrors) > 0 {
				t.Errorf("console errors:\n%s", strings.Join(p.ConsoleErrors, "\n"))
			}
			blank, err := browser.Blank(p.Screenshot)
			if err != nil || blank {
				t.Errorf("screenshot blank=%v err=%v", blank, err)
			}
		})
	}
}
