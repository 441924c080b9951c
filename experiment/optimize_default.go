package experiment

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/capsim/capsim/internal/queueing"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
)

// Targets are the service levels the queueing warm start aims at: the
// placement failure ratio and p95 placement wait (seconds) limits; NaN
// where no requirement sets one.
type Targets struct {
	FailureRatio, P95Seconds float64
}

// rangeLoads is how many times the peak offered load the default range of
// always_on reaches (and at least this many tenancy steps above it).
const rangeLoads = 3

// DefaultVars returns the default decision variables: every stream
// location's always_on, in tenancy steps, from 0 to rangeLoads × the peak
// offered load of the demands that list it first (capped by its maximum),
// starting where M/M/c+D at that load meets targets.
func DefaultVars(sc *scenarios.Scenario, t Targets) ([]Var, error) {
	cfg, _, err := sc.BuildAll()
	if err != nil {
		return nil, err
	}
	var out []Var
	for g, grp := range cfg.Groups {
		step := max(grp.Class.Tenancy, 1)
		for l, loc := range grp.Locations {
			lambda, meanHours := peakLoad(cfg, g, l, loc.Name)
			a := lambda * meanHours
			hi := int(math.Ceil((rangeLoads*a)/float64(step)))*step + rangeLoads*step
			if loc.Maximum > 0 && cfg.Service.MaximumIncludesAlwaysOn {
				top := loc.Maximum / step * step
				if loc.TargetIdle > 0 {
					top -= step // target_idle needs room above always_on
				}
				hi = max(min(hi, top), 0)
			}
			v := Var{Path: fmt.Sprintf("stream_group[%d].location[%d].always_on", g, l), Lo: 0, Hi: hi, Step: step}
			v.Start, v.StartFromTheo = WarmStart(lambda, meanHours, step, cfg.Service.PlacementTimeoutAlwaysOn.Hours(), t)
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("experiment: optimize: %w: the scenario has no stream location to size", ErrDesign)
	}
	return out, nil
}

// peakLoad is the peak arrival rate per hour of the demands on group g that
// list location l first (l 0: also those listing none) and their mean
// session length in hours, weighted by rate.
func peakLoad(cfg *streams.Config, g, l int, name string) (lambda, meanHours float64) {
	var weighted float64
	for _, d := range cfg.Demands {
		first := len(d.Locations) == 0 && l == 0 || len(d.Locations) > 0 && d.Locations[0] == name
		if d.Group != g || !first || d.Arrivals == nil || d.SessionLength == nil {
			continue
		}
		r := peakRate(d.Arrivals, cfg.Horizon)
		lambda += r
		weighted += r * d.SessionLength.Mean().Hours()
	}
	if lambda > 0 {
		meanHours = weighted / lambda
	}
	return lambda, meanHours
}

func peakRate(a sim.Arrivals, horizon time.Duration) float64 {
	if p, ok := a.(*sim.Poisson); ok {
		if len(p.Hourly) > 0 {
			return slices.Max(p.Hourly)
		}
		return p.RatePerHour
	}
	if horizon <= 0 {
		return 0
	}
	return a.ExpectedCount(horizon) / horizon.Hours()
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
