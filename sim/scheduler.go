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

// slot states
const (
	slotFree      uint8 = iota
	slotPending         // its key is queued, it will fire
	slotCancelled       // its key is still queued; popped, it is dropped
)

// slotData is the payload of one scheduled event, addressed by slot. A
// slot is reused (through the free list) only once its key has left the
// queue, fired or dropped, so a key never names another event's slot.
type slotData struct {
	h     Handler
	ev    Event
	at    Time
	gen   uint32 // incremented each time the slot is reused
	state uint8
}

// Scheduler is a discrete-event scheduler over virtual time. It is not safe
// for concurrent use: each replication owns its own Scheduler.
//
// Its queue holds 16-byte keys (time, sequence, slot), ordered by (time,
// sequence): a radix heap of them (radix.go), whose moves touch nothing but
// the keys: a cancelled event's key stays queued, marked by its slot, and
// is dropped when it reaches the top (or when cancelled keys outnumber the
// pending ones, by a rebuild). The order in which events fire is the total
// order of (time, sequence) whatever the queue's structure, so neither it
// nor lazy cancellation changes which event fires when. Past calSpill
// keys, the radix heap holds only the near future and a calendar of time
// buckets the rest (calendar.go), which changes that order no more.
type Scheduler struct {
	now       Time
	seq       uint32 // sequence of the last key pushed (renumbered before it wraps)
	seqLimit  uint32 // renumber when seq reaches seqLimit-1 (0: MaxUint32; tests lower it)
	q         radixQueue
	slots     []slotData
	free      []uint32
	cancelled int // keys held (near or in the calendar) of cancelled events
	cal       calendar
	pfH       Handler    // the handler whose events pf prefetches
	pf        Prefetcher // nil: none
	pfEvs     []Event    // refill's batch for pf
	fired     uint64
	budget    uint64
	touched   uint8 // sink of refill's loads of slots

	progress      func(Time) // nil: no progress reports
	progressEvery uint64
}

// NewScheduler returns a scheduler at time 0 with no event budget.
func NewScheduler() *Scheduler { return &Scheduler{} }

// Now returns the current virtual time: the time of the event being handled,
// or of the last one handled.
func (s *Scheduler) Now() Time { return s.now }

// Pending returns the number of events scheduled and not yet fired or cancelled.
func (s *Scheduler) Pending() int { return s.keys() - s.cancelled }

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

// Prefetcher is an optional companion of a Handler whose events address
// records of its own (a session, an instance) scattered in memory.
type Prefetcher interface {
	// Prefetch is called with events of the handler some time before they
	// fire (when their bucket of the calendar is loaded), a batch of at
	// most PrefetchBatch at a time; it should merely load what handling
	// them will read, so that the cache misses of many events overlap. It
	// must not schedule, cancel or change anything observable, and must
	// not keep evs (the scheduler reuses it).
	Prefetch(evs []Event)
}

// PrefetchBatch is the most events passed to one Prefetch call.
const PrefetchBatch = 32

// SetPrefetcher makes the scheduler pass h's events to p.Prefetch ahead of
// their time; a nil p removes it. It changes nothing but the timing.
func (s *Scheduler) SetPrefetcher(h Handler, p Prefetcher) { s.pfH, s.pf = h, p }

// Reserve grows the slots (the payloads) of n pending events, so that a
// model with a known scale does not reallocate them while it warms up.
func (s *Scheduler) Reserve(n int) {
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
	sd.h, sd.ev, sd.at, sd.state = h, ev, t, slotPending
	if s.seq >= s.seqLimit-1 {
		s.renumber()
	}
	s.seq++
	s.enqueue(eventKey{at: t, key: uint64(s.seq)<<32 | uint64(slot)})
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
	sd := s.pendingSlot(id)
	if sd == nil {
		return false
	}
	sd.state, sd.h = slotCancelled, nil
	s.cancelled++
	if s.cancelled > compactMin && 2*s.cancelled > s.keys() {
		s.compact()
	}
	return true
}

// PendingAt returns the time of the pending event id, or Never.
func (s *Scheduler) PendingAt(id EventID) Time {
	if sd := s.pendingSlot(id); sd != nil {
		return sd.at
	}
	return Never
}

func (s *Scheduler) pendingSlot(id EventID) *slotData {
	if id.gen == 0 || int(id.slot) >= len(s.slots) {
		return nil
	}
	sd := &s.slots[id.slot]
	if sd.gen != id.gen || sd.state != slotPending {
		return nil
	}
	return sd
}

// Step handles the earliest pending event if it is due at or before horizon.
// It reports whether an event was handled.
func (s *Scheduler) Step(horizon Time) bool {
	for s.ready(horizon) {
		top := s.q.top
		s.q.pop()
		if s.dropCancelled(top) {
			continue
		}
		slot := top.slot()
		sd := &s.slots[slot]
		s.free = append(s.free, slot)
		h, ev := sd.h, sd.ev
		sd.h, sd.state = nil, slotFree
		s.now = top.at
		s.fired++
		h.Handle(top.at, ev)
		return true
	}
	return false
}

// due reports whether a pending event is due at or before horizon, at the
// top of the queue, dropping the cancelled keys it finds there first.
func (s *Scheduler) due(horizon Time) bool {
	for s.ready(horizon) {
		if !s.dropCancelled(s.q.top) {
			return true
		}
		s.q.pop()
	}
	return false
}

// Run handles events in (time, sequence) order until none is due at or before
// horizon, then advances the clock to horizon. It returns ErrEventBudget if
// the budget set by SetBudget runs out first.
func (s *Scheduler) Run(horizon Time) error {
	for {
		if s.budget != 0 && s.fired >= s.budget {
			if s.due(horizon) {
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
