package bench

import (
	"testing"

	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/models/streams"
)

// BenchmarkDefaultScenario runs one replication of the embedded default
// scenario end to end (one simulated day, two locations, the full session
// lifecycle) and reports the cost per simulated session and per event.
func BenchmarkDefaultScenario(b *testing.B) { benchStreams(b, defaultConfig(b, "")) }

// benchStreams runs replications 0, 1, 2, ... of cfg, one per b.Loop
// iteration, and reports ns/session, ns/event and sessions/op.
func benchStreams(b *testing.B, cfg *streams.Config) {
	sessions, reps := loopReplications(b, "session", func(rep int) (int64, int64, error) {
		r, err := streams.Run(cfg, rep, streams.Options{})
		if err != nil {
			return 0, 0, err
		}
		return r.Sessions, int64(r.Events), nil
	})
	b.ReportMetric(float64(sessions)/float64(reps), "sessions/op")
}

// BenchmarkLongRun simulates 200 days of the default scenario in one
// replication: memory must stay flat (it grows with sessions in flight, not
// with sessions simulated).
func BenchmarkLongRun(b *testing.B) {
	cfg := defaultConfig(b, "4800h")
	var sessions int64
	for b.Loop() {
		r, err := streams.Run(cfg, 0, streams.Options{})
		testutil.NoErr(b, err)
		sessions += r.Sessions
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(sessions), "ns/session")
}

// TestMemoryFlatInSessions: a replication 40 times longer must not allocate
// more than a little extra (timers and pools reach their steady size in the
// first day); allocation per session would make it grow 40-fold.
func TestMemoryFlatInSessions(t *testing.T) {
	allocs := func(horizon string) float64 {
		cfg := defaultConfig(t, horizon)
		return testing.AllocsPerRun(1, func() {
			_, err := streams.Run(cfg, 0, streams.Options{})
			testutil.NoErr(t, err)
		})
	}
	short, long := allocs("25h"), allocs("1000h")
	if long > short*1.5+50 {
		t.Fatalf("allocations grow with simulated sessions: %v for 25h, %v for 1000h", short, long)
	}
	t.Logf("allocations per replication: %v (25h), %v (1000h)", short, long)
}
