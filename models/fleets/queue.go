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

// frontFor returns the oldest live PENDING request that l may take (its
// latency cap allows l; latency.go), and whether it is the front. Without
// latency policies that is the front.
func (q *queue) frontFor(m *model, l *location, now sim.Time) (int32, bool, bool) {
	id, ok := q.front(m)
	if !ok || len(m.cfg.Queues[q.idx].LatencyPolicies) == 0 || m.eligibleAt(id, l, now) {
		return id, ok, true
	}
	for _, e := range q.fifo.Entries()[1:] {
		if s := &m.sessions.Items[e.ID]; !s.Free && s.Gen == e.Gen && s.phase == phPending && m.eligibleAt(e.ID, l, now) {
			return e.ID, true, false
		}
	}
	return -1, false, false
}

// serve places PENDING requests on l's idle processes, oldest first across
// the queues that list l, each allowed there by its latency cap. A request
// taken from behind the front stays in its FIFO, stale, until it reaches
// the front.
func (l *location) serve(m *model, now sim.Time) {
	for len(l.pool[poolActive]) > 0 {
		best, bestQ, bestFront := int32(-1), -1, false
		for _, qi := range l.queues {
			q := &m.queues[qi]
			if q.pending == 0 {
				continue
			}
			id, ok, isFront := q.frontFor(m, l, now)
			if ok && (best < 0 || m.sessions.Items[id].arrival < m.sessions.Items[best].arrival) {
				best, bestQ, bestFront = id, qi, isFront
			}
		}
		if best < 0 {
			return
		}
		if bestFront {
			m.queues[bestQ].fifo.Pop()
		}
		m.place(best, l, now)
	}
}

// wait queues a request that found no idle process: PENDING until a process
// frees up in one of its destinations, its queue times out, or it is
// cancelled.
func (m *model) wait(id int32, now sim.Time) {
	s := &m.sessions.Items[id]
	q := &m.queues[s.queue]
	q.fifo.Push(id, s.Gen)
	q.pending++
	s.queued = true
	m.armRequest(id, now)
}

// armRequest schedules a PENDING request's one timer: its queue timeout,
// its cancellation, or the next relaxation of its latency cap (latency.go),
// whichever comes first.
func (m *model) armRequest(id int32, now sim.Time) {
	s := &m.sessions.Items[id]
	q := &m.queues[s.queue]
	at, w := s.arrival.Add(q.timeout), rqTimeout
	if s.cancelAt < at {
		at, w = s.cancelAt, rqCancel
	}
	if d := &m.demands[s.demand]; len(d.cfg.RTT) == len(d.locs) {
		if r := nextRelaxation(m.cfg.Queues[s.queue].LatencyPolicies, s.arrival, now.Sub(s.arrival)); r < at {
			at, w = r, rqRelax
		}
	}
	s.timer = m.s.At(at, m, sim.Event{Kind: evRequest, ID: id, Arg: int64(s.Gen)<<8 | w})
}
