package sim

import (
	"math/bits"
	"slices"
)

// The near part of the Scheduler's queue (every key, until the calendar of
// calendar.go comes into use) is a radix heap (Ahuja, Mehlhorn, Orlin &
// Tarjan, "Faster algorithms for the shortest path problem", J. ACM 37(2),
// 1990) over 96-bit keys: the event's time, then its sequence number. A
// radix heap needs the keys it pops to be monotone, which a discrete-event
// scheduler's are: nothing is scheduled before now, and at equal times the
// sequence grows. Keys wait, unsorted, in buckets by the highest bit in
// which they differ from the last key settled, the top: bucket i in 1..32
// holds the keys of the top's time whose sequence first differs in bit
// i-1, and bucket 32+j the keys whose time first differs in bit j-1. Every
// key of a lower bucket is less than every key of a higher one, so the
// least key is found by scanning the lowest non-empty bucket, whose other
// keys then move to lower buckets relative to it. A push is an append, a
// key moves a few times in its life (96 at most), and a scan reads a
// bucket in order. It replaced a cache-aligned 4-ary heap, which was
// slower at the default scenario's scale (BenchmarkDefaultScenario). The
// order in which events fire is the total order of (time, sequence), ties
// included, whatever the queue's structure.

// eventKey is what the queue holds: 16 bytes. key holds the sequence
// number in its high 32 bits and the slot in its low 32: keys of equal time
// order by sequence (which is unique), and the slot never decides.
type eventKey struct {
	at  Time
	key uint64
}

func (k eventKey) slot() uint32 { return uint32(k.key) }
func (k eventKey) seq() uint32  { return uint32(k.key >> 32) }

func less(a, b *eventKey) bool {
	return a.at < b.at || (a.at == b.at && a.key < b.key)
}

const radixBuckets = 1 + 32 + 64 // bucket 0 is unused: the top is held apart

// compactMin is the number of cancelled keys below which the queue is
// never rebuilt to drop them (Cancel rebuilds when they also outnumber the
// pending ones, so the queue holds at most about twice the pending events).
const compactMin = 1024

type radixQueue struct {
	top      eventKey // the key last settled: every key held is after it
	hasTop   bool     // top is held
	n        int      // keys held, the top included
	nonzero  [2]uint64
	buckets  [radixBuckets][]eventKey
	rebuilds int // pushes before the top (after a horizon), for the tests
}

// bucketOf is the bucket of k relative to top: k must be after top.
func (q *radixQueue) bucketOf(k *eventKey) int {
	if x := uint64(k.at ^ q.top.at); x != 0 {
		return 32 + bits.Len64(x)
	}
	return bits.Len32(k.seq() ^ q.top.seq())
}

func (q *radixQueue) add(k eventKey) {
	i := q.bucketOf(&k)
	q.buckets[i] = append(q.buckets[i], k)
	q.nonzero[i>>6] |= 1 << (i & 63)
}

// push adds k.
func (q *radixQueue) push(k eventKey) {
	q.n++
	if less(&q.top, &k) {
		q.add(k)
		return
	}
	// Before the top: possible only after Run stopped at a horizon short
	// of the top, which had to be settled to be seen. Lay the buckets out
	// again from k's time (sequence 0 is before every key's).
	q.rebuilds++
	all := q.drain(nil)
	q.top, q.n = eventKey{at: k.at}, len(all)+1 // sequence 0: before every key
	for _, a := range all {
		q.add(a)
	}
	q.add(k)
}

// lowest returns the lowest non-empty bucket, or -1 if there is none.
func (q *radixQueue) lowest() int {
	switch {
	case q.nonzero[0] != 0:
		return bits.TrailingZeros64(q.nonzero[0])
	case q.nonzero[1] != 0:
		return 64 + bits.TrailingZeros64(q.nonzero[1])
	}
	return -1
}

// floor is a time at or before every key of bucket i: the top's time for
// a bucket of its time, else the top's time with the bucket's bit set and
// the bits below it cleared.
func (q *radixQueue) floor(i int) Time {
	if i <= 32 {
		return q.top.at
	}
	bit := uint(i - 33)
	return Time((uint64(q.top.at)>>bit | 1) << bit)
}

// settle makes the least key of bucket i (the lowest non-empty one) the
// top, and moves the bucket's other keys to lower buckets relative to it.
// A cancelled key is not looked for here (that would read its slot, often
// a cache miss, at every move): it is dropped when it reaches the top, or
// by compact.
//
// A bucket of one key, the most common case once the calendar keeps the
// near queue small, settles without a scan. The bucket's storage is kept
// for reuse and not cleared: keys hold no pointers, and the keys moved
// go to lower buckets only (they share the new top's bits from bucket
// i's up), so none is written over while the loop reads it.
func (q *radixQueue) settle(i int) {
	b := q.buckets[i]
	q.buckets[i] = b[:0]
	q.nonzero[i>>6] &^= 1 << (i & 63)
	q.hasTop = true
	if len(b) == 1 {
		q.top = b[0]
		return
	}
	m := 0
	for j := 1; j < len(b); j++ {
		if less(&b[j], &b[m]) {
			m = j
		}
	}
	q.top = b[m]
	for j := range b {
		if j != m {
			q.add(b[j])
		}
	}
}

// pop removes the top.
func (q *radixQueue) pop() {
	q.hasTop = false
	q.n--
}

// filter keeps the keys for which keep is true.
func (q *radixQueue) filter(keep func(eventKey) bool) {
	if q.hasTop && !keep(q.top) {
		q.hasTop = false
		q.n--
	}
	for i := 1; i < radixBuckets; i++ {
		b := q.buckets[i]
		kept := b[:0]
		for _, k := range b {
			if keep(k) {
				kept = append(kept, k)
			}
		}
		q.n -= len(b) - len(kept)
		clear(b[len(kept):])
		q.buckets[i] = kept
		if len(kept) == 0 {
			q.nonzero[i>>6] &^= 1 << (i & 63)
		}
	}
}

// drain appends every key held to dst and empties the queue.
func (q *radixQueue) drain(dst []eventKey) []eventKey {
	if q.hasTop {
		dst = append(dst, q.top)
		q.hasTop = false
	}
	for i := range q.buckets {
		dst = append(dst, q.buckets[i]...)
		clear(q.buckets[i])
		q.buckets[i] = q.buckets[i][:0]
	}
	q.nonzero = [2]uint64{}
	q.n = 0
	return dst
}

// compact drops the keys of cancelled events from the queue. The events
// that fire, and their order, are the same.
func (s *Scheduler) compact() {
	s.q.filter(func(k eventKey) bool { return !s.dropCancelled(k) })
	if s.cal.on {
		s.compactOutside()
	}
}

// renumber gives the keys held the sequence numbers 1..n in their order,
// so that the 32-bit sequence never wraps: the order of (time, sequence)
// among them, and so the order events fire in, is unchanged, and every key
// pushed later is still after them at equal times.
func (s *Scheduler) renumber() {
	all := s.allKeys()
	slices.SortFunc(all, func(a, b eventKey) int {
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
	// Every key held, and every key pushed later, is at or after now, and
	// sequence 0 is before them all.
	s.q.top = eventKey{at: s.now}
	for _, k := range all {
		s.enqueue(k)
	}
}
