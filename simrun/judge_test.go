package simrun

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/sim/metric"
)

func summaryWith(t *testing.T, name string, e sim.Estimate) *reports.Summary {
	t.Helper()
	m, err := reports.NewStreamMetrics(map[string]sim.Estimate{name: e})
	if err != nil {
		t.Fatal(err)
	}
	return &reports.Summary{Total: m}
}

func requirement(t *testing.T, s *reports.Summary, text string) Requirement {
	t.Helper()
	r, err := SummaryNamespace(s).Requirement(text)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestFeasible: a sweep point meets a requirement on its mean and,
// separately, on the one-sided bound on the metric's worse side.
func TestFeasible(t *testing.T) {
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
		m, b, err := Feasible(s, []Requirement{requirement(t, s, tc.req)})
		if err != nil || m != tc.mean || b != tc.bnd {
			t.Errorf("%s: mean %v bound %v (%v), want %v %v", tc.req, m, b, err, tc.mean, tc.bnd)
		}
	}
	u := summaryWith(t, "utilisation", sim.Estimate{Mean: 0.8, CI95: 0.1, N: 10})
	if m, b, _ := Feasible(u, []Requirement{requirement(t, u, "total.utilisation>=0.75")}); !m || b {
		t.Errorf("utilisation >= 0.75 at 0.8 ± 0.1: mean %v bound %v, want true false (higher is better: the lower bound)", m, b)
	}
}

// TestJudgeBoundAndConfidence checks Judge against hand-computed values:
// the bound mean + t(.95, N−1)·CI95/t(.975, N−1), Fails only when the
// better-side bound misses, and the confidence of the margin.
func TestJudgeBoundAndConfidence(t *testing.T) {
	r := metric.Requirement{Name: "total.x", Op: "<=", Limit: 30}
	// N = 10: t(.975, 9) = 2.262157, t(.95, 9) = 1.833113.
	a := Judge(r, sim.Estimate{Mean: 28, CI95: 4, N: 10}, metric.LowerIsBetter)
	se := 4 / 2.2621571627
	if got, want := float64(a.Bound), 28+1.8331129327*se; math.Abs(got-want) > 1e-6 {
		t.Errorf("bound %v, want %v", got, want)
	}
	if a.Holds || a.Fails {
		t.Errorf("28 ± 4 against <= 30: holds %v fails %v, want neither (unsure)", a.Holds, a.Fails)
	}
	// P(T9 < 2/se) with 2/se = 1.131: about 0.856.
	if c := float64(a.Confidence); math.Abs(c-0.8563) > 2e-3 {
		t.Errorf("confidence %v, want about 0.856", c)
	}
	if a := Judge(r, sim.Estimate{Mean: 40, CI95: 4, N: 10}, metric.LowerIsBetter); !a.Fails || a.Holds {
		t.Errorf("40 ± 4 against <= 30: %+v, want Fails", a)
	}
	// Too few replications: no bound, nothing holds.
	if a := Judge(r, sim.Estimate{Mean: 1, CI95: math.NaN(), N: 1}, metric.LowerIsBetter); a.Holds || a.Fails || !math.IsNaN(float64(a.Bound)) {
		t.Errorf("N = 1: %+v, want no bound, not holding, not failing", a)
	}
	// A metric that does not vary: confidence 1 or 0.
	if a := Judge(r, sim.Estimate{Mean: 5, CI95: 0, N: 4}, metric.LowerIsBetter); !a.Holds || a.Confidence != 1 {
		t.Errorf("constant 5 against <= 30: %+v", a)
	}
}

// TestUpperBoundIsJudges: the schedule's per-hour bound and rule are the
// judge's: an hour no replication defines meets, one replication defines
// meets nothing, a limit not set meets.
func TestUpperBoundIsJudges(t *testing.T) {
	xs := []float64{0.01, 0.02, math.NaN(), 0.015, 0.03}
	b := UpperBound(xs)
	a := Judge(metric.Requirement{Op: "<=", Limit: 0.02}, sim.NewEstimate(xs), metric.LowerIsBetter)
	if b.Upper != float64(a.Bound) || b.N != 4 || b.MeetsUpper(0.02) != a.Holds {
		t.Errorf("UpperBound %+v, judge %+v", b, a)
	}
	if !UpperBound(nil).MeetsUpper(0) || UpperBound([]float64{0}).MeetsUpper(1) || !b.MeetsUpper(math.NaN()) {
		t.Error("the rules for no replication, one replication and no limit")
	}
}

// TestGate: assertions are recorded in the summary, judged on the mean or
// the bound, and the gate names each one that failed.
func TestGate(t *testing.T) {
	s := summaryWith(t, "cost_usd", sim.Estimate{Mean: 2, CI95: 0.4, N: 4})
	reqs := []Requirement{requirement(t, s, "total.cost_usd<=2.1"), requirement(t, s, "total.cost_usd<=3")}
	gate, err := Gate(s, reqs, false)
	if gate != nil || err != nil || len(s.Assertions) != 2 || !s.Assertions[0].Held || s.Assertions[0].JudgedOn != "mean" {
		t.Fatalf("on the mean: gate %v, err %v, assertions %+v", gate, err, s.Assertions)
	}
	s.Assertions = nil
	gate, err = Gate(s, reqs, true)
	var ue *UnmetError
	if err != nil || !errors.As(gate, &ue) || !strings.Contains(gate.Error(), "total.cost_usd: mean 2 ± 0.4 (95% CI; one-sided bound") ||
		!strings.Contains(gate.Error(), "limit <=2.1, judged on the bound") || strings.Contains(gate.Error(), "<=3") {
		t.Errorf("on the bound: gate %v, err %v", gate, err)
	}
}

// TestDecide: a plan holds when every worse-side bound meets its limit,
// fails when one better-side bound misses, else is unsure.
func TestDecide(t *testing.T) {
	s := summaryWith(t, "placement_failure_ratio", sim.Estimate{Mean: 0.01, CI95: 0.002, N: 10})
	for _, tc := range []struct {
		req  string
		want Status
	}{
		{"total.placement_failure_ratio<=0.02", Holds},
		{"total.placement_failure_ratio<=0.005", Fails},
		{"total.placement_failure_ratio<=0.0105", Unsure},
	} {
		st, as, err := Decide(s, []Requirement{requirement(t, s, tc.req)})
		if err != nil || st != tc.want || len(as) != 1 {
			t.Errorf("%s: %v %v %v, want %v", tc.req, st, as, err, tc.want)
		}
	}
}

// UpperBound is the mean plus t(0.95, n−1)·s/√n: for 1..5,
// 3 + 2.1318·√2.5/√5.
func TestUpperBoundByHand(t *testing.T) {
	b := UpperBound([]float64{1, 2, math.NaN(), 3, 4, 5})
	if want := 3 + 2.131847*math.Sqrt(2.5/5); b.N != 5 || b.Mean != 3 || math.Abs(b.Upper-want) > 1e-5 {
		t.Errorf("UpperBound = %+v, want mean 3, upper %.6f over 5", b, want)
	}
	if b := UpperBound([]float64{7}); b.Mean != 7 || !math.IsNaN(b.Upper) || b.MeetsUpper(100) {
		t.Errorf("one replication: %+v: want no bound, meeting nothing (as --require judges)", b)
	}
	if b := UpperBound([]float64{math.NaN()}); b.N != 0 || !b.MeetsUpper(0) {
		t.Errorf("no replication defines it: %+v: want it to meet", b)
	}
}
