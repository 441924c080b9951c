package streams

import (
	"math"
	"testing"
	"time"

	"github.com/capsim/capsim/sim"
)

// TestPlayerWait checks the player's wait on a deterministic run: time to
// ACTIVE is placement latency + start delay (+ the cold delay on a fresh
// instance above always-on), time to first frame adds the client's connect
// delay, session by session, so the sums agree exactly and the quantiles
// sit on the values the trace makes.
func TestPlayerWait(t *testing.T) {
	const (
		start, cold, connect = 10 * time.Second, 40 * time.Second, 3 * time.Second
	)
	m := time.Minute
	// warm (always-on), two that wait for new instances (cold), warm, cold
	at := []time.Duration{10 * m, 10*m + time.Second, 10*m + 2*time.Second, 180 * m, 180*m + time.Second}
	cfg := detConfig(1, 3, at, time.Hour)
	cfg.Service.SessionStartDelayCold = sim.Fixed{D: cold}
	cfg.Demands[0].Client.ConnectDelay = sim.Fixed{D: connect}
	res := runOne(t, cfg, nil)
	l := res.Locations[0]
	n := uint64(len(at))
	if l.Latency.Count() != n || l.TimeToActive.Count() != n || l.TimeToFirstFrame.Count() != n {
		t.Fatalf("counts: latency %d, to ACTIVE %d, to first frame %d; want %d each",
			l.Latency.Count(), l.TimeToActive.Count(), l.TimeToFirstFrame.Count(), n)
	}
	const tol = 1e-6 // seconds: times are whole ticks
	wantActive := l.Latency.Sum() + float64(n)*start.Seconds() + float64(l.ColdStarts)*cold.Seconds()
	if l.ColdStarts != 3 || math.Abs(l.TimeToActive.Sum()-wantActive) > tol {
		t.Errorf("to ACTIVE sums to %g s with %d cold starts, want %g (latency + start + cold)", l.TimeToActive.Sum(), l.ColdStarts, wantActive)
	}
	if got, want := l.TimeToFirstFrame.Sum(), l.TimeToActive.Sum()+float64(n)*connect.Seconds(); math.Abs(got-want) > tol {
		t.Errorf("to first frame sums to %g s, want %g (to ACTIVE + connect)", got, want)
	}
	// the warm sessions wait start = 10 s, the cold ones 60 + 10 + 40 = 110 s
	// (minus the second the later arrivals are behind the allocation)
	if p50 := l.TimeToActive.Quantile(0.5); p50 < 100 || p50 > 115 {
		t.Errorf("to ACTIVE p50 %g s, want about 110 (3 of 5 sessions are cold)", p50)
	}
	if lo := l.TimeToActive.Quantile(0.1); math.Abs(lo-start.Seconds()) > 0.02*start.Seconds() {
		t.Errorf("to ACTIVE p10 %g s, want the warm sessions' %v", lo, start)
	}
}

// TestPlayerWaitNoShow: a client that never connects has a time to ACTIVE
// but no first frame.
func TestPlayerWaitNoShow(t *testing.T) {
	cfg := detConfig(2, 0, []time.Duration{time.Minute, 2 * time.Minute}, time.Hour)
	cfg.Demands[0].Client.NoShowProbability = 1
	l := runOne(t, cfg, nil).Locations[0]
	if l.TimeToActive.Count() != 2 || l.TimeToFirstFrame.Count() != 0 {
		t.Errorf("no-shows: %d to ACTIVE, %d to first frame; want 2 and 0", l.TimeToActive.Count(), l.TimeToFirstFrame.Count())
	}
}
