package fleets

import (
	"time"

	"github.com/capsim/capsim/sim"
)

// queued is a request in a queue's FIFO; it is stale (skipped) once the
// request was placed, timed out or cancelled, or its record reused.
type queued struct {
	sess int32
	gen  uint32
}

// queue is a game session queue: its destinations in priority order and
// the FIFO of its PENDING placements.
type queue struct {
	idx     int
	timeout time.Duration
	dests   []int
	fifo    []queued
	head    int
	pending int // live requests in fifo
}

func (q *queue) push(id int32, gen uint32) {
	if q.head > 0 && q.head*2 >= len(q.fifo) {
		n := copy(q.fifo, q.fifo[q.head:])
		q.fifo = q.fifo[:n]
		q.head = 0
	}
	q.fifo = append(q.fifo, queued{id, gen})
}

// front returns the oldest live PENDING request, dropping stale entries.
func (q *queue) front(m *model) (int32, bool) {
	for q.head < len(q.fifo) {
		e := q.fifo[q.head]
		if s := &m.sessions[e.sess]; !s.free && s.gen == e.gen && s.phase == phPending {
			return e.sess, true
		}
		q.head++
	}
	q.fifo = q.fifo[:0]
	q.head = 0
	return -1, false
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
			if ok && (best < 0 || m.sessions[id].arrival < m.sessions[best].arrival) {
				best, bestQ = id, qi
			}
		}
		if best < 0 {
			return
		}
		m.queues[bestQ].head++
		m.place(best, l, now)
	}
}
