package optimize

import (
	"math"
	"strings"

	"github.com/capsim/capsim/internal/queueing"
	"github.com/capsim/capsim/simrun"
)

// Targets are the service levels the queueing warm start aims at: the
// placement failure ratio and p95 placement wait (seconds) limits of the
// stream locations, and the timed-out ratio and p95 placement wait of
// the fleets; NaN where no requirement sets one ([NoTargets]).
type Targets struct {
	FailureRatio, P95Seconds           float64
	FleetFailureRatio, FleetP95Seconds float64
}

// NoTargets are targets none of which is set.
func NoTargets() Targets {
	nan := math.NaN()
	return Targets{FailureRatio: nan, P95Seconds: nan, FleetFailureRatio: nan, FleetP95Seconds: nan}
}

// TargetsOf are the failure-ratio and p95-wait limits of reqs, for the
// queueing warm start and the hourly schedule: the tightest upper limit
// of each.
func TargetsOf(reqs []simrun.Requirement) Targets {
	t := NoTargets()
	tighten := func(x *float64, bound float64) {
		if math.IsNaN(*x) || bound < *x {
			*x = bound
		}
	}
	for _, r := range reqs {
		if !r.Upper() {
			continue
		}
		fleet := strings.HasPrefix(r.Name, "fleet")
		switch {
		case strings.HasSuffix(r.Name, ".placement_failure_ratio"):
			tighten(&t.FailureRatio, r.Limit)
		case fleet && strings.HasSuffix(r.Name, ".timed_out_ratio"):
			tighten(&t.FleetFailureRatio, r.Limit)
		case strings.HasSuffix(r.Name, ".placement_latency_seconds.p95") && fleet:
			tighten(&t.FleetP95Seconds, r.Limit)
		case strings.HasSuffix(r.Name, ".placement_latency_seconds.p95"):
			tighten(&t.P95Seconds, r.Limit)
		}
	}
	return t
}

// WarmStart is the smallest multiple of step c at which M/M/c+D (arrivals
// lambda per hour, sessions of mean meanHours, patience patienceHours)
// meets the targets, and true; without targets, or beyond 10 times the
// load, square-root staffing a + √a rounded up to a step, and false.
func WarmStart(lambda, meanHours float64, step int, patienceHours float64, t Targets) (int, bool) {
	a := lambda * meanHours
	sqrtStaff := int(math.Ceil((a+math.Sqrt(a))/float64(step))) * step
	if a <= 0 || math.IsNaN(t.FailureRatio) && math.IsNaN(t.P95Seconds) {
		return sqrtStaff, false
	}
	for c := step; c <= 10*int(a)+10*step; c += step {
		r, err := queueing.MMcD(lambda, 1/meanHours, c, patienceHours)
		if err != nil {
			break
		}
		if !(r.AbandonProbability > t.FailureRatio) && !(r.WaitQuantileServed(0.95)*3600 > t.P95Seconds) {
			return c, true
		}
	}
	return sqrtStaff, false
}
