package sim

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// rescheduling handles an event by scheduling the next one of its chain
// a random delay later (and cancelling every fifth), so that a run churns
// through far more events than are pending at once.
type rescheduling struct {
	recorder
	rng  *rand.Rand
	left int
}

func (h *rescheduling) Handle(now Time, ev Event) {
	h.recorder.Handle(now, ev)
	if h.left--; h.left > 0 {
		id := h.s.At(now+Time(h.rng.IntN(50_000)), h, Event{ID: ev.ID, Arg: ev.Arg + 1})
		if h.left%5 == 0 {
			h.s.Cancel(id)
			h.s.At(now+Time(h.rng.IntN(50_000)), h, Event{ID: ev.ID, Arg: ev.Arg + 1})
		}
	}
}

// TestRecycledSchedulerFiresAsAFreshOne: a scheduler handed back by Finish
// (emptied, its storage kept) and taken again by NewRun fires the events
// of a run in the same order as a new one, whether the previous run left
// its calendar on (many pending) or not.
func TestRecycledSchedulerFiresAsAFreshOne(t *testing.T) {
	run := func(s *Scheduler, pending int) ([]Event, []Time) {
		h := &rescheduling{recorder: recorder{s: s}, rng: rand.New(rand.NewPCG(1, uint64(pending))), left: 4 * pending}
		for i := range pending {
			s.At(Time(h.rng.IntN(50_000)), h, Event{ID: int32(i)})
		}
		if err := s.Run(Never - 1); err != nil {
			t.Fatal(err)
		}
		return h.got, h.at
	}
	for _, pending := range []int{100, 3 * calSpill} {
		wantEv, wantAt := run(NewScheduler(), pending)
		for _, before := range []int{100, 3 * calSpill} {
			s := newRunScheduler()
			run(s, before)
			s.recycle()
			s = newRunScheduler() // usually the same one, emptied
			gotEv, gotAt := run(s, pending)
			if !slices.Equal(gotEv, wantEv) || !slices.Equal(gotAt, wantAt) {
				t.Errorf("%d pending after a run of %d: fired differently from a new scheduler", pending, before)
			}
			if s.Pending() != 0 || s.Fired() != uint64(len(wantEv)) {
				t.Errorf("%d pending after a run of %d: %d left, %d fired", pending, before, s.Pending(), s.Fired())
			}
		}
	}
}
