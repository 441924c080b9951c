package main

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/capsim/capsim/experiment"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/reports/htmlreport"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/simrun"
)

// runnersUp is how many runner-up plans optimize.json names.
const runnersUp = 3

// newOptimizeReport makes optimize.json's content from the search.
func newOptimizeReport(sc *scenarios.Scenario, res *experiment.OptimizeResult, reqs []simrun.Requirement,
	objective string) (*reports.Optimize, error) {
	o := &reports.Optimize{Meta: scenarioMeta(sc), Objective: objective, Best: res.Best, Closest: -1,
		Replications: res.Replications, GridSize: 1, RunnersUp: []int{}, Skipped: []reports.SkippedPoint{}}
	for _, e := range res.Skipped {
		o.Skipped = append(o.Skipped, reports.SkippedPoint{Values: e.Point.Values(), Error: e.Invalid})
	}
	if res.Reference != nil {
		o.Reference = &reports.OptimizeReference{Objective: reports.Number(sim.NewEstimate(res.Reference.Assessment.Objective).Mean),
			Status: res.Reference.Assessment.Status.String()}
	}
	for _, v := range res.Vars {
		o.Paths = append(o.Paths, v.Paths()...)
		o.GridSize *= v.Values()
	}
	for _, r := range reqs {
		o.Requirements = append(o.Requirements, r.String())
	}
	closest := math.Inf(-1)
	var feasible []int
	for i, e := range res.Evaluated {
		s, err := blockSummary(e.Block)
		if err != nil {
			return nil, err
		}
		est := sim.NewEstimate(e.Assessment.Objective)
		p := reports.OptimizePoint{Values: e.Point.Values(), Replications: e.Block.To - e.Block.From, Status: e.Assessment.Status.String(), Feasible: e.Feasible,
			Objective: reports.Number(est.Mean), ObjectiveCI: reports.Number(est.CI95), Summary: s}
		worst, miss := math.Inf(1), ""
		for _, r := range reqs {
			a, err := r.Assess(s)
			if err != nil {
				return nil, err
			}
			p.Requirements = append(p.Requirements, a)
			if c := nanLow(float64(a.Confidence)); c < worst {
				worst, miss = c, a.Requirement
			}
		}
		if worst > closest {
			closest, o.Closest, o.Misses = worst, i, miss
		}
		if e.Feasible && i != res.Best {
			feasible = append(feasible, i)
		}
		o.Evaluated = append(o.Evaluated, p)
	}
	slices.SortStableFunc(feasible, func(a, b int) int {
		return cmp.Compare(float64(o.Evaluated[a].Objective), float64(o.Evaluated[b].Objective))
	})
	o.RunnersUp = append(o.RunnersUp, feasible[:min(len(feasible), runnersUp)]...)
	if res.Best >= 0 {
		o.Closest, o.Misses = -1, ""
	}
	return o, nil
}

func nanLow(x float64) float64 {
	if math.IsNaN(x) {
		return -1
	}
	return x
}

// writeOptimize writes, with create (an outDir's, committed as a whole),
// best.toml (text, the best plan's; nil without one), optimize.json,
// optimize.html and plots/.
func writeOptimize(create createFunc, text []byte, res *experiment.OptimizeResult, o *reports.Optimize,
	reqs []simrun.Requirement, sched *experiment.ScheduleResult, command string) error {
	if text != nil {
		name := "best.toml"
		if sched != nil {
			name = "static.toml"
			if err := create("best.toml", writeBytes(sched.Text)); err != nil {
				return err
			}
		}
		if err := create(name, writeBytes(text)); err != nil {
			return err
		}
	}
	sw := &reports.Sweep{Meta: o.Meta, Paths: o.Paths, Skipped: o.Skipped, Chosen: res.Best + 1}
	if strings.HasPrefix(o.Objective, "fleet") && !strings.Contains(o.Objective, "+") { // the fleets' frontier
		sw.Cost, sw.Latency = o.Objective, "fleet_total.placement_latency_seconds.p95"
	}
	for _, p := range o.Evaluated {
		sw.Points = append(sw.Points, reports.SweepPoint{Values: p.Values, Summary: p.Summary})
	}
	if err := judgeSweep(sw, reqs); err != nil {
		return err
	}
	page, ps, err := sweepPlotsPage(create, sw, command)
	if err != nil {
		return err
	}
	if o.Schedule != nil {
		if err := addSchedulePage(create, page, o.Schedule, ps); err != nil {
			return err
		}
	}
	return writeOutputs(create, output{"optimize.json", o.WriteJSON},
		output{"optimize.html", func(w io.Writer) error { return htmlreport.Write(w, page) }})
}

// bestTOML is the scenario's file text with its --set overrides and the
// plan's values written in, checked to resolve to the same scenario.
func bestTOML(sc *scenarios.Scenario, plan experiment.Point) ([]byte, error) {
	src := scenarios.DefaultTOML()
	if !strings.HasSuffix(sc.File(), "(embedded)") {
		data, err := os.ReadFile(sc.File())
		if err != nil {
			return nil, err
		}
		src = data
	}
	var paths, values []string
	for _, s := range sc.Overrides() {
		if p, v, ok := cutOverride(s); ok {
			paths, values = append(paths, p), append(values, v)
		}
	}
	for _, a := range plan {
		paths, values = append(paths, a.Path), append(values, a.Value)
	}
	text, err := scenarios.EditText(src, paths, values)
	if err != nil {
		return nil, err
	}
	want := sc.Clone()
	for _, a := range plan {
		if err := want.Set(a.Path, a.Value); err != nil {
			return nil, err
		}
	}
	got, err := scenarios.Parse("best.toml", text, nil)
	if err != nil || got.SHA256() != want.SHA256() {
		return nil, fmt.Errorf("optimize: best.toml does not resolve to the chosen plan (%v)", err)
	}
	return text, nil
}

// printOptimize prints the plan (or the closest one), the replications
// against the grid's, and the wall time.
func printOptimize(stdout io.Writer, res *experiment.OptimizeResult, o *reports.Optimize, dir string, wall time.Duration) error {
	if res.Best < 0 && o.Closest < 0 {
		return &infeasibleError{Msg: fmt.Sprintf("optimize: no plan in the ranges is feasible; every plan tried is invalid: %s: %s",
			res.Skipped[0].Point, res.Skipped[0].Invalid)}
	}
	if res.Best < 0 {
		c := res.Evaluated[o.Closest]
		return &infeasibleError{Msg: fmt.Sprintf("optimize: no plan in the ranges is feasible; the closest, %s, misses %s",
			c.Point, o.Misses)}
	}
	b := o.Evaluated[res.Best]
	fmt.Fprintf(stdout, "plan: %s\n", res.Evaluated[res.Best].Point)
	fmt.Fprintf(stdout, "%s: %.6g ± %.2g\n", o.Objective, float64(b.Objective), float64(b.ObjectiveCI))
	for _, a := range b.Requirements {
		fmt.Fprintf(stdout, "%s: mean %.4g, 95%% bound %.4g, confidence %.3f\n", a.Requirement, float64(a.Mean), float64(a.Bound), float64(a.Confidence))
	}
	if r := o.Reference; r != nil {
		fmt.Fprintf(stdout, "the scenario as given: %s %.6g (requirements: %s); the plan saves %.1f%%\n", o.Objective,
			float64(r.Objective), r.Status, 100*(1-float64(b.Objective)/float64(r.Objective)))
	}
	fmt.Fprintf(stdout, "%d plans evaluated, %d skipped as invalid, %d replications (the grid: %d plans)\n",
		len(res.Evaluated), len(res.Skipped), res.Replications, o.GridSize)
	if o.Schedule != nil {
		printSchedule(stdout, o.Schedule)
	}
	fmt.Fprintf(stdout, "%s; wrote %s\n", wall.Round(time.Millisecond), reports.TerminalSafe(dir))
	return nil
}

func cutOverride(s string) (string, string, bool) { return strings.Cut(s, "=") }
