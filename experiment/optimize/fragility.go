package optimize

import (
	"fmt"
	"slices"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/simrun"
)

// FragilityScales are the demand scales of the fragility table, besides
// those the requirements are held to.
var FragilityScales = []float64{0.5, 1, 1.5, 2}

// fragilityReps is the most replications of a fragility cell at a scale
// the verification did not run (those it ran have all of its own).
const fragilityReps = 10

// fragility is the table of the chosen plan and the scenario as given at
// FragilityScales and the requirements' scales, on the last round's
// replications: all of them at the scales the verification ran, up to
// fragilityReps at the others.
func (o *optimizer) fragility(res *Result, last *Round, vr *rules) ([]reports.OptimizeFragile, error) {
	scales := slices.Clone(FragilityScales)
	for _, f := range o.scales {
		if !slices.Contains(scales, f) {
			scales = append(scales, f)
		}
	}
	slices.Sort(scales)
	plain := &rules{reqs: vr.reqs, walk: vr.walk, objective: vr.objective}
	var out []reports.OptimizeFragile
	for _, f := range scales {
		row := reports.OptimizeFragile{Scale: f}
		for k, fr := range []*Fresh{res.Chosen, res.GivenFresh} {
			cell, err := o.fragileCell(fr, f, last, plain)
			if err != nil {
				return nil, err
			}
			if k == 0 {
				row.Chosen = cell
			} else {
				row.Given = cell
			}
		}
		out = append(out, row)
	}
	return out, nil
}

// fragileCell is fr's plan at demand scale f.
func (o *optimizer) fragileCell(fr *Fresh, f float64, last *Round, plain *rules) (reports.FragileCell, error) {
	if i := slices.Index(o.scales, f); i >= 0 {
		return o.cell(fr.Block.Meta, fr.Block.Scaled[i], fr.Block.Replications, plain)
	}
	r, err := fr.Plan.st.runs[0].ScaleDemand(f)
	if err != nil {
		return reports.FragileCell{}, err
	}
	st := &planState{point: fr.Plan.st.point, hash: fr.Plan.st.hash, runs: []*simrun.Resolved{r}, first: last.First,
		values: make([][][][]float64, 1)}
	n := min(last.Replications, fragilityReps)
	before := o.reps
	if err := o.grow([]*planState{st}, []int{n}); err != nil {
		return reports.FragileCell{}, err
	}
	o.freshReps += o.reps - before
	scopes := slices.Clone(st.scopes)
	if err := simrun.Fill(scopes, st.values[0]); err != nil {
		return reports.FragileCell{}, err
	}
	return o.cell(fr.Block.Meta, scopes, n, plain)
}

// cell reads a fragility cell from a plan's scopes over n replications:
// the stream groups' totals (the fleets' in a scenario without stream
// locations), the cost of both, and whether every requirement holds.
func (o *optimizer) cell(meta reports.Meta, scopes []simrun.Scope, n int, plain *rules) (reports.FragileCell, error) {
	s, err := simrun.ScopesSummary(meta, scopes)
	if err != nil {
		return reports.FragileCell{}, err
	}
	total, fail, wait := "total", "placement_failure_ratio", WaitMetric(plain.reqs)
	if len(s.Locations) == 0 && s.FleetTotal != nil {
		total, fail, wait = "fleet_total", "timed_out_ratio", "placement_latency_seconds.p95"
	}
	c := reports.FragileCell{Replications: n}
	for _, m := range []struct {
		name string
		to   *sim.Estimate
	}{{fail, &c.FailureRatio}, {wait, &c.P95Seconds}} {
		xs, ok := simrun.Find(scopes, total, m.name)
		if !ok {
			return reports.FragileCell{}, fmt.Errorf("experiment: optimize: no %s.%s", total, m.name)
		}
		*m.to = sim.NewEstimate(xs)
	}
	cost := make([]float64, n)
	for _, scope := range []string{"total", "fleet_total"} {
		if xs, ok := simrun.Find(scopes, scope, "cost_usd"); ok && (scope == "fleet_total" || len(s.Locations) > 0) {
			for k := range cost {
				cost[k] += xs[k]
			}
		}
	}
	c.CostUSD = sim.NewEstimate(cost)
	v, err := simrun.Criterion{}.Verdict(s, plain.reqs)
	c.Meets = err == nil && v.Status == simrun.Holds
	for _, a := range v.Requirements {
		if !a.Holds {
			miss := a.Requirement
			if a.Scope != "" {
				miss += " at " + a.Scope
			}
			c.Misses = append(c.Misses, miss)
		}
	}
	return c, err
}
