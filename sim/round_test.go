package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestRoundPositiveIsMathRound: roundPositive, the rounding of every drawn
// duration, gives math.Round's result on the values where they could part:
// halves, the floats next to them, integers, the neighbours of 2^52 and
// 2^53 (where floats stop having fractions), the largest tick count
// toTicks produces, and a million random values over all magnitudes.
func TestRoundPositiveIsMathRound(t *testing.T) {
	check := func(x float64) {
		t.Helper()
		if want := int64(math.Round(x)); roundPositive(x) != want {
			t.Fatalf("roundPositive(%v) = %d, math.Round = %d", x, roundPositive(x), want)
		}
	}
	for _, base := range []float64{0, 0.5, 1, 1.5, 2.5, 1e9, 1e9 + 0.5, 1<<52 - 0.5, 1 << 52, 1<<52 + 1, 1 << 53, 9e18} {
		for _, x := range []float64{base, math.Nextafter(base, 0), math.Nextafter(base, math.Inf(1))} {
			if x >= 0 {
				check(x)
			}
		}
	}
	check(0.49999999999999994) // the float below 0.5, which x+0.5 rounding gets wrong
	r := rand.New(rand.NewPCG(5, 6))
	for range 1_000_000 {
		check(math.Ldexp(r.Float64(), r.IntN(63))) // [0, 2^62)
		check(float64(r.IntN(1<<20)) + 0.5)        // exact halves
	}
}
