package streams

import (
	"time"

	"github.com/capsim/capsim/sim"
)

// which lifecycle step a session's timer stands for
const (
	wActive uint8 = iota
	wInternalError
	wConnect
	wConnectionTimeout
	wDisconnect
	wReconnectStart
	wReconnected
	wReconnectionTimeout
	wPlayEnd
	wCrash
	wIdle
	wMaxLength
	wTerminated
)

// endReasons is the reason a session terminates for when the timer of one
// of these steps fires; at wPlayEnd it is the client's EndReason instead.
var endReasons = [...]Reason{
	wConnectionTimeout:   ReasonConnectionTimeout,
	wReconnectionTimeout: ReasonReconnectionTimeout,
	wCrash:               ReasonApplicationExit,
	wIdle:                ReasonIdleTimeout,
	wMaxLength:           ReasonMaxSessionLengthTimeout,
}

// session is one stream session, from StartStreamSession to TERMINATED or
// ERROR. It has at most one pending event: its placement timeout while it
// waits, then the earliest of its lifecycle steps.
//
// It is 128 bytes, two cache lines (TestSessionRecordSize): every event of
// a session reads most of it. crashAt and idleEnd hold, until the first
// connection, the delays drawn at arrival (crash, walking away), as nextAt
// holds the start delay until placement.
type session struct {
	sim.Slot      // Free, Gen: a record of model.sessions
	status        Status
	reason        Reason
	counted       bool // arrived after the warm-up
	noShow        bool
	connectedOnce bool
	nextW         uint8 // the step nextAt stands for
	demand        int32
	loc           int32 // placed location, -1 while not placed
	inst          int32
	assigned      int32 // location counting this request as demand while it waits, -1
	timer         sim.EventID
	failRoll      float64
	qmask         uint64 // bit k: waiting in the queue of demand location k

	arrival, placedAt                 sim.Time
	length, connectDelay              time.Duration
	nextAt                            sim.Time // the state-specific next step
	maxEnd, playEnd, crashAt, idleEnd sim.Time
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
	s.length = time.Duration(d.nextLength)
	if s.length == 0 {
		s.length = d.cfg.SessionLength.Sample(d.rng)
	}
	startDelay := time.Duration(0)
	if d.startDelay != nil {
		startDelay = d.startDelay.Sample(d.rng)
	}
	if cl.ConnectDelay != nil {
		s.connectDelay = cl.ConnectDelay.Sample(d.rng)
	}
	s.noShow = d.rng.Float64() < cl.NoShowProbability
	s.crashAt = sim.ExpAfter(d.rng, 0, cl.CrashRatePerHour) // relative until connected
	s.idleEnd = sim.ExpAfter(d.rng, 0, m.cfgAFK(cl))        // the AFK delay, relative until connected
	s.failRoll = d.rng.Float64()
	s.nextAt = sim.Time(startDelay) // relative until placed
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
	cl := &m.demands[s.demand].cfg.Client
	s.maxEnd = now.Add(cl.SessionLengthLimit)
	if cl.SessionLengthLimit <= 0 {
		s.maxEnd = sim.Never
	}
	s.playEnd = sim.Never // crashAt, idleEnd: still the delays drawn at arrival
	s.nextAt = now.Add(time.Duration(s.nextAt) + l.coldDelay(m, s.inst, s.counted))
	s.nextW = wActive
	if s.failRoll < m.cfg.Service.InternalErrorProbability {
		s.nextW = wInternalError
	}
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

// scheduleSession (re)schedules the session's one timer at its earliest step.
func (m *model) scheduleSession(id int32) {
	s := &m.sessions.Items[id]
	at, w := s.nextAt, s.nextW
	if s.status != StatusTerminating {
		if s.maxEnd < at {
			at, w = s.maxEnd, wMaxLength
		}
		if s.status == StatusConnected || s.status == StatusPendingClientReconnection || s.status == StatusReconnecting {
			if s.playEnd < at {
				at, w = s.playEnd, wPlayEnd
			}
			if s.crashAt < at {
				at, w = s.crashAt, wCrash
			}
			if s.idleEnd < at {
				at, w = s.idleEnd, wIdle
			}
		}
	}
	if s.timer.Valid() {
		m.s.Cancel(s.timer)
		s.timer = sim.EventID{}
	}
	if at < sim.Never {
		s.timer = m.s.At(at, m, sim.Event{Kind: evSession, ID: id, Arg: int64(s.Gen)<<8 | int64(w)})
	}
}

func (m *model) sessionTimer(id int32, arg int64, now sim.Time) {
	s := &m.sessions.Items[id]
	if s.Free || s.Gen != uint32(arg>>8) {
		m.fail("stale session event")
		return
	}
	s.timer = sim.EventID{}
	d := &m.demands[s.demand]
	cl := &d.cfg.Client
	switch w := uint8(arg); w {
	case wActive:
		s.status = StatusActive
		if s.counted {
			m.locs[s.loc].toActive.Add(now.Sub(s.arrival).Seconds())
		}
		if s.noShow || s.connectDelay >= cl.ConnectionTimeout {
			s.nextAt, s.nextW = now.Add(cl.ConnectionTimeout), wConnectionTimeout
		} else {
			s.nextAt, s.nextW = now.Add(s.connectDelay), wConnect
		}
	case wInternalError:
		m.endSession(id, m.locs[s.loc], StatusError, ReasonInternalError, now)
		return
	case wConnect, wReconnected:
		s.status = StatusConnected
		if !s.connectedOnce {
			s.connectedOnce = true
			if s.counted {
				m.locs[s.loc].toFrame.Add(now.Sub(s.arrival).Seconds())
			}
			crashAfter, afkAfter := s.crashAt.Duration(), s.idleEnd.Duration()
			s.playEnd = now.Add(s.length)
			s.crashAt = now.Add(crashAfter)
			s.idleEnd = sim.Never
			if afk := now.Add(afkAfter); afk < s.playEnd && m.cfg.Service.IdleTimeout > 0 {
				s.playEnd = sim.Never // the player walked away and never quits
				s.idleEnd = afk.Add(m.cfg.Service.IdleTimeout)
			}
		}
		s.nextAt, s.nextW = sim.ExpAfter(d.disconnect, now, cl.DisconnectRatePerHour), wDisconnect
	case wDisconnect:
		s.status = StatusPendingClientReconnection
		s.nextAt, s.nextW = now.Add(cl.ConnectionTimeout), wReconnectionTimeout
		if d.disconnect.Float64() < cl.ReconnectProbability {
			if dl := cl.ReconnectDelay.Sample(d.disconnect); dl < cl.ConnectionTimeout {
				s.nextAt, s.nextW = now.Add(dl), wReconnectStart
			}
		} else {
			s.playEnd = sim.Never // gone for good
		}
	case wReconnectStart:
		s.status = StatusReconnecting
		s.nextAt, s.nextW = now.Add(m.cfg.Service.ReconnectingDuration), wReconnected
	case wConnectionTimeout, wReconnectionTimeout, wCrash, wIdle, wMaxLength:
		m.beginTerminate(id, endReasons[w], now)
		return
	case wPlayEnd:
		m.beginTerminate(id, cl.EndReason, now)
		return
	case wTerminated:
		m.endSession(id, m.locs[s.loc], StatusTerminated, s.reason, now)
		return
	}
	m.scheduleSession(id)
}

// beginTerminate moves a placed session to TERMINATING; its slot is held
// until TERMINATED.
func (m *model) beginTerminate(id int32, r Reason, now sim.Time) {
	s := &m.sessions.Items[id]
	s.status = StatusTerminating
	s.reason = r
	s.nextAt, s.nextW = now.Add(m.cfg.Service.TerminatingDuration), wTerminated
	m.scheduleSession(id)
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
