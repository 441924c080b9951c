package testutil

import (
	"math"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/queueing"
	"github.com/capsim/capsim/sim"
	"gonum.org/v1/gonum/stat"
)

// Queue is what one replication of a model in its textbook form measured,
// to compare with the M/M/c+D queue: the share of requests that gave up
// waiting, the mean wait of those served in hours, and the servers'
// utilisation.
type Queue struct{ Abandoned, MeanWaitHours, Utilisation float64 }

// CheckMMcD runs reps replications (run) of a model in the form of an
// M/M/c+D queue (Poisson arrivals at lambda per hour, exponential service of
// rate mu per hour, c servers, a queue timeout D) and checks the
// replication means of what measure reads from each against
// queueing.MMcD. It returns the theory, for further checks.
func CheckMMcD[R any](t *testing.T, lambda, mu float64, c int, D time.Duration, reps int,
	run func(rep int) (R, error), measure func(R) Queue) queueing.MMcDResult {
	t.Helper()
	th, err := queueing.MMcD(lambda, mu, c, D.Hours())
	NoErr(t, err)
	res, err := sim.Replicate(reps, sim.ReplicateOptions{}, run)
	NoErr(t, err)
	var abandoned, wait, util []float64
	for _, r := range res {
		q := measure(r)
		abandoned = append(abandoned, q.Abandoned)
		wait = append(wait, q.MeanWaitHours)
		util = append(util, q.Utilisation)
	}
	near(t, "abandoned ratio", abandoned, th.AbandonProbability, 1e-4)
	near(t, "mean wait of served (h)", wait, th.MeanWaitServed, 1e-7)
	near(t, "utilisation", util, th.Utilisation, 1e-4)
	return th
}

// near checks a replication mean against theory. The tolerance is derived
// from the run: 4.5 standard errors of the replication mean (a false alarm
// about once in 150,000 for a correct model), plus an absolute floor for
// quantities that are 0 in theory.
func near(t *testing.T, what string, xs []float64, want, floor float64) {
	t.Helper()
	mean := stat.Mean(xs, nil)
	se := stat.StdDev(xs, nil) / math.Sqrt(float64(len(xs))) // SE of the replication mean
	tol := 4.5*se + floor
	if math.Abs(mean-want) > tol {
		t.Errorf("%s = %.5g ± %.2g (SE), theory %.5g: off by %.2g > tolerance %.2g", what, mean, se, want, math.Abs(mean-want), tol)
	} else {
		t.Logf("%s = %.5g (SE %.2g), theory %.5g", what, mean, se, want)
	}
}
