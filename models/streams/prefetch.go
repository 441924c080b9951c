package streams

import "github.com/capsim/capsim/sim"

// Prefetch loads the records of the sessions that events address, ahead
// of their time (sim.Prefetcher: the scheduler passes the events of a
// calendar bucket as it loads it): at a large title's scale the session
// records outgrow the caches, and each event's first touch of its record
// would be a miss. A session's TERMINATED event, the one event most
// sessions have, reads only the first cache line of the record (session),
// so only that one is loaded for it; other events load both. For a placed
// session it also loads the record of its instance, which the end of the
// session updates (give): with tens of thousands of instances that was the
// next miss. The
// loads go in two passes over the batch: the sessions' records first, all
// of them in flight at once, then their instances', whose addresses those
// records hold. It only reads: the records may be stale (bounds are
// kept), and what it reads decides nothing.
func (m *model) Prefetch(evs []sim.Event) {
	for _, ev := range evs {
		switch {
		case ev.Kind == evSession && uint8(ev.Arg) == wTerminated:
			m.touched += m.sessions.Items[ev.ID].Gen
		case ev.Kind == evSession || ev.Kind == evPlacementTimeout:
			s := &m.sessions.Items[ev.ID]
			m.touched += s.Gen + uint32(s.idleEnd)
		}
	}
	for _, ev := range evs {
		if ev.Kind != evSession && ev.Kind != evPlacementTimeout {
			continue
		}
		s := &m.sessions.Items[ev.ID]
		if s.loc < 0 || int(s.loc) >= len(m.locs) {
			continue
		}
		if insts := m.locs[s.loc].insts; s.inst >= 0 && int(s.inst) < len(insts) {
			m.touched += uint32(insts[s.inst].used)
		}
	}
}
