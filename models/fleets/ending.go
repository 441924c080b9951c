package fleets

import (
	"time"

	"github.com/capsim/capsim/sim"
)

// gameEnd is the end of play. The end signal is lost with LostEndShare:
// the game instance is stale from now and, unless expiry is disabled,
// expires StaleExpiry after its last access (see lastAccess); by default
// the game keeps its process until then (lingering), with
// LostEndFreesProcess the process is freed at once and only the stale
// instance remains (evStale). The signal is delivered twice with
// DuplicateEndShare (the copy arrives DuplicateEndDelay later and must be
// a no-op), else once: the session is TERMINATED and its process idle at
// once.
func (m *model) gameEnd(id int32, l *location, now sim.Time) {
	s := &m.sessions.Items[id]
	u := l.rngEnd.Float64()
	switch {
	case u < l.fc.LostEndShare:
		if m.after(now) {
			l.res.LostEnds++
		}
		l.staleG.Add(now, 1)
		expireAt := sim.Never
		if !l.fc.DisableStaleExpiration {
			expireAt = l.lastAccess(s, now).Add(l.fc.StaleExpiry)
		}
		if l.fc.LostEndFreesProcess {
			l.staleDetached++
			if expireAt != sim.Never {
				m.s.At(expireAt, m, sim.Event{Kind: evStale, ID: int32(l.idx)})
			}
			m.endSession(id, statusDetached, ReasonExpired, fateIdle, now)
			return
		}
		s.lingering = true
		l.running--
		l.lingering++
		l.activeG.Add(now, -1)
		l.expiredG.Add(now, 1)
		if expireAt != sim.Never {
			s.timer = m.s.At(expireAt, m, sim.Event{Kind: evSession, ID: id, Arg: int64(s.Gen)<<8 | wExpire})
		}
		return
	case u < l.fc.LostEndShare+l.fc.DuplicateEndShare:
		m.s.At(now.Add(DuplicateEndDelay), m, sim.Event{Kind: evDupEnd, ID: int32(l.idx), Arg: int64(id)<<32 | int64(s.Gen)})
	}
	m.endSession(id, GameTerminated, ReasonNone, fateIdle, now)
}

// lastAccess is the last access of game s at or before now: play started
// at activeAt and is accessed every AccessInterval from then (never, if 0).
func (l *location) lastAccess(s *session, now sim.Time) sim.Time {
	every := l.fc.AccessInterval
	if every <= 0 {
		return s.activeAt
	}
	return s.activeAt.Add(now.Sub(s.activeAt) / every * every)
}

// expiresInPlay reports whether a game of the given length expires before
// it ends: expiry is on and some gap between accesses, from the start of
// play, exceeds StaleExpiry (no access during play, or accesses further
// apart than StaleExpiry) before the game ends.
func (l *location) expiresInPlay(length time.Duration) bool {
	exp, every := l.fc.StaleExpiry, l.fc.AccessInterval
	return !l.fc.DisableStaleExpiration && length > exp && (every <= 0 || every > exp)
}

// staleExpired is the expiry of a stale game instance whose process was
// freed at the end of play (LostEndFreesProcess).
func (m *model) staleExpired(l *location, now sim.Time) {
	l.staleDetached--
	l.staleG.Add(now, -1)
	if m.after(now) {
		l.res.ExpiredGames++
		l.res.Terminations[ReasonExpired]++
	}
}

// duplicateEnd is the second copy of an end signal: the game session it
// names (by record and generation) has ended, so it changes nothing.
func (m *model) duplicateEnd(l *location, id int32, gen uint32, now sim.Time) {
	s := &m.sessions.Items[id]
	if !s.Free && s.Gen == gen {
		m.fail("duplicate end signal found game session %d still live", id)
		return
	}
	if m.after(now) {
		l.res.DuplicateEnds++
	}
}
