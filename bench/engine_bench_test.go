package bench

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/capsim/capsim/sim"
)

// holdMean is the mean of the exponential increment of the hold model, in
// nanoseconds of virtual time (1 ms).
const holdMean = 1e6

// holdModel is the classic hold model: every event, when handled, schedules
// one more at now + Exp(holdMean), so the number of pending events stays N.
type holdModel struct {
	s *sim.Scheduler
	r *rand.Rand
}

func (h *holdModel) Handle(now sim.Time, ev sim.Event) {
	h.s.At(now+sim.Time(h.r.ExpFloat64()*holdMean), h, ev)
}

// newHold returns a scheduler prefilled with n events at exponential times,
// drawn from a PCG generator with a fixed seed.
func newHold(n int) (*sim.Scheduler, *holdModel) {
	s := sim.NewScheduler()
	s.Reserve(n + 1)
	h := &holdModel{s: s, r: rand.New(rand.NewPCG(1, 2))}
	for i := range n {
		s.At(sim.Time(h.r.ExpFloat64()*holdMean), h, sim.Event{ID: int32(i)})
	}
	return s, h
}

// binheapHold is the hold model on the baseline queue (binheap_test.go),
// drawing from the same stream as holdModel.
type binheapHold struct {
	s *binheapScheduler
	r *rand.Rand
}

func (h *binheapHold) Handle(now sim.Time, ev sim.Event) {
	h.s.at(now+sim.Time(h.r.ExpFloat64()*holdMean), h, ev)
}

func newBinheapHold(n int) (*binheapScheduler, *binheapHold) {
	s := &binheapScheduler{}
	s.reserve(n + 1)
	h := &binheapHold{s: s, r: rand.New(rand.NewPCG(1, 2))}
	for i := range n {
		s.at(sim.Time(h.r.ExpFloat64()*holdMean), h, sim.Event{ID: int32(i)})
	}
	return s, h
}

// BenchmarkHold measures the event queue alone: the classic hold model at
// 100, 1k and 1M pending events, on the engine's scheduler (queue=engine) and on
// the binary heap it replaced (queue=binheap, the baseline), in the same
// benchmark so that one run on one machine compares them.
func BenchmarkHold(b *testing.B) {
	for _, c := range []struct {
		name string
		n    int
	}{
		{"pending=100", 100}, // about the default scenario's queue
		{"pending=1k", 1_000},
		{"pending=1M", 1_000_000},
	} {
		b.Run("queue=engine/"+c.name, func(b *testing.B) {
			s, _ := newHold(c.n)
			// Warm up: one pass over the queue so that the heap is in its
			// steady-state shape and the free list has its final capacity.
			for range c.n {
				s.Step(sim.Never - 1)
			}
			b.ReportAllocs()
			for b.Loop() {
				s.Step(sim.Never - 1) // pop one; its handler pushes one
			}
			if s.Pending() != c.n {
				b.Fatalf("pending = %d, want %d", s.Pending(), c.n)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/event")
		})
		b.Run("queue=binheap/"+c.name, func(b *testing.B) {
			s, _ := newBinheapHold(c.n)
			for range c.n {
				s.step()
			}
			b.ReportAllocs()
			for b.Loop() {
				s.step()
			}
			if len(s.heap) != c.n {
				b.Fatalf("pending = %d, want %d", len(s.heap), c.n)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/event")
		})
	}
}

// holdTrace records what a hold model's handler saw.
type holdTrace struct {
	r  *rand.Rand
	at []sim.Time
	id []int32
}

// next records the event and returns the time of the one its handler
// schedules: an exponential increment rounded to 1 µs, so that many times
// are equal and the sequence decides.
func (tr *holdTrace) next(now sim.Time, ev sim.Event) sim.Time {
	tr.at = append(tr.at, now)
	tr.id = append(tr.id, ev.ID)
	return now + sim.Time(math.Round(tr.r.ExpFloat64()*holdMean/1e3)*1e3)
}

type tracedHold struct {
	s  *sim.Scheduler
	tr *holdTrace
}

func (h *tracedHold) Handle(now sim.Time, ev sim.Event) { h.s.At(h.tr.next(now, ev), h, ev) }

type tracedBinheapHold struct {
	s  *binheapScheduler
	tr *holdTrace
}

func (h *tracedBinheapHold) Handle(now sim.Time, ev sim.Event) { h.s.at(h.tr.next(now, ev), h, ev) }

// TestHoldBaselineMatchesEngine: the baseline queue of BenchmarkHold and
// the engine's scheduler fire the same events at the same times in the same
// order (200,000 events of the hold model at 1,000 and at 10,000 pending,
// the latter past the size at which the scheduler's calendar comes into
// use, with times rounded to 1 µs so that many are equal and the sequence
// decides), or the benchmark would compare different work.
func TestHoldBaselineMatchesEngine(t *testing.T) {
	for _, n := range []int{1_000, 10_000} {
		holdBaselineMatchesEngine(t, n, 200_000)
	}
}

func holdBaselineMatchesEngine(t *testing.T, n, events int) {
	a, b := holdTrace{r: rand.New(rand.NewPCG(1, 2))}, holdTrace{r: rand.New(rand.NewPCG(1, 2))}
	s, bs := sim.NewScheduler(), &binheapScheduler{}
	ha, hb := &tracedHold{s, &a}, &tracedBinheapHold{bs, &b}
	for i := range n {
		t0 := sim.Time(float64(i%97) * 1e3)
		s.At(t0, ha, sim.Event{ID: int32(i)})
		bs.at(t0, hb, sim.Event{ID: int32(i)})
	}
	for range events {
		s.Step(sim.Never - 1)
		bs.step()
	}
	if len(a.at) != events || len(b.at) != events {
		t.Fatalf("%d pending: fired %d and %d events, want %d", n, len(a.at), len(b.at), events)
	}
	for i := range events {
		if a.at[i] != b.at[i] || a.id[i] != b.id[i] {
			t.Fatalf("%d pending, event %d: engine fired id %d at %v, baseline id %d at %v", n, i, a.id[i], a.at[i], b.id[i], b.at[i])
		}
	}
}

// TestHoldZeroAllocs asserts that the scheduler does not allocate per event
// in steady state: each run handles 1,000 hold events, so a single
// allocation per event (boxing an Event, growing a slice each push, a
// closure) shows up as >= 1,000 allocations per run. testing.AllocsPerRun
// truncates the mean, so the assertion is "fewer than one allocation per
// 1,000 events on average".
func TestHoldZeroAllocs(t *testing.T) {
	const n, perRun = 1_000, 1_000
	s, _ := newHold(n)
	for range 10 * n { // warm up
		s.Step(sim.Never - 1)
	}
	allocs := testing.AllocsPerRun(100, func() {
		for range perRun {
			if !s.Step(sim.Never - 1) {
				panic("hold model ran dry")
			}
		}
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per %d events in steady state, want 0", allocs, perRun)
	}
	if s.Pending() != n {
		t.Fatalf("pending = %d, want %d", s.Pending(), n)
	}
}
