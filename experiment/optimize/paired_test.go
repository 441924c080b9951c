package optimize

import (
	"github.com/capsim/capsim/simrun"
	"math"
	"testing"
)

// TestPairedDifference: the mean and 95% half-width of x − y over the same
// replications, worked by hand (differences 2, 3, 4, 5: mean 3.5, sample
// variance 5/3, t(0.975, 3) = 3.182446); a replication undefined in either
// is left out; swapping x and y negates the mean exactly.
func TestPairedDifference(t *testing.T) {
	x, y := []float64{3, 5, 7, 9}, []float64{1, 2, 3, 4}
	d := simrun.PairedDifference(x, y)
	wantCI := 3.182446 * math.Sqrt(5.0/3) / 2
	if d.N != 4 || d.Mean != 3.5 || math.Abs(d.CI95-wantCI) > 1e-6 {
		t.Errorf("PairedDifference = %+v, want mean 3.5, CI95 %.6f over 4", d, wantCI)
	}
	if r := simrun.PairedDifference(y, x); r.Mean != -d.Mean || r.CI95 != d.CI95 {
		t.Errorf("swapped: %+v, want mean %g, CI95 %g", r, -d.Mean, d.CI95)
	}
	if d := simrun.PairedDifference([]float64{1, math.NaN(), 3}, []float64{0, 0, math.NaN()}); d.N != 1 || d.Mean != 1 || !math.IsNaN(d.CI95) {
		t.Errorf("with undefined replications: %+v, want 1 replication kept, mean 1, no CI", d)
	}
}

// TestBetter: a plan is clearly cheaper when the one-sided 95% bound of the
// paired difference is above zero; not when the difference is noise, and
// not when a replication's objective is undefined (no decision), at the
// most replications (no more are added).
func TestBetter(t *testing.T) {
	o := &optimizer{opt: Options{FirstReplications: 2, MaxReplications: 4}}
	plan := func(obj ...float64) *Evaluated { return &Evaluated{Assessment: Assessment{Objective: obj}} }
	cases := []struct {
		a, b *Evaluated
		want bool
	}{
		{plan(10, 11, 12, 13), plan(12, 13.1, 13.9, 15), true},  // b − a ≈ 2, clearly
		{plan(10, 11, 12, 13), plan(11, 10, 13, 12), false},     // b − a ±1: noise
		{plan(12, 13.1, 13.9, 15), plan(10, 11, 12, 13), false}, // a dearer
		{plan(10, math.NaN(), 12, 13), plan(12, 13.1, 13.9, 15), false},
	}
	for i, c := range cases {
		got, err := o.better(c.a, c.b)
		if err != nil || got != c.want {
			t.Errorf("case %d: better = %v, %v; want %v", i, got, err, c.want)
		}
	}
}

// TestBetterDecidesIdenticalObjectives: two plans whose objectives agree
// in every replication (a raised limit that never binds) are decided at
// once, a not cheaper than b, rather than both being simulated to
// MaxReplications. The plans have no state to extend: an attempt would
// panic.
func TestBetterDecidesIdenticalObjectives(t *testing.T) {
	o := &optimizer{opt: Options{FirstReplications: 3, MaxReplications: 40}}
	a := &Evaluated{Assessment: Assessment{Objective: []float64{10, 11, 12}}}
	b := &Evaluated{Assessment: Assessment{Objective: []float64{10, 11, 12}}}
	if got, err := o.better(a, b); err != nil || got {
		t.Errorf("better = %v, %v; want false, nil", got, err)
	}
}

// TestBeatsSkipsUndefinedReplications: a replication where the objective
// is undefined (a latency with no requests) does not stop a plan from
// being best; its mean is over the replications that define it, the mean
// the reports print.
func TestBeatsSkipsUndefinedReplications(t *testing.T) {
	e := &Evaluated{Feasible: true, Assessment: Assessment{Objective: []float64{1, math.NaN(), 1}}}
	inc := &Evaluated{Feasible: true, Assessment: Assessment{Objective: []float64{2, 2, 2}}}
	if !beats(e, inc) || beats(inc, e) {
		t.Errorf("beats(mean 1 with a NaN, mean 2) = %v, beats(mean 2, it) = %v; want true, false", beats(e, inc), beats(inc, e))
	}
}
