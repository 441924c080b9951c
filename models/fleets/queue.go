package fleets

import (
	"time"

	"github.com/capsim/capsim/sim"
)

// queue is a game session queue: its destinations in priority order and
// the FIFO of its PENDING placements.
type queue struct {
	idx     int
	timeout time.Duration
	dests   []int
	fifo    sim.FIFO // a request is stale (skipped) once placed, timed out or cancelled, or its record reused
	pending int      // live requests in fifo
}

// front returns the oldest live PENDING request, dropping stale entries.
func (q *queue) front(m *model) (int32, bool) {
	for {
		e, ok := q.fifo.Peek()
		if !ok {
			return -1, false
		}
		if s := &m.sessions.Items[e.ID]; !s.Free && s.Gen == e.Gen && s.phase == phPending {
			return e.ID, true
		}
		q.fifo.Pop()
	}
}

// serve places PENDING requests on l's idle processes, oldest first across
// the queues that list l.
func (l *location) serve(m *model, now sim.Time) {
	for len(l.pool[poolActive]) > 0 {
		best, bestQ := int32(-1), -1
		for _, qi := range l.queues {
			q := &m.queues[qi]
			if q.pending == 0 {
				continue
			}
			id, ok := q.front(m)
			if ok && (best < 0 || m.sessions.Items[id].arrival < m.sessions.Items[best].arrival) {
				best, bestQ = id, qi
			}
		}
		if best < 0 {
			return
		}
		m.queues[bestQ].fifo.Pop()
		m.place(best, l, now)
	}
}
