package streams

import (
	"math"
	"testing"
	"time"

	"github.com/capsim/capsim/sim"
)

// detConfig is a deterministic stream group: tenancy-1 class, fixed delays,
// trace arrivals with fixed lengths, clients that connect at once and never
// drop. A session's life from placement to TERMINATED is then exactly
// start delay (+ cold delay) + length + terminating duration.
func detConfig(alwaysOn, maximum int, at []time.Duration, length time.Duration) *Config {
	class := Class{Name: "test", Tenancy: 1, OS: Linux}
	lengths := make([]time.Duration, len(at))
	for i := range lengths {
		lengths[i] = length
	}
	svc := fixedService()
	svc.SessionStartDelay, svc.TerminatingDuration = sim.Fixed{D: 10 * time.Second}, 5*time.Second
	return &Config{
		Horizon: 10 * time.Hour, Seed: 7, Service: svc,
		Groups: []GroupConfig{{Name: "g", Class: class, Locations: []LocationConfig{
			{Name: "here", AlwaysOn: alwaysOn, Maximum: maximum, PriceUSDPerHour: 1}}}},
		Demands: []DemandConfig{{Name: "d", Arrivals: &Trace{Source: "test", At: at, Lengths: lengths},
			SessionLength: sim.Fixed{D: length},
			Client:        Client{ConnectionTimeout: time.Hour, EndReason: ReasonAPITerminated}}},
	}
}

func records(t *testing.T, cfg *Config) ([]SessionRecord, *Result) {
	t.Helper()
	var recs []SessionRecord
	res := runOne(t, cfg, func(r SessionRecord) { recs = append(recs, r) })
	return recs, res
}

// TestColdStartDelay: sessions on instances allocated above always-on start
// later by the cold delay (the default application is not cached there);
// sessions on always-on instances, and later sessions on a once-cold
// instance, do not.
func TestColdStartDelay(t *testing.T) {
	const cold = 40 * time.Second
	m := time.Minute
	// 10m: warm (always-on). 10m+1s, 10m+2s: wait for two new instances
	// (cold). 3h: warm again; 3h+1s: a fresh instance again (cold).
	at := []time.Duration{10 * m, 10*m + time.Second, 10*m + 2*time.Second, 180 * m, 180*m + time.Second}
	cfg := detConfig(1, 3, at, time.Hour)
	cfg.Service.SessionStartDelayCold = sim.Fixed{D: cold}
	recs, res := records(t, cfg)
	if len(recs) != len(at) {
		t.Fatalf("%d sessions ended, want %d", len(recs), len(at))
	}
	base := (10*time.Second + time.Hour + 5*time.Second).Seconds()
	wantCold := map[float64]bool{at[0].Seconds(): false, at[1].Seconds(): true, at[2].Seconds(): true, at[3].Seconds(): false, at[4].Seconds(): true}
	const tol = 1e-6 // seconds: times are whole ticks
	for _, r := range recs {
		if r.PlacedSeconds < 0 {
			t.Fatalf("session arriving at %vs was not placed", r.ArrivalSeconds)
		}
		want := base
		if wantCold[r.ArrivalSeconds] {
			want += cold.Seconds()
		}
		if got := r.EndSeconds - r.PlacedSeconds; math.Abs(got-want) > tol {
			t.Errorf("arrival %vs: placed-to-end %.3fs, want %.3fs (cold %v)", r.ArrivalSeconds, got, want, wantCold[r.ArrivalSeconds])
		}
	}
	if got := res.Locations[0].ColdStarts; got != 3 {
		t.Errorf("ColdStarts = %d, want 3", got)
	}
}

// TestColdStartSecondSessionWarm: on a multi-tenant instance only the first
// session after allocation is cold.
func TestColdStartSecondSessionWarm(t *testing.T) {
	const cold = 40 * time.Second
	m := time.Minute
	at := []time.Duration{10 * m, 20 * m}
	cfg := detConfig(0, 2, at, time.Hour)
	cfg.Groups[0].Class.Tenancy = 2
	cfg.Service.SessionStartDelayCold = sim.Fixed{D: cold}
	recs, res := records(t, cfg)
	base := (10*time.Second + time.Hour + 5*time.Second).Seconds()
	if len(recs) != 2 {
		t.Fatalf("%d sessions ended, want 2", len(recs))
	}
	for i, want := range []float64{base + cold.Seconds(), base} {
		if got := recs[i].EndSeconds - recs[i].PlacedSeconds; math.Abs(got-want) > 1e-6 {
			t.Errorf("session %d: placed-to-end %.3fs, want %.3fs", i, got, want)
		}
	}
	if got := res.Locations[0].ColdStarts; got != 1 {
		t.Errorf("ColdStarts = %d, want 1", got)
	}
}
