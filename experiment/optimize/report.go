package optimize

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/simrun"
)

// runnersUp is how many runner-up plans optimize.json names.
const runnersUp = 3

// Report is optimize.json's content from the result res of the scenario
// sc of meta under reqs and objective: the guarantee, the plan chosen,
// the runner-up and the scenario as given on fresh replications, the
// verification rounds, the fragility table, the settings, and every plan
// the search evaluated (on its replications), the best, the runners-up
// by objective, and without a best the closest plan and the requirement
// it misses.
func Report(sc *scenarios.Scenario, meta reports.Meta, res *Result, reqs []simrun.Requirement, objective string, pass float64) *reports.Optimize {
	o := &reports.Optimize{Meta: meta, Objective: objective, Best: res.Best, Closest: -1, DemandScales: res.Scales,
		RecheckPass: reports.Number(pass), SearchReplications: res.SearchReplications, Replications: res.Replications,
		GridSize: 1, RunnersUp: []int{}, Skipped: []reports.SkippedPoint{}, Verification: []reports.OptimizeRound{}}
	for _, e := range res.Skipped {
		o.Skipped = append(o.Skipped, reports.SkippedPoint{Values: e.Point.Values(), Error: e.Invalid})
	}
	for _, v := range res.Vars {
		o.Paths = append(o.Paths, v.Paths()...)
		o.GridSize *= float64(v.Values())
	}
	for _, r := range reqs {
		o.Requirements = append(o.Requirements, r.String())
		o.QuotasHeld = o.QuotasHeld || r.String() == QuotaRequirement
	}
	o.Evaluated, o.RunnersUp, o.Closest, o.Misses = searched(res)
	for _, r := range res.Rounds {
		o.Verification = append(o.Verification, reports.OptimizeRound{Round: r.Number, Plan: r.Fresh.Plan.ID - 1,
			Values: values(res, r.Fresh.Plan), FirstReplication: r.First, Replications: r.Replications, Alpha: reports.Number(r.Alpha),
			Holds: r.Holds, RecheckPass: reports.Number(r.Fresh.Assessment.RecheckPass), Requirements: r.Fresh.Assessment.Requirements(),
			Tightened: r.Tightened})
	}
	if res.Chosen == nil {
		return o
	}
	o.Closest, o.Misses = -1, ""
	o.Chosen = fresh(res, res.Chosen, nil)
	o.Reference = fresh(res, res.GivenFresh, res.Chosen)
	if res.RunnerUp != nil {
		o.RunnerUp = fresh(res, res.RunnerUp, res.Chosen)
	}
	o.Fragility = res.Fragility
	o.Settings = settings(sc, res)
	o.Guarantee = Guarantee(res, reqs, pass)
	o.Recheck = RecheckCommand(res, reqs)
	o.QuotaBinds = reports.QuotaBindings(o)
	return o
}

// searched is the search's plans for optimize.json, the runners-up by
// objective, and the closest plan to feasible and what it misses.
func searched(res *Result) (pts []reports.OptimizePoint, runners []int, closest int, misses string) {
	best := math.Inf(-1)
	closest, runners = -1, []int{}
	var feasible []int
	for i, e := range res.Evaluated {
		est := sim.NewEstimate(e.Assessment.Objective)
		p := reports.OptimizePoint{Values: values(res, e), Given: e.Given, Replications: e.Block.Replications,
			Status: e.Assessment.Status.String(), Feasible: e.Feasible, Objective: reports.Number(est.Mean),
			ObjectiveCI: reports.Number(est.CI95), Summary: e.Assessment.Summary, Requirements: e.Assessment.Requirements()}
		worst, miss := math.Inf(1), ""
		for _, a := range p.Requirements {
			if c := nanLow(float64(a.Confidence)); c < worst {
				worst, miss = c, a.Requirement
			}
		}
		if worst > best {
			best, closest, misses = worst, i, miss
		}
		if e.Feasible && i != res.Best {
			feasible = append(feasible, i)
		}
		pts = append(pts, p)
	}
	slices.SortStableFunc(feasible, func(a, b int) int {
		return cmp.Compare(float64(pts[a].Objective), float64(pts[b].Objective))
	})
	return pts, append(runners, feasible[:min(len(feasible), runnersUp)]...), closest, misses
}

// values are a plan's values, one per path (the scenario's own for the
// scenario as given).
func values(res *Result, e *Evaluated) []string {
	if !e.Given {
		return e.Point.Values()
	}
	var out []string
	for i, v := range res.Vars {
		for range v.Paths() {
			out = append(out, strconv.Itoa(e.Plan[i]))
		}
	}
	return out
}

// fresh is a plan on fresh replications for optimize.json, with the
// chosen plan's saving against it (chosen nil: none).
func fresh(res *Result, f, chosen *Fresh) *reports.OptimizeFresh {
	est := sim.NewEstimate(f.Assessment.Objective)
	a := f.Assessment
	out := &reports.OptimizeFresh{Plan: f.Plan.ID - 1, Values: values(res, f.Plan), Replications: f.Block.Replications,
		FirstReplication: res.Rounds[len(res.Rounds)-1].First, Status: a.Status.String(), Holds: a.Status == simrun.Holds,
		Objective: reports.Number(est.Mean), ObjectiveCI: reports.Number(est.CI95), RecheckPass: reports.Number(a.RecheckPass),
		Requirements: a.Requirements(), Summary: a.Summary}
	for s := 1; s < len(a.Scales); s++ {
		out.Scales = append(out.Scales, reports.OptimizeScale{Scale: res.Scales[s], Requirements: a.Scales[s]})
	}
	if chosen != nil && chosen != f {
		d := saving(chosen, f)
		pct := math.NaN()
		if est.Mean != 0 {
			pct = 100 * d.Mean / est.Mean
		}
		out.Saving = &reports.OptimizeSaving{Mean: reports.Number(d.Mean), CI95: reports.Number(d.CI95), Percent: reports.Number(pct)}
	} else if chosen != nil {
		out.Saving = &reports.OptimizeSaving{}
	}
	return out
}

// settings are the decision variables with their value in the scenario as
// given and in the plan chosen.
func settings(sc *scenarios.Scenario, res *Result) []reports.OptimizeSetting {
	chosen := values(res, res.Chosen.Plan)
	var out []reports.OptimizeSetting
	k := 0
	for _, v := range res.Vars {
		for _, p := range v.Paths() {
			given, _ := sc.ValueText(p)
			out = append(out, reports.OptimizeSetting{Path: p, Label: Label(sc, p), Given: given, Chosen: chosen[k]})
			k++
		}
	}
	return out
}

// Label is a short name of a setting's path: "eu-central-1 maximum" for
// stream_group[0].location[0].maximum ("group/location maximum" with
// several stream groups), "fleet-a min_instances" for
// fleet[0].scaling.min_instances; the path itself otherwise.
func Label(sc *scenarios.Scenario, path string) string {
	if sc == nil {
		return path
	}
	var g, l, f int
	var rest string
	if n, _ := fmt.Sscanf(path, "stream_group[%d].location[%d].%s", &g, &l, &rest); n == 3 &&
		g < len(sc.StreamGroups) && l < len(sc.StreamGroups[g].Locations) {
		name := sc.StreamGroups[g].Locations[l].Name
		if len(sc.StreamGroups) > 1 {
			name = sc.StreamGroups[g].Name + "/" + name
		}
		return name + " " + rest
	}
	if n, _ := fmt.Sscanf(path, "fleet[%d].%s", &f, &rest); n == 2 && f < len(sc.Fleets) {
		return sc.Fleets[f].Name + " " + strings.TrimPrefix(rest, "scaling.")
	}
	return path
}

func nanLow(x float64) float64 {
	if math.IsNaN(x) {
		return -1
	}
	return x
}

// Frontier is the search's plans as a sweep, for optimize.html's figures:
// the plans evaluated (on the search's replications), the chosen one
// marked, judged under reqs, on the fleets' axes when the objective is
// the fleets' alone.
func Frontier(o *reports.Optimize, reqs []simrun.Requirement) (*reports.Sweep, error) {
	sw := &reports.Sweep{Meta: o.Meta, Paths: o.Paths, Skipped: o.Skipped, Chosen: o.Best + 1}
	if strings.HasPrefix(o.Objective, "fleet") && !strings.Contains(o.Objective, "+") { // the fleets' frontier
		sw.Cost, sw.Latency = o.Objective, "fleet_total.placement_latency_seconds.p95"
	} else if w := WaitMetric(reqs); w != "placement_latency_seconds.p95" {
		sw.Latency = "total." + w
	}
	for _, p := range o.Evaluated {
		sw.Points = append(sw.Points, reports.SweepPoint{Values: p.Values, Summary: p.Summary})
	}
	var plain []simrun.Requirement // the hours are not in a plan's summary when the search did not record them
	for _, r := range reqs {
		if !r.Hours() || len(o.Evaluated) > 0 && o.Evaluated[0].Summary != nil && len(o.Evaluated[0].Summary.Hours) > 0 {
			plain = append(plain, r)
		}
	}
	return sw, simrun.JudgeSweep(sw, plain)
}

// WaitMetric is the stream wait optimize's figures and fragility table
// show: the player's wait to first frame (p95) when a requirement limits
// it, the p95 placement latency otherwise.
func WaitMetric(reqs []simrun.Requirement) string {
	for _, r := range reqs {
		if !r.Metric.Canonical.Scope.Fleet() && strings.HasPrefix(r.Metric.Canonical.Metric, "time_to_first_frame_seconds.") {
			return "time_to_first_frame_seconds.p95"
		}
	}
	return "placement_latency_seconds.p95"
}
