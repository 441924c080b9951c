package optimize

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/simrun"
)

// runnersUp is how many runner-up plans optimize.json names.
const runnersUp = 3

// Report is optimize.json's content from the search res of the scenario
// of meta under reqs and objective: every plan with its summary and each
// requirement's assessment (as the judge decided them), the best, the
// runners-up by objective, and without a best the closest plan and the
// requirement it misses.
func Report(meta reports.Meta, res *Result, reqs []simrun.Requirement, objective string) *reports.Optimize {
	o := &reports.Optimize{Meta: meta, Objective: objective, Best: res.Best, Closest: -1,
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
		est := sim.NewEstimate(e.Assessment.Objective)
		p := reports.OptimizePoint{Values: e.Point.Values(), Replications: e.Block.Replications, Status: e.Assessment.Status.String(),
			Feasible: e.Feasible, Objective: reports.Number(est.Mean), ObjectiveCI: reports.Number(est.CI95),
			Summary: e.Assessment.Summary, Requirements: e.Assessment.Requirements}
		worst, miss := math.Inf(1), ""
		for _, a := range p.Requirements {
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
	return o
}

func nanLow(x float64) float64 {
	if math.IsNaN(x) {
		return -1
	}
	return x
}

// Frontier is the search's plans as a sweep, for optimize.html's figures:
// the plans evaluated, the chosen one marked, judged under reqs, on the
// fleets' axes when the objective is the fleets' alone.
func Frontier(o *reports.Optimize, reqs []simrun.Requirement) (*reports.Sweep, error) {
	sw := &reports.Sweep{Meta: o.Meta, Paths: o.Paths, Skipped: o.Skipped, Chosen: o.Best + 1}
	if strings.HasPrefix(o.Objective, "fleet") && !strings.Contains(o.Objective, "+") { // the fleets' frontier
		sw.Cost, sw.Latency = o.Objective, "fleet_total.placement_latency_seconds.p95"
	}
	for _, p := range o.Evaluated {
		sw.Points = append(sw.Points, reports.SweepPoint{Values: p.Values, Summary: p.Summary})
	}
	return sw, simrun.JudgeSweep(sw, reqs)
}
