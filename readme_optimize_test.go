package capsim_test

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/capsim/capsim/experiment/optimize"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
)

// optimizeRequire is what the README's optimize examples require of the
// default scenario.
var optimizeRequire = []string{"--require", "total.time_to_first_frame_seconds.p95<=60", "--require", "total.placement_failure_ratio<=0.01"}

// recipeRequire is the README's optimize recipe: per location and per
// hour of the day.
var recipeRequire = []string{"--require", "locations[*].time_to_first_frame_seconds.p95<=60",
	"--require", "locations[*].placement_failure_ratio<=0.01", "--require", "hours[*].placement_failure_ratio<=0.01"}

// shownRequire is reqs as the README shows them on a command line.
func shownRequire(reqs []string) string {
	var out []string
	for i := 1; i < len(reqs); i += 2 {
		out = append(out, "--require '"+reqs[i]+"'")
	}
	return strings.Join(out, " ")
}

// The optimize blocks of README.md: optimize's own summary on the default
// scenario with the recipe, without the last line (the wall time and the
// output directory); the recipe against the totals it replaced
// (optimize-scopes); the verified figures against fresh replications and
// the re-check's pass rate on three scenarios (optimize-fresh); and the
// efficiency against the exhaustive grid. The frontier plot of the
// recipe's search is docs/img/optimize-frontier.png.
func init() {
	readmeBlocks["optimize-default"] = func(t *testing.T) string {
		return experimentBlock(t, "capsim optimize "+shownRequire(recipeRequire)+" --out opt", append([]string{"optimize"}, recipeRequire...)...)
	}
	readmeBlocks["optimize-scopes"] = optimizeScopesBlock
	readmeBlocks["optimize-fresh"] = optimizeFreshBlock
	readmeBlocks["optimize-efficiency"] = optimizeEfficiencyBlock
	readmeImages = append(readmeImages, struct {
		name, file string
		args       []string
	}{"optimize-frontier.png", "optimize-frontier.png", append([]string{"optimize"}, recipeRequire...)})
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
// grid (its verification included) and that its plan is the grid's
// cheapest plan that holds out of sample, or costs the same within the
// grid's 95% CI. The grid has a winner's curse of its own: its cheapest
// plan meeting every 95% bound on its replications is the one that
// looked best there, so the reference is the cheapest grid plan whose
// requirements also hold on 200 fresh replications (another seed).
// optimize runs with --recheck-pass 0: the grid knows no re-check. Then
// it states the default variables' full grid, and checks that optimize
// answers the default scenario within 60 s.
func optimizeEfficiencyBlock(t *testing.T) string {
	var b strings.Builder
	b.WriteString("```\n")
	for _, c := range efficiencyCases {
		opt, grid := runEfficiency(t, c)
		fmt.Fprintf(&b, "%s, --vary %s:\n", c.title, strings.Join(c.vary, " --vary "))
		ratio := float64(grid.reps) / float64(opt.Replications)
		fmt.Fprintf(&b, "  grid (capsim sweep): %d plans × %d replications = %d replications\n", grid.plans, grid.reps/grid.plans, grid.reps)
		fmt.Fprintf(&b, "  optimize: %d plans, %d replications (search %d, verification %d): %.1f× fewer\n", len(opt.Evaluated),
			opt.Replications, opt.SearchReplications, opt.Replications-opt.SearchReplications, ratio)
		ref, tried := grid.freshReference(t, c)
		first := grid.feasible[0]
		fmt.Fprintf(&b, "  the grid's cheapest plan meeting the bounds on its replications: %s (%s %.1f ± %.1f)", strings.Join(first.values, ", "),
			c.objective, first.cost.Mean, first.cost.CI95)
		if ref.key() == first.key() {
			b.WriteString("; it holds on 200 fresh replications\n")
		} else {
			fmt.Fprintf(&b, "; %d of the cheapest miss on 200 fresh replications; the cheapest that holds: %s (%.1f ± %.1f)\n",
				tried, strings.Join(ref.values, ", "), ref.cost.Mean, ref.cost.CI95)
		}
		plan := strings.Join(opt.Chosen.Values, ", ")
		mine, ok := grid.costs[plan]
		switch {
		case plan == ref.key():
			fmt.Fprintf(&b, "  optimize's plan: %s, the same plan\n", plan)
		case ok && math.Abs(mine.Mean-ref.cost.Mean) <= ref.cost.CI95:
			fmt.Fprintf(&b, "  optimize's plan: %s; in the grid it costs %.1f, within the grid's 95%% CI (±%.1f) of that plan\n", plan, mine.Mean, ref.cost.CI95)
		default:
			t.Errorf("%s: optimize's plan %s (grid cost %+v) is not the grid's cheapest holding out of sample %v (%+v) within noise", c.title, plan, mine, ref.values, ref.cost)
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
// replications, its plans meeting every requirement's 95% bound, the
// cheapest first, and every plan's cost by its values.
type gridResult struct {
	plans, reps int
	feasible    []gridPlan
	costs       map[string]reports.Value
}

// gridPlan is one plan of the grid: its values and cost.
type gridPlan struct {
	values []string
	cost   reports.Value
}

func (p gridPlan) key() string { return strings.Join(p.values, ", ") }

// freshReference is the cheapest of the grid's feasible plans whose
// requirements hold (on their bounds) on 200 fresh replications under
// seed 777, and how many cheaper ones missed there.
func (g gridResult) freshReference(t *testing.T, c efficiencyCase) (gridPlan, int) {
	t.Helper()
	for i, p := range g.feasible {
		args := []string{"run", "--json", "--quiet", "--seed", "777", "--replications", "200", "--assert-on", "bound"}
		if c.file != "" {
			args = append(args, c.file)
		}
		for k, v := range c.vary {
			path, _, _ := strings.Cut(v, "=")
			args = append(args, "--set", path+"="+p.values[k])
		}
		for k := 1; k < len(c.require); k += 2 {
			args = append(args, "--assert", c.require[k])
		}
		err := exec.Command(capsimPath(t), args...).Run()
		var ee *exec.ExitError
		switch {
		case err == nil:
			return p, i
		case !errors.As(err, &ee) || ee.ExitCode() != 3:
			t.Fatalf("capsim %s: %v", strings.Join(args, " "), err)
		}
	}
	t.Fatalf("%s: no plan of the grid holds on fresh replications", c.title)
	return gridPlan{}, 0
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
	// --recheck-pass 0: the grid holds plans to the 95% bound alone
	capsim(t, append(append([]string{"optimize", "--recheck-pass", "0"}, common...), "--out", filepath.Join(dir, "opt"))...)
	capsim(t, append(append([]string{"sweep"}, common...), "--out", filepath.Join(dir, "grid"))...)
	var opt reports.Optimize
	readJSON(t, filepath.Join(dir, "opt", "optimize.json"), &opt)
	var sw reports.Sweep
	readJSON(t, filepath.Join(dir, "grid", "sweep.json"), &sw)
	if opt.Chosen == nil || opt.Objective != c.objective || len(sw.Skipped) > 0 {
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
		if p.FeasibleBound != nil && *p.FeasibleBound {
			g.feasible = append(g.feasible, gridPlan{p.Values, v})
		}
	}
	if len(g.feasible) == 0 {
		t.Fatalf("%s: no plan of the grid meets the bounds", c.title)
	}
	slices.SortStableFunc(g.feasible, func(a, b gridPlan) int { return cmp.Compare(a.cost.Mean, b.cost.Mean) })
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
