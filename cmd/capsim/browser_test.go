package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/browser"
	"github.com/capsim/capsim/internal/testutil"
)

// TestReportRendersInBrowser opens the report.html and compare.html that
// capsim writes in headless Chromium and checks that they rendered: the
// title and the key figures are in the DOM, the console has no error (the
// page's Content-Security-Policy turns any external load into one), and
// the screenshot is not blank. It needs Debian's chromium (.ci/run
// installs it); without it the test fails saying so.
func TestReportRendersInBrowser(t *testing.T) {
	testutil.Long(t)
	chromium := findChromium(t)
	dir := t.TempDir()
	run := filepath.Join(dir, "run")
	mustCapsim(t, "run", "--replications", "2", "--horizon", "4h", "--out", run)
	cmp := filepath.Join(dir, "cmp")
	mustCapsim(t, "compare", classCompare, "--replications", "2", "--horizon", "3h",
		"--classes", "gen4n_high,gen4n_ultra", "--out", cmp)
	fl := filepath.Join(dir, "fleets")
	mustCapsim(t, "run", "../../scenarios/examples/managed-target-tracking.toml", "--replications", "2", "--out", fl)
	checkPagesInBrowser(t, chromium, true,
		browserPage{filepath.Join(run, "report.html"), "capsim report: starlight-rally-day",
			[]string{"Key figures", "p95 placement latency", "placement failure ratio", "utilisation", "total cost", "idle cost",
				"±", "Placement latency", "Assumptions in force", "placement_timeout_always_on", "demand[*].client.connect_delay", "capsim run --replications 2"}},
		browserPage{filepath.Join(cmp, "compare.html"), "capsim compare: class-compare",
			[]string{"cheapest acceptable class", "gen4n_ultra", "USD per stream-hour", "capsim compare"}},
		browserPage{filepath.Join(fl, "report.html"), "capsim report: managed-target-tracking",
			[]string{"battle-fleet", "us-east-1", "stuck terminating", "Fleet capacity"}})
}

// browserPage is a page capsim wrote, the title it must have and texts its
// DOM must hold.
type browserPage struct {
	file, title string
	text        []string
}

// checkPagesInBrowser checks each page with checkInBrowser, in a subtest
// named by the directory the page is in (capsim's --out).
func checkPagesInBrowser(t *testing.T, chromium string, anyCase bool, pages ...browserPage) {
	t.Helper()
	for _, pg := range pages {
		t.Run(filepath.Base(filepath.Dir(pg.file)), func(t *testing.T) {
			checkInBrowser(t, chromium, pg.file, pg.title, pg.text, anyCase)
		})
	}
}

// findChromium returns Debian's chromium, or stops the test saying it is
// missing.
func findChromium(t *testing.T) string {
	t.Helper()
	chromium, err := browser.Find()
	if err != nil {
		t.Fatal(err)
	}
	return chromium
}

// mustCapsim runs capsim with args and stops the test if it does not exit 0.
func mustCapsim(t *testing.T, args ...string) {
	t.Helper()
	if code, _, errOut := capsim(t, args...); code != 0 {
		t.Fatalf("capsim %s: exit %d, stderr %q", strings.Join(args, " "), code, errOut)
	}
}

// checkInBrowser opens file in headless Chromium and checks that it
// rendered: the title, every text in the DOM (ignoring case if anyCase:
// innerText follows CSS, and card labels are upper-cased), no console
// error (the page's Content-Security-Policy turns any external load into
// one) and a screenshot that is not blank.
func checkInBrowser(t *testing.T, chromium, file, title string, text []string, anyCase bool) {
	t.Helper()
	for _, width := range []int{1280, 800} {
		checkAtWidth(t, chromium, file, title, text, anyCase, width)
	}
}

// checkAtWidth is checkInBrowser in a window width pixels wide, which
// also checks the page's layout there (browser.Page.Layout: no sideways
// scroll, no text out of its card, cell or plot, no label printed over
// another).
func checkAtWidth(t *testing.T, chromium, file, title string, text []string, anyCase bool, width int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	p, err := browser.Load(ctx, chromium, file, width, 1400)
	if err != nil {
		t.Fatal(err)
	}
	for _, problem := range p.Layout {
		t.Errorf("at %d px: %s", width, problem)
	}
	if p.Title != title {
		t.Errorf("title %q, want %q", p.Title, title)
	}
	fold := func(s string) string { return s }
	if anyCase {
		fold = strings.ToLower
	}
	for _, w := range text {
		if !strings.Contains(fold(p.Text), fold(w)) {
			t.Errorf("page text lacks %q", w)
		}
	}
	if len(p.ConsoleErrors) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(p.ConsoleErrors, "\n"))
	}
	if blank, err := browser.Blank(p.Screenshot); err != nil || blank {
		t.Errorf("screenshot blank=%v err=%v", blank, err)
	}
}
