package sim

import (
	"math"
	"testing"
)

// TestFastExp: fastExp is math.Exp within 2.5 units in the last place (its
// table entry, math.Exp2's, is within one of 2^(i/256); the last rounding
// adds a half; math.Exp is within one of e^x) on 2,000,000 points of [-50, 50] (where lognormal
// draws fall), a sweep of [-700, 700], every table step's edges, and is
// math.Exp itself beyond and for NaN and infinities.
func TestFastExp(t *testing.T) {
	const tol = 2.5 // units in the last place of math.Exp's result
	worst := 0.0
	check := func(x float64) {
		got, want := fastExp(x), math.Exp(x)
		if e := math.Abs(got-want) / (math.Nextafter(want, math.Inf(1)) - want); e > worst {
			worst = e
			if e > tol {
				t.Fatalf("fastExp(%v) = %v, math.Exp %v: %.3g units in the last place, want <= %g", x, got, want, e, tol)
			}
		}
	}
	r := NewStream(3, 0, "fastexp")
	for range 2_000_000 {
		check(-50 + 100*r.Float64())
	}
	for x := -700.0; x <= 700; x += 0.01 {
		check(x)
	}
	for n := -1000; n <= 1000; n++ { // either side of a half step, where the rounding to a step turns
		x := (float64(n) + 0.5) * math.Ln2 / 256
		check(math.Nextafter(x, -1000))
		check(x)
		check(math.Nextafter(x, 1000))
		check(float64(n) * math.Ln2 / 256)
	}
	for _, x := range []float64{0, math.Copysign(0, -1), 1, -1, 700, -700, 1e-300, -1e-300} {
		check(x)
	}
	for _, x := range []float64{700.5, -700.5, 709.7, -745, 1000, -1000, math.Inf(1), math.Inf(-1), math.NaN()} {
		if got, want := fastExp(x), math.Exp(x); got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("fastExp(%v) = %v, want math.Exp's %v", x, got, want)
		}
	}
	t.Logf("largest error %.3g units in the last place", worst)
}
