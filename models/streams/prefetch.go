package streams

import "github.com/capsim/capsim/sim"

// Prefetch loads both cache lines of the records of the sessions that
// events address, ahead of their time (sim.Prefetcher: the scheduler
// passes the events of a calendar bucket as it loads it): at a large
// title's scale the session records outgrow the caches, and each event's
// first touch of its record would be a miss. For a placed session it also
// loads the record of its instance, which the end of the session updates
// (give): with tens of thousands of instances that was the next miss. The
// loads go in two passes over the batch: the sessions' records first, all
// of them in flight at once, then their instances', whose addresses those
// records hold. It only reads: the records may be stale (bounds are
// kept), and what it reads decides nothing.
func (m *model) Prefetch(evs []sim.Event) {
	for _, ev := range evs {
		if ev.Kind == evSession || ev.Kind == evPlacementTimeout {
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
