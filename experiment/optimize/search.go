package optimize

import (
	"math"
	"slices"
	"strings"

	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/simrun"
)

// maxMoves bounds the local search's rounds.
const maxMoves = 50

// allPairsVars is the most variables for which every coordinate move (one
// variable up, any other down) is tried; with more, a move pairs
// variables of one location, or of one kind across locations.
const allPairsVars = 6

// searchRounds bounds the local searches one search runs: another
// starts where the last ended when confirming its best plan on more
// replications failed it and left no plan holding.
const searchRounds = 4

// search returns the best feasible plan found, nil if none is: from the
// variables' starts it gallops to a plan the walked requirements hold at,
// lowers each variable (cost-bearing ones first) to its smallest such
// value, moves by coordinates while that is clearly cheaper, and settles
// the best by the objective, confirmed on more replications; the scenario
// as given is a candidate too.
func (o *optimizer) search() (*Evaluated, error) {
	x := make([]int, len(o.vars))
	for i, v := range o.vars {
		x[i] = v.index(v.Start)
	}
	var best *Evaluated
	for range searchRounds {
		cur, err := o.local(x)
		if err != nil {
			return nil, err
		}
		if best, err = o.confirmed(); err != nil {
			return nil, err
		}
		if best != nil || cur == nil {
			break
		}
		x = o.indices(cur) // it held on a few replications and not on more: on from there
	}
	best, err := o.preferGiven(best)
	if err == nil && best != nil && best != o.shown { // the choice changed: shown again, decided
		o.report(best)
	}
	return best, err
}

// local is one local search from x: the plan it ends at, nil if the
// walked requirements hold nowhere on the way up.
func (o *optimizer) local(x []int) (*Evaluated, error) {
	x, ok, err := o.reachFeasible(x)
	if err != nil || !ok {
		return nil, err
	}
	for _, i := range o.lowerOrder() {
		if x, err = o.minimize(i, x, true); err != nil {
			return nil, err
		}
	}
	cur, err := o.decide(x)
	if err != nil {
		return nil, err
	}
	for range maxMoves {
		next, err := o.move(cur)
		if err != nil {
			return nil, err
		}
		if next == nil {
			break
		}
		cur = next
	}
	if _, err = o.settle(cur); err != nil {
		return nil, err
	}
	return cur, nil
}

// lowerOrder is the order variables are lowered in: those that bear cost
// (always_on, target_idle, a fleet's floor and target) first, ceilings
// (maximum, max_instances: free until they bind) last.
func (o *optimizer) lowerOrder() []int {
	var first, last []int
	for i, v := range o.vars {
		if isCeiling(v.Path) {
			last = append(last, i)
		} else {
			first = append(first, i)
		}
	}
	return append(first, last...)
}

func isCeiling(path string) bool {
	return strings.HasSuffix(path, ".maximum") || strings.HasSuffix(path, ".max_instances")
}

// reachFeasible returns x if the walked requirements hold there, else
// gallops each variable up in turn (others fixed) until they do; false if
// they hold nowhere on the way.
func (o *optimizer) reachFeasible(x []int) ([]int, bool, error) {
	ok, err := o.feasible(x)
	if err != nil || ok {
		return x, ok, err
	}
	for i, v := range o.vars {
		lo := x[i] // infeasible
		for d := 1; lo < v.Values()-1; d *= 2 {
			y := with(x, i, min(lo+d, v.Values()-1))
			if ok, err = o.feasible(y); err != nil {
				return nil, false, err
			}
			if ok {
				return o.bisect(i, y, lo, y[i])
			}
			lo, x = y[i], y
		}
	}
	return x, false, nil
}

// bisect returns x with variable i at the smallest feasible index in
// (bad, good], bad infeasible and good feasible — or at good once the
// objective at bad is within noise of good's (no value between can be
// told cheaper: fine steps only where they buy something).
func (o *optimizer) bisect(i int, x []int, bad, good int) ([]int, bool, error) {
	for good-bad > 1 {
		if flat, err := o.flat(with(x, i, bad), with(x, i, good)); err != nil || flat {
			return with(x, i, good), true, err
		}
		mid := bad + (good-bad)/2
		ok, err := o.feasible(with(x, i, mid))
		if err != nil {
			return nil, false, err
		}
		if ok {
			good = mid
		} else {
			bad = mid
		}
	}
	return with(x, i, good), true, nil
}

// FlatTolerance is the share of the objective below which a difference
// buys nothing worth a finer step: a bisection stops once its two ends
// differ by less (at the upper 95% bound of the paired difference). Under
// common random numbers a large scenario tells apart costs a few dollars
// in a hundred thousand; steps that fine are not worth their replications.
const FlatTolerance = 0.005

// flat reports whether the objective at plan lo (less capacity, already
// decided) is not worth lowering to from plan hi, on the replications
// both have: lo is not clearly lower (the one-sided 95% lower bound of
// the paired difference hi − lo is not above zero), or lower by less than
// FlatTolerance of hi's (its upper bound). An invalid lo is not flat.
func (o *optimizer) flat(lo, hi []int) (bool, error) {
	a, err := o.decide(lo)
	if err != nil || a.Invalid != "" {
		return false, err
	}
	b, err := o.decide(hi)
	if err != nil || b.Invalid != "" {
		return false, err
	}
	n := min(len(a.Assessment.Objective), len(b.Assessment.Objective))
	d := simrun.PairedDifference(b.Assessment.Objective[:n], a.Assessment.Objective[:n])
	if d.N < n || d.N < 2 {
		return false, nil
	}
	half := sim.OneSided95(d.CI95, d.N)
	return !(d.Mean-half > 0) || d.Mean+half <= FlatTolerance*math.Abs(b.Mean()), nil
}

// minimize lowers variable i of the feasible x to its smallest feasible
// value, others fixed: with big, the lowest value first (one big move)
// and a hint (a ceiling's observed peak); then a gallop down and a
// bisection, each stopped where the objective stops changing beyond
// noise.
func (o *optimizer) minimize(i int, x []int, big bool) ([]int, error) {
	if x[i] == 0 {
		return x, nil
	}
	bad, good := -1, x[i]
	if big {
		ok, err := o.feasible(with(x, i, 0))
		if err != nil || ok {
			return with(x, i, 0), err
		}
		bad = 0
	}
	if big {
		for _, h := range o.hints(i, x) {
			if h <= bad || h >= good {
				continue
			}
			ok, err := o.feasible(with(x, i, h))
			if err != nil {
				return nil, err
			}
			if ok {
				good = h
				break
			}
			bad = h
		}
	}
	for d := 1; good-bad > 1; d *= 2 {
		if bad >= 0 {
			if flat, err := o.flat(with(x, i, bad), with(x, i, good)); err != nil || flat {
				return with(x, i, good), err
			}
		}
		y := with(x, i, max(good-d, bad+1))
		ok, err := o.feasible(y)
		if err != nil {
			return nil, err
		}
		if !ok {
			x, _, err = o.bisect(i, x, y[i], good)
			return x, err
		}
		if flat, err := o.flat(y, with(x, i, good)); err != nil || flat {
			return with(x, i, good), err // lowering buys nothing: fine steps are not walked
		}
		good = y[i]
	}
	return with(x, i, good), nil
}

// hints are where a ceiling variable's search may jump, in order: the
// most slots its location allocated in any replication of plan x (a
// ceiling above it never bound there, unless instances still being
// allocated, which count against it too, reached it), then 5% and a step
// above it, each on the variable's grid; none for any other variable.
func (o *optimizer) hints(i int, x []int) []int {
	v := o.vars[i]
	l, ok := o.streamLocation(v.Path)
	if !ok || !strings.HasSuffix(v.Path, ".maximum") || v.Step <= 0 {
		return nil
	}
	e, err := o.decide(x)
	if err != nil || e.st == nil || l >= len(e.st.peak) {
		return nil
	}
	var out []int
	for _, top := range []float64{float64(e.st.peak[l]), math.Ceil(1.05*float64(e.st.peak[l])) + float64(v.Step)} {
		k := int(math.Ceil((top - float64(v.Lo)) / float64(v.Step)))
		out = append(out, min(max(k, 0), v.Values()-1))
	}
	return out
}

// move tries coordinate moves from cur — variable i some steps up
// (strides), then variable j lowered — and returns the best plan clearly
// cheaper than cur, or nil. Every move's first plan is decided in one
// parallel batch.
func (o *optimizer) move(cur *Evaluated) (*Evaluated, error) {
	x := o.indices(cur)
	var moves [][3]int // i, j, steps up
	var firsts [][]int
	for i := range o.vars {
		for j := range o.vars {
			if j == i || x[j] == 0 || !o.paired(i, j) {
				continue
			}
			for _, d := range o.strides() {
				if x[i]+d > o.vars[i].Values()-1 {
					break
				}
				moves = append(moves, [3]int{i, j, d})
				firsts = append(firsts, with(with(x, i, x[i]+d), j, x[j]-1))
			}
		}
	}
	if _, err := o.decideAll(firsts); err != nil {
		return nil, err
	}
	var best *Evaluated
	for _, p := range moves {
		y, err := o.minimize(p[1], with(x, p[0], x[p[0]]+p[2]), false)
		if err != nil {
			return nil, err
		}
		e, err := o.decide(y)
		if err != nil {
			return nil, err
		}
		if e.Invalid != "" || !e.Feasible || slices.Equal(y, x) {
			continue
		}
		if best != nil && !best.Feasible { // its extension by better failed it
			best = nil
		}
		ref := cur
		if best != nil {
			ref = best
		}
		if better, err := o.better(e, ref); err != nil {
			return nil, err
		} else if better && e.Feasible {
			best = e
		}
	}
	if best != nil && !best.Feasible {
		best = nil
	}
	return best, nil
}

// strides are the steps a move raises a variable by: one, and with few
// variables also 2, 4 and 8 (a ridge between two settings, one up and
// the other down by several steps, is crossed in one move).
func (o *optimizer) strides() []int {
	if len(o.vars) > allPairsVars {
		return []int{1}
	}
	return []int{1, 2, 4, 8}
}

// paired reports whether a move may raise variable i to lower j: any two
// of a few variables; with more, two of one location (or fleet), or of
// one kind (always_on and always_on) across locations.
func (o *optimizer) paired(i, j int) bool {
	if len(o.vars) <= allPairsVars {
		return true
	}
	a, b := o.vars[i].Path, o.vars[j].Path
	cut := func(p string) (string, string) {
		k := strings.LastIndexByte(p, '.')
		return p[:k], p[k+1:]
	}
	ownerA, kindA := cut(a)
	ownerB, kindB := cut(b)
	return ownerA == ownerB || kindA == kindB
}

func (o *optimizer) indices(e *Evaluated) []int {
	x := make([]int, len(o.vars))
	for i, v := range o.vars {
		x[i] = v.index(e.Plan[i])
	}
	return x
}
