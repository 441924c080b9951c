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

// lessBit is less as 0 or 1, without branches: (at, key) compared as one
// 128-bit unsigned number, at's sign bit flipped so that the unsigned order
// of its high half is the signed order of times.
func lessBit(a, b *heapKey) uint64 {
	const sign = 1 << 63
	_, borrow := bits.Sub64(a.key, b.key, 0)
	_, borrow = bits.Sub64(uint64(a.at)^sign, uint64(b.at)^sign, borrow)
	return borrow
}

func less(a, b *heapKey) bool {
	return a.at < b.at || (a.at == b.at && a.key < b.key)
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
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / arity
		if !less(&k, &h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = k
}

// pop removes the top of the heap.
func (s *Scheduler) pop() {
	n := len(s.heap) - 1
	last := s.heap[n]
	h := s.heap[:n]
	s.heap = h
	if n > 0 {
		s.siftDown(h, 0, last)
	}
}

// siftDown places k at node i or below, moving smaller children up.
func (s *Scheduler) siftDown(h []heapKey, i int, k heapKey) {
	n := len(h)
	for {
		c := arity*i + 1
		if c >= n {
			break
		}
		// The least of the children by a tournament without branches: the
		// heap stays small (the calendar holds the far future), so the
		// children are in the caches and the mispredicted branches of a
		// sequential scan were the cost.
		var m int
		if c+arity <= n { // all four children: the common case
			m01 := c + int(lessBit(&h[c+1], &h[c]))
			m23 := c + 2 + int(lessBit(&h[c+3], &h[c+2]))
			m = m01 + int(lessBit(&h[m23], &h[m01]))*(m23-m01)
		} else {
			m = c
			for j := c + 1; j < n; j++ {
				if less(&h[j], &h[m]) {
					m = j
				}
			}
		}
		if !less(&h[m], &k) {
			break
		}
		h[i] = h[m]
		i = m
	}
	h[i] = k
}

// compact drops the keys of cancelled events and rebuilds the heap. The
// events that fire, and their order, are the same: that order is the total
// order of (time, sequence), not the heap's shape.
func (s *Scheduler) compact() {
	h := s.heap[:0]
	for _, k := range s.heap {
		if !s.dropCancelled(k) {
			h = append(h, k)
		}
	}
	clear(s.heap[len(h):])
	s.heap = h
	s.heapify()
	if s.cal.on {
		s.compactOutside()
	}
}

// heapify restores the heap property over the whole heap.
func (s *Scheduler) heapify() {
	h := s.heap
	for i := (len(h) - 2) / arity; i >= 0 && len(h) > 1; i-- {
		s.siftDown(h, i, h[i])
	}
}

// renumber gives the keys in the heap the sequence numbers 1..n in their
// order, so that the 32-bit sequence never wraps: the order of (time,
// sequence) among them, and so the order events fire in, is unchanged, and
// every key pushed later is still after them at equal times. A sorted array
// is a heap.
func (s *Scheduler) renumber() {
	all := s.allKeys()
	slices.SortFunc(all, func(a, b heapKey) int {
		switch {
		case less(&a, &b):
			return -1
		case less(&b, &a):
			return 1
		}
		return 0
	})
	for i := range all {
		all[i].key = uint64(i+1)<<32 | uint64(all[i].slot())
	}
	s.seq = uint32(len(all))
	for _, k := range all { // in order: the heap's part is sorted, so a heap
		s.enqueue(k)
	}
}
