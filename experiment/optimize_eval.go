package experiment

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/capsim/capsim/sim"
)

// planState is a plan's prepared scenario and its replications so far.
type planState struct {
	prep   Prepared
	values [][][]float64 // [rep][scope][metric]
	scopes []Scope       // from replication 0, without values
}

// feasible decides x: its first block, then more while it is unsure, up to
// the most replications (still unsure then: not feasible).
func (o *optimizer) feasible(x []int) (bool, error) {
	e, err := o.decide(x)
	if err != nil {
		return false, err
	}
	return e.Feasible, nil
}

// decide returns plan x decided, evaluating it if new.
func (o *optimizer) decide(x []int) (*Evaluated, error) {
	if e, ok := o.plans[key(x)]; ok {
		return e, nil
	}
	var p Point
	plan := make([]int, len(o.vars))
	for i, v := range o.vars {
		plan[i] = v.value(x[i])
		for _, path := range v.Paths() {
			p = append(p, Assignment{Path: path, Value: strconv.Itoa(plan[i])})
		}
	}
	prep, bad := Prepare(o.base, []Point{p})
	if len(bad) > 0 { // invalid: skipped, infeasible
		e := &Evaluated{Plan: plan, Point: p, Invalid: bad[0].Err.Error()}
		o.plans[key(x)] = e
		o.skipped = append(o.skipped, e)
		o.report(e)
		return e, nil
	}
	e := &Evaluated{Plan: plan, Point: p, st: &planState{prep: prep[0]}}
	n := o.opt.FirstReplications
	for {
		if err := o.extend(e, n); err != nil {
			return nil, err
		}
		if e.Assessment.Status != Unsure || n >= o.opt.MaxReplications {
			break
		}
		n = min(n+o.opt.AddReplications, o.opt.MaxReplications)
	}
	o.plans[key(x)] = e
	o.order = append(o.order, e)
	o.report(e)
	return e, nil
}

// report tells the Evaluated hook of e's decision and the best plan so
// far, remembering which plan it showed as best.
func (o *optimizer) report(e *Evaluated) {
	best := o.incumbent()
	if o.opt.Evaluated != nil {
		o.opt.Evaluated(e, best)
	}
	o.shown = best
}

// incumbent is the best plan decided so far by beats, nil if none is
// feasible. It is derived, not kept: more replications (extend) can turn
// a feasible plan infeasible or reorder the means.
func (o *optimizer) incumbent() *Evaluated {
	var best *Evaluated
	for _, e := range o.order {
		if beats(e, best) {
			best = e
		}
	}
	return best
}

// reference evaluates the scenario as given (no plan's values set) over
// n replications, for comparison; its replications count as simulated.
func (o *optimizer) reference(n int) (*Evaluated, error) {
	prep, bad := Prepare(o.base, []Point{{}})
	if len(bad) > 0 {
		return nil, fmt.Errorf("experiment: optimize: the scenario as given: %w", bad[0].Err)
	}
	e := &Evaluated{Point: Point{}, st: &planState{prep: prep[0]}}
	return e, o.extend(e, n)
}

// extend runs e's replications up to n (in parallel, stored by index) and
// assesses it again.
func (o *optimizer) extend(e *Evaluated, n int) error {
	st := e.st
	from := len(st.values)
	if n <= from {
		return nil
	}
	st.values = append(st.values, make([][][]float64, n-from)...)
	var scopes []Scope
	_, err := sim.Replicate(n-from, sim.ReplicateOptions{Workers: o.opt.Workers}, func(i int) (struct{}, error) {
		vals, sc, err := o.replication(&st.prep, from+i, from+i == 0)
		st.values[from+i] = vals
		if from+i == 0 {
			scopes = sc
		}
		return struct{}{}, err
	})
	if err != nil {
		return err
	}
	if from == 0 {
		st.scopes = scopes
	}
	o.reps += n - from
	e.Block = st.block(o.opt.Version)
	if err := fill(e.Block.Scopes, st.values); err != nil {
		return err
	}
	a, err := o.judge(e.Block)
	if err != nil {
		return err
	}
	e.Assessment, e.Feasible = a, a.Status == Holds
	return nil
}

// replication runs replication rep of a prepared plan and returns every
// scope's metric values and, if withScopes (the first replication's
// scopes describe them all), the scopes.
func (o *optimizer) replication(p *Prepared, rep int, withScopes bool) (vals [][]float64, scopes []Scope, err error) {
	if o.opt.Recover != nil {
		defer func() {
			if v := recover(); v != nil {
				err = o.opt.Recover(v)
			}
		}()
	}
	sr, fr, err := p.simulate(rep)
	if err != nil {
		return nil, nil, err
	}
	if withScopes {
		scopes = scopesOf(sr, fr)
	}
	s := p.Scenario.Simulation
	return evalReplication(sr, fr, (s.Horizon - s.Warmup).Seconds()), scopes, nil
}

// block is the plan's block over its replications so far, values unset.
func (st *planState) block(version string) *Block {
	p := &st.prep
	s := p.Scenario.Simulation
	n := len(st.values)
	scopes := slices.Clone(st.scopes)
	for i := range scopes {
		scopes[i].Metrics = slices.Clone(scopes[i].Metrics)
	}
	return &Block{Format: blockFormat, CapsimVersion: version, Scenario: p.Scenario.Name, PointSHA256: p.Hash,
		Seed: s.Seed, Replications: n, From: 0, To: n, HorizonSeconds: s.Horizon.Seconds(),
		WarmupSeconds: s.Warmup.Seconds(), Point: p.Point, Scopes: scopes}
}

// beats reports whether plan e displaces the incumbent inc as the best
// plan: e is feasible and its objective mean (over the replications that
// define it, as reported) is lower than inc's; any
// feasible plan beats no incumbent (nil). The one rule the search, the
// settling and every decision choose the best plan by.
func beats(e, inc *Evaluated) bool {
	return e.Feasible && (inc == nil ||
		sim.NewEstimate(e.Assessment.Objective).Mean < sim.NewEstimate(inc.Assessment.Objective).Mean)
}
