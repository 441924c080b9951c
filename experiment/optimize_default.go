package experiment

import (
	"fmt"
	"math"
	"time"

	"github.com/capsim/capsim/internal/queueing"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
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

// rangeLoads is how many times the peak offered load the default range of
// always_on reaches (and at least this many tenancy steps above it).
const rangeLoads = 3

// idleSteps is the least tenancy steps the default range of target_idle
// reaches; it reaches 2√a (a the peak offered load) when that is more.
const idleSteps = 4

// DefaultVars returns the default decision variables of every stream
// location, in tenancy steps, a being the peak offered load of the demands
// that list it first:
//   - always_on from 0 to rangeLoads × a (and rangeLoads steps more),
//     starting where M/M/c+D at that load meets targets;
//   - unless the location is in always-on form (neither target_idle nor
//     maximum set, so it never allocates on demand), target_idle from 0 to
//     2√a (at least idleSteps steps), starting at the scenario's value, and
//     maximum from one step to the top of the other two together, starting
//     at the top.
//
// Then every fleet's scaling bounds (see fleetVars). Plans the scenario
// rejects (maximum below always_on, or no room above it for target_idle)
// are skipped by [Optimize] as infeasible.
func DefaultVars(sc *scenarios.Scenario, t Targets) ([]Var, error) {
	cfg, fc, err := sc.BuildAll()
	if err != nil {
		return nil, err
	}
	var out []Var
	for g, grp := range cfg.Groups {
		step := max(grp.Class.Tenancy, 1)
		for l, loc := range grp.Locations {
			lambda, meanHours := peakLoad(cfg, g, l, loc.Name)
			a := lambda * meanHours
			path := fmt.Sprintf("stream_group[%d].location[%d].", g, l)
			hi := int(math.Ceil((rangeLoads*a)/float64(step)))*step + rangeLoads*step
			v := Var{Path: path + "always_on", Lo: 0, Hi: hi, Step: step}
			v.Start, v.StartFromTheo = WarmStart(lambda, meanHours, step, cfg.Service.PlacementTimeoutAlwaysOn.Hours(), t)
			out = append(out, v)
			if loc.TargetIdle == 0 && loc.Maximum == 0 {
				continue
			}
			idle := max(int(math.Ceil(2*math.Sqrt(a)/float64(step))), idleSteps) * step
			out = append(out, Var{Path: path + "target_idle", Lo: 0, Hi: idle, Step: step, Start: loc.TargetIdle},
				Var{Path: path + "maximum", Lo: step, Hi: hi + idle, Step: step, Start: hi + idle})
		}
	}
	if fc != nil {
		out = append(out, fleetVars(sc, fc, t)...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("experiment: optimize: %w: the scenario has no stream location or fleet to size", ErrDesign)
	}
	return out, nil
}

// DefaultObjective is the metric optimize minimizes unless told: the
// stream groups' cost, the fleets' (fleet_total.cost_usd) in a scenario
// with fleets only, and their sum when it has both.
func DefaultObjective(sc *scenarios.Scenario) string {
	const streamCost, fleetCost = "total.cost_usd", "fleet_total.cost_usd"
	switch {
	case len(sc.Fleets) == 0:
		return streamCost
	case len(sc.StreamGroups) == 0:
		return fleetCost
	}
	return streamCost + "+" + fleetCost
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

// peakRate is a Poisson process's highest rate per hour (base or hourly
// rate and spikes, seen minute by minute over the horizon), else the
// mean rate over the horizon.
func peakRate(a sim.Arrivals, horizon time.Duration) float64 {
	if p, ok := a.(*sim.Poisson); ok {
		peak := p.Rate(0)
		for t := time.Minute; t < horizon; t += time.Minute {
			peak = max(peak, p.Rate(t))
		}
		return peak
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
