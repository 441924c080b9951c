package fleets

import (
	"errors"
	"fmt"

	"github.com/capsim/capsim/sim"
)

// Errors of TerminateGameSession, named after the API's exceptions (S000).
var (
	// ErrNotFound: no such game session.
	ErrNotFound = errors.New("fleets: NotFoundException")
	// ErrInvalidRequest: a bad request, e.g. FORCE_TERMINATE on an Anywhere
	// fleet that does not run the GameLift Agent, or a FleetIQ game server.
	ErrInvalidRequest = errors.New("fleets: InvalidRequestException")
	// ErrInvalidGameSessionStatus: the session is in ERROR (or already
	// TERMINATED) and cannot be terminated.
	ErrInvalidGameSessionStatus = errors.New("fleets: InvalidGameSessionStatusException")
)

// sessionRef names a game session: its record and generation (the
// GameSessionId of the API).
type sessionRef struct {
	id  int32
	gen uint32
}

func (m *model) refOf(id int32) sessionRef { return sessionRef{id, m.sessions.Items[id].Gen} }

// terminate is TerminateGameSession (S000). FORCE_TERMINATE ends the
// session TERMINATED with FORCE_TERMINATED at once and the process restarts
// (RestartDelay, then ProcessStartDelay); on an Anywhere fleet without the
// agent it is rejected. TRIGGER_ON_PROCESS_TERMINATE moves the session to
// TERMINATING and calls the process's OnProcessTerminate; on a session
// already TERMINATING it changes nothing. A session in ERROR, or ended,
// cannot be terminated. Rejected calls count in TerminateRejected and
// change nothing.
func (m *model) terminate(ref sessionRef, mode TerminationMode, now sim.Time) error {
	if ref.id < 0 || int(ref.id) >= len(m.sessions.Items) {
		return ErrNotFound
	}
	s := &m.sessions.Items[ref.id]
	if s.Gen != ref.gen || s.loc < 0 {
		return ErrNotFound
	}
	l := m.locs[s.loc]
	reject := func(err error) error {
		if m.after(now) {
			l.res.TerminateRejected++
		}
		return err
	}
	switch {
	case l.fc.Kind == KindFleetIQ:
		return reject(fmt.Errorf("%w: TerminateGameSession does not apply to FleetIQ game servers", ErrInvalidRequest))
	case s.Free:
		return reject(fmt.Errorf("%w: game session is %s", ErrInvalidGameSessionStatus, statusName(s.status)))
	}
	switch mode {
	case ForceTerminate:
		if l.fc.Kind == KindAnywhere && !l.fc.AnywhereAgent {
			return reject(fmt.Errorf("%w: FORCE_TERMINATE needs the GameLift Agent on an Anywhere fleet", ErrInvalidRequest))
		}
		m.endSession(ref.id, GameTerminated, ReasonForceTerminated, fateRestart, now)
	case TriggerOnProcessTerminate:
		if s.status != GameTerminating {
			m.beginTerminate(ref.id, now)
		}
	default:
		return reject(fmt.Errorf("%w: termination mode %q", ErrInvalidRequest, mode))
	}
	return nil
}

// beginTerminate moves a placed session to TERMINATING and notifies its
// process. The server calls ProcessEnding after GracefulShutdown, except a
// share NoProcessEndingShare that never does: the session then stays
// TERMINATING and its process stuck until a FORCE_TERMINATE or the end of
// its instance.
func (m *model) beginTerminate(id int32, now sim.Time) {
	s := &m.sessions.Items[id]
	l := m.locs[s.loc]
	m.leaveState(s, l, now)
	m.placementFailed(s, l)
	s.status = GameTerminating
	if s.timer.Valid() {
		m.s.Cancel(s.timer)
		s.timer = sim.EventID{}
	}
	pr := &l.procs[s.proc]
	pr.notified, pr.notifiedAt = true, now
	if l.rngSess.Float64() < l.fc.NoProcessEndingShare {
		s.stuck = true
		pr.state = procStuck
		l.busy--
		l.stuck++
		l.stuckG.Add(now, 1)
		return
	}
	l.terminating++
	at := now.Add(sample(l.fc.GracefulShutdown, l.rngSess))
	s.timer = m.s.At(at, m, sim.Event{Kind: evSession, ID: id, Arg: int64(s.Gen)<<8 | wProcessEnding})
}

// apply carries out a timeline TerminateGameSession: each game session of
// the fleet (not in ERROR; those have ended) is terminated with probability
// Share, drawn from the fleet's stream in location, instance, process order.
func (m *model) apply(a *Action, now sim.Time) {
	f := &m.fleets[a.Fleet]
	mode := a.Mode
	if mode == "" {
		mode = TriggerOnProcessTerminate
	}
	for _, li := range f.locs {
		l := m.locs[li]
		for p := range l.procs {
			pr := &l.procs[p]
			if pr.state != procBusy && pr.state != procStuck {
				continue
			}
			if f.rng.Float64() < a.Share {
				_ = m.terminate(m.refOf(pr.sess), mode, now) // a rejection is counted
			}
		}
	}
}

// terminatePolicy terminates, with the fleet's TerminateMode, every game
// session placed more than TerminateOlderThan ago that is not already
// TERMINATING; it runs every PolicyCheckInterval.
func (m *model) terminatePolicy(f *fleet, now sim.Time) {
	for _, li := range f.locs {
		l := m.locs[li]
		for p := range l.procs {
			pr := &l.procs[p]
			if pr.state != procBusy {
				continue
			}
			s := &m.sessions.Items[pr.sess]
			if s.status != GameTerminating && now.Sub(s.placedAt) > f.cfg.TerminateOlderThan {
				_ = m.terminate(m.refOf(pr.sess), f.cfg.TerminateMode, now)
			}
		}
	}
	m.s.At(now.Add(PolicyCheckInterval), m, sim.Event{Kind: evPolicy, ID: int32(f.idx)})
}

func statusName(st GameSessionStatus) string {
	switch st {
	case GameActivating:
		return "ACTIVATING"
	case GameActive:
		return "ACTIVE"
	case GameTerminating:
		return "TERMINATING"
	case GameTerminated:
		return "TERMINATED"
	case GameError:
		return "ERROR"
	}
	return fmt.Sprintf("GameSessionStatus(%d)", int(st))
}
