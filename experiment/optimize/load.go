package optimize

import (
	"time"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
)

// rangeLoads is how many times the peak offered load the default range of
// always_on reaches (and at least this many tenancy steps above it).
const rangeLoads = 3

// idleSteps is the least tenancy steps the default range of target_idle
// reaches; it reaches 2√a (a the peak offered load) when that is more.
const idleSteps = 4

// PeakLoad is the peak arrival rate per hour of the demands on group g that
// list location l first (l 0: also those listing none) and their mean
// session length in hours, weighted by rate.
func PeakLoad(cfg *streams.Config, g, l int, name string) (lambda, meanHours float64) {
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

// fleetLoad is the peak arrival rate per hour of the demands whose first
// destination is fleet f (a queue's first, or the FleetIQ group claimed),
// their mean game length in hours, weighted by rate, and the longest
// patience among them (queue timeout, or claim timeout).
func fleetLoad(fc *fleets.Config, f int) (lambda, meanHours float64, patience time.Duration) {
	var weighted float64
	for _, d := range fc.Demands {
		target, wait := d.Fleet, d.ClaimTimeout
		if d.Queue >= 0 {
			q := fc.Queues[d.Queue]
			target, wait = -1, q.Timeout
			if len(q.Destinations) > 0 {
				target = q.Destinations[0].Fleet
			}
		}
		if target != f || d.Arrivals == nil || d.GameLength == nil {
			continue
		}
		r := peakRate(d.Arrivals, fc.Horizon)
		lambda += r
		weighted += r * d.GameLength.Mean().Hours()
		patience = max(patience, wait)
	}
	if lambda > 0 {
		meanHours = weighted / lambda
	}
	return lambda, meanHours, patience
}
