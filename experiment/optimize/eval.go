package optimize

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/simrun"
)

// planState is a plan's resolved scenario at each demand scale and its
// replications so far, from replication first on.
type planState struct {
	point  design.Point
	hash   string
	runs   []*simrun.Resolved // by scale, the optimizer's order
	first  int                // the index of its first replication
	values [][][][]float64    // [scale][rep][scope][metric]
	scopes []simrun.Scope     // from replication 0 at scale 1, without values
	peak   []int64            // per stream location, the most slots allocated in a replication (scale 1)
}

// prepare resolves point p on the base scenario at every scale, its
// replications from first on; a plan the scenario rejects is an error.
func (o *optimizer) prepare(p design.Point, first int) (*planState, error) {
	r, err := design.Apply(o.base, p, simrun.Metrics)
	if err != nil {
		return nil, err
	}
	if o.hours {
		r = r.RecordHours()
	}
	st := &planState{point: p, hash: r.Hash, first: first, runs: []*simrun.Resolved{r}}
	for _, f := range o.scales[1:] {
		x, err := r.ScaleDemand(f)
		if err != nil {
			return nil, err
		}
		st.runs = append(st.runs, x)
	}
	st.values = make([][][][]float64, len(o.scales))
	return st, nil
}

// fresh is a copy of st with no replications, from replication first on.
func (st *planState) fresh(first int) *planState {
	return &planState{point: st.point, hash: st.hash, runs: st.runs, first: first, values: make([][][][]float64, len(st.runs))}
}

// reps is the replications st has.
func (st *planState) reps() int { return len(st.values[0]) }

// ranReplication, if set (by tests), is told the index of every
// replication run, from any worker.
var ranReplication func(index int)

// job is one replication of one plan at one scale.
type job struct {
	st         *planState
	scale, rep int
}

// repOut is what a job measured.
type repOut struct {
	values [][]float64
	scopes []simrun.Scope
	peak   []int64
}

// grow runs, in one parallel batch, the replications that bring each
// plan's state to want[i] replications (at every scale), and stores them
// by index: the results do not depend on the workers or the batch.
func (o *optimizer) grow(sts []*planState, want []int) error {
	var jobs []job
	grown := map[*planState]int{} // a plan listed twice grows once, to the most asked
	for i, st := range sts {
		grown[st] = max(grown[st], want[i])
	}
	for i, st := range sts {
		if grown[st] != want[i] {
			continue
		}
		grown[st] = -1
		for s := range st.values {
			for k := st.reps(); k < want[i]; k++ {
				jobs = append(jobs, job{st, s, k})
			}
		}
	}
	if err := o.budget(jobs); err != nil { // before any state grows
		return err
	}
	for _, j := range jobs {
		for len(j.st.values[j.scale]) <= j.rep {
			j.st.values[j.scale] = append(j.st.values[j.scale], nil)
		}
	}
	outs, err := simrun.Replicate(len(jobs), simrun.Options{Workers: o.opt.Workers}, func(i int) (repOut, error) {
		j := jobs[i]
		if ranReplication != nil {
			ranReplication(j.st.first + j.rep)
		}
		x, err := j.st.runs[j.scale].Run(j.st.first+j.rep, simrun.RepOptions{})
		if err != nil {
			return repOut{}, err
		}
		out := repOut{values: x.Values(j.st.runs[j.scale].MeasuredSeconds())}
		if j.scale == 0 {
			for _, l := range x.Streams.Locations {
				out.peak = append(out.peak, l.MaxAllocated)
			}
			if j.rep == 0 {
				out.scopes = x.Scopes()
			}
		}
		return out, nil
	})
	if err != nil {
		return err
	}
	for i, j := range jobs {
		j.st.values[j.scale][j.rep] = outs[i].values
		if outs[i].scopes != nil {
			j.st.scopes = outs[i].scopes
		}
		for l, p := range outs[i].peak {
			if l >= len(j.st.peak) {
				j.st.peak = append(j.st.peak, 0)
			}
			j.st.peak[l] = max(j.st.peak[l], p)
		}
	}
	o.reps += len(jobs)
	return nil
}

// block is the plan's block over its replications so far.
func (o *optimizer) block(st *planState) (*Block, error) {
	b := &Block{Point: st.point, Replications: st.reps(), Scales: o.scales}
	for s := range st.values {
		scopes := slices.Clone(st.scopes)
		for i := range scopes {
			scopes[i].Metrics = slices.Clone(scopes[i].Metrics)
		}
		if err := simrun.Fill(scopes, st.values[s]); err != nil {
			return nil, err
		}
		b.Scaled = append(b.Scaled, scopes)
	}
	b.Scopes = b.Scaled[0]
	sim := o.base.Simulation
	b.Meta = reports.Meta{Scenario: o.base.Name, ScenarioSHA256: st.hash, Seed: sim.Seed, Replications: b.Replications,
		HorizonSeconds: sim.Horizon.Seconds(), WarmupSeconds: sim.Warmup.Seconds(), CapsimVersion: o.opt.Version}
	return b, nil
}

// assess judges e on its replications so far.
func (o *optimizer) assess(e *Evaluated) error {
	b, err := o.block(e.st)
	if err != nil {
		return err
	}
	a, err := o.judge(b)
	if err != nil {
		return err
	}
	e.Block, e.Assessment, e.Feasible = b, a, a.Status == simrun.Holds
	return nil
}

// extend brings the plans es to n replications each (one parallel batch)
// and assesses them again.
func (o *optimizer) extend(es []*Evaluated, n int) error {
	var sts []*planState
	var want []int
	for _, e := range es {
		if e.st.reps() < n {
			sts, want = append(sts, e.st), append(want, n)
		}
	}
	if len(sts) == 0 {
		return nil
	}
	if err := o.grow(sts, want); err != nil {
		return err
	}
	for _, e := range es {
		if err := o.assess(e); err != nil {
			return err
		}
	}
	return nil
}

// settleReps extends the plans es while a decision about one is unsure:
// its replications doubled (at most MaxReplications), the unsure plans
// together.
func (o *optimizer) settleReps(es []*Evaluated) error {
	for {
		var unsure []*Evaluated
		n := o.opt.MaxReplications
		for _, e := range es {
			if e.st.reps() >= o.opt.MaxReplications || e.Assessment.Status != simrun.Unsure && e.Assessment.walk() != simrun.Unsure {
				continue
			}
			if o.outclassed(e) || e.st.reps() >= minMax && !o.promising(e) {
				continue // its verdict cannot change the choice (enough)
			}
			if futile, err := o.futile(e); err != nil {
				return err
			} else if !futile {
				unsure = append(unsure, e)
				n = min(n, 2*e.st.reps())
			}
		}
		if len(unsure) == 0 {
			return nil
		}
		if err := o.extend(unsure, min(n, o.opt.MaxReplications)); err != nil {
			return err
		}
	}
}

// outclassed reports whether plan e's objective is clearly above the
// best feasible plan's (beyond noise and FlatTolerance, paired on the
// replications both have): whether e holds cannot change which plan is
// best, so an unsure e gets no more replications (more are added only
// where a bound straddles a limit and the costs are within noise).
func (o *optimizer) outclassed(e *Evaluated) bool {
	inc := o.incumbent()
	if inc == nil || inc == e {
		return false
	}
	n := min(len(e.Assessment.Objective), len(inc.Assessment.Objective))
	d := simrun.PairedDifference(e.Assessment.Objective[:n], inc.Assessment.Objective[:n])
	if d.N < n || d.N < 2 {
		return false
	}
	return d.Mean-sim.OneSided95(d.CI95, d.N) > FlatTolerance*math.Abs(inc.Mean())
}

// promising reports whether plan e's objective is clearly below the best
// feasible plan's by more than FlatTolerance (paired): deciding whether
// it holds could improve the answer by more than the tolerance. Past
// minMax replications, only such plans get more.
func (o *optimizer) promising(e *Evaluated) bool {
	inc := o.incumbent()
	if inc == nil || inc == e {
		return inc == nil
	}
	n := min(len(e.Assessment.Objective), len(inc.Assessment.Objective))
	d := simrun.PairedDifference(inc.Assessment.Objective[:n], e.Assessment.Objective[:n])
	if d.N < n || d.N < 2 {
		return false
	}
	return d.Mean-sim.OneSided95(d.CI95, d.N) > FlatTolerance*math.Abs(inc.Mean())
}

// futileFrom is the replications from which a plan is projected: fewer
// give too loose an estimate of its spread.
const futileFrom = 12

// futile reports whether more replications cannot make plan e hold: its
// replications repeated up to the most it may get (the same means and
// spreads over MaxReplications) would still not hold, by every
// requirement nor by those the search walks by. A plan whose mean sits
// at or past a limit, or whose replications vary too much for the most
// it may get, is then left unsure (infeasible) rather than run to the
// most replications for nothing.
func (o *optimizer) futile(e *Evaluated) (bool, error) {
	n := e.st.reps()
	if n < futileFrom {
		return false, nil
	}
	tiled := &planState{point: e.st.point, hash: e.st.hash, scopes: e.st.scopes, values: make([][][][]float64, len(e.st.values))}
	for s, vs := range e.st.values {
		for k := range o.opt.MaxReplications {
			tiled.values[s] = append(tiled.values[s], vs[k%n])
		}
	}
	b, err := o.block(tiled)
	if err != nil {
		return false, err
	}
	a, err := o.judge(b)
	if err != nil {
		return false, err
	}
	return a.Status != simrun.Holds && a.walk() != simrun.Holds, nil
}

// point is the point of grid indices x.
func (o *optimizer) point(x []int) ([]int, design.Point) {
	var p design.Point
	plan := make([]int, len(o.vars))
	for i, v := range o.vars {
		plan[i] = v.value(x[i])
		for _, path := range v.Paths() {
			p = append(p, design.Assignment{Path: path, Value: strconv.Itoa(plan[i])})
		}
	}
	return plan, p
}

// decideAll decides the plans xs (grid indices), those not yet decided
// together: their first blocks in one parallel batch, then more where
// unsure. New plans are recorded, and reported, in the order of xs.
func (o *optimizer) decideAll(xs [][]int) ([]*Evaluated, error) {
	out := make([]*Evaluated, len(xs))
	var fresh, cached []*Evaluated
	for i, x := range xs {
		if e, ok := o.plans[key(x)]; ok {
			out[i] = e
			if e.Invalid == "" && !slices.Contains(cached, e) {
				cached = append(cached, e) // unsure after the rules tightened: more replications
			}
			continue
		}
		plan, p := o.point(x)
		e := &Evaluated{Plan: plan, Point: p}
		o.plans[key(x)] = e
		out[i] = e
		st, err := o.prepare(p, 0)
		if err != nil { // invalid: skipped, infeasible
			e.Invalid = err.Error()
			o.skipped = append(o.skipped, e)
			continue
		}
		e.st = st
		fresh = append(fresh, e)
	}
	if err := o.firstBlocks(fresh); err != nil {
		return nil, err
	}
	if err := o.settleReps(cached); err != nil {
		return nil, err
	}
	for _, e := range out {
		if e.Invalid != "" && e.ID == 0 {
			e.ID = -1
			o.report(e)
		}
	}
	for _, e := range fresh {
		o.record(e)
	}
	return out, nil
}

// firstBlocks gives the new plans es their first blocks (one batch),
// then more where unsure.
func (o *optimizer) firstBlocks(es []*Evaluated) error {
	if len(es) == 0 {
		return nil
	}
	if err := o.extend(es, o.opt.FirstReplications); err != nil {
		return err
	}
	return o.settleReps(es)
}

// record adds a newly decided plan to the order, with its id, and reports
// it.
func (o *optimizer) record(e *Evaluated) {
	o.order = append(o.order, e)
	e.ID = len(o.order)
	o.report(e)
}

// decide is [optimizer.decideAll] of one plan.
func (o *optimizer) decide(x []int) (*Evaluated, error) {
	es, err := o.decideAll([][]int{x})
	if err != nil {
		return nil, err
	}
	return es[0], nil
}

// feasible decides x and reports whether it holds by the requirements the
// search walks by.
func (o *optimizer) feasible(x []int) (bool, error) {
	e, err := o.decide(x)
	if err != nil {
		return false, err
	}
	return e.Invalid == "" && e.Assessment.walk() == simrun.Holds, nil
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

// givenPlan decides the scenario as given, on the search's replications:
// a candidate like any plan (nil if the scenario itself is invalid,
// which resolving it before the search rules out).
func (o *optimizer) givenPlan() (*Evaluated, error) {
	st, err := o.prepare(design.Point{}, 0)
	if err != nil {
		return nil, fmt.Errorf("experiment: optimize: the scenario as given: %w", err)
	}
	e := &Evaluated{Point: design.Point{}, Given: true, st: st, Plan: make([]int, len(o.vars))}
	for i, v := range o.vars {
		if s, ok := o.base.ValueText(v.Path); ok {
			e.Plan[i], _ = strconv.Atoi(s)
		}
	}
	if err := o.firstBlocks([]*Evaluated{e}); err != nil {
		return nil, err
	}
	o.given = e
	o.record(e)
	return e, nil
}
