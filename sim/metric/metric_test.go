package metric

import (
	"math"
	"testing"

	"github.com/capsim/capsim/sim"
)

type loc struct {
	failures, requests, seconds, peak float64
	lat                               *sim.Sketch
}

func sketchOf(vs ...float64) *sim.Sketch {
	s := sim.NewSketch()
	for _, v := range vs {
		s.Add(v)
	}
	return s
}

// Each way of combining a metric over locations gives what its name
// promises: sums, ratios of sums (not means of ratios), per-period means,
// per-location peaks (undefined for the total), and quantiles of the merged
// sketch (not of the per-location quantiles).
func TestEvalCombines(t *testing.T) {
	locs := []loc{
		{failures: 1, requests: 10, seconds: 7200, peak: 4, lat: sketchOf(1, 1, 1)},
		{failures: 9, requests: 10, seconds: 3600, peak: 9, lat: sketchOf(100)},
	}
	f := func(l *loc) float64 { return l.failures }
	r := func(l *loc) float64 { return l.requests }
	s := func(l *loc) float64 { return l.seconds }
	lat := func(l *loc) *sim.Sketch { return l.lat }
	for _, tc := range []struct {
		name      string
		def       Def[loc]
		one, both float64
	}{
		{"sum", NewSum("failures", Count, LowerIsBetter, f), 1, 10},
		{"hours", NewHours("hours", Hours, LowerIsBetter, s), 2, 3},
		{"ratio of sums", NewRatio("ratio", LowerIsBetter, f, r), 0.1, 0.5},
		{"per measured", NewPerMeasured("mean", Count, Neutral, s), 2, 3},
		{"peak", NewPeak("peak", Count, Neutral, func(l *loc) float64 { return l.peak }), 4, math.NaN()},
		{"sketch mean", NewMean("lat.mean", Seconds, LowerIsBetter, lat), 1, 25.75},
	} {
		if got := tc.def.Eval(locs, false, 3600); !same(got, tc.one, 0.01) {
			t.Errorf("%s: first location %v, want %v", tc.name, got, tc.one)
		}
		if got := tc.def.Eval(locs, true, 3600); !same(got, tc.both, 0.01) {
			t.Errorf("%s: total %v, want %v", tc.name, got, tc.both)
		}
	}
	// Ratio of sums, not mean of ratios, where the two differ.
	uneven := []loc{{failures: 1, requests: 1}, {failures: 0, requests: 99}}
	ratioDef := NewRatio("ratio", LowerIsBetter, f, r)
	if got := ratioDef.Eval(uneven, true, 1); got != 0.01 {
		t.Errorf("ratio over uneven locations %v, want 0.01 (the mean of ratios would be 0.5)", got)
	}
	// The total's quantile comes from the merged sketch: p50 of {1,1,1,100} is 1.
	p50 := NewQuantile("lat.p50", Seconds, LowerIsBetter, 0.5, lat)
	if got := p50.Eval(locs, true, 1); !same(got, 1, 0.01) {
		t.Errorf("merged p50 %v, want 1", got)
	}
	// No requests: undefined, not 0.
	if got := ratioDef.Eval([]loc{{}}, true, 1); !math.IsNaN(got) {
		t.Errorf("ratio of 0/0 = %v, want NaN", got)
	}
}

// same compares within a relative tolerance (the sketch's 1%), NaN equal to NaN.
func same(a, b, rel float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= rel*math.Max(math.Abs(b), 1e-12)
}
