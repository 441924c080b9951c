package main

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
)

// TestOptimizeRendersInBrowser opens optimize.html in headless Chromium
// and finds its answer in the DOM, as optimize.json has it: its own title,
// the plan chosen and its settings beside the scenario's, the cost and
// the saving against the scenario as given (on fresh replications), each
// requirement's margin, the re-check's chance, the fragility table at
// every scale, and the frontier plot.
func TestOptimizeRendersInBrowser(t *testing.T) {
	chromium := findChromium(t)
	dir := t.TempDir()
	if code, _, stderr := optimizeSmall(t, dir, "--require", p95Wait+"<=40", "--require", failureRatio+"<=0.02",
		"--demand-scale", "1,1.25"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	out := filepath.Join(dir, "out")
	o := readOptimize(t, out)
	c := o.Chosen
	want := []string{"plan chosen", "#" + strconv.Itoa(c.Plan+1),
		reports.FormatUSD(sim.Estimate{Mean: float64(c.Objective), CI95: float64(c.ObjectiveCI)}),
		"against the scenario as given", "re-check passes", "Guarantee: 95% sure",
		"Fragility", "×0.5", "×1.25", "×2", "plan: requirements met", "Optimize: the plans evaluated, cost against p95 wait"}
	for _, s := range o.Settings {
		want = append(want, s.Label[len("here "):])
	}
	for _, a := range c.Requirements {
		want = append(want, a.Requirement)
	}
	checkPagesInBrowser(t, chromium, true, browserPage{filepath.Join(out, "optimize.html"), "capsim optimize: textbook", want})
}
