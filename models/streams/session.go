package streams

import (
	"time"

	"github.com/capsim/capsim/sim"
)

// session is one stream session, from StartStreamSession to TERMINATED or
// ERROR. It has at most one pending event: its placement timeout while it
// waits, then its next lifecycle step that needs one (lifecycle.go).
//
// It is 128 bytes, two cache lines (TestSessionRecordSize), laid out so
// that the first holds every field that the end of a session reads (its
// TERMINATED event: record, endSession, give), the event that most
// sessions have alone: at a large title's scale, where the records
// outgrow the caches, that event then misses one line, not two (Prefetch
// loads only that one for it). The second holds what arrival, placement,
// waiting and the client's other steps read. Until the session is placed,
// activeAt and connectAt hold the start and connect delays drawn at
// arrival, playEnd the play time, and crashAt, idleEnd and nextAt the
// delays from the first connection to a crash, to walking away and to a
// disconnection (drawClient).
type session struct {
	// first cache line: what the end of a session reads
	sim.Slot // Free, Gen: a record of model.sessions
	status   Status
	reason   Reason
	counted  bool  // arrived after the warm-up
	measured uint8 // lazy transitions recorded (lifecycle.go)
	demand   int32
	loc      int32 // placed location, -1 while not placed
	inst     int32
	timer    sim.EventID

	arrival, placedAt   sim.Time
	activeAt, connectAt sim.Time // planned at placement: to ACTIVE, to CONNECTED (Never: not reached)

	// second cache line
	noShow   bool
	nextW    uint8 // the step nextAt stands for
	assigned int32 // location counting this request as demand while it waits, -1
	failRoll float64
	qmask    uint64 // bit k: waiting in the queue of demand location k

	nextAt                    sim.Time // the state-specific next step
	playEnd, crashAt, idleEnd sim.Time
	_                         uint64 // two cache lines
}

// arrive handles a StartStreamSession request of demand d.
func (m *model) arrive(d *demand, now sim.Time) {
	m.arrivals++
	id := m.sessions.New()
	s := &m.sessions.Items[id]
	s.demand, s.loc, s.assigned, s.arrival = int32(d.idx), -1, -1, now
	s.status = StatusActivating
	s.counted = now >= m.run.Warmup
	// Every per-session draw, in a fixed order, from the demand's stream:
	// demand is identical whatever the capacity (common random numbers).
	cl := &d.cfg.Client
	length := time.Duration(d.nextLength)
	if length == 0 {
		length = d.cfg.SessionLength.Sample(d.rng)
	}
	s.playEnd = sim.Time(length) // relative until placed, as the next ones
	s.activeAt, s.connectAt = 0, 0
	if d.startDelay != nil {
		s.activeAt = sim.Time(d.startDelay.Sample(d.rng))
	}
	if cl.ConnectDelay != nil {
		s.connectAt = sim.Time(cl.ConnectDelay.Sample(d.rng))
	}
	// one 64-bit draw, two 32-bit uniforms
	u := d.rng.Uint64()
	s.noShow = unit32(uint32(u>>32)) < cl.NoShowProbability
	s.failRoll = unit32(uint32(u))
	m.drawClient(s, d, length)
	m.scheduleArrival(d, now)

	first := m.locs[d.locs[0]]
	if s.counted {
		first.requests++
		if first.hours != nil {
			first.hours[hourOf(now)].Requests++
		}
	}
	if first.ts != nil {
		first.tsArrivals++
	}
	if m.groupExpired(d.group) {
		m.endSession(id, first, StatusError, ReasonStreamGroupExpired, now)
		return
	}
	for _, li := range d.locs {
		if l := m.locs[li]; l.status == LocationActive && l.freeReady() > 0 {
			m.place(id, l, now)
			return
		}
	}
	m.wait(id, d, now)
}

func (m *model) cfgAFK(cl *Client) float64 {
	if m.cfg.Service.IdleTimeout <= 0 {
		return 0
	}
	return cl.AFKRatePerHour
}

// wait queues a request that found no free slot, in every location of its
// list that exists, and lets the first location able to grow count it.
func (m *model) wait(id int32, d *demand, now sim.Time) {
	s := &m.sessions.Items[id]
	for k, li := range d.locs {
		l := m.locs[li]
		if l.status == LocationActive || l.status == LocationActivating {
			l.queue.Push(id, s.Gen)
			l.waiting++
			l.waitG.Add(now, 1)
			s.qmask |= 1 << k
		}
	}
	timeout := m.waitTimeout(d)
	m.assign(id, d, now)
	s.timer = m.s.At(now.Add(timeout), m, sim.Event{Kind: evPlacementTimeout, ID: id, Arg: int64(s.Gen)})
}

// assign lets the first location of the request's list able to grow count
// it as demand, if any.
func (m *model) assign(id int32, d *demand, now sim.Time) {
	s := &m.sessions.Items[id]
	for _, li := range d.locs {
		if l := m.locs[li]; l.canTake() {
			l.assigned++
			s.assigned = int32(li)
			l.reconcile(m, now)
			return
		}
	}
}

// unqueue takes every live request out of l's queue and moves those l
// counted as demand to the next location able to grow (l is being removed).
func (m *model) unqueue(l *location, now sim.Time) {
	for _, q := range l.queue.Entries() {
		s := &m.sessions.Items[q.ID]
		if s.Free || s.Gen != q.Gen || s.loc >= 0 || s.status != StatusActivating {
			continue
		}
		d := &m.demands[s.demand]
		for k, li := range d.locs {
			if li == l.idx && s.qmask&(1<<k) != 0 {
				s.qmask &^= 1 << k
				l.waiting--
				l.waitG.Add(now, -1)
			}
		}
		if s.assigned == int32(l.idx) {
			l.assigned--
			s.assigned = -1
			m.assign(q.ID, d, now)
		}
	}
	l.queue.Reset()
}

// leaveQueues undoes wait's bookkeeping.
func (m *model) leaveQueues(s *session, now sim.Time) {
	d := &m.demands[s.demand]
	for k, li := range d.locs {
		if s.qmask&(1<<k) != 0 {
			l := m.locs[li]
			l.waiting--
			l.waitG.Add(now, -1)
		}
	}
	s.qmask = 0
	if s.assigned >= 0 {
		l := m.locs[s.assigned]
		l.assigned--
		s.assigned = -1
		l.reconcile(m, now)
	}
}

// place starts session id on a free slot of l.
func (m *model) place(id int32, l *location, now sim.Time) {
	s := &m.sessions.Items[id]
	if s.loc >= 0 {
		m.fail("session placed twice")
		return
	}
	if s.timer.Valid() {
		m.s.Cancel(s.timer)
		s.timer = sim.EventID{}
	}
	s.inst = l.take(m, now)
	s.loc = int32(l.idx)
	s.placedAt = now
	if s.counted {
		l.placed++
		l.latency.Add(now.Sub(s.arrival).Seconds())
		if l.hours != nil {
			l.hours[hourOf(s.arrival)].Latency.Add(now.Sub(s.arrival).Seconds())
		}
		m.recordRTT(&m.demands[s.demand], l)
	}
	waited := s.qmask != 0 || s.assigned >= 0
	if waited {
		m.leaveQueues(s, now)
	}
	m.planPlaced(s, now.Add(time.Duration(s.activeAt)+l.coldDelay(m, s.inst, s.counted)))
	m.scheduleSession(id)
	if !waited {
		l.reconcile(m, now) // target idle follows use
	}
}

func (m *model) placementTimeout(id int32, gen uint32, now sim.Time) {
	s := &m.sessions.Items[id]
	if s.Free || s.Gen != gen || s.loc >= 0 {
		m.fail("stale placement timeout")
		return
	}
	s.timer = sim.EventID{}
	attr := m.locs[m.demands[s.demand].locs[0]]
	if s.counted {
		m.countTimeoutWhileAllocating(s)
	}
	m.leaveQueues(s, now)
	m.endSession(id, attr, StatusError, ReasonPlacementTimeout, now)
}

// countTimeoutWhileAllocating counts a placement timeout at the first
// location the request waited at (queued or counted as demand) where an
// instance is being allocated, if any.
func (m *model) countTimeoutWhileAllocating(s *session) {
	for k, li := range m.demands[s.demand].locs {
		l := m.locs[li]
		if (s.qmask&(1<<k) != 0 || s.assigned == int32(li)) && l.allocating > 0 {
			l.timeoutsAllocating++
			return
		}
	}
}

// endSession records the final status, frees the slot and the session.
func (m *model) endSession(id int32, attr *location, st Status, r Reason, now sim.Time) {
	s := &m.sessions.Items[id]
	if s.status.Terminal() {
		m.fail("session ended twice")
		return
	}
	s.status, s.reason = st, r
	if st == StatusError {
		if first := m.locs[m.demands[s.demand].locs[0]]; first.ts != nil {
			first.tsFailBy[r]++
		}
	}
	if s.counted {
		if st == StatusError {
			first := m.locs[m.demands[s.demand].locs[0]]
			first.failures++
			first.failBy[r]++
			if first.hours != nil {
				first.hours[hourOf(s.arrival)].Failures++
			}
		} else {
			attr.termBy[r]++
		}
	}
	if m.opt.OnSessionEnd != nil {
		d := &m.demands[s.demand]
		rec := SessionRecord{Demand: d.cfg.Name, Group: m.groups[d.group].name, Status: st, Reason: r,
			ArrivalSeconds: s.arrival.Seconds(), PlacedSeconds: -1, EndSeconds: now.Seconds()}
		if s.loc >= 0 {
			rec.Location = m.locs[s.loc].name
			rec.PlacedSeconds = s.placedAt.Seconds()
		}
		m.opt.OnSessionEnd(rec)
	}
	if s.timer.Valid() {
		m.s.Cancel(s.timer)
	}
	loc, inst := s.loc, s.inst
	if loc >= 0 {
		m.sessionLeftGroup(s, now)
	}
	m.sessions.Release(id)
	if loc >= 0 {
		m.locs[loc].give(m, inst, now)
	}
}
