package reports

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/capsim/capsim/sim"
)

// The Pareto front of a hand-checked set (cost, p95):
//
//	0 (1, 9)  front: cheapest
//	1 (2, 5)  front
//	2 (3, 5)  dominated by 1
//	3 (4, 1)  front
//	4 (4, 2)  dominated by 3
//	5 (5, 1)  dominated by 3
//	6 (2, 5)  front: equal to 1
//	7 (NaN,0) left out
func TestPareto(t *testing.T) {
	x := []float64{1, 2, 3, 4, 4, 5, 2, math.NaN()}
	y := []float64{9, 5, 5, 1, 2, 1, 5, 0}
	if got, want := Pareto(x, y), []int{0, 1, 6, 3}; !slices.Equal(got, want) {
		t.Errorf("Pareto = %v, want %v", got, want)
	}
}

func summaryWith(t *testing.T, name string, e sim.Estimate) *Summary {
	t.Helper()
	m, err := NewStreamMetrics(map[string]sim.Estimate{name: e})
	if err != nil {
		t.Fatal(err)
	}
	return &Summary{Total: m}
}

func TestRequirement(t *testing.T) {
	// p95 latency mean 28 ± 4 (N = 10): the mean meets <= 30, the upper
	// one-sided bound 28 + 4·t(.95,9)/t(.975,9) = 31.28 does not.
	s := summaryWith(t, "placement_latency_seconds.p95", sim.Estimate{Mean: 28, CI95: 4, N: 10})
	for _, tc := range []struct {
		req       string
		mean, bnd bool
	}{
		{"total.placement_latency_seconds.p95<=30", true, false},
		{"total.placement_latency_seconds.p95 <= 32", true, true},
		{"total.placement_latency_seconds.p95<28", false, false},
		// lower is better: a lower limit tests the upper bound too
		{"total.placement_latency_seconds.p95>=20", true, true},
		{"total.placement_latency_seconds.p95>=25", true, true},
	} {
		r, err := ParseRequirement(tc.req)
		if err != nil {
			t.Fatal(err)
		}
		m, b, err := r.Check(s)
		if err != nil || m != tc.mean || b != tc.bnd {
			t.Errorf("%s: mean %v bound %v (%v), want %v %v", tc.req, m, b, err, tc.mean, tc.bnd)
		}
	}
	u := summaryWith(t, "utilisation", sim.Estimate{Mean: 0.8, CI95: 0.1, N: 10})
	r, _ := ParseRequirement("total.utilisation>=0.75")
	if m, b, _ := r.Check(u); !m || b {
		t.Errorf("utilisation >= 0.75 at 0.8 ± 0.1: mean %v bound %v, want true false (higher is better: the lower bound)", m, b)
	}
	r, _ = ParseRequirement("total.placement_latency_seconds.p59<=30")
	if _, _, err := r.Check(s); !errors.Is(err, ErrUnknownMetric) {
		t.Errorf("unknown metric: got %v", err)
	}
	for _, bad := range []string{"total.cost_usd", "total.cost_usd<=abc", "<=3", "total.cost_usd=3"} {
		if _, err := ParseRequirement(bad); !errors.Is(err, ErrRequirement) {
			t.Errorf("ParseRequirement(%q): %v, want ErrRequirement", bad, err)
		}
	}
}
