package streams

import "github.com/capsim/capsim/sim"

// prefetchBatch collects the sessions that the scheduler announces
// (sim.Prefetcher) when it moves a calendar bucket into its heap, so that
// their records are loaded in two passes over a batch rather than one
// chain of misses per session.
type prefetchBatch struct {
	ids [16]int32
	n   int
}

// Prefetch loads both cache lines of the record of the session an event
// addresses, ahead of its time: at a large title's scale the session
// records outgrow the caches, and each event's first touch of its record
// would be a miss. For a placed session it also loads the record of its
// instance, which the end of the session updates (give): with tens of
// thousands of instances that was the next miss. The loads go by batches:
// the sessions' records first, all of them in flight at once, then their
// instances', whose addresses those records hold.
func (m *model) Prefetch(ev sim.Event) {
	if ev.Kind == evSession || ev.Kind == evPlacementTimeout {
		m.pf.ids[m.pf.n] = ev.ID
		m.pf.n++
		if m.pf.n == len(m.pf.ids) {
			m.prefetchFlush()
		}
	}
}

// prefetchFlush makes the loads of the batch and empties it. It only reads:
// the records may be stale (bounds are kept), and what it reads decides
// nothing.
func (m *model) prefetchFlush() {
	ids := m.pf.ids[:m.pf.n]
	m.pf.n = 0
	for _, id := range ids {
		s := &m.sessions.Items[id]
		m.touched += s.Gen + uint32(s.idleEnd)
	}
	for _, id := range ids {
		s := &m.sessions.Items[id]
		if s.loc < 0 || int(s.loc) >= len(m.locs) {
			continue
		}
		if insts := m.locs[s.loc].insts; s.inst >= 0 && int(s.inst) < len(insts) {
			m.touched += uint32(insts[s.inst].used)
		}
	}
}
