package simrun

import (
	"math"
	"strings"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/sim"
)

// TestScaleDemandPoisson: scaling the default scenario's demand (hourly
// Poisson curves) multiplies the expected requests exactly, leaves the
// scenario as resolved untouched, and the requests simulated follow: over
// the same replications the mean requests at 1.5× are 1.5 times those at
// 1× within 3 standard errors of the ratio.
func TestScaleDemandPoisson(t *testing.T) {
	r := resolved(t, "", "simulation.horizon=6h", "simulation.warmup=1h")
	base := r.Streams.ExpectedRequests()
	for _, f := range []float64{0.5, 0.75, 1.5, 2} {
		s, err := r.ScaleDemand(f)
		testutil.NoErr(t, err)
		if got := s.Streams.ExpectedRequests(); math.Abs(got-f*base) > 1e-9*base {
			t.Errorf("×%g: expected requests %g, want %g", f, got, f*base)
		}
	}
	if r.Streams.ExpectedRequests() != base {
		t.Fatal("scaling changed the scenario it scaled")
	}
	s, err := r.ScaleDemand(1.5)
	testutil.NoErr(t, err)
	const n = 8
	one, err := r.Runs(0, n, RunsOptions{})
	testutil.NoErr(t, err)
	more, err := s.Runs(0, n, RunsOptions{})
	testutil.NoErr(t, err)
	a, b := requests(one), requests(more)
	ratio := b.Mean / a.Mean
	se := ratio * math.Hypot(b.CI95/b.Mean, a.CI95/a.Mean) / 2 // CI95 ≈ 2 SE
	if math.Abs(ratio-1.5) > 3*se {
		t.Errorf("requests at 1.5× / at 1×: %.4f ± %.4f (SE), want 1.5", ratio, se)
	}
	for _, bad := range []float64{0, -1, math.NaN(), 101} {
		if _, err := r.ScaleDemand(bad); err == nil || !strings.Contains(err.Error(), "want a factor above 0") {
			t.Errorf("scale %g: %v", bad, err)
		}
	}
}

func requests(reps []Replication) sim.Estimate {
	xs := make([]float64, len(reps))
	for i, rep := range reps {
		for _, l := range rep.Streams.Locations {
			xs[i] += float64(l.Requests)
		}
	}
	return sim.NewEstimate(xs)
}

// TestScaleDemandTrace: a trace scaled by f keeps about f times its
// arrivals (within 4 binomial standard deviations of the fractional
// part), sorted, with a smaller factor's recorded arrivals a subset of a
// larger one's; a fleet demand's Poisson rates scale exactly.
func TestScaleDemandTrace(t *testing.T) {
	r := resolved(t, "trace-replay")
	tr, ok := r.Streams.Demands[0].Arrivals.(*sim.Trace)
	if !ok {
		t.Fatalf("trace-replay's demand is %T", r.Streams.Demands[0].Arrivals)
	}
	n := float64(len(tr.At))
	at := map[float64]map[int64]int{}
	for _, f := range []float64{0.5, 1, 1.5, 2.25} {
		s, err := r.ScaleDemand(f)
		testutil.NoErr(t, err)
		st := s.Streams.Demands[0].Arrivals.(*sim.Trace)
		frac := f - math.Floor(f)
		if sd := math.Sqrt(n * frac * (1 - frac)); math.Abs(float64(len(st.At))-f*n) > 4*sd+1e-9 {
			t.Errorf("×%g: %d arrivals, want %g ± %.1f", f, len(st.At), f*n, 4*sd)
		}
		seen := map[int64]int{}
		for i, a := range st.At {
			if i > 0 && a < st.At[i-1] {
				t.Fatalf("×%g: arrivals not sorted at %d", f, i)
			}
			seen[int64(a)]++
		}
		at[f] = seen
		if f == 1 && len(st.At) != len(tr.At) {
			t.Errorf("×1 changed the trace: %d arrivals, want %d", len(st.At), len(tr.At))
		}
	}
	for _, a := range tr.At { // a recorded arrival kept at 0.5 is kept at 1.5
		if at[0.5][int64(a)] > 0 && at[1.5][int64(a)] == 0 {
			t.Fatalf("arrival at %v kept at 0.5× but not at 1.5×", a)
		}
	}
	fl := resolved(t, "fleet-target")
	s, err := fl.ScaleDemand(1.5)
	testutil.NoErr(t, err)
	if got, want := s.Fleets.ExpectedRequests(), 1.5*fl.Fleets.ExpectedRequests(); math.Abs(got-want) > 1e-9*want {
		t.Errorf("fleet demand ×1.5: %g expected requests, want %g", got, want)
	}
}
