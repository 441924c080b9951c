package sim

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// lazyRef is the reference of TestSchedulerAgainstReferenceUnderChurn: the
// pending events in a map, the earliest found by a scan.
type lazyRef struct {
	at  map[EventID]Time
	seq map[EventID]int
	ids []EventID // pending, for picking one at random
}

func (r *lazyRef) earliest() (EventID, bool) {
	var best EventID
	found := false
	for _, id := range r.ids {
		if !found || r.at[id] < r.at[best] || (r.at[id] == r.at[best] && r.seq[id] < r.seq[best]) {
			best, found = id, true
		}
	}
	return best, found
}

func (r *lazyRef) remove(id EventID) {
	delete(r.at, id)
	delete(r.seq, id)
	for i, x := range r.ids {
		if x == id {
			r.ids[i] = r.ids[len(r.ids)-1]
			r.ids = r.ids[:len(r.ids)-1]
			return
		}
	}
}

// TestSchedulerAgainstReferenceUnderChurn schedules, cancels and fires at
// random, with few distinct times (so the sequence decides often), and
// checks every event fired against a reference, with Pending and PendingAt
// along the way. It runs with the sequence renumbered every few hundred
// events (seqLimit) and with enough cancellations at once that the queue is
// rebuilt (compact), so both are checked to leave the order unchanged. It
// runs with the calendar's buckets on early (spillAt), with times spread
// over 50 ticks (one bucket) and over 2^20 (the ring, the far list and its
// rebases), so the two-level queue is checked to fire in the same order.
func TestSchedulerAgainstReferenceUnderChurn(t *testing.T) {
	for _, c := range []struct {
		limit   uint32
		spillAt int
		spread  int
	}{{0, 0, 50}, {4000, 0, 50}, {0, 64, 50}, {4000, 64, 50}, {0, 64, 1 << 20}, {4000, 300, 1 << 20}} {
		limit := c.limit
		t.Run(fmt.Sprintf("seqLimit=%d/spillAt=%d/spread=%d", limit, c.spillAt, c.spread), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, 4))
			s := NewScheduler()
			s.seqLimit = limit
			s.cal.spillAt = c.spillAt
			r := &recorder{}
			ref := &lazyRef{at: map[EventID]Time{}, seq: map[EventID]int{}}
			seq, compactions, renumbers := 0, 0, 0
			schedule := func() {
				at := s.Now() + Time(rng.IntN(c.spread))
				prev := s.seq
				id := s.At(at, r, Event{ID: int32(seq)})
				if s.seq != prev+1 {
					renumbers++
				}
				ref.at[id], ref.seq[id] = at, seq
				ref.ids = append(ref.ids, id)
				seq++
			}
			for round := range 6 {
				for range 3000 {
					schedule()
				}
				// cancel most of them: more than compactMin and more than
				// half the queue, so it is compacted
				for len(ref.ids) > 500 {
					id := ref.ids[rng.IntN(len(ref.ids))]
					before := s.keys()
					if !s.Cancel(id) || s.Cancel(id) {
						t.Fatalf("round %d: cancel of a pending event: first not true or second not false", round)
					}
					if s.keys() < before {
						compactions++
					}
					ref.remove(id)
				}
				for range 20000 {
					switch op := rng.IntN(10); {
					case op < 4:
						schedule()
					case op < 6 && len(ref.ids) > 0:
						id := ref.ids[rng.IntN(len(ref.ids))]
						if s.PendingAt(id) != ref.at[id] || !s.Cancel(id) {
							t.Fatalf("round %d: PendingAt %v (want %v) or cancel failed", round, s.PendingAt(id), ref.at[id])
						}
						ref.remove(id)
					default:
						want, ok := ref.earliest()
						if s.Step(Never-1) != ok {
							t.Fatalf("round %d: Step reported %v with %d pending", round, !ok, len(ref.ids))
						}
						if !ok {
							continue
						}
						got := r.got[len(r.got)-1]
						if int(got.ID) != ref.seq[want] || r.at[len(r.at)-1] != ref.at[want] {
							t.Fatalf("round %d: fired %d at %v, want %d at %v", round, got.ID, r.at[len(r.at)-1], ref.seq[want], ref.at[want])
						}
						if s.PendingAt(want) != Never || s.Cancel(want) {
							t.Fatalf("round %d: a fired event is still pending", round)
						}
						ref.remove(want)
					}
					if s.Pending() != len(ref.ids) {
						t.Fatalf("round %d: Pending = %d, want %d", round, s.Pending(), len(ref.ids))
					}
				}
			}
			churnCoverage(t, s, c.spillAt, c.spread, seq, compactions, renumbers)
		})
	}
}

// churnCoverage fails the churn test if it did not exercise what it claims:
// compaction, renumbering (when the sequence limit is lowered), the
// calendar, its rebases and its going out of use and back (when the
// buckets come into use early).
func churnCoverage(t *testing.T, s *Scheduler, spillAt, spread, events, compactions, renumbers int) {
	t.Helper()
	if compactions == 0 {
		t.Error("the queue was never compacted: the test does not exercise compact")
	}
	// spills >= 2: the buckets also went out of use (unspill) and back
	if spillAt != 0 && (s.cal.spills < 2 || spread > 50 && s.cal.rebases < 2) {
		t.Errorf("calendar spilled %d times, rebased %d: the test does not exercise it", s.cal.spills, s.cal.rebases)
	}
	if s.seqLimit != 0 && renumbers == 0 {
		t.Error("the sequence was never renumbered: the test does not exercise renumber")
	}
	t.Logf("%d events, %d rebuilds, %d renumberings, %d spills, %d rebases", events, compactions, renumbers, s.cal.spills, s.cal.rebases)
}

// TestSchedulerAfterHorizonStops runs to horizons that fall between
// events, then schedules events in the gap, before the event the queue had
// settled at its top to see that nothing was due: the radix heap lays its
// buckets out again (radixQueue.push), and every event must still fire in
// (time, sequence) order, at times from 0 to near Never. It runs with the
// calendar's buckets off and on.
func TestSchedulerAfterHorizonStops(t *testing.T) {
	for _, spillAt := range []int{0, 64} {
		t.Run(fmt.Sprintf("spillAt=%d", spillAt), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, 8))
			s := NewScheduler()
			s.cal.spillAt = spillAt
			r := &recorder{}
			type ev struct {
				at  Time
				seq int
			}
			var want []ev
			seq := 0
			schedule := func(at Time) {
				s.At(at, r, Event{ID: int32(seq)})
				want = append(want, ev{at, seq})
				seq++
			}
			for range 300 {
				schedule(Time(rng.Int64N(1 << 40)))
			}
			for range 2000 {
				h := s.Now() + Time(rng.Int64N(1<<34))
				if err := s.Run(h); err != nil {
					t.Fatal(err)
				}
				for range rng.IntN(4) {
					switch rng.IntN(3) {
					case 0: // at now: before any pending event
						schedule(s.Now())
					case 1:
						schedule(s.Now() + Time(rng.Int64N(1<<30)))
					default:
						schedule(min(s.Now()+Time(rng.Int64N(1<<62)), Never-1))
					}
				}
			}
			if err := s.Run(Never - 1); err != nil {
				t.Fatal(err)
			}
			slices.SortFunc(want, func(a, b ev) int { return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.seq, b.seq)) })
			if len(r.got) != len(want) {
				t.Fatalf("fired %d events, scheduled %d", len(r.got), len(want))
			}
			for i, w := range want {
				if int(r.got[i].ID) != w.seq || r.at[i] != w.at {
					t.Fatalf("event %d: fired %d at %v, want %d at %v", i, r.got[i].ID, r.at[i], w.seq, w.at)
				}
			}
			if s.q.rebuilds == 0 {
				t.Error("no event was scheduled before the settled top: the test does not exercise the rebuild")
			}
			t.Logf("%d events, %d rebuilds, calendar on %v", len(want), s.q.rebuilds, s.cal.on)
		})
	}
}

// neverAdder schedules one more event at exactly Never when it handles an
// event with ID 0, so that keys at the end of time arrive while the
// calendar's ring has already reached it.
type neverAdder struct {
	s     *Scheduler
	fired int
}

func (h *neverAdder) Handle(now Time, ev Event) {
	h.fired++
	if ev.ID == 0 {
		h.s.At(Never, h, Event{ID: 1})
	}
}

// TestEventsAtNeverFire schedules thousands of events in the last 2^20
// ticks before Never, some of whose handlers schedule an event at exactly
// Never: every one must fire by Run(Never), with the calendar's buckets on
// (a key at Never used to land in a bucket already loaded, and was lost)
// and off.
func TestEventsAtNeverFire(t *testing.T) {
	for _, spillAt := range []int{0, 64} {
		rng := rand.New(rand.NewPCG(9, 10))
		s := NewScheduler()
		s.cal.spillAt = spillAt
		h := &neverAdder{s: s}
		want := 0
		for i := range 5000 {
			id, at := int32(2), Never-1-Time(rng.Int64N(1<<20))
			if i%300 == 0 {
				// in the ring's last bucket: its handler schedules one
				// more, at Never, once that bucket has been loaded
				id, at = 0, Never-1-Time(rng.Int64N(16))
				want++
			}
			s.At(at, h, Event{ID: id})
			want++
		}
		if err := s.Run(Never); err != nil {
			t.Fatal(err)
		}
		if h.fired != want || s.Pending() != 0 {
			t.Errorf("spillAt=%d: fired %d of %d, %d still pending", spillAt, h.fired, want, s.Pending())
		}
	}
}
