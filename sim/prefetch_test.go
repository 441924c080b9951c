package sim

import (
	"math/rand/v2"
	"testing"
)

// prefetchLog records the events passed to Prefetch.
type prefetchLog struct{ seen map[int32]int }

func (p *prefetchLog) Prefetch(evs []Event) {
	for _, ev := range evs {
		p.seen[ev.ID]++
	}
}

// TestPrefetcherSeesOnlyItsHandlersEventsBeforeTheyFire runs 20,000 events
// of two handlers, past the calendar's spill size, with a prefetcher for
// one of them: the prefetcher must be passed only that handler's events,
// each once at most and before it fires, never a cancelled one, and the
// events must fire in the same order as without a prefetcher.
func TestPrefetcherSeesOnlyItsHandlersEventsBeforeTheyFire(t *testing.T) {
	run := func(pf *prefetchLog) (*recorder, *recorder) {
		rng := rand.New(rand.NewPCG(5, 6))
		s := NewScheduler()
		s.cal.spillAt = 256
		a, b := &recorder{}, &recorder{}
		if pf != nil {
			s.SetPrefetcher(a, &prefetchCheck{pf, a, t})
		}
		for i := range 20_000 {
			h := Handler(a)
			if i%3 == 0 {
				h = b
			}
			id := s.At(Time(rng.IntN(1_000_000)), h, Event{ID: int32(i)})
			if i%7 == 0 {
				s.Cancel(id)
			}
		}
		if err := s.Run(Never - 1); err != nil {
			t.Fatal(err)
		}
		return a, b
	}
	pf := &prefetchLog{seen: map[int32]int{}}
	a0, b0 := run(nil)
	a1, b1 := run(pf)
	if len(a0.got) != len(a1.got) || len(b0.got) != len(b1.got) {
		t.Fatalf("fired %d+%d events with a prefetcher, %d+%d without", len(a1.got), len(b1.got), len(a0.got), len(b0.got))
	}
	for i := range a0.got {
		if a0.got[i] != a1.got[i] || a0.at[i] != a1.at[i] {
			t.Fatalf("event %d of a: %v at %v with a prefetcher, %v at %v without", i, a1.got[i], a1.at[i], a0.got[i], a0.at[i])
		}
	}
	for id, n := range pf.seen {
		if id%3 == 0 || id%7 == 0 || n != 1 {
			t.Fatalf("event %d prefetched %d times (events of b: id%%3 == 0; cancelled: id%%7 == 0)", id, n)
		}
	}
	if len(pf.seen) < len(a1.got)/2 {
		t.Errorf("%d of %d events of a prefetched, want most (they are scheduled ahead, in buckets)", len(pf.seen), len(a1.got))
	}
}

// prefetchCheck fails the test if an event is prefetched after it fired.
type prefetchCheck struct {
	log *prefetchLog
	a   *recorder
	t   *testing.T
}

func (c *prefetchCheck) Prefetch(evs []Event) {
	if len(evs) == 0 || len(evs) > PrefetchBatch {
		c.t.Fatalf("a batch of %d events, want 1..%d", len(evs), PrefetchBatch)
	}
	for _, ev := range evs {
		for _, g := range c.a.got {
			if g.ID == ev.ID {
				c.t.Fatalf("event %d prefetched after it fired", ev.ID)
			}
		}
	}
	c.log.Prefetch(evs)
}
