package bench

import (
	"testing"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/scenarios"
)

// BenchmarkDefaultScenario runs one replication of the embedded default
// scenario end to end (one simulated day, two locations, the full session
// lifecycle) and reports the cost per simulated session and per event.
func BenchmarkDefaultScenario(b *testing.B) {
	sc, err := scenarios.Default()
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := sc.Build()
	if err != nil {
		b.Fatal(err)
	}
	cfg.TimeseriesStep = 0 // as `capsim run` without --out
	var sessions, events int64
	rep := 0
	for b.Loop() {
		r, err := streams.Run(cfg, rep, streams.Options{})
		if err != nil {
			b.Fatal(err)
		}
		sessions += r.Sessions
		events += int64(r.Events)
		rep++
	}
	ns := float64(b.Elapsed().Nanoseconds())
	b.ReportMetric(ns/float64(sessions), "ns/session")
	b.ReportMetric(ns/float64(events), "ns/event")
	b.ReportMetric(float64(sessions)/float64(rep), "sessions/op")
}

// BenchmarkLongRun simulates 200 days of the default scenario in one
// replication: memory must stay flat (it grows with sessions in flight, not
// with sessions simulated).
func BenchmarkLongRun(b *testing.B) {
	sc, err := scenarios.Default()
	if err != nil {
		b.Fatal(err)
	}
	if err := sc.Set("simulation.horizon", "4800h"); err != nil {
		b.Fatal(err)
	}
	cfg, err := sc.Build()
	if err != nil {
		b.Fatal(err)
	}
	cfg.TimeseriesStep = 0
	var sessions int64
	for b.Loop() {
		r, err := streams.Run(cfg, 0, streams.Options{})
		if err != nil {
			b.Fatal(err)
		}
		sessions += r.Sessions
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(sessions), "ns/session")
}

// TestMemoryFlatInSessions: a replication 40 times longer must not allocate
// more than a little extra (timers and pools reach their steady size in the
// first day); allocation per session would make it grow 40-fold.
func TestMemoryFlatInSessions(t *testing.T) {
	allocs := func(horizon string) float64 {
		sc, err := scenarios.Default()
		if err != nil {
			t.Fatal(err)
		}
		if err := sc.Set("simulation.horizon", horizon); err != nil {
			t.Fatal(err)
		}
		cfg, err := sc.Build()
		if err != nil {
			t.Fatal(err)
		}
		cfg.TimeseriesStep = 0
		return testing.AllocsPerRun(1, func() {
			if _, err := streams.Run(cfg, 0, streams.Options{}); err != nil {
				t.Fatal(err)
			}
		})
	}
	short, long := allocs("25h"), allocs("1000h")
	if long > short*1.5+50 {
		t.Fatalf("allocations grow with simulated sessions: %v for 25h, %v for 1000h", short, long)
	}
	t.Logf("allocations per replication: %v (25h), %v (1000h)", short, long)
}
