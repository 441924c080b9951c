package main

import (
	"path/filepath"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
)

// TestSweepRendersInBrowser opens the sweep.html of a one-path and of a
// two-path sweep in headless Chromium: the title, the table and the plots
// are in the DOM, the console has no error and the screenshot is not blank.
func TestSweepRendersInBrowser(t *testing.T) {
	testutil.Long(t)
	chromium := findChromium(t)
	dir := t.TempDir()
	one := filepath.Join(dir, "one")
	mustCapsim(t, "sweep", "--replications", "2", "--horizon", "3h", "--vary",
		"stream_group[0].location[0].always_on=2..10:4", "--out", one)
	two := filepath.Join(dir, "two")
	mustCapsim(t, sweepArgs(two)...)
	const title = "capsim sweep: starlight-rally-day"
	checkPagesInBrowser(t, chromium, true,
		browserPage{filepath.Join(one, "sweep.html"), title,
			[]string{"Pareto-efficient", "cost against p95 placement latency", "key metrics against", "capsim sweep"}},
		browserPage{filepath.Join(two, "sweep.html"), title,
			[]string{"Pareto-efficient", "feasible", "Sweep: p95 placement latency", "Sweep: total cost", "Skipped", "always_on=11"}})
}
