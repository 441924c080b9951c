package simrun

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
)

// MaxDemandScale is the largest factor [Resolved.ScaleDemand] takes.
const MaxDemandScale = 100

// ScaleDemand returns r with every demand's arrivals, stream groups' and
// fleets' alike, scaled by f (0 < f ≤ MaxDemandScale): the forecast's
// error, a what-if of more or fewer players. Everything else (session
// lengths, client behaviour, capacity) is unchanged, and every
// replication draws as before (common random numbers across factors as far
// as the arrivals allow).
//
//   - A Poisson process (a rate, 24 hourly rates, spikes) has every rate
//     and spike peak multiplied by f: exactly f times the expected arrivals
//     in every instant.
//   - A trace (recorded arrivals, replayed) is thinned or replicated: each
//     recorded arrival is kept ⌊f⌋ times, and once more with probability
//     f − ⌊f⌋; the first copy at the recorded instant, each further copy at
//     an instant drawn uniformly between it and the next recorded arrival
//     (the arrivals' profile over time is kept at the trace's own
//     resolution), with the recorded session length if the trace has one.
//     The draws are fixed by the scenario's seed, the demand and the
//     arrival, not by f, so a smaller factor's arrivals are a subset of a
//     larger one's; every replication replays the same scaled trace, as
//     it replays the same trace.
//
// An automatic event budget grows with f; a factor that makes a
// replication's expected arrivals exceed scenarios.MaxArrivalsPerRun is
// an error.
func (r *Resolved) ScaleDemand(f float64) (*Resolved, error) {
	if !(f > 0 && f <= MaxDemandScale) {
		return nil, fmt.Errorf("demand scale %g: want a factor above 0 and at most %d", f, MaxDemandScale)
	}
	out := *r
	seed := r.Scenario.Simulation.Seed
	auto := r.Scenario.Simulation.MaxEvents == 0
	if r.Streams != nil {
		cfg := *r.Streams
		cfg.Demands = slices.Clone(cfg.Demands)
		for i := range cfg.Demands {
			d := &cfg.Demands[i]
			d.Arrivals = scaleArrivals(d.Arrivals, f, seed, "streams/"+d.Name)
		}
		if auto && f > 1 {
			cfg.MaxEvents = uint64(math.Ceil(float64(cfg.MaxEvents) * f))
		}
		if n := cfg.ExpectedRequests(); n > scenarios.MaxArrivalsPerRun {
			return nil, fmt.Errorf("demand scale %g: about %.3g stream requests per replication is beyond the limit of %d", f, n, scenarios.MaxArrivalsPerRun)
		}
		out.Streams = &cfg
	}
	if r.Fleets != nil {
		fc := *r.Fleets
		fc.Demands = slices.Clone(fc.Demands)
		for i := range fc.Demands {
			d := &fc.Demands[i]
			d.Arrivals = scaleArrivals(d.Arrivals, f, seed, "fleets/"+d.Name)
		}
		if auto && f > 1 {
			fc.MaxEvents = int64(math.Ceil(float64(fc.MaxEvents) * f))
		}
		if n := fc.ExpectedRequests(); n > scenarios.MaxArrivalsPerRun {
			return nil, fmt.Errorf("demand scale %g: about %.3g placement requests per replication is beyond the limit of %d", f, n, scenarios.MaxArrivalsPerRun)
		}
		out.Fleets = &fc
	}
	return &out, nil
}

// scaleArrivals is a scaled by f (see [Resolved.ScaleDemand]); name and
// seed fix a trace's draws.
func scaleArrivals(a sim.Arrivals, f float64, seed uint64, name string) sim.Arrivals {
	switch a := a.(type) {
	case *sim.Poisson:
		p := &sim.Poisson{RatePerHour: a.RatePerHour * f, Spikes: slices.Clone(a.Spikes)}
		if a.Hourly != nil {
			p.Hourly = make([]float64, len(a.Hourly))
			for h, x := range a.Hourly {
				p.Hourly[h] = x * f
			}
		}
		for i := range p.Spikes {
			p.Spikes[i].PeakPerHour *= f
		}
		return p
	case *sim.Trace:
		return scaleTrace(a, f, seed, name)
	}
	return a // no arrivals
}

// scaleTrace thins or replicates a trace's arrivals (see
// [Resolved.ScaleDemand]).
func scaleTrace(t *sim.Trace, f float64, seed uint64, name string) *sim.Trace {
	type arrival struct {
		at, length time.Duration
	}
	var out []arrival
	var names []string // the draws' stream names, by draw
	uniform := func(i, k int) float64 {
		for len(names) <= k {
			names = append(names, fmt.Sprintf("demand-scale/%s/%d", name, len(names)))
		}
		s1, _ := sim.StreamSeeds(seed, i, names[k])
		return float64(s1>>11) / (1 << 53)
	}
	for i, at := range t.At {
		gap := time.Duration(0)
		if i+1 < len(t.At) {
			gap = t.At[i+1] - at
		}
		var length time.Duration
		if t.Lengths != nil {
			length = t.Lengths[i]
		}
		for k := 0; float64(k) < f; k++ {
			if float64(k+1) > f && uniform(i, 2*k) >= f-float64(k) {
				break
			}
			when := at
			if k > 0 {
				when += time.Duration(uniform(i, 2*k+1) * float64(gap))
			}
			out = append(out, arrival{when, length})
		}
	}
	slices.SortStableFunc(out, func(a, b arrival) int { return int(a.at - b.at) })
	s := &sim.Trace{Source: fmt.Sprintf("%s × %g", t.Source, f), At: make([]time.Duration, len(out))}
	if t.Lengths != nil {
		s.Lengths = make([]time.Duration, len(out))
	}
	for i, a := range out {
		s.At[i] = a.at
		if s.Lengths != nil {
			s.Lengths[i] = a.length
		}
	}
	return s
}
