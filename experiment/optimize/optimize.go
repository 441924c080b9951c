package optimize

import (
	"fmt"
	"slices"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
)

// MostReplications is the least of the most replications a plan gets in
// the search unless Options.MaxReplications says otherwise (40; a plan of
// a small scenario may get up to 160, maxReplications).
const MostReplications = 40

// Run looks for the plan of vars with the lowest objective mean among the
// plans that meet every requirement of reqs at every demand scale of
// opt.Scales (each one-sided 95% bound meets its limit, and with
// opt.RecheckPass the plan's re-check passes that often), under common
// random numbers (every plan's replication i sees the same demand), then
// verifies the plan chosen on fresh replications ([Round]).
//
// The search exploits monotonicity: capacity helps some requirements
// (a wait, a failure ratio) and the objective moves one way with it
// ([Orient]; a requirement it hurts, a cost cap or a minimum utilisation,
// is checked on every plan). From the variables' Start it gallops to a
// plan the helped requirements hold at, lowers each variable to its
// smallest such value (cost-bearing ones first; a ceiling by a jump to
// just above its observed peak), then moves by coordinates (one variable
// a step up, another lowered) while that lowers the objective by more
// than noise (paired differences); bisections stop where the objective no
// longer changes beyond noise. The scenario as given is a candidate, kept
// unless a plan is clearly cheaper. Plans get 3 replications, twice as
// many while a decision about them is unsure (at most 40); independent
// plans (a round's moves) are decided together, in parallel, with the
// same results whatever the number of workers.
func Run(base *scenarios.Scenario, vars []Var, reqs []simrun.Requirement, objective simrun.Objective, opt Options) (*Result, error) {
	dir, walk, err := Orient(objective, reqs)
	if err != nil {
		return nil, err
	}
	rs := &rules{reqs: slices.Clone(reqs), walk: walk, objective: objective, recheck: opt.RecheckPass,
		minK: base.Simulation.Replications}
	o, err := newOptimizer(base, orient(vars, dir), rs.judge, opt)
	if err != nil {
		return nil, err
	}
	o.dir, o.hours = dir, simrun.NeedsHours(reqs)
	res, err := o.run()
	if err != nil {
		return nil, err
	}
	res.Vars, res.Direction = vars, dir
	if res.Chosen == nil && res.Best < 0 {
		return res, nil
	}
	return res, o.verify(res, rs)
}

// runSearch is the search alone, judged by judge, unverified (for tests
// of the search).
func runSearch(base *scenarios.Scenario, vars []Var, judge judge, opt Options) (*Result, error) {
	o, err := newOptimizer(base, vars, judge, opt)
	if err != nil {
		return nil, err
	}
	return o.run()
}

// run is the search alone, judged by o.judge: the plans, the best (not
// yet verified) and the scenario as given.
func (o *optimizer) run() (*Result, error) {
	if _, err := o.givenPlan(); err != nil {
		return nil, err
	}
	best, err := o.search()
	if err != nil {
		return nil, err
	}
	res := &Result{Vars: o.vars, Evaluated: o.order, Best: -1, Skipped: o.skipped, Given: o.given, Scales: o.scales}
	for i, e := range o.order {
		if best != nil && e == best {
			res.Best = i
		}
	}
	res.SearchReplications, res.Replications = o.reps, o.reps
	return res, nil
}

// newOptimizer checks opt and sets its defaults.
func newOptimizer(base *scenarios.Scenario, vars []Var, judge judge, opt Options) (*optimizer, error) {
	if opt.FirstReplications <= 0 {
		opt.FirstReplications = 3
	}
	if opt.MaxReplications < opt.FirstReplications {
		opt.MaxReplications = max(maxReplications(base), opt.FirstReplications)
	}
	scales := []float64{1}
	for _, f := range opt.Scales {
		if !(f > 0 && f <= simrun.MaxDemandScale) {
			return nil, fmt.Errorf("experiment: optimize: %w: demand scale %g: want a factor above 0 and at most %d", design.ErrDesign, f, simrun.MaxDemandScale)
		}
		if !slices.Contains(scales, f) {
			scales = append(scales, f)
		}
	}
	slices.Sort(scales[1:])
	return &optimizer{base: base, vars: vars, judge: judge, opt: opt, plans: map[string]*Evaluated{}, scales: scales,
		locs: streamLocations(base)}, nil
}

// The most replications a plan gets in the search: as many as
// planSessions simulated requests allow, from 40 to 160. A plan near a
// limit needs many to be told holding (the search asks that the
// verification pass it, AheadPass), and cheap ones can have them; a
// large scenario's replications vary little and cost much.
const (
	planSessions       = 20e6
	minMax, maxMax int = MostReplications, 160
)

// maxReplications is the most replications a plan of sc gets in the
// search.
func maxReplications(sc *scenarios.Scenario) int {
	r, err := simrun.Resolve(sc, simrun.Metrics)
	if err != nil {
		return minMax
	}
	n := r.Streams.ExpectedRequests()
	if r.Fleets != nil {
		n += r.Fleets.ExpectedRequests()
	}
	if n <= 0 {
		return maxMax
	}
	return min(max(int(planSessions/n), minMax), maxMax)
}

// orient is vars as the search walks them: as given for a direction of
// +1, each range reversed (its grid run from the top) for −1.
func orient(vars []Var, dir Direction) []Var {
	if dir >= 0 {
		return vars
	}
	out := slices.Clone(vars)
	for i, v := range out {
		top := v.value(v.Values() - 1)
		out[i].Lo, out[i].Hi, out[i].Step = top, v.Lo, -v.Step
	}
	return out
}

// streamLocations maps each stream location's path prefix
// ("stream_group[0].location[1]") to its index among the results'
// locations (groups, then locations, in order).
func streamLocations(sc *scenarios.Scenario) map[string]int {
	out := map[string]int{}
	for g, grp := range sc.StreamGroups {
		for l := range grp.Locations {
			out[fmt.Sprintf("stream_group[%d].location[%d]", g, l)] = len(out)
		}
	}
	return out
}

// streamLocation is the results' index of the stream location a
// variable's path sets a field of.
func (o *optimizer) streamLocation(path string) (int, bool) {
	for p := path; p != ""; {
		if i, ok := o.locs[p]; ok {
			return i, true
		}
		k := len(p) - 1
		for k >= 0 && p[k] != '.' {
			k--
		}
		if k < 0 {
			break
		}
		p = p[:k]
	}
	return 0, false
}

// BestScenario is the scenario of the chosen plan (its values set), nil
// without one: the static plan an hourly schedule starts from.
func (r *Result) BestScenario() *scenarios.Scenario {
	if r.Best < 0 {
		return nil
	}
	return r.Evaluated[r.Best].st.runs[0].Scenario
}
