package sim

import (
	"fmt"
	"math/rand/v2"
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
// events (seqLimit) and with enough cancellations at once that the heap is
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
				// half the heap, so it is rebuilt
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
// calendar and its rebases (when the buckets come into use early).
func churnCoverage(t *testing.T, s *Scheduler, spillAt, spread, events, compactions, renumbers int) {
	t.Helper()
	if compactions == 0 {
		t.Error("the heap was never rebuilt: the test does not exercise compact")
	}
	if spillAt != 0 && (!s.cal.on || spread > 50 && s.cal.rebases < 2) {
		t.Errorf("calendar on %v after %d rebases: the test does not exercise it", s.cal.on, s.cal.rebases)
	}
	if s.seqLimit != 0 && renumbers == 0 {
		t.Error("the sequence was never renumbered: the test does not exercise renumber")
	}
	t.Logf("%d events, %d rebuilds, %d renumberings, %d rebases", events, compactions, renumbers, s.cal.rebases)
}

// TestLessBitIsLess checks the branch-free comparison of the heap's
// tournament against less on keys with equal and unequal times and
// sequences, negative and extreme times included.
func TestLessBitIsLess(t *testing.T) {
	ats := []Time{-1 << 63, -5, -1, 0, 1, 7, 1 << 40, Never - 1, Never}
	keys := []uint64{0, 1, 1 << 32, 1<<32 | 5, 1<<64 - 1}
	for _, a1 := range ats {
		for _, k1 := range keys {
			for _, a2 := range ats {
				for _, k2 := range keys {
					a, b := heapKey{a1, k1}, heapKey{a2, k2}
					if got, want := lessBit(&a, &b) == 1, less(&a, &b); got != want {
						t.Fatalf("lessBit(%v, %v) = %v, less = %v", a, b, got, want)
					}
				}
			}
		}
	}
}
