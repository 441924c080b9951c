package fleets

import (
	"math/rand/v2"
	"time"

	"github.com/capsim/capsim/sim"
)

// request phases
const (
	phPending uint8 = iota // waiting in a queue, or retrying a claim
	phPlaced               // holds a process
)

// what a placed session's timer stands for (evSession)
const (
	wActivated         int64 = iota // ACTIVATING -> ACTIVE
	wActivationTimeout              // still ACTIVATING at the limit -> ERROR
	wConnect                        // FleetIQ: client connected, CLAIMED -> UTILIZED
	wClaimLapse                     // FleetIQ: 60 s passed without UTILIZED
	wGameEnd                        // the game ends: its end signal is sent
	wExpire                         // a game expires: stale after a lost end signal, or in play without access
	wProcessEnding                  // the server calls ProcessEnding after OnProcessTerminate
)

// what a waiting request's timer stands for (evRequest)
const (
	rqTimeout int64 = iota // queue TimeoutInSeconds
	rqCancel               // StopGameSessionPlacement
	rqRetry                // FleetIQ: claim again after OutOfCapacity
	rqRelax                // the latency cap relaxes: try the destinations it now allows
)

// what becomes of a process when its session ends
const (
	fateIdle    uint8 = iota // ready for the next session at once
	fateRestart              // stopped; a fresh process launches after RestartDelay
	fateGone                 // its instance is going away
)

// statusLapsed ends a FleetIQ claim that lapsed: no game session ended.
// statusDetached ends a game whose end signal was lost when the process
// is freed at once (LostEndFreesProcess): nothing is counted until its
// stale game instance expires (evStale).
const (
	statusLapsed   GameSessionStatus = -1
	statusDetached GameSessionStatus = -2
)

// session is one placement request (or FleetIQ claim) and, once placed, its
// game session. It has at most one pending timer. Ended records keep their
// status until reused (with a new generation), so that a late
// TerminateGameSession sees an ERROR session as such.
type session struct {
	sim.Slot       // Free, Gen: a record of model.sessions
	queued    bool // counted in its queue's pending
	stuck     bool // TERMINATING that never concludes; its process is procStuck
	lingering bool // the end signal was lost: the game holds its process until expiry
	direct    bool // a FleetIQ claim naming a game server (GameServerId)
	counted   bool // arrived after the warm-up
	phase     uint8
	status    GameSessionStatus
	reason    GameSessionReason
	pstatus   PlacementStatus
	demand    int32
	queue     int32 // -1 for a FleetIQ claim
	attr      int32 // location an unplaced outcome is counted at
	from      int32 // a requeued request: the location whose interruption ended its game; -1
	loc       int32 // placed location, -1 while not placed
	proc      int32
	arrival   sim.Time
	placedAt  sim.Time
	activeAt  sim.Time // start of play (ACTIVE, UTILIZED): the first access
	cancelAt  sim.Time
	length    time.Duration
	timer     sim.EventID
}

// arrive handles a placement request (StartGameSessionPlacement) or a claim
// (ClaimGameServer) of demand d.
func (m *model) arrive(d *demand, now sim.Time) {
	// Per-request draws, in a fixed order, from the demand's stream: demand
	// is the same whatever the capacity (common random numbers).
	id := m.newRequest(d, d.rng, d.nextLength, now)
	m.scheduleArrival(d, now)
	m.route(id, d, d.rngDirect, now)
}

// newRequest opens a request record of demand d: its game length (length,
// or drawn from r) and whether it is cancelled and when, drawn from r.
func (m *model) newRequest(d *demand, r *rand.Rand, length time.Duration, now sim.Time) int32 {
	m.requests++
	id := m.sessions.New()
	s := &m.sessions.Items[id]
	s.demand, s.queue, s.attr, s.loc, s.proc, s.from = int32(d.idx), int32(d.queue), int32(d.first), -1, -1, -1
	s.arrival, s.counted = now, m.after(now)
	s.length = length
	if s.length == 0 {
		s.length = d.cfg.GameLength.Sample(r)
	}
	s.cancelAt = sim.Never
	if r.Float64() < d.cfg.CancelProbability {
		s.cancelAt = now.Add(sample(d.cfg.CancelAfter, r))
	}
	return id
}

// route sends request id of demand d to its FleetIQ group (a claim; whether
// it names a server is drawn from rd) or to its queue's first destination
// with an idle process, else it waits.
func (m *model) route(id int32, d *demand, rd *rand.Rand, now sim.Time) {
	s := &m.sessions.Items[id]
	if first := m.locs[d.first]; first.ts != nil {
		first.tsRequests++
	}
	for _, li := range d.locs {
		m.locs[li].requested(m, now)
	}
	if d.queue < 0 {
		// Whether the claim names a server: its own stream, drawn only
		// when the share is set, so that other draws do not shift.
		if d.cfg.DirectClaimShare > 0 && rd.Float64() < d.cfg.DirectClaimShare {
			s.direct = true
			if s.counted {
				m.locs[s.attr].res.DirectClaims++
			}
		}
		m.claim(id, now)
		return
	}
	if m.tryDestinations(id, d, now) {
		return
	}
	m.wait(id, now)
}

func (m *model) requestTimer(id int32, arg int64, now sim.Time) {
	s := m.timerSession(id, arg, phPending, "request")
	if s == nil {
		return
	}
	switch arg & 0xff {
	case rqTimeout, rqCancel:
		m.queues[s.queue].pending--
		s.queued = false
		st := PlacementTimedOut
		if arg&0xff == rqCancel {
			st = PlacementCancelled
		}
		m.finishUnplaced(id, st, now)
	case rqRetry:
		m.claim(id, now)
	case rqRelax:
		if !m.tryDestinations(id, &m.demands[s.demand], now) {
			m.armRequest(id, now)
		}
	}
}

// finishUnplaced gives a request that never got a process its final status.
func (m *model) finishUnplaced(id int32, st PlacementStatus, now sim.Time) {
	s := &m.sessions.Items[id]
	s.pstatus = st
	if s.counted {
		l := m.locs[s.attr]
		l.res.Placements++
		l.res.ByStatus[st]++
	}
	s.status = GameTerminated
	m.record(s, now)
	m.sessions.Release(id)
}

// assign gives process p of l to request id.
func (m *model) assign(id int32, l *location, p int32, now sim.Time) *session {
	s := &m.sessions.Items[id]
	if s.timer.Valid() {
		m.s.Cancel(s.timer)
		s.timer = sim.EventID{}
	}
	if s.queued {
		m.queues[s.queue].pending--
		s.queued = false
	}
	s.phase, s.loc, s.proc, s.placedAt = phPlaced, int32(l.idx), p, now
	l.procs[p].sess = id
	s.status = GameActivating
	l.activating++
	l.activeG.Add(now, 1)
	return s
}

// fulfil records a FULFILLED placement (FleetIQ: a claim that will be used).
func (m *model) fulfil(s *session, l *location, now sim.Time) {
	s.pstatus = PlacementFulfilled
	if s.counted {
		l.res.Placements++
		l.res.ByStatus[PlacementFulfilled]++
		l.res.Latency.Add(now.Sub(s.arrival).Seconds())
		m.recordRTT(s, l)
		if s.from >= 0 {
			m.locs[s.from].res.RequeuedPlayersPlaced += int64(m.demands[s.demand].cfg.Players)
		}
	}
}

// placementFailed records FAILED for a placed request whose game session
// ended before it activated (or whose claim lapsed).
func (m *model) placementFailed(s *session, l *location) {
	if s.pstatus != PlacementPending {
		return
	}
	s.pstatus = PlacementFailed
	if s.counted {
		l.res.Placements++
		l.res.ByStatus[PlacementFailed]++
	}
}

// place starts request id's game session on an idle process of l: the
// session is ACTIVATING for ActivationTime, or ends in ERROR at
// ActivationTimeout if it would take longer. The placement is FULFILLED
// when the process is assigned (latency is measured to here) unless the
// activation is going to time out: then it is FAILED at the timeout.
func (m *model) place(id int32, l *location, now sim.Time) {
	if m.sessions.Items[id].phase != phPending {
		m.fail("session %d placed twice", id)
		return
	}
	p := l.takeIdle(m, poolActive, now)
	m.hold(id, l, p, l.fc.ActivationTime, l.fc.ActivationTimeout, wActivated, wActivationTimeout, now)
}

// hold assigns process p of l to request id and draws when its next step
// (w) comes from delay: past limit it never comes, the timer fires at the
// limit (wOver) and the placement is not fulfilled; else the placement is
// FULFILLED now and the timer fires at the step. place (activation) and
// claimed (client connection) share it.
func (m *model) hold(id int32, l *location, p int32, delay sim.Dist, limit time.Duration, w, wOver int64, now sim.Time) {
	s := m.assign(id, l, p, now)
	d := sample(delay, l.rngSess)
	if d > limit {
		s.timer = m.s.At(now.Add(limit), m, sim.Event{Kind: evSession, ID: id, Arg: int64(s.Gen)<<8 | wOver})
		return
	}
	m.fulfil(s, l, now)
	s.timer = m.s.At(now.Add(d), m, sim.Event{Kind: evSession, ID: id, Arg: int64(s.Gen)<<8 | w})
}

func (m *model) sessionTimer(id int32, arg int64, now sim.Time) {
	s := m.timerSession(id, arg, phPlaced, "session")
	if s == nil {
		return
	}
	l := m.locs[s.loc]
	switch arg & 0xff {
	case wActivated, wConnect:
		s.status = GameActive
		s.activeAt = now
		l.activating--
		l.running++
		at, w := now.Add(s.length), wGameEnd
		if l.expiresInPlay(s.length) {
			at, w = now.Add(l.fc.StaleExpiry), wExpire
		}
		s.timer = m.s.At(at, m, sim.Event{Kind: evSession, ID: id, Arg: int64(s.Gen)<<8 | w})
	case wActivationTimeout:
		// The process failed to activate in time: it is recycled.
		m.endSession(id, GameError, ReasonNone, fateRestart, now)
	case wClaimLapse:
		if s.counted {
			l.res.ClaimLapses++
		}
		m.endSession(id, statusLapsed, ReasonNone, fateIdle, now)
	case wGameEnd:
		m.gameEnd(id, l, now)
	case wExpire:
		if m.after(now) {
			l.res.ExpiredGames++
			if !s.lingering {
				l.res.ExpiredInPlay++
			}
		}
		m.endSession(id, GameTerminated, ReasonExpired, fateIdle, now)
	case wProcessEnding:
		m.endSession(id, GameTerminated, ReasonTriggeredOnProcessTerminate, fateRestart, now)
	}
}

// leaveState takes a placed session out of its state's counters.
func (m *model) leaveState(s *session, l *location, now sim.Time) {
	switch {
	case s.stuck: // counted as a stuck process
	case s.status == GameTerminating:
		l.terminating--
	case s.lingering:
		s.lingering = false
		l.lingering--
		l.expiredG.Add(now, -1)
		l.staleG.Add(now, -1)
	case s.status == GameActivating:
		l.activating--
		l.activeG.Add(now, -1)
	case s.status == GameActive:
		l.running--
		l.activeG.Add(now, -1)
	}
}

// endSession ends placed session id with status st and reason r and gives
// its process the fate given. A session ends once: a second call is an
// invariant violation.
func (m *model) endSession(id int32, st GameSessionStatus, r GameSessionReason, fate uint8, now sim.Time) {
	s := &m.sessions.Items[id]
	if s.Free || s.phase != phPlaced {
		m.fail("game session %d ended twice", id)
		return
	}
	l := m.locs[s.loc]
	expired := r == ReasonExpired
	m.leaveState(s, l, now)
	m.placementFailed(s, l)
	if m.after(now) {
		switch st { // statusLapsed and statusDetached count nothing here
		case GameError:
			l.res.Errors++
		case GameTerminated:
			l.res.Terminations[r]++
		}
	}
	if s.timer.Valid() {
		m.s.Cancel(s.timer)
		s.timer = sim.EventID{}
	}
	if st == statusLapsed || st == statusDetached {
		st = GameTerminated
	}
	s.status, s.reason = st, r
	m.recordEnd(s, now, expired)
	m.sessions.Release(id)
	l.releaseProcess(m, s.proc, fate, now)
}

func (m *model) record(s *session, now sim.Time) { m.recordEnd(s, now, false) }

func (m *model) recordEnd(s *session, now sim.Time, expired bool) {
	if m.opt.OnSessionEnd == nil {
		return
	}
	rec := SessionRecord{Demand: m.demands[s.demand].cfg.Name, Placement: s.pstatus, Status: s.status,
		Reason: s.reason, Expired: expired, Requeued: s.from >= 0, ArrivalSeconds: s.arrival.Seconds(), PlacedSeconds: -1,
		EndSeconds: now.Seconds()}
	if s.loc >= 0 {
		l := m.locs[s.loc]
		rec.Fleet, rec.Location, rec.PlacedSeconds = l.fc.Name, l.name, s.placedAt.Seconds()
	}
	m.opt.OnSessionEnd(rec)
}
