package fleets

import (
	"slices"

	"github.com/capsim/capsim/sim"
)

// claim is ClaimGameServer. A claim naming a game server (drawn at its
// arrival with DirectClaimShare) goes to directClaim. Otherwise it
// takes an AVAILABLE unclaimed server on an ACTIVE instance of the group
// (its locations in order), else, if the filter allows DRAINING, one on a
// DRAINING instance (a Spot instance whose pool is not viable, F3); never
// one on a SPOT_TERMINATING instance; else OutOfCapacity and a retry after ClaimRetry while
// within ClaimTimeout of the request, or TIMED_OUT (also at once when
// ClaimRetry is 0: the caller does not retry).
func (m *model) claim(id int32, now sim.Time) {
	s := &m.sessions.Items[id]
	d := &m.demands[s.demand]
	if s.direct {
		if l, p, ok := m.pickServer(d); ok {
			m.directClaim(id, l, p, now)
			return
		}
		m.outOfCapacity(id, now)
		return
	}
	var l *location
	k := poolActive
	for _, li := range d.locs {
		if len(m.locs[li].pool[poolActive]) > 0 {
			l = m.locs[li]
			break
		}
	}
	if l == nil && m.allowsDraining(d) {
		for _, li := range d.locs {
			if len(m.locs[li].pool[poolDraining]) > 0 {
				l, k = m.locs[li], poolDraining
				break
			}
		}
	}
	if l == nil {
		m.outOfCapacity(id, now)
		return
	}
	m.claimed(id, l, l.takeIdle(m, k, now), now)
}

// outOfCapacity is a claim attempt that found no server: OutOfCapacity,
// then a retry or TIMED_OUT.
func (m *model) outOfCapacity(id int32, now sim.Time) {
	s := &m.sessions.Items[id]
	d := &m.demands[s.demand]
	if s.counted {
		m.locs[s.attr].res.OutOfCapacity++
	}
	next := now.Add(d.cfg.ClaimRetry)
	if d.cfg.ClaimRetry > 0 && next <= s.arrival.Add(d.cfg.ClaimTimeout) {
		s.timer = m.s.At(next, m, sim.Event{Kind: evRequest, ID: id, Arg: int64(s.Gen)<<8 | rqRetry})
		return
	}
	m.finishUnplaced(id, PlacementTimedOut, now)
}

// allowsDraining reports whether demand d's claims may use a server on a
// DRAINING instance: its filter lists DRAINING, or, with no filter, the
// fleet's ClaimDraining.
func (m *model) allowsDraining(d *demand) bool {
	if f := d.cfg.InstanceStatuses; f != nil {
		return slices.Contains(f, InstanceDraining)
	}
	return m.fleets[d.fleet].cfg.ClaimDraining
}

// pickServer draws the game server a direct claim names: uniformly among
// the group's registered servers (ready or holding a game) on ACTIVE
// instances, DRAINING ones included, locations in order.
func (m *model) pickServer(d *demand) (*location, int32, bool) {
	n := 0
	for _, li := range d.locs {
		n += m.locs[li].registered()
	}
	if n == 0 {
		return nil, 0, false
	}
	k := d.rngDirect.IntN(n)
	for _, li := range d.locs {
		l := m.locs[li]
		for p := range l.procs {
			if st := l.procs[p].state; l.insts[l.instOf(int32(p))].state == instActive && (st == procIdle || st == procBusy || st == procStuck) {
				if k == 0 {
					return l, int32(p), true
				}
				k--
			}
		}
	}
	m.fail("direct claim: %d registered servers counted, fewer found", n)
	return nil, 0, false
}

// registered counts the game servers registered on ACTIVE instances.
func (l *location) registered() int { return l.idle + l.busy + l.stuck }

// directClaim is ClaimGameServer naming game server p of l (S002). It
// fails with ConflictException if the server is UTILIZED (a game in play,
// or lingering after a lost end), already CLAIMED, or on a DRAINING
// instance (its Spot pool not viable) the filter does not allow; an
// instance drained by scale-in or SPOT_TERMINATING (noticed of its
// interruption: no new game servers, F3) is never claimable, and counts as
// the DRAINING conflict. The conflict is counted by
// cause and the claim ends FAILED (not retried). Otherwise the server is
// claimed as by a placement-optimized claim.
func (m *model) directClaim(id int32, l *location, p int32, now sim.Time) {
	s := &m.sessions.Items[id]
	pr := &l.procs[p]
	in := &l.insts[l.instOf(p)]
	cause := NumConflictCauses
	switch {
	case pr.state != procIdle && m.sessions.Items[pr.sess].status == GameActivating:
		cause = ConflictClaimed
	case pr.state != procIdle:
		cause = ConflictUtilized
	case in.drain || in.noticed || (in.replacing && !m.allowsDraining(&m.demands[s.demand])):
		cause = ConflictDraining
	}
	if cause != NumConflictCauses {
		if s.counted {
			m.locs[s.attr].res.DirectClaimConflicts[cause]++
		}
		m.finishUnplaced(id, PlacementFailed, now)
		return
	}
	m.claimed(id, l, l.take(p, now), now)
}

// claimed holds server p of l CLAIMED for request id: the client connects
// after ClientConnectDelay (UTILIZED) unless that exceeds ClaimHold, when
// the claim lapses.
func (m *model) claimed(id int32, l *location, p int32, now sim.Time) {
	m.hold(id, l, p, l.fc.ClientConnectDelay, l.fc.ClaimHold, wConnect, wClaimLapse, now)
}
