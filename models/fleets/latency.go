package fleets

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/capsim/capsim/sim"
)

// Placement by player latency (facts §6.1; G3, G4, G5). A request that
// carries latency data (DemandConfig.RTT) is placed as a queue with
// latency data places it:
//
//   - its destinations are ordered by the queue's PriorityOrder (default
//     LATENCY, COST, DESTINATION, LOCATION); one without latency data keeps
//     the destination order;
//   - the queue's PlayerLatencyPolicies run back to back from the request's
//     arrival: while one is in force, no destination whose round trip
//     exceeds its maximum may take the request; a policy without a duration
//     lasts until the queue times out, and after the last policy with a
//     duration no cap applies;
//   - a PENDING request is tried again at every relaxation, on the
//     destinations the new cap allows that have an idle process; a process
//     that frees up goes to the oldest PENDING request whose cap allows its
//     location.
//
// Every placed request records its players' round trip at the location
// that placed it (LocationResult.RTT).

// orderDestinations returns the demand's destinations (indices into d.locs)
// in the order its queue tries them.
func (m *model) orderDestinations(d *demand) []int {
	order := make([]int, len(d.locs))
	for k := range order {
		order[k] = k
	}
	if d.queue < 0 || len(d.cfg.RTT) != len(d.locs) {
		return order
	}
	prio := m.cfg.Queues[d.queue].Priority
	if len(prio) == 0 {
		prio = DefaultPriority
	}
	slices.SortStableFunc(order, func(a, b int) int {
		la, lb := m.locs[d.locs[a]], m.locs[d.locs[b]]
		for _, p := range prio {
			var c int
			switch p {
			case PriorityLatency:
				c = cmp.Compare(d.cfg.RTT[a], d.cfg.RTT[b])
			case PriorityCost:
				c = cmp.Compare(la.fc.PriceOnDemand, lb.fc.PriceOnDemand)
			case PriorityDestination:
				c = cmp.Compare(a, b)
			case PriorityLocation:
				c = strings.Compare(la.name, lb.name)
			}
			if c != 0 {
				return c
			}
		}
		return cmp.Compare(a, b)
	})
	return order
}

// latencyCap is the cap in force elapsed after a request's arrival, and
// whether there is one.
func latencyCap(policies []LatencyPolicy, elapsed time.Duration) (time.Duration, bool) {
	var start time.Duration
	for _, p := range policies {
		if p.PolicyDuration <= 0 || elapsed < start+p.PolicyDuration {
			return p.MaximumIndividualPlayerLatency, true
		}
		start += p.PolicyDuration
	}
	return 0, false
}

// nextRelaxation is when, after elapsed, the cap next changes; sim.Never
// if it does not.
func nextRelaxation(policies []LatencyPolicy, arrival sim.Time, elapsed time.Duration) sim.Time {
	var end time.Duration
	for _, p := range policies {
		if p.PolicyDuration <= 0 {
			return sim.Never
		}
		end += p.PolicyDuration
		if end > elapsed {
			return arrival.Add(end)
		}
	}
	return sim.Never
}

// allowed reports whether destination k of demand d may take a request
// that arrived at arrival, at now.
func (m *model) allowed(d *demand, k int, arrival, now sim.Time) bool {
	if d.queue < 0 || len(d.cfg.RTT) != len(d.locs) {
		return true
	}
	limit, ok := latencyCap(m.cfg.Queues[d.queue].LatencyPolicies, now.Sub(arrival))
	return !ok || d.cfg.RTT[k] <= limit
}

// tryDestinations places request id on the first destination, in its
// queue's order, that its cap allows and that has an idle process.
func (m *model) tryDestinations(id int32, d *demand, now sim.Time) bool {
	s := &m.sessions.Items[id]
	for _, k := range d.order {
		if l := m.locs[d.locs[k]]; len(l.pool[poolActive]) > 0 && m.allowed(d, k, s.arrival, now) {
			m.place(id, l, now)
			return true
		}
	}
	return false
}

// eligibleAt reports whether PENDING request id may be placed at l now.
func (m *model) eligibleAt(id int32, l *location, now sim.Time) bool {
	s := &m.sessions.Items[id]
	d := &m.demands[s.demand]
	for k, li := range d.locs {
		if li == l.idx {
			return m.allowed(d, k, s.arrival, now)
		}
	}
	return false
}

// recordRTT records the players' round trip of a fulfilled request.
func (m *model) recordRTT(s *session, l *location) {
	d := &m.demands[s.demand]
	if len(d.cfg.RTT) != len(d.locs) {
		return
	}
	for k, li := range d.locs {
		if li == l.idx {
			l.res.RTT.Add(d.cfg.RTT[k].Seconds())
			return
		}
	}
}
