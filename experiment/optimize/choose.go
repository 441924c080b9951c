package optimize

import (
	"math"

	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/simrun"
)

// preferGiven is the plan chosen between the search's best and the
// scenario as given: the given one when it holds and the best is not
// clearly cheaper (paired, beyond noise), so the answer is never dearer
// than the plan the planner has.
func (o *optimizer) preferGiven(best *Evaluated) (*Evaluated, error) {
	g := o.given
	switch {
	case g == nil || best == g || !g.Feasible:
		return best, nil
	case best == nil:
		return g, nil
	}
	cheaper, err := o.better(best, g) // more replications for both, maybe
	switch {
	case err != nil:
		return nil, err
	case cheaper && best.Feasible:
		return best, nil
	case g.Feasible:
		return g, nil
	}
	return feasibleOrNil(best), nil
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
		n := max(cur.st.reps(), b.st.reps())
		if err := o.extend([]*Evaluated{cur, b}, n); err != nil {
			return nil, err
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

// confirmed is the incumbent once it holds on as many of the search's
// replications as the verification will run at least (the scenario's):
// a plan picked on a few replications is the likeliest to have looked
// better than it is, so it gets them all before it is put to the
// verification; if it then fails, or another plan's mean becomes the
// lowest, the next incumbent is confirmed in turn.
func (o *optimizer) confirmed() (*Evaluated, error) {
	want := min(max(o.base.Simulation.Replications, o.opt.FirstReplications), o.opt.MaxReplications)
	for range o.order {
		best := o.incumbent()
		if best == nil || best.st.reps() >= want {
			return best, nil
		}
		if err := o.extend([]*Evaluated{best}, want); err != nil {
			return nil, err
		}
		if err := o.settleReps([]*Evaluated{best}); err != nil {
			return nil, err
		}
	}
	return o.incumbent(), nil
}

// better reports whether a's objective is lower than b's beyond noise
// and by more than FlatTolerance of b's: the one-sided 95% lower bound of
// the paired (common random numbers) mean difference b − a is above that
// share of b's mean. While unsure, both get more replications (twice as
// many, up to 40: costs that close are the same to a planner); a
// replication where either objective is undefined leaves the question
// undecided (not better).
func (o *optimizer) better(a, b *Evaluated) (bool, error) {
	for {
		n := min(len(a.Assessment.Objective), len(b.Assessment.Objective))
		d := simrun.PairedDifference(b.Assessment.Objective[:n], a.Assessment.Objective[:n])
		half := sim.OneSided95(d.CI95, d.N)
		lower, upper := d.Mean-half, d.Mean+half
		if d.N < n || math.IsNaN(lower) { // an objective undefined, or too few replications
			return false, nil
		}
		// Decided: a is clearly cheaper by more than the tolerance, or
		// clearly not (upper within it: never cheaper in any replication
		// so far when the differences do not vary, as when a raised limit
		// never binds).
		// Or undecidable within the tolerance: the noise is below it, or
		// the comparison has had the replications an exploring plan gets.
		tol := FlatTolerance * math.Abs(b.Mean())
		most := min(o.opt.MaxReplications, minMax)
		if lower > tol || upper <= tol || half <= tol || n >= most {
			return lower > tol, nil
		}
		if err := o.extend([]*Evaluated{a, b}, min(2*n, most)); err != nil {
			return false, err
		}
	}
}
