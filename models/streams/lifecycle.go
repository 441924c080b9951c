package streams

import (
	"time"

	"github.com/capsim/capsim/sim"
)

// A placed session's lifecycle (ACTIVATING, ACTIVE, CONNECTED, the
// disconnection chain, TERMINATING, TERMINATED or ERROR) costs an event
// only where something other than its own status changes or a draw is
// made at that time. Becoming ACTIVE and first CONNECTED change nothing
// any other part of the model reads (every observer treats ACTIVATING,
// ACTIVE and CONNECTED alike: a placed session that is not TERMINATING),
// and their times are known at placement; so they are planned there
// (activeAt, connectAt), recorded as they happen by the session's next
// event, or cut at an interruption (a removal, TerminateStreamSession),
// and read through statusAt meanwhile. Likewise a step that begins
// TERMINATING (play end, a crash, a timeout) is planned with its reason:
// its event is the end of TERMINATING, when the slot is given back.
// A session that plays to its end costs its arrival and that one event.

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

// endReasons is the reason a session terminates for at one of these
// steps; at wPlayEnd it is the client's EndReason instead.
var endReasons = [...]Reason{
	wConnectionTimeout:   ReasonConnectionTimeout,
	wReconnectionTimeout: ReasonReconnectionTimeout,
	wCrash:               ReasonApplicationExit,
	wIdle:                ReasonIdleTimeout,
	wMaxLength:           ReasonMaxSessionLengthTimeout,
}

// session.measured bits: the planned transition has been recorded.
const (
	measuredActive uint8 = 1 << iota
	measuredConnect
)

// drawClient draws, at arrival and from the demand's stream, what the
// client will do from its first connection: crash (CrashRatePerHour),
// walk away (AFKRatePerHour, when idle timeouts are on) or disconnect
// (DisconnectRatePerHour, while CONNECTED), three competing exponential
// clocks. One exponential draw at their summed rate gives the first of
// them; only if it comes before the play ends (length after the first
// connection) does it matter which one it is, a second draw, and then the
// clocks still running restart from it (memoryless, so exactly as if
// drawn from the first connection). The number of draws depends on the
// session's own draws only, so the demand's stream is the same whatever
// the capacity (common random numbers). The times are relative to the
// first connection, Never for a clock that never matters: crashAt,
// idleEnd (walking away) and nextAt (disconnection).
func (m *model) drawClient(s *session, d *demand, length time.Duration) {
	s.crashAt, s.idleEnd, s.nextAt = sim.Never, sim.Never, sim.Never
	cl := &d.cfg.Client
	crash, afk, disc := cl.CrashRatePerHour, m.cfgAFK(cl), cl.DisconnectRatePerHour
	first := sim.ExpAfter(d.rng, 0, crash+afk+disc)
	if first > sim.Time(length) {
		return // the play ends first
	}
	switch which := d.rng.Float64() * (crash + afk + disc); {
	case which < crash:
		s.crashAt = first
	case which < crash+afk:
		s.idleEnd = first
		s.crashAt = sim.ExpAfter(d.rng, first, crash)
		s.nextAt = sim.ExpAfter(d.rng, first, disc)
	default:
		s.nextAt = first
		s.crashAt = sim.ExpAfter(d.rng, first, crash)
		s.idleEnd = sim.ExpAfter(d.rng, first, afk)
	}
}

// unit32 maps 32 random bits to a uniform in [0, 1).
func unit32(x uint32) float64 { return float64(x) * 0x1p-32 }

// planPlaced plans a session placed now whose start ends at active (start
// delay and cold start included): an internal error then, or ACTIVE then
// and either a connection or, for a client that does not connect in
// time, the connection timeout. The delays drawn at arrival become times.
func (m *model) planPlaced(s *session, active sim.Time) {
	cl := &m.demands[s.demand].cfg.Client
	length, connectDelay := time.Duration(s.playEnd), time.Duration(s.connectAt)
	crashAfter, afkAfter, discAfter := s.crashAt.Duration(), s.idleEnd.Duration(), s.nextAt.Duration()
	s.activeAt, s.connectAt = active, sim.Never
	s.playEnd, s.crashAt, s.idleEnd = sim.Never, sim.Never, sim.Never
	switch {
	case s.failRoll < m.cfg.Service.InternalErrorProbability:
		s.activeAt = sim.Never
		s.nextAt, s.nextW = active, wInternalError
	case s.noShow || connectDelay >= cl.ConnectionTimeout:
		s.nextAt, s.nextW = active.Add(cl.ConnectionTimeout), wConnectionTimeout
	default:
		c := active.Add(connectDelay)
		s.connectAt = c
		s.playEnd, s.crashAt = c.Add(length), c.Add(crashAfter)
		if afk := c.Add(afkAfter); afk < s.playEnd && m.cfg.Service.IdleTimeout > 0 {
			s.playEnd = sim.Never // the player walked away and never quits
			s.idleEnd = afk.Add(m.cfg.Service.IdleTimeout)
		}
		s.nextAt, s.nextW = c.Add(discAfter), wDisconnect
	}
}

// scheduleSession (re)schedules the timer of a placed session that is not
// TERMINATING at its earliest step. A step that begins TERMINATING is
// planned: its event is the end of TERMINATING.
func (m *model) scheduleSession(id int32) {
	s := &m.sessions.Items[id]
	if s.timer.Valid() {
		m.s.Cancel(s.timer)
		s.timer = sim.EventID{}
	}
	at, w := s.nextAt, s.nextW
	if maxEnd := m.maxEnd(s); maxEnd < at {
		at, w = maxEnd, wMaxLength
	}
	// The client's clocks are Never unless the session is planned to connect.
	if s.playEnd < at {
		at, w = s.playEnd, wPlayEnd
	}
	if s.crashAt < at {
		at, w = s.crashAt, wCrash
	}
	if s.idleEnd < at {
		at, w = s.idleEnd, wIdle
	}
	// A planned transition after the step does not happen before it.
	if s.activeAt > at {
		s.activeAt = sim.Never
	}
	if s.connectAt > at {
		s.connectAt = sim.Never
	}
	switch w {
	case wConnectionTimeout, wReconnectionTimeout, wCrash, wIdle, wMaxLength, wPlayEnd:
		r := m.demands[s.demand].cfg.Client.EndReason
		if w != wPlayEnd {
			r = endReasons[w]
		}
		m.terminateAt(id, r, at)
		return
	}
	if at < sim.Never {
		s.timer = m.s.At(at, m, sim.Event{Kind: evSession, ID: id, Arg: int64(s.Gen)<<8 | int64(w)})
	}
}

// maxEnd is when the session reaches its SessionLengthSeconds, or Never.
func (m *model) maxEnd(s *session) sim.Time {
	limit := m.demands[s.demand].cfg.Client.SessionLengthLimit
	if limit <= 0 {
		return sim.Never
	}
	return s.placedAt.Add(limit)
}

// terminateAt plans TERMINATING from at, for reason r, and schedules its
// end (TERMINATED) TerminatingDuration later; nextAt holds at.
func (m *model) terminateAt(id int32, r Reason, at sim.Time) {
	s := &m.sessions.Items[id]
	if s.timer.Valid() {
		m.s.Cancel(s.timer)
	}
	s.reason = r
	s.nextAt, s.nextW = at, wTerminated
	end := at.Add(m.cfg.Service.TerminatingDuration)
	s.timer = m.s.At(end, m, sim.Event{Kind: evSession, ID: id, Arg: int64(s.Gen)<<8 | int64(wTerminated)})
}

// beginTerminate moves a placed session to TERMINATING now (an API call
// or a timeline action); its slot is held until TERMINATED.
func (m *model) beginTerminate(id int32, r Reason, now sim.Time) {
	s := &m.sessions.Items[id]
	m.interrupt(s, now)
	s.status = StatusTerminating
	m.terminateAt(id, r, now)
}

// record records the planned transitions that happened by now: at or
// before it if inclusive (the session's own event), strictly before it
// otherwise (an event of something else at the same instant comes first).
func (m *model) record(s *session, now sim.Time, inclusive bool) {
	reached := func(t sim.Time) bool { return t < now || inclusive && t == now && t != sim.Never }
	l := m.locs[s.loc]
	if s.measured&measuredActive == 0 && reached(s.activeAt) {
		s.measured |= measuredActive
		s.status = StatusActive
		if s.counted {
			l.toActive.Add(s.activeAt.Sub(s.arrival).Seconds())
		}
	}
	if s.measured&measuredConnect == 0 && reached(s.connectAt) {
		s.measured |= measuredConnect
		s.status = StatusConnected
		if s.counted {
			l.toFrame.Add(s.connectAt.Sub(s.arrival).Seconds())
		}
	}
}

// interrupt records what a placed session reached before now and voids
// the rest of its plan: something else ends or terminates it now.
func (m *model) interrupt(s *session, now sim.Time) {
	m.record(s, now, false)
	if s.measured&measuredActive == 0 {
		s.activeAt = sim.Never
	}
	if s.measured&measuredConnect == 0 {
		s.connectAt = sim.Never
	}
}

// statusAt is the status of a session at now, between its events: its
// planned transitions that have happened by now (strictly before: see
// record) included.
func (m *model) statusAt(s *session, now sim.Time) Status {
	switch {
	case s.loc < 0 || s.status == StatusTerminating || s.status.Terminal():
		return s.status
	case s.nextW == wTerminated && s.timer.Valid() && s.nextAt < now:
		return StatusTerminating
	case s.measured&measuredConnect == 0 && s.connectAt < now:
		return StatusConnected
	case s.measured&measuredActive == 0 && s.activeAt < now:
		return StatusActive
	}
	return s.status
}

func (m *model) sessionTimer(id int32, arg int64, now sim.Time) {
	s := &m.sessions.Items[id]
	if s.Free || s.Gen != uint32(arg>>8) {
		m.fail("stale session event")
		return
	}
	s.timer = sim.EventID{}
	m.record(s, now, true)
	d := &m.demands[s.demand]
	cl := &d.cfg.Client
	switch w := uint8(arg); w {
	case wInternalError:
		m.endSession(id, m.locs[s.loc], StatusError, ReasonInternalError, now)
		return
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
	case wReconnected:
		s.status = StatusConnected
		s.nextAt, s.nextW = sim.ExpAfter(d.disconnect, now, cl.DisconnectRatePerHour), wDisconnect
	case wTerminated:
		m.endSession(id, m.locs[s.loc], StatusTerminated, s.reason, now)
		return
	default:
		m.fail("session step %d fired as an event", w)
		return
	}
	m.scheduleSession(id)
}
