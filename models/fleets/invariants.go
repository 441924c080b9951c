package fleets

import "github.com/capsim/capsim/sim"

// tally counts a location's placed sessions by state.
type tally struct{ activating, running, terminating, lingering, stuck, placed int }

// checkInvariants verifies, after an event, what must hold at every step.
// The first violation is recorded with m.fail (wrapping ErrInvariant).
func (m *model) checkInvariants(now sim.Time) {
	// Sessions by location and state, from the session table.
	counts := make([]tally, len(m.locs))
	queuedBy := make([]int, len(m.queues))
	for i := range m.sessions.Items {
		s := &m.sessions.Items[i]
		if s.Free {
			continue
		}
		if s.phase == phPending {
			if s.loc >= 0 {
				m.fail("pending session %d has a location", i)
			}
			if s.queued {
				queuedBy[s.queue]++
			} else if s.queue >= 0 {
				m.fail("pending queue request %d not queued", i)
			}
			continue
		}
		l := m.locs[s.loc]
		c := &counts[s.loc]
		c.placed++
		switch {
		case s.stuck:
			c.stuck++
			if s.status != GameTerminating {
				m.fail("%s: stuck session %d not TERMINATING", l.name, i)
			}
		case s.status == GameTerminating:
			c.terminating++
		case s.lingering:
			c.lingering++
			if s.timer.Valid() == l.fc.DisableStaleExpiration {
				m.fail("%s: lingering game %d has an expiry timer %v with expiry disabled %v", l.name, i, s.timer.Valid(), l.fc.DisableStaleExpiration)
			}
		case s.status == GameActivating:
			c.activating++
		case s.status == GameActive:
			c.running++
		default:
			m.fail("%s: live session %d in status %d", l.name, i, s.status)
		}
		if s.proc < 0 || int(s.proc) >= len(l.procs) || l.procs[s.proc].sess != int32(i) {
			m.fail("%s: session %d and its process %d do not point at each other", l.name, i, s.proc)
		}
		if s.queued {
			m.fail("%s: placed session %d still queued", l.name, i)
		}
	}
	for qi := range m.queues {
		q := &m.queues[qi]
		if q.pending != queuedBy[qi] {
			m.fail("queue %d: pending %d, %d requests wait", qi, q.pending, queuedBy[qi])
		}
		live := 0
		for _, e := range q.fifo.Entries() {
			if s := &m.sessions.Items[e.ID]; !s.Free && s.Gen == e.Gen && s.phase == phPending {
				live++
			}
		}
		if live != q.pending {
			m.fail("queue %d: %d live entries in the FIFO, pending %d", qi, live, q.pending)
		}
		if q.pending > 0 {
			m.checkNoneWaitsNeedlessly(qi)
		}
	}
	for li, l := range m.locs {
		m.checkLocation(l, &counts[li])
	}
}

func (m *model) checkLocation(l *location, c *tally) {
	if c.activating != l.activating || c.running != l.running || c.terminating != l.terminating || c.lingering != l.lingering {
		m.fail("%s: sessions say activating=%d running=%d terminating=%d lingering=%d, counters %d %d %d %d",
			l.name, c.activating, c.running, c.terminating, c.lingering, l.activating, l.running, l.terminating, l.lingering)
	}
	if l.busy != l.activating+l.running+l.terminating+l.lingering {
		m.fail("%s: %d busy processes != %d sessions", l.name, l.busy, l.activating+l.running+l.terminating+l.lingering)
	}
	if c.stuck != l.stuck || c.placed != l.busy+l.stuck {
		m.fail("%s: %d stuck and %d placed sessions, %d stuck and %d busy processes", l.name, c.stuck, c.placed, l.stuck, l.busy)
	}
	var n instTally
	for i := range l.insts {
		m.checkInstance(l, i, &n)
	}
	m.checkCounters(l, &n)
}

// instTally counts a location's instances, capacity units and processes
// by state, as the records say.
type instTally struct {
	launching, active, draining, spot int
	haveUnits, slots                  int
	starting, idle, busy, stuck       int
	inPool                            [2]int
}

// checkInstance checks instance i and its processes and counts them in n.
func (m *model) checkInstance(l *location, i int, n *instTally) {
	in := &l.insts[i]
	lo, hi := l.procRange(int32(i))
	for p := hi; p < int32((i+1)*l.stride); p++ {
		if l.procs[p].state != procDead {
			m.fail("%s: unused process slot %d of instance %d in state %d", l.name, p, i, l.procs[p].state)
		}
	}
	switch in.state {
	case instFree, instLaunching:
		if in.state == instLaunching {
			n.launching++
			n.haveUnits += l.weight(int32(i))
		}
		for p := lo; p < hi; p++ {
			if l.procs[p].state != procDead {
				m.fail("%s: process %d of a non-ACTIVE instance in state %d", l.name, p, l.procs[p].state)
			}
		}
		if in.state == instFree {
			return
		}
	case instActive:
		m.checkActive(l, int32(i), n)
	}
	if in.spot {
		n.spot++
	}
	if !in.spot && (in.noticed || in.reclaimAt != sim.Never) {
		m.fail("%s: On-Demand instance %d interrupted (noticed %v)", l.name, i, in.noticed)
	}
	if !in.spot && in.replacing && !(l.fc.Spot.RebalanceToSpot && l.fc.Balancing == SpotPreferred) {
		m.fail("%s: On-Demand instance %d replaced without RebalanceToSpot under SPOT_PREFERRED", l.name, i)
	}
	if in.noticed && in.reclaimAt == sim.Never {
		m.fail("%s: noticed instance %d has no reclaim time", l.name, i)
	}
}

// checkActive checks ACTIVE instance i and its processes.
func (m *model) checkActive(l *location, i int32, n *instTally) {
	in := &l.insts[i]
	if l.usable(i) {
		n.active++
		n.haveUnits += l.weight(i)
	} else {
		n.draining++
	}
	if (in.drain || in.replacing) && in.sessions == 0 {
		m.fail("%s: draining instance %d holds no session and was not removed", l.name, i)
	}
	lo, hi := l.procRange(i)
	n.slots += int(hi - lo)
	sessions := 0
	for p := lo; p < hi; p++ {
		sessions += m.checkProcess(l, int(i), int(p), n)
	}
	if sessions != int(in.sessions) {
		m.fail("%s: instance %d holds %d sessions, counter %d", l.name, i, sessions, in.sessions)
	}
}

// checkProcess checks process slot p of ACTIVE instance i, counts it in n
// and returns the sessions it holds (0 or 1).
func (m *model) checkProcess(l *location, i, p int, n *instTally) (sessions int) {
	pr := &l.procs[p]
	switch pr.state {
	case procStarting:
		n.starting++
	case procIdle:
		n.idle++
		if want := l.poolOf(int32(i)); pr.pool != want {
			m.fail("%s: idle process %d in pool %d, want %d", l.name, p, pr.pool, want)
		}
		if pr.pool != poolNone {
			n.inPool[pr.pool]++
			if l.pool[pr.pool][pr.pos] != int32(p) {
				m.fail("%s: idle process %d not at its pool position", l.name, p)
			}
		}
	case procBusy, procStuck:
		if pr.state == procBusy {
			n.busy++
		} else {
			n.stuck++
		}
		sessions = 1
		s := &m.sessions.Items[pr.sess]
		if s.Free || s.phase != phPlaced || s.loc != int32(l.idx) || s.proc != int32(p) {
			m.fail("%s: process %d holds session %d that is not placed on it", l.name, p, pr.sess)
		}
		if (pr.state == procStuck) != s.stuck {
			m.fail("%s: process %d stuck=%v, its session stuck=%v", l.name, p, pr.state == procStuck, s.stuck)
		}
	default:
		m.fail("%s: process %d of an ACTIVE instance is dead", l.name, p)
	}
	if pr.state != procIdle && pr.pool != poolNone {
		m.fail("%s: non-idle process %d in pool %d", l.name, p, pr.pool)
	}
	return sessions
}

// checkCounters compares the location's counters, gauges and desired
// count with what its records say (n).
func (m *model) checkCounters(l *location, n *instTally) {
	if n.launching != l.launching || n.active != l.active || n.draining != l.draining || n.haveUnits != l.haveUnits {
		m.fail("%s: instances say launching=%d active=%d draining=%d units=%d, counters %d %d %d %d",
			l.name, n.launching, n.active, n.draining, n.haveUnits, l.launching, l.active, l.draining, l.haveUnits)
	}
	if n.starting != l.starting || n.idle != l.idle || n.busy != l.busy || n.stuck != l.stuck {
		m.fail("%s: processes say starting=%d idle=%d busy=%d stuck=%d, counters %d %d %d %d",
			l.name, n.starting, n.idle, n.busy, n.stuck, l.starting, l.idle, l.busy, l.stuck)
	}
	if n.starting+n.idle+n.busy+n.stuck != n.slots {
		m.fail("%s: idle %d + busy %d + starting %d + stuck %d != %d process slots", l.name, n.idle, n.busy, n.starting, n.stuck, n.slots)
	}
	if n.inPool[0] != len(l.pool[0]) || n.inPool[1] != len(l.pool[1]) {
		m.fail("%s: pools hold %d and %d, processes say %d and %d", l.name, len(l.pool[0]), len(l.pool[1]), n.inPool[0], n.inPool[1])
	}
	m.checkGauges(l, n)
	if l.fc.LostEndFreesProcess && l.lingering != 0 {
		m.fail("%s: %d games linger on a process, but lost ends free the process", l.name, l.lingering)
	}
	if l.staleDetached < 0 || (!l.fc.LostEndFreesProcess && l.staleDetached != 0) {
		m.fail("%s: %d stale game instances without a process", l.name, l.staleDetached)
	}
	m.checkCapacity(l)
}

// checkGauges compares the location's gauges with the counts.
func (m *model) checkGauges(l *location, n *instTally) {
	notViable, od, sp := 0, int64(0), int64(0)
	for k := range l.ipools {
		ip := &l.ipools[k]
		if !ip.viable {
			notViable++
		}
		od += ip.onDemandG.Value()
		sp += ip.spotG.Value()
	}
	for _, g := range []struct {
		name      string
		got, want int64
	}{
		{"instances", l.instG.Value(), int64(n.launching + n.active + n.draining)},
		{"spot instances", l.spotG.Value(), int64(n.spot)},
		{"pools' spot instances", sp, int64(n.spot)},
		{"pools' on-demand instances", od, int64(n.launching + n.active + n.draining - n.spot)},
		{"process slots", l.slotG.Value(), int64(n.slots)},
		{"active sessions", l.activeG.Value(), int64(l.activating + l.running)},
		{"idle processes", l.idleG.Value(), int64(n.idle)},
		{"stuck processes", l.stuckG.Value(), int64(n.stuck)},
		{"expired games", l.expiredG.Value(), int64(l.lingering)},
		{"stale game instances", l.staleG.Value(), int64(l.lingering + l.staleDetached)},
		{"not viable pools", l.notViableG.Value(), int64(notViable)},
	} {
		if g.got != g.want {
			m.fail("%s: %s gauge %d, counted %d", l.name, g.name, g.got, g.want)
		}
	}
}

// checkCapacity checks the capacity against the desired count: never a
// whole instance of excess, never short while something can be launched,
// and the shortfall gauge says by how much it is short.
func (m *model) checkCapacity(l *location) {
	sc := &l.fc.Scaling
	maxW := 1
	for k := range l.ipools {
		maxW = max(maxW, l.ipools[k].weight)
	}
	_, _, canLaunch := l.pick()
	if l.have()-l.desired >= maxW || (canLaunch && l.have() < l.desired) {
		m.fail("%s: %d capacity units launching or usable, desired %d (largest weight %d, can launch %v)",
			l.name, l.have(), l.desired, maxW, canLaunch)
	}
	if short := int64(max(0, l.desired-l.have())); l.shortG.Value() != short {
		m.fail("%s: shortfall gauge %d, short %d", l.name, l.shortG.Value(), short)
	}
	if l.desired < 0 || l.desired > sc.MaxInstances {
		m.fail("%s: desired %d outside [0, %d]", l.name, l.desired, sc.MaxInstances)
	}
}

// checkNoneWaitsNeedlessly: no request of queue qi waits while a
// destination its latency cap allows (latency.go) has an idle process.
func (m *model) checkNoneWaitsNeedlessly(qi int) {
	q := &m.queues[qi]
	now := m.s.Now()
	for _, li := range q.dests {
		l := m.locs[li]
		n := len(l.pool[poolActive])
		if n == 0 {
			continue
		}
		for _, e := range q.fifo.Entries() {
			if s := &m.sessions.Items[e.ID]; !s.Free && s.Gen == e.Gen && s.phase == phPending && m.eligibleAt(e.ID, l, now) {
				m.fail("queue %d: %d requests wait while %s has %d idle processes", qi, q.pending, l.name, n)
				return
			}
		}
	}
}
