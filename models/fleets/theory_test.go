package fleets

import (
	"testing"
	"time"

	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/sim"
)

// textbook is a managed fleet in its textbook form: n fixed instances of P
// processes (c = n×P servers), Poisson placements at lambda per hour,
// exponential games of mean 1/mu hours, instant activation, no cancels, a
// queue timeout D: the M/M/c+D queue. It runs 50 hours of warm-up and then
// long enough for about 100,000 placements.
func textbook(n, P int, lambda, mu float64, D time.Duration) *Config {
	horizon := time.Duration(float64(time.Hour) * (50 + 100000/lambda))
	cfg := viaQueue(horizon, D, &sim.Poisson{RatePerHour: lambda},
		sim.Exponential{M: time.Duration(float64(time.Hour) / mu)}, managedFleet("f", n, P))
	cfg.Warmup = 50 * time.Hour
	cfg.Seed = 2026
	return cfg
}

func TestTheoryMMcD(t *testing.T) {
	const reps = 10
	cases := []struct {
		name       string
		n, P       int
		lambda, mu float64 // per hour
		timeout    time.Duration
	}{
		// c = 20 process slots; games of 10 minutes; a 2-minute queue timeout.
		{"light c=20 a=14", 4, 5, 84, 6, 2 * time.Minute},
		{"heavy c=20 a=22", 2, 10, 132, 6, 2 * time.Minute},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := textbook(c.n, c.P, c.lambda, c.mu, c.timeout)
			testutil.CheckMMcD(t, c.lambda, c.mu, c.n*c.P, c.timeout, reps, func(rep int) (*Result, error) {
				return Run(cfg, rep, Options{CheckInvariants: rep == 0})
			}, func(r *Result) testutil.Queue {
				l := r.Locations[0]
				if l.ByStatus[PlacementCancelled]+l.ByStatus[PlacementFailed] != 0 {
					t.Fatalf("cancelled or failed placements in a textbook run: %v", l.ByStatus)
				}
				final := l.Placements - l.ByStatus[PlacementPending]
				return testutil.Queue{Abandoned: float64(l.ByStatus[PlacementTimedOut]) / float64(final),
					MeanWaitHours: l.Latency.Mean() / 3600, Utilisation: l.ActiveSessionSeconds / l.ProcessSlotSeconds}
			})
		})
	}
}
