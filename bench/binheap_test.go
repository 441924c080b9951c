package bench

import "github.com/capsim/capsim/sim"

// binheapScheduler is the baseline of BenchmarkHold: sim.Scheduler's event
// queue as it was before issue 14 (main at 73112c1), an indexed binary heap
// of 24-byte keys (time, sequence, slot) whose every move also writes the
// moved event's position into its slot, for O(log n) cancellation. It keeps
// only what the hold model uses (At, Step), so that the engine's queue is
// measured against it in the same benchmark, on the same machine, in the
// same run.
type binheapScheduler struct {
	now   sim.Time
	seq   uint64
	heap  []binheapKey
	slots []binheapSlot
	free  sim.FreeList
}

type binheapKey struct {
	at   sim.Time
	seq  uint64
	slot uint32
}

type binheapSlot struct {
	h   sim.Handler
	ev  sim.Event
	pos int32
	gen uint32
}

func (s *binheapScheduler) reserve(n int) {
	s.heap = make([]binheapKey, 0, n)
	s.slots = make([]binheapSlot, 0, n)
}

func (s *binheapScheduler) at(t sim.Time, h sim.Handler, ev sim.Event) {
	free, grow := s.free.Take(len(s.slots)) // last freed first, as the scheduler's own list did
	if grow {
		s.slots = append(s.slots, binheapSlot{})
	}
	slot := uint32(free)
	sd := &s.slots[slot]
	sd.gen++
	sd.h, sd.ev = h, ev
	s.seq++
	i := len(s.heap)
	s.heap = append(s.heap, binheapKey{at: t, seq: s.seq, slot: slot})
	sd.pos = int32(i)
	s.up(i)
}

func (s *binheapScheduler) step() {
	top := s.heap[0]
	s.removeAt(0)
	sd := &s.slots[top.slot]
	h, ev := sd.h, sd.ev
	sd.h = nil
	s.now = top.at
	h.Handle(top.at, ev)
}

func (s *binheapScheduler) removeAt(i int) {
	slot := s.heap[i].slot
	last := len(s.heap) - 1
	if i != last {
		s.heap[i] = s.heap[last]
		s.slots[s.heap[i].slot].pos = int32(i)
	}
	s.heap = s.heap[:last]
	if i != last && !s.down(i) {
		s.up(i)
	}
	s.slots[slot].pos = -1
	s.free.Put(int32(slot))
}

func binheapLess(a, b *binheapKey) bool {
	return a.at < b.at || (a.at == b.at && a.seq < b.seq)
}

func (s *binheapScheduler) up(i int) {
	h := s.heap
	k := h[i]
	for i > 0 {
		p := (i - 1) / 2
		if !binheapLess(&k, &h[p]) {
			break
		}
		h[i] = h[p]
		s.slots[h[i].slot].pos = int32(i)
		i = p
	}
	h[i] = k
	s.slots[k.slot].pos = int32(i)
}

func (s *binheapScheduler) down(i0 int) bool {
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
		if r := l + 1; r < n && binheapLess(&h[r], &h[l]) {
			j = r
		}
		if !binheapLess(&h[j], &k) {
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
