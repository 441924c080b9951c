package optimize

import (
	"math"
	"slices"

	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/simrun"
)

// maxMoves bounds the local search's rounds.
const maxMoves = 50

// search returns the best feasible plan, or nil if none is.
func (o *optimizer) search() (*Evaluated, error) {
	x := make([]int, len(o.vars))
	for i, v := range o.vars {
		x[i] = v.index(v.Start)
	}
	x, ok, err := o.reachFeasible(x)
	if err != nil || !ok {
		return nil, err
	}
	for i := range o.vars {
		if x, err = o.minimize(i, x); err != nil {
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
	best, err := o.settle(cur)
	if err == nil && best != o.shown { // settling changed the best: shown again, decided
		o.report(best)
	}
	return best, err
}

// settle returns the feasible plan of lowest objective mean, which the
// local search's end cur is unless a plan it did not move to (not clearly
// cheaper) has a lower mean: the two then get the same replications
// (common random numbers) and the lower mean of the feasible ones wins,
// until the cheapest plan is one so compared.
func (o *optimizer) settle(cur *Evaluated) (*Evaluated, error) {
	for range o.order {
		b := o.incumbent()
		if b == nil || b == cur {
			return b, nil
		}
		n := max(len(cur.Assessment.Objective), len(b.Assessment.Objective))
		for _, e := range []*Evaluated{cur, b} {
			if err := o.extend(e, n); err != nil {
				return nil, err
			}
		}
		if best := o.incumbent(); best == b || best == cur {
			return best, nil
		}
		if beats(b, feasibleOrNil(cur)) {
			cur = b
		}
	}
	return o.incumbent(), nil
}

// reachFeasible returns x if feasible, else gallops each variable up in
// turn (others fixed) until the plan is feasible; false if none is.
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
// (bad, good], bad infeasible and good feasible.
func (o *optimizer) bisect(i int, x []int, bad, good int) ([]int, bool, error) {
	for good-bad > 1 {
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

// minimize lowers variable i of the feasible x to its smallest feasible
// value, others fixed: gallop down, then bisect.
func (o *optimizer) minimize(i int, x []int) ([]int, error) {
	good := x[i]
	for d := 1; ; d *= 2 {
		if good == 0 {
			return with(x, i, 0), nil
		}
		y := with(x, i, max(good-d, 0))
		ok, err := o.feasible(y)
		if err != nil {
			return nil, err
		}
		if !ok {
			x, _, err = o.bisect(i, x, y[i], good)
			return x, err
		}
		good = y[i]
	}
}

// move tries every coordinate move from cur — variable i a step up, then
// variable j bisected down — and returns the best plan clearly cheaper than
// cur, or nil.
func (o *optimizer) move(cur *Evaluated) (*Evaluated, error) {
	x := o.indices(cur)
	var best *Evaluated
	for i := range o.vars {
		if x[i] == o.vars[i].Values()-1 {
			continue
		}
		for j := range o.vars {
			if j == i {
				continue
			}
			y, err := o.minimize(j, with(x, i, x[i]+1))
			if err != nil {
				return nil, err
			}
			e, err := o.decide(y)
			if err != nil || !e.Feasible || slices.Equal(y, x) {
				if err != nil {
					return nil, err
				}
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
	}
	if best != nil && !best.Feasible {
		best = nil
	}
	return best, nil
}

func (o *optimizer) indices(e *Evaluated) []int {
	x := make([]int, len(o.vars))
	for i, v := range o.vars {
		x[i] = v.index(e.Plan[i])
	}
	return x
}

// better reports whether a's objective is lower than b's beyond noise: the
// one-sided 95% lower bound of the paired (common random numbers) mean
// difference b − a is above zero. While unsure, both get more
// replications; a replication where either objective is undefined leaves
// the question undecided (not better).
func (o *optimizer) better(a, b *Evaluated) (bool, error) {
	for {
		n := min(len(a.Assessment.Objective), len(b.Assessment.Objective))
		d := simrun.PairedDifference(b.Assessment.Objective[:n], a.Assessment.Objective[:n])
		half := sim.OneSided95(d.CI95, d.N)
		lower, upper := d.Mean-half, d.Mean+half
		if d.N < n || math.IsNaN(lower) { // an objective undefined, or too few replications
			return false, nil
		}
		// Decided: a is clearly cheaper (lower > 0), or clearly not
		// (upper <= 0: never cheaper in any replication so far when the
		// differences do not vary, as when a raised limit never binds).
		if lower > 0 || upper <= 0 || n >= o.opt.MaxReplications {
			return lower > 0, nil
		}
		m := min(n+o.opt.AddReplications, o.opt.MaxReplications)
		for _, e := range []*Evaluated{a, b} {
			if err := o.extend(e, m); err != nil {
				return false, err
			}
		}
	}
}
