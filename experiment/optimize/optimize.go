package optimize

import (
	"fmt"

	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
)

// MostReplications is the most replications a plan gets unless
// Options.MaxReplications says otherwise.
const MostReplications = 40

// Run looks for the plan of vars with the lowest objective mean among the
// plans that meet every requirement of reqs (simrun.Decide says Holds:
// each one-sided 95% bound meets its limit), under common random numbers (every
// plan's replication i sees the same demand). It exploits monotonicity:
// more capacity never raises the wait and raises the cost. From the
// variables' Start it gallops to a feasible plan, bisects each variable down
// to its smallest feasible value with the others fixed, then moves by
// coordinates (one variable a step up, another bisected down) while that
// lowers the objective by more than noise (paired differences). Plans get
// replications in blocks, more only where a decision is unsure.
func Run(base *scenarios.Scenario, vars []Var, reqs []simrun.Requirement, objective simrun.Objective, opt Options) (*Result, error) {
	return run(base, vars, standardJudge(reqs, objective), opt)
}

// standardJudge assesses a plan's block: simrun.Decide's status and
// assessments on its summary, and the objective's value per replication.
func standardJudge(reqs []simrun.Requirement, objective simrun.Objective) judge {
	return func(b *Block) (Assessment, error) {
		s, err := simrun.ScopesSummary(b.Meta, b.Scopes)
		if err != nil {
			return Assessment{}, fmt.Errorf("sweep: point %s: %w", b.Meta.ScenarioSHA256, err)
		}
		st, as, err := simrun.Decide(s, reqs)
		if err != nil {
			return Assessment{}, err
		}
		obj, err := objective.Series(b.Scopes)
		return Assessment{Status: st, Objective: obj, Summary: s, Requirements: as}, err
	}
}

// run is [Run] with the judge given.
func run(base *scenarios.Scenario, vars []Var, judge judge, opt Options) (*Result, error) {
	if opt.FirstReplications <= 0 {
		opt.FirstReplications = 10
	}
	if opt.AddReplications <= 0 {
		opt.AddReplications = 10
	}
	if opt.MaxReplications < opt.FirstReplications {
		opt.MaxReplications = max(MostReplications, opt.FirstReplications)
	}
	o := &optimizer{base: base, vars: vars, judge: judge, opt: opt, plans: map[string]*Evaluated{}}
	best, err := o.search()
	if err != nil {
		return nil, err
	}
	res := &Result{Vars: vars, Evaluated: o.order, Best: -1, Skipped: o.skipped}
	for i, e := range o.order {
		if best != nil && e == best {
			res.Best = i
		}
	}
	if best != nil {
		if res.Reference, err = o.reference(best.Block.Replications); err != nil {
			return nil, err
		}
	}
	res.Replications = o.reps
	return res, nil
}

// BestScenario is the scenario of the best plan (its values set), nil
// without one: the static plan an hourly schedule starts from.
func (r *Result) BestScenario() *scenarios.Scenario {
	if r.Best < 0 {
		return nil
	}
	return r.Evaluated[r.Best].st.prep.Scenario
}
