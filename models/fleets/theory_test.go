package fleets

import (
	"math"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/queueing"
	"github.com/capsim/capsim/sim"
	"gonum.org/v1/gonum/stat"
)

// textbook is a managed fleet in its textbook form: n fixed instances of P
// processes (c = n×P servers), Poisson placements at lambda per hour,
// exponential games of mean 1/mu hours, instant activation, no cancels, a
// queue timeout D: the M/M/c+D queue.
func textbook(n, P int, lambda, mu float64, D, horizon time.Duration) *Config {
	cfg := viaQueue(horizon, D, &sim.Poisson{RatePerHour: lambda},
		sim.Exponential{M: time.Duration(float64(time.Hour) / mu)}, managedFleet("f", n, P))
	cfg.Warmup = 50 * time.Hour
	cfg.Seed = 2026
	return cfg
}

type theoryRun struct{ abandon, meanWaitHours, util []float64 }

func runTheory(t *testing.T, cfg *Config, reps int) theoryRun {
	t.Helper()
	res, err := sim.Replicate(reps, sim.ReplicateOptions{}, func(rep int) (*Result, error) {
		return Run(cfg, rep, Options{CheckInvariants: rep == 0})
	})
	if err != nil {
		t.Fatal(err)
	}
	var tr theoryRun
	for _, r := range res {
		l := r.Locations[0]
		final := l.Placements - l.ByStatus[PlacementPending]
		if l.ByStatus[PlacementCancelled]+l.ByStatus[PlacementFailed] != 0 {
			t.Fatalf("cancelled or failed placements in a textbook run: %v", l.ByStatus)
		}
		tr.abandon = append(tr.abandon, float64(l.ByStatus[PlacementTimedOut])/float64(final))
		tr.meanWaitHours = append(tr.meanWaitHours, l.Latency.Mean()/3600)
		tr.util = append(tr.util, l.ActiveSessionSeconds/l.ProcessSlotSeconds)
	}
	return tr
}

// near checks a replication mean against theory within 4.5 standard errors
// of the replication mean (a false alarm about once in 150,000 for a
// correct model) plus an absolute floor.
func near(t *testing.T, what string, xs []float64, want, floor float64) {
	t.Helper()
	mean := stat.Mean(xs, nil)
	se := stat.StdDev(xs, nil) / math.Sqrt(float64(len(xs)))
	tol := 4.5*se + floor
	if math.Abs(mean-want) > tol {
		t.Errorf("%s = %.5g ± %.2g (SE), theory %.5g: off by %.2g > tolerance %.2g", what, mean, se, want, math.Abs(mean-want), tol)
	} else {
		t.Logf("%s = %.5g (SE %.2g), theory %.5g", what, mean, se, want)
	}
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
			horizon := time.Duration(float64(time.Hour) * (50 + 100000/c.lambda))
			cfg := textbook(c.n, c.P, c.lambda, c.mu, c.timeout, horizon)
			th, err := queueing.MMcD(c.lambda, c.mu, c.n*c.P, c.timeout.Hours())
			if err != nil {
				t.Fatal(err)
			}
			tr := runTheory(t, cfg, reps)
			near(t, "timed-out ratio", tr.abandon, th.AbandonProbability, 1e-4)
			near(t, "mean wait of served (h)", tr.meanWaitHours, th.MeanWaitServed, 1e-7)
			near(t, "utilisation", tr.util, th.Utilisation, 1e-4)
		})
	}
}
