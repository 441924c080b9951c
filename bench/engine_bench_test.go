package bench

import (
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

func BenchmarkHold(b *testing.B) {
	for _, c := range []struct {
		name string
		n    int
	}{
		{"pending=1k", 1_000},
		{"pending=1M", 1_000_000},
	} {
		b.Run(c.name, func(b *testing.B) {
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
