package capsim_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/capsim/capsim/experiment/optimize"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
)

// optimizeRequire is what the README's optimize examples require of the
// default scenario.
var optimizeRequire = []string{"--require", "total.time_to_first_frame_seconds.p95<=60", "--require", "total.placement_failure_ratio<=0.01"}

// The optimize blocks of README.md: optimize's own summary on the default
// scenario, without the last line (the wall time and the output
// directory), and its efficiency against the exhaustive grid. The frontier
// plot of the default scenario's search is docs/img/optimize-frontier.png.
func init() {
	readmeBlocks["optimize-default"] = func(t *testing.T) string {
		return experimentBlock(t, "capsim optimize --require 'total.time_to_first_frame_seconds.p95<=60' --require 'total.placement_failure_ratio<=0.01' --out opt",
			append([]string{"optimize"}, optimizeRequire...)...)
	}
	readmeBlocks["optimize-efficiency"] = optimizeEfficiencyBlock
	readmeImages = append(readmeImages, struct {
		name, file string
		args       []string
	}{"optimize-frontier.png", "sweep-pareto.png", append([]string{"optimize"}, optimizeRequire...)})
}

// efficiencyCase is a restricted optimization run both ways: optimize and
// capsim sweep over the same --vary ranges with the same --require.
type efficiencyCase struct {
	title, file, objective string
	require, vary          []string
}

var efficiencyCases = []efficiencyCase{
	{"the default scenario", "", "total.cost_usd", optimizeRequire, []string{
		"stream_group[0].location[0].maximum=24..160:4", "stream_group[0].location[1].maximum=12..80:4"}},
	{"scenarios/examples/fleet-target.toml", "scenarios/examples/fleet-target.toml", "fleet_total.cost_usd",
		[]string{"--require", "fleet_total.placement_latency_seconds.p95<=30", "--require", "fleet_total.timed_out_ratio<=0.01"},
		[]string{"fleet[0].scaling.min_instances=0..15", "fleet[0].scaling.max_instances=20..48:4", "fleet[0].scaling.target_percent=10..40:5"}},
}

// optimizeEfficiencyBlock runs each efficiency case both ways and checks
// that optimize simulates at least 10 times fewer replications than the
// grid and that the grid's cheapest plan meeting every requirement's 95%
// bound is optimize's plan or costs the same within the grid's 95% CI;
// then states the default variables' full grid, and checks that optimize
// answers the default scenario within 60 s.
func optimizeEfficiencyBlock(t *testing.T) string {
	var b strings.Builder
	b.WriteString("```\n")
	for _, c := range efficiencyCases {
		opt, grid := runEfficiency(t, c)
		fmt.Fprintf(&b, "%s, --vary %s:\n", c.title, strings.Join(c.vary, " --vary "))
		ratio := float64(grid.reps) / float64(opt.Replications)
		fmt.Fprintf(&b, "  grid (capsim sweep): %d plans × %d replications = %d replications\n", grid.plans, grid.reps/grid.plans, grid.reps)
		fmt.Fprintf(&b, "  optimize: %d plans, %d replications: %.1f× fewer\n", len(opt.Evaluated), opt.Replications, ratio)
		plan := strings.Join(opt.Evaluated[opt.Best].Values, ", ")
		fmt.Fprintf(&b, "  optimize's plan: %s; the grid's cheapest plan meeting the bounds: %s (%s %.1f ± %.1f)\n",
			plan, strings.Join(grid.best, ", "), c.objective, grid.cost.Mean, grid.cost.CI95)
		same := plan == strings.Join(grid.best, ", ")
		mine, ok := grid.costs[plan]
		switch {
		case same:
			b.WriteString("  the same plan\n")
		case ok && math.Abs(mine.Mean-grid.cost.Mean) <= grid.cost.CI95:
			fmt.Fprintf(&b, "  not the same plan; in the grid optimize's plan costs %.1f, within the grid's 95%% CI (±%.1f) of its cheapest\n", mine.Mean, grid.cost.CI95)
		default:
			t.Errorf("%s: optimize's plan %s (grid cost %+v) is not the grid's cheapest %v (%+v) within noise", c.title, plan, mine, grid.best, grid.cost)
		}
		if ratio < 10 {
			t.Errorf("%s: optimize simulated %d replications, the grid %d: %.1f× fewer, want ≥ 10×", c.title, opt.Replications, grid.reps, ratio)
		}
	}
	b.WriteString(fullGrid(t))
	b.WriteString("```\n")
	return b.String()
}

// gridResult is what the exhaustive grid found: its plans and
// replications, its cheapest plan meeting every requirement's 95% bound
// and that plan's cost, and every plan's cost by its values.
type gridResult struct {
	plans, reps int
	best        []string
	cost        reports.Value
	costs       map[string]reports.Value
}

// runEfficiency runs c with optimize and with capsim sweep.
func runEfficiency(t *testing.T, c efficiencyCase) (*reports.Optimize, gridResult) {
	var common []string
	if c.file != "" {
		common = append(common, c.file)
	}
	common = append(common, c.require...)
	for _, v := range c.vary {
		common = append(common, "--vary", v)
	}
	dir := t.TempDir()
	capsim(t, append(append([]string{"optimize"}, common...), "--out", filepath.Join(dir, "opt"))...)
	capsim(t, append(append([]string{"sweep"}, common...), "--out", filepath.Join(dir, "grid"))...)
	var opt reports.Optimize
	readJSON(t, filepath.Join(dir, "opt", "optimize.json"), &opt)
	var sw reports.Sweep
	readJSON(t, filepath.Join(dir, "grid", "sweep.json"), &sw)
	if opt.Best < 0 || opt.Objective != c.objective || len(sw.Skipped) > 0 {
		t.Fatalf("%s: optimize chose %d (objective %s); the grid skipped %d plans", c.title, opt.Best, opt.Objective, len(sw.Skipped))
	}
	g := gridResult{plans: len(sw.Points), costs: map[string]reports.Value{}}
	for _, p := range sw.Points {
		g.reps += p.Summary.Replications
		v, err := p.Summary.Metric(c.objective)
		if err != nil {
			t.Fatal(err)
		}
		g.costs[strings.Join(p.Values, ", ")] = v
		if p.FeasibleBound != nil && *p.FeasibleBound && (g.best == nil || v.Mean < g.cost.Mean) {
			g.best, g.cost = p.Values, v
		}
	}
	if g.best == nil {
		t.Fatalf("%s: no plan of the grid meets the bounds", c.title)
	}
	return &opt, g
}

// fullGrid states the grid of the default variables of the default
// scenario, which no one could run, and checks the time to answer.
func fullGrid(t *testing.T) string {
	sc, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	vars, err := optimize.DefaultVars(sc, optimize.NoTargets())
	if err != nil {
		t.Fatal(err)
	}
	plans := 1
	var sizes []string
	for _, v := range vars {
		plans *= v.Values()
		sizes = append(sizes, fmt.Sprint(v.Values()))
	}
	dir := t.TempDir()
	capsim(t, append(append([]string{"optimize"}, optimizeRequire...), "--out", dir)...)
	var opt reports.Optimize
	readJSON(t, filepath.Join(dir, "optimize.json"), &opt)
	t.Logf("optimize answered the default scenario in %.1f s (wall)", float64(opt.WallSeconds))
	if float64(opt.WallSeconds) > 60 {
		t.Errorf("optimize took %.1f s on the default scenario, want ≤ 60 s", float64(opt.WallSeconds))
	}
	reps := sc.Simulation.Replications
	return fmt.Sprintf("the default scenario, default variables (%d):\n  grid: %s = %d plans × %d replications = %.3g replications\n"+
		"  optimize: %d plans, %d replications: %.3g× fewer; answered within 60 s on this 2-core machine (asserted)\n",
		len(vars), strings.Join(sizes, " × "), plans, reps, float64(plans)*float64(reps),
		len(opt.Evaluated), opt.Replications, float64(plans)*float64(reps)/float64(opt.Replications))
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
