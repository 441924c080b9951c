package sim

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

type recorder struct {
	s   *Scheduler
	got []Event
	at  []Time
}

func (r *recorder) Handle(now Time, ev Event) {
	r.got = append(r.got, ev)
	r.at = append(r.at, now)
}

func TestSchedulerOrdersByTimeThenSequence(t *testing.T) {
	s := NewScheduler()
	r := &recorder{s: s}
	s.At(20, r, Event{ID: 1})
	s.At(10, r, Event{ID: 2})
	s.At(20, r, Event{ID: 3})
	s.At(10, r, Event{ID: 4})
	s.At(0, r, Event{ID: 5})
	if err := s.Run(100); err != nil {
		t.Fatal(err)
	}
	var ids []int32
	for _, e := range r.got {
		ids = append(ids, e.ID)
	}
	if want := []int32{5, 2, 4, 1, 3}; !slices.Equal(ids, want) {
		t.Fatalf("order = %v, want %v", ids, want)
	}
	if s.Now() != 100 {
		t.Fatalf("Now after Run = %v, want 100", s.Now())
	}
}

func TestSchedulerHorizonLeavesLaterEvents(t *testing.T) {
	s := NewScheduler()
	r := &recorder{}
	s.At(5, r, Event{ID: 1})
	s.At(15, r, Event{ID: 2})
	if err := s.Run(10); err != nil {
		t.Fatal(err)
	}
	if len(r.got) != 1 || s.Pending() != 1 {
		t.Fatalf("handled %d, pending %d; want 1 and 1", len(r.got), s.Pending())
	}
	if err := s.Run(20); err != nil {
		t.Fatal(err)
	}
	if len(r.got) != 2 || r.at[1] != 15 {
		t.Fatalf("second run: %v at %v", r.got, r.at)
	}
}

// TestSchedulerRandomAgainstReference schedules and cancels at random, then
// checks the fired sequence against a sort of what was left.
func TestSchedulerRandomAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	s := NewScheduler()
	r := &recorder{}
	type ref struct {
		at  Time
		seq int
		id  EventID
	}
	var live []ref
	for i := range 20000 {
		at := Time(rng.IntN(1000))
		id := s.At(at, r, Event{ID: int32(i)})
		live = append(live, ref{at, i, id})
		if rng.IntN(3) == 0 && len(live) > 0 {
			k := rng.IntN(len(live))
			if !s.Cancel(live[k].id) {
				t.Fatalf("cancel of pending event %d failed", live[k].seq)
			}
			if s.Cancel(live[k].id) {
				t.Fatal("second cancel of the same event reported success")
			}
			live = slices.Delete(live, k, k+1)
		}
	}
	if s.Pending() != len(live) {
		t.Fatalf("Pending = %d, want %d", s.Pending(), len(live))
	}
	slices.SortFunc(live, func(a, b ref) int {
		if a.at != b.at {
			return int(a.at - b.at)
		}
		return a.seq - b.seq
	})
	if err := s.Run(Never - 1); err != nil {
		t.Fatal(err)
	}
	if len(r.got) != len(live) {
		t.Fatalf("fired %d, want %d", len(r.got), len(live))
	}
	for i := range live {
		if r.got[i].ID != int32(live[i].seq) || r.at[i] != live[i].at {
			t.Fatalf("event %d: got id %d at %v, want %d at %v", i, r.got[i].ID, r.at[i], live[i].seq, live[i].at)
		}
	}
}

func TestCancelAfterFireAndSlotReuse(t *testing.T) {
	s := NewScheduler()
	r := &recorder{}
	id := s.At(1, r, Event{ID: 1})
	if s.PendingAt(id) != 1 {
		t.Fatalf("PendingAt = %v", s.PendingAt(id))
	}
	s.Run(1)
	if s.Cancel(id) {
		t.Fatal("cancel after fire reported success")
	}
	id2 := s.At(2, r, Event{ID: 2}) // reuses the slot
	if s.Cancel(id) {
		t.Fatal("stale id cancelled the event now in its slot")
	}
	if !s.Cancel(id2) {
		t.Fatal("cancel of the new event failed")
	}
	if s.Cancel(EventID{}) {
		t.Fatal("zero EventID cancelled something")
	}
}

type rescheduler struct {
	s *Scheduler
	d time.Duration
}

func (h *rescheduler) Handle(now Time, ev Event) { h.s.After(h.d, h, ev) }

func TestEventBudget(t *testing.T) {
	s := NewScheduler()
	s.SetBudget(1000)
	h := &rescheduler{s: s, d: time.Second}
	s.At(0, h, Event{})
	err := s.Run(At(time.Hour * 24))
	if !errors.Is(err, ErrEventBudget) {
		t.Fatalf("err = %v, want ErrEventBudget", err)
	}
	if s.Fired() != 1000 {
		t.Fatalf("fired %d, want exactly the budget 1000", s.Fired())
	}
}

func TestSchedulingInThePastPanics(t *testing.T) {
	s := NewScheduler()
	r := &recorder{}
	s.At(10, r, Event{})
	s.Run(10)
	defer func() {
		p := recover()
		msg, _ := p.(string)
		if !strings.HasPrefix(msg, "sim: ") {
			t.Fatalf("panic = %v, want a sim: message", p)
		}
	}()
	s.At(5, r, Event{})
}

func TestSchedulerZeroAllocsSteadyState(t *testing.T) {
	s := NewScheduler()
	h := &rescheduler{s: s, d: time.Millisecond}
	for i := range 1000 {
		s.At(Time(i), h, Event{ID: int32(i)})
	}
	s.Run(At(time.Second)) // warm up the slices
	horizon := s.Now()
	allocs := testing.AllocsPerRun(100, func() {
		horizon += Time(time.Millisecond)
		s.Run(horizon)
		// a timeout scheduled and cancelled, as models do
		id := s.After(time.Minute, h, Event{})
		s.Cancel(id)
	})
	if allocs != 0 {
		t.Fatalf("allocations per step = %v, want 0", allocs)
	}
}

func TestTimeAddSaturates(t *testing.T) {
	if got := Time(Never - 5).Add(time.Hour); got != Never {
		t.Fatalf("Add past Never = %v", got)
	}
	twenty := At(20 * 365 * 24 * time.Hour)
	if twenty.Seconds() < 6.3e8 || twenty.Seconds() > 6.32e8 {
		t.Fatalf("20 years = %v s", twenty.Seconds())
	}
}

// progressHandler schedules its next event one second later, n times.
type progressHandler struct {
	s *Scheduler
	n int
}

func (h *progressHandler) Handle(now Time, ev Event) {
	if h.n--; h.n > 0 {
		h.s.After(time.Second, h, ev)
	}
}

func TestSchedulerProgress(t *testing.T) {
	s := NewScheduler()
	h := &progressHandler{s: s, n: 10}
	s.At(0, h, Event{})
	var got []Time
	s.SetProgress(4, func(now Time) { got = append(got, now) })
	if err := s.Run(At(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Events fire at 0..9 s; the hook sees the 4th and the 8th.
	if want := []Time{At(3 * time.Second), At(7 * time.Second)}; !slices.Equal(got, want) {
		t.Errorf("progress calls at %v, want %v", got, want)
	}
	s2 := NewScheduler()
	h2 := &progressHandler{s: s2, n: 3}
	s2.At(0, h2, Event{})
	s2.SetProgress(0, nil) // no hook: Run still works
	if err := s2.Run(At(time.Hour)); err != nil || s2.Fired() != 3 {
		t.Errorf("without a hook: err %v, %d events", err, s2.Fired())
	}
}
