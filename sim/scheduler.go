package sim

import (
	"errors"
	"fmt"
	"time"
)

// ErrEventBudget is returned by Run when the event budget is spent before the
// horizon is reached: a guard against runaway scenarios, never a hang.
var ErrEventBudget = errors.New("sim: event budget exhausted")

// Event is the payload of a scheduled event. Its meaning belongs to the
// Handler that receives it: Kind says what happens, ID names the entity
// (typically an index into the handler's own table), Arg carries one more
// value (a generation counter, a second index).
type Event struct {
	Kind int32
	ID   int32
	Arg  int64
}

// Handler receives events. Handlers are long-lived values (a pointer to a
// model), so storing one in the queue does not allocate.
type Handler interface {
	Handle(now Time, ev Event)
}

// EventID names a pending event so that it can be cancelled. The zero
// EventID names no event; cancelling it is a no-op.
type EventID struct {
	slot uint32
	gen  uint32
}

// Valid reports whether id was returned by At or After (it may have fired or
// been cancelled since).
func (id EventID) Valid() bool { return id.gen != 0 }

// heapKey is what the heap orders and moves: 24 bytes.
type heapKey struct {
	at   Time
	seq  uint64
	slot uint32
}

// slotData is the payload of one pending event, addressed by slot, with the
// slot's current position in the heap (for O(log n) cancel).
type slotData struct {
	h   Handler
	ev  Event
	pos int32  // index in heap, -1 when free
	gen uint32 // incremented each time the slot is reused
}

// Scheduler is a discrete-event scheduler over virtual time. It is not safe
// for concurrent use: each replication owns its own Scheduler.
type Scheduler struct {
	now    Time
	seq    uint64
	heap   []heapKey
	slots  []slotData
	free   []uint32
	fired  uint64
	budget uint64

	progress      func(Time) // nil: no progress reports
	progressEvery uint64
}

// NewScheduler returns a scheduler at time 0 with no event budget.
func NewScheduler() *Scheduler { return &Scheduler{} }

// Now returns the current virtual time: the time of the event being handled,
// or of the last one handled.
func (s *Scheduler) Now() Time { return s.now }

// Pending returns the number of events scheduled and not yet fired or cancelled.
func (s *Scheduler) Pending() int { return len(s.heap) }

// Fired returns the number of events handled so far.
func (s *Scheduler) Fired() uint64 { return s.fired }

// SetBudget limits the total number of events Run may handle; 0 means no limit.
func (s *Scheduler) SetBudget(n uint64) { s.budget = n }

// SetProgress makes Run call fn with the virtual time reached after every
// `every` events handled (every 0 means 1), on Run's goroutine. It is how a
// caller shows progress within one long run; fn must be cheap and must not
// schedule. A nil fn removes the hook; without one Run pays nothing.
func (s *Scheduler) SetProgress(every uint64, fn func(now Time)) {
	s.progress, s.progressEvery = fn, max(every, 1)
}

// Reserve grows internal storage for n pending events, so that a model with
// a known scale does not reallocate while it warms up.
func (s *Scheduler) Reserve(n int) {
	if cap(s.heap) < n {
		h := make([]heapKey, len(s.heap), n)
		copy(h, s.heap)
		s.heap = h
	}
	if cap(s.slots) < n {
		sl := make([]slotData, len(s.slots), n)
		copy(sl, s.slots)
		s.slots = sl
	}
}

// At schedules ev for h at time t and returns its id. Scheduling in the past
// is a programmer error and panics.
func (s *Scheduler) At(t Time, h Handler, ev Event) EventID {
	if t < s.now {
		panic(fmt.Sprintf("sim: scheduling at %v, before now %v", t, s.now))
	}
	var slot uint32
	if n := len(s.free); n > 0 {
		slot = s.free[n-1]
		s.free = s.free[:n-1]
	} else {
		slot = uint32(len(s.slots))
		s.slots = append(s.slots, slotData{})
	}
	sd := &s.slots[slot]
	sd.gen++
	if sd.gen == 0 { // wrapped: skip the zero generation, which means "no event"
		sd.gen = 1
	}
	sd.h, sd.ev = h, ev
	s.seq++
	i := len(s.heap)
	s.heap = append(s.heap, heapKey{at: t, seq: s.seq, slot: slot})
	sd.pos = int32(i)
	s.up(i)
	return EventID{slot: slot, gen: sd.gen}
}

// After schedules ev for h at Now()+d.
func (s *Scheduler) After(d time.Duration, h Handler, ev Event) EventID {
	if d < 0 {
		panic(fmt.Sprintf("sim: negative delay %v", d))
	}
	return s.At(s.now.Add(d), h, ev)
}

// Cancel removes a pending event. It reports whether the event was pending;
// cancelling an event that fired, was cancelled, or the zero EventID is a no-op.
func (s *Scheduler) Cancel(id EventID) bool {
	if id.gen == 0 || int(id.slot) >= len(s.slots) {
		return false
	}
	sd := &s.slots[id.slot]
	if sd.gen != id.gen || sd.pos < 0 {
		return false
	}
	i := int(sd.pos)
	s.removeAt(i)
	return true
}

// PendingAt returns the time of the pending event id, or Never.
func (s *Scheduler) PendingAt(id EventID) Time {
	if id.gen == 0 || int(id.slot) >= len(s.slots) {
		return Never
	}
	sd := &s.slots[id.slot]
	if sd.gen != id.gen || sd.pos < 0 {
		return Never
	}
	return s.heap[sd.pos].at
}

// Step handles the earliest pending event if it is due at or before horizon.
// It reports whether an event was handled.
func (s *Scheduler) Step(horizon Time) bool {
	if len(s.heap) == 0 || s.heap[0].at > horizon {
		return false
	}
	top := s.heap[0]
	s.removeAt(0)
	sd := &s.slots[top.slot]
	h, ev := sd.h, sd.ev
	sd.h = nil
	s.now = top.at
	s.fired++
	h.Handle(top.at, ev)
	return true
}

// Run handles events in (time, sequence) order until none is due at or before
// horizon, then advances the clock to horizon. It returns ErrEventBudget if
// the budget set by SetBudget runs out first.
func (s *Scheduler) Run(horizon Time) error {
	for {
		if s.budget != 0 && s.fired >= s.budget {
			if len(s.heap) > 0 && s.heap[0].at <= horizon {
				return fmt.Errorf("%w after %d events at virtual time %v", ErrEventBudget, s.fired, s.now)
			}
		}
		if !s.Step(horizon) {
			break
		}
		if s.progress != nil && s.fired%s.progressEvery == 0 {
			s.progress(s.now)
		}
	}
	if horizon > s.now {
		s.now = horizon
	}
	return nil
}

// removeAt deletes heap element i and frees its slot.
func (s *Scheduler) removeAt(i int) {
	slot := s.heap[i].slot
	last := len(s.heap) - 1
	if i != last {
		s.heap[i] = s.heap[last]
		s.slots[s.heap[i].slot].pos = int32(i)
	}
	s.heap = s.heap[:last]
	if i != last {
		if !s.down(i) {
			s.up(i)
		}
	}
	s.slots[slot].pos = -1
	s.free = append(s.free, slot)
}

func less(a, b *heapKey) bool {
	return a.at < b.at || (a.at == b.at && a.seq < b.seq)
}

func (s *Scheduler) up(i int) {
	h := s.heap
	k := h[i]
	for i > 0 {
		p := (i - 1) / 2
		if !less(&k, &h[p]) {
			break
		}
		h[i] = h[p]
		s.slots[h[i].slot].pos = int32(i)
		i = p
	}
	h[i] = k
	s.slots[k.slot].pos = int32(i)
}

// down sifts element i down and reports whether it moved.
func (s *Scheduler) down(i0 int) bool {
	h := s.heap
	n := len(h)
	i := i0
	k := h[i]
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		j := l
		if r := l + 1; r < n && less(&h[r], &h[l]) {
			j = r
		}
		if !less(&h[j], &k) {
			break
		}
		h[i] = h[j]
		s.slots[h[i].slot].pos = int32(i)
		i = j
	}
	h[i] = k
	s.slots[k.slot].pos = int32(i)
	return i > i0
}
