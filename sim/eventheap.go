package sim

import (
	"math/bits"
	"slices"
	"unsafe"
)

// heapKey is what the Scheduler's heap orders and moves: 16 bytes, so that
// the four children of a node fill one 64-byte cache line. key holds the
// sequence number in its high 32 bits and the slot in its low 32: keys of
// equal time order by sequence (which is unique), and the slot never
// decides.
type heapKey struct {
	at  Time
	key uint64
}

func (k heapKey) slot() uint32 { return uint32(k.key) }

func less(a, b *heapKey) bool {
	return a.at < b.at || (a.at == b.at && a.key < b.key)
}

// before is less as 1 or 0, computed without branches (a 128-bit
// subtraction; times are never negative, so their order is that of their
// bits as unsigned numbers): the children of a node compare at random, so
// branches on them would be mispredicted half the time.
func before(a, b *heapKey) uint64 {
	_, borrow := bits.Sub64(a.key, b.key, 0)
	_, borrow = bits.Sub64(uint64(a.at), uint64(b.at), borrow)
	return borrow
}

// The heap is 4-ary: the children of node i are 4i+1 .. 4i+4, its parent
// (i-1)/4. Half the depth of a binary heap, and the children compared at
// each level of a sift down sit in one cache line (growHeap aligns them).
const arity = 4

// compactMin is the number of cancelled keys below which the heap is never
// rebuilt to drop them (Cancel rebuilds when they also outnumber the
// pending ones, so the heap holds at most about twice the pending events).
const compactMin = 1024

const cacheLine = 64

// growHeap moves the heap to new storage of capacity at least n, aligned so
// that element 1 (and so every group of four siblings 4i+1 .. 4i+4) starts
// a cache line.
func (s *Scheduler) growHeap(n int) {
	const per = cacheLine / int(unsafe.Sizeof(heapKey{}))
	buf := make([]heapKey, n+per)
	off := 0
	for uintptr(unsafe.Pointer(&buf[off+1]))%cacheLine != 0 && off < per-1 {
		off++
	}
	h := buf[off : off+len(s.heap) : off+n]
	copy(h, s.heap)
	s.heap = h
}

func (s *Scheduler) push(k heapKey) {
	if len(s.heap) == cap(s.heap) {
		s.growHeap(max(2*cap(s.heap), 64))
	}
	h := s.heap[:len(s.heap)+1]
	s.heap = h
	rise(h, len(h)-1, 0, k)
}

// pop removes the top of the heap, bottom-up: the hole left at the root
// sinks to a leaf along the least children, without comparing them with
// the last key, which then fills the hole and rises (rarely far: the last
// key of a heap is large). That saves a comparison per level over sifting
// the last key down from the root; the heap differs in shape, not in the
// order keys leave it.
func (s *Scheduler) pop() {
	n := len(s.heap) - 1
	last := s.heap[n]
	h := s.heap[:n]
	s.heap = h
	if n > 0 {
		rise(h, sink(h, 0), 0, last)
	}
}

// sink moves a hole at node i down to a leaf, moving the least child up at
// each level, and returns the leaf.
func sink(h []heapKey, i int) int {
	n := len(h)
	for {
		c := arity*i + 1
		if c+arity > n { // the last level, or the one above with a partial group
			if c < n {
				m := c
				for j := c + 1; j < n; j++ {
					if less(&h[j], &h[m]) {
						m = j
					}
				}
				h[i] = h[m]
				i = m
			}
			return i
		}
		// the least of four siblings, by a tournament without branches
		ch := (*[arity]heapKey)(h[c : c+arity])
		m01 := int(before(&ch[1], &ch[0]))
		m23 := 2 + int(before(&ch[3], &ch[2]))
		m := (m01 + (m23-m01)*int(before(&ch[m23&3], &ch[m01&3]))) & 3
		h[i] = ch[m]
		i = c + m
	}
}

// rise places k at node i or above it, up to node top, moving greater
// parents down.
func rise(h []heapKey, i, top int, k heapKey) {
	for i > top {
		p := (i - 1) / arity
		if !less(&k, &h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = k
}

// compact drops the keys of cancelled events and rebuilds the heap. The
// events that fire, and their order, are the same: that order is the total
// order of (time, sequence), not the heap's shape.
func (s *Scheduler) compact() {
	h := s.heap[:0]
	for _, k := range s.heap {
		slot := k.slot()
		if s.slots[slot].state == slotCancelled {
			s.slots[slot].state = slotFree
			s.free = append(s.free, slot)
			continue
		}
		h = append(h, k)
	}
	clear(s.heap[len(h):])
	s.heap, s.cancelled = h, 0
	for i := (len(h) - 2) / arity; i >= 0 && len(h) > 1; i-- {
		k := h[i]
		rise(h, sink(h, i), i, k)
	}
}

// renumber gives the keys in the heap the sequence numbers 1..n in their
// order, so that the 32-bit sequence never wraps: the order of (time,
// sequence) among them, and so the order events fire in, is unchanged, and
// every key pushed later is still after them at equal times. A sorted array
// is a heap.
func (s *Scheduler) renumber() {
	slices.SortFunc(s.heap, func(a, b heapKey) int {
		switch {
		case less(&a, &b):
			return -1
		case less(&b, &a):
			return 1
		}
		return 0
	})
	for i := range s.heap {
		s.heap[i].key = uint64(i+1)<<32 | uint64(s.heap[i].slot())
	}
	s.seq = uint32(len(s.heap))
}
