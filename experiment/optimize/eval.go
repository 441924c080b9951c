package optimize

import (
	"fmt"
	"strconv"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/simrun"
)

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
	var p design.Point
	plan := make([]int, len(o.vars))
	for i, v := range o.vars {
		plan[i] = v.value(x[i])
		for _, path := range v.Paths() {
			p = append(p, design.Assignment{Path: path, Value: strconv.Itoa(plan[i])})
		}
	}
	prep, bad := design.Prepare(o.base, []design.Point{p})
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
		if e.Assessment.Status != simrun.Unsure || n >= o.opt.MaxReplications {
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
	prep, bad := design.Prepare(o.base, []design.Point{{}})
	if len(bad) > 0 {
		return nil, fmt.Errorf("experiment: optimize: the scenario as given: %w", bad[0].Err)
	}
	e := &Evaluated{Point: design.Point{}, st: &planState{prep: prep[0]}}
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
	if err := o.budget(st, n-from); err != nil {
		return err
	}
	st.values = append(st.values, make([][][]float64, n-from)...)
	var scopes []simrun.Scope
	_, err := simrun.Replicate(n-from, simrun.Options{Workers: o.opt.Workers}, func(i int) (struct{}, error) {
		x, err := st.prep.Run(from+i, simrun.RepOptions{})
		if err != nil {
			return struct{}{}, err
		}
		st.values[from+i] = x.Values(st.prep.MeasuredSeconds())
		if from+i == 0 {
			scopes = x.Scopes()
		}
		return struct{}{}, nil
	})
	if err != nil {
		return err
	}
	if from == 0 {
		st.scopes = scopes
	}
	o.reps += n - from
	e.Block = st.block(o.opt.Version)
	if err := simrun.Fill(e.Block.Scopes, st.values); err != nil {
		return err
	}
	a, err := o.judge(e.Block)
	if err != nil {
		return err
	}
	e.Assessment, e.Feasible = a, a.Status == simrun.Holds
	return nil
}

// budget counts k more replications of st against Options.MaxRequests,
// or refuses them.
func (o *optimizer) budget(st *planState, k int) error {
	w := st.prep.ExpectedRequests() * float64(k)
	if o.opt.MaxRequests > 0 && o.work+w > float64(o.opt.MaxRequests) {
		return design.TooMuchWork(fmt.Sprintf("experiment: optimize: after %d replications (about %.3g requests) the search would simulate about %.3g requests in all, "+
			"beyond simulation.max_total_requests = %d; narrow the --vary ranges, or raise simulation.max_total_requests",
			o.reps, o.work, o.work+w, o.opt.MaxRequests))
	}
	o.work += w
	return nil
}
