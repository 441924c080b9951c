package sim

import (
	"math/rand/v2"
	"testing"
	"time"
)

// A review found (issue 9) that toTicks "saturated" at 1e11 s, but 1e11 s is
// 1e20 ns, beyond int64 (9.2e18 ns, 292 years), so a long draw becomes
// negative. On the CLI: session_length = { dist = "exponential", mean =
// "1000000h" } at 2 requests per hour passes validation and then exits 70
// ("scheduling at -2562046h…, before now").
func TestToTicksSaturatesPositive(t *testing.T) {
	for _, s := range []float64{1e10, 1e11, 1e12, 1e300} {
		if d := toTicks(s); d <= 0 {
			t.Errorf("toTicks(%g) = %d, want a large positive duration", s, d)
		}
	}
	for _, ns := range []float64{1e19, 1e20, 1e300} {
		if d := nanosToTicks(ns); d != toTicks(9e9) {
			t.Errorf("nanosToTicks(%g) = %d, want toTicks' saturation %d", ns, d, toTicks(9e9))
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, e := range []Dist{Exponential{M: 1_000_000 * time.Hour}, LogNormal{Median: 1_000_000 * time.Hour, Sigma: 5}} {
		for i := 0; i < 1000; i++ {
			if d := e.Sample(r); d < 0 {
				t.Fatalf("draw %d of %v: negative length %v", i, e, d)
			}
		}
	}
}
