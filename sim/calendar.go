package sim

import (
	"cmp"
	"math/bits"
	"slices"
)

// The Scheduler's queue is two-level once it holds many events: the near
// queue (radix.go) holds every key due before calendar.limit, and the keys
// due later wait, unsorted, in a ring of buckets of equal width in time
// (or, beyond the ring, in a far list). When the near queue runs dry the
// next non-empty bucket is moved into it. Every key in the near queue is
// due before every key outside it, so its least key is still the least of
// all in (time, sequence) order: the order events fire in is unchanged,
// ties included. The near queue stays small (one bucket's worth of events,
// in the caches) and a key scheduled far ahead costs an append until its
// bucket comes up. The ring is itself two-level: a key first waits in one
// of 64 coarse buckets (64 buckets each), spread into its bucket when the
// ring reaches that coarse bucket, so that the appends go to a few tails
// that stay in the caches rather than to 4096 that do not.

const (
	calBuckets = 4096
	calSpill   = 4096 // near queue's size at which the buckets come into use
	calSuper   = 64   // buckets per coarse bucket
)

type calendar struct {
	on      bool
	spillAt int // 0: calSpill (tests lower it)
	base    Time
	shift   uint // a bucket is 1<<shift ticks wide: a key's bucket is a shift, not a division
	cur     int  // next bucket to load
	limit   Time // while on: the near queue holds exactly the keys due before limit
	outside int  // keys in buckets and far
	buckets []bucketList
	supers  []bucketList // coarse buckets of calSuper buckets each, not yet spread
	spread  int          // supers below this one have been spread into buckets
	pool    blockPool
	load    []eventKey // scratch of refill and compactOutside
	far     []eventKey
	rebases int // for the tests
	spills  int // for the tests
}

// keys returns the number of keys held, pending or cancelled.
func (s *Scheduler) keys() int { return s.q.n + s.cal.outside }

// enqueue adds k to the queue.
func (s *Scheduler) enqueue(k eventKey) {
	c := &s.cal
	if !c.on {
		s.q.push(k)
		if s.q.n >= cmp.Or(c.spillAt, calSpill) {
			s.spill()
		}
		return
	}
	if k.at < c.limit {
		s.q.push(k)
		return
	}
	d := uint64(k.at-c.base) >> c.shift
	if d < uint64(c.cur) {
		// Only a key at Never, once limit has saturated there: its bucket
		// has been loaded, and every earlier key at Never with it, so it
		// belongs to the near queue too.
		s.q.push(k)
		return
	}
	c.outside++
	if d < calBuckets {
		// A key for a bucket whose coarse bucket has not been spread yet
		// waits there: the 64 coarse buckets' tails stay in the caches,
		// where the 4096 buckets' tails would not.
		if sup := int(d / calSuper); sup >= c.spread {
			c.pool.add(&c.supers[sup], k)
		} else {
			c.pool.add(&c.buckets[d], k)
		}
	} else {
		c.far = append(c.far, k)
	}
}

// spill turns the buckets on: every key moves to the far list, over which
// rebase lays the ring out; the next Step loads the first bucket.
func (s *Scheduler) spill() {
	c := &s.cal
	c.on = true
	c.spills++
	if c.buckets == nil {
		c.buckets = make([]bucketList, calBuckets)
		c.supers = make([]bucketList, calBuckets/calSuper)
	}
	n := s.q.n
	c.far = s.q.drain(c.far)
	c.outside += n
	// The near queue is empty: its buckets start again from now (a top
	// settled after a horizon, and drained, may be after keys to come).
	s.q.top = eventKey{at: s.now}
	s.rebase()
}

// ready reports whether the least key held is due at or before horizon,
// settling it at the top of the near queue (loading the calendar's next
// buckets if that is empty). It settles nothing when the lowest bucket
// starts after horizon, so that a run stopped at a horizon rarely leaves a
// top after events scheduled later in the gap (radixQueue.push).
func (s *Scheduler) ready(horizon Time) bool {
	q := &s.q
	if !q.hasTop {
		if q.n == 0 && !(s.cal.on && s.refill()) {
			return false
		}
		i := q.lowest()
		if q.floor(i) > horizon {
			return false
		}
		q.settle(i)
	}
	return q.top.at <= horizon
}

// unspillDiv: the buckets go out of use when fewer than the spill size
// over unspillDiv keys are left outside the near queue.
const unspillDiv = 4

// unspill turns the buckets off: every key outside the (empty) near queue
// moves into it. A queue that shrank after a peak (a night after an
// evening) would otherwise walk mostly empty buckets of a ring laid out
// for the peak; a later spill lays a new one out, its width measured
// afresh.
func (s *Scheduler) unspill() {
	c := &s.cal
	all := s.allKeys()
	c.on, c.shift, c.cur, c.spread, c.limit = false, 0, 0, 0, 0
	s.q.top = eventKey{at: s.now} // every key is at or after now
	for _, k := range all {
		s.q.push(k)
	}
}

// refill moves the next non-empty bucket into the (empty) near queue,
// dropping cancelled keys, and lays a new ring out over the far list when
// the ring is exhausted. It reports whether the near queue holds a key.
func (s *Scheduler) refill() bool {
	c := &s.cal
	if c.outside < cmp.Or(c.spillAt, calSpill)/unspillDiv {
		s.unspill()
		return s.q.n > 0
	}
	for {
		for c.cur < calBuckets {
			if c.cur/calSuper == c.spread {
				s.spreadNext()
			}
			b := &c.buckets[c.cur]
			c.cur++
			c.limit = c.bound(c.cur)
			if b.head == 0 {
				continue
			}
			c.load = c.pool.drain(b, c.load[:0])
			c.outside -= len(c.load)
			// Load the bucket's slots first, in a pass whose loads depend
			// on nothing but the keys, so that their cache misses overlap;
			// the pass below, whose branches depend on the slots, then hits.
			var sink uint8
			for _, k := range c.load {
				sink += s.slots[k.slot()].state
			}
			s.touched = sink
			if s.pf != nil {
				s.prefetch(c.load)
			}
			for _, k := range c.load {
				if !s.dropCancelled(k) {
					s.q.push(k)
				}
			}
			if s.q.n > 0 {
				return true
			}
		}
		if len(c.far) == 0 {
			return false
		}
		s.rebase()
	}
}

// prefetch passes the prefetcher's handler's pending events among keys
// to it, in batches of at most PrefetchBatch.
func (s *Scheduler) prefetch(keys []eventKey) {
	evs := s.pfEvs[:0]
	for _, k := range keys {
		if sd := &s.slots[k.slot()]; sd.state == slotPending && sd.h == s.pfH {
			if evs = append(evs, sd.ev); len(evs) == PrefetchBatch {
				s.pf.Prefetch(evs)
				evs = evs[:0]
			}
		}
	}
	if len(evs) > 0 {
		s.pf.Prefetch(evs)
	}
	s.pfEvs = evs[:0]
}

// spreadNext moves the keys of the next coarse bucket into its buckets.
func (s *Scheduler) spreadNext() {
	c := &s.cal
	c.load = c.pool.drain(&c.supers[c.spread], c.load[:0])
	c.spread++
	for _, k := range c.load {
		c.pool.add(&c.buckets[uint64(k.at-c.base)>>c.shift], k)
	}
}

// bound is the start of bucket i: saturating at Never.
func (c *calendar) bound(i int) Time {
	span := uint64(Never - c.base)
	if uint64(i) > span>>c.shift {
		return Never
	}
	if off := uint64(i) << c.shift; off < span {
		return c.base + Time(off)
	}
	return Never
}

// rebase lays a new ring out from the earliest far key, with a width such
// that the ring spans at least four times the median distance of a sample
// of the far keys from it, and moves the far keys into it.
func (s *Scheduler) rebase() {
	c := &s.cal
	far := c.far
	lo := far[0].at
	for _, k := range far {
		lo = min(lo, k.at)
	}
	var sample [255]uint64
	n := min(len(far), len(sample))
	for i := range n {
		sample[i] = uint64(far[i*len(far)/n].at - lo)
	}
	slices.Sort(sample[:n])
	// only ever wider: the far list holds the keys beyond the last ring, a
	// biased sample that would narrow the ring again and again; a power of
	// two, the least at or above the measured width
	w := max(4*sample[n/2]/calBuckets, 1)
	c.shift = max(c.shift, uint(bits.Len64(w-1)))
	c.base, c.cur, c.limit, c.spread = lo, 0, lo, 0
	c.rebases++
	// In place: every key is at or after lo = limit, so it goes to a
	// coarse bucket (none is spread yet) or stays in the far list.
	kept := far[:0]
	for _, k := range far {
		if d := uint64(k.at-lo) >> c.shift; d < calBuckets {
			c.pool.add(&c.supers[d/calSuper], k)
		} else {
			kept = append(kept, k)
		}
	}
	clear(far[len(kept):])
	c.far = kept
}

// dropCancelled frees the slot of k and reports true if k's event was
// cancelled.
func (s *Scheduler) dropCancelled(k eventKey) bool {
	slot := k.slot()
	if s.slots[slot].state != slotCancelled {
		return false
	}
	s.slots[slot].state = slotFree
	s.free = append(s.free, slot)
	s.cancelled--
	return true
}

// compactOutside drops the cancelled keys from the buckets and the far list.
func (s *Scheduler) compactOutside() {
	c := &s.cal
	drop := func(b []eventKey) []eventKey {
		kept := b[:0]
		for _, k := range b {
			if !s.dropCancelled(k) {
				kept = append(kept, k)
			}
		}
		c.outside -= len(b) - len(kept)
		clear(b[len(kept):])
		return kept
	}
	for _, bs := range [][]bucketList{c.buckets, c.supers} {
		for i := range bs {
			keys := drop(c.pool.drain(&bs[i], c.load[:0]))
			for _, k := range keys {
				c.pool.add(&bs[i], k)
			}
			c.load = keys[:0]
		}
	}
	c.far = drop(c.far)
}

// allKeys moves every key out of the buckets and the far list and returns
// them with the near queue's (which it leaves empty).
func (s *Scheduler) allKeys() []eventKey {
	all := s.q.drain(nil)
	for i := range s.cal.buckets {
		all = s.cal.pool.drain(&s.cal.buckets[i], all)
	}
	for i := range s.cal.supers {
		all = s.cal.pool.drain(&s.cal.supers[i], all)
	}
	all = append(all, s.cal.far...)
	s.cal.far = s.cal.far[:0]
	s.cal.outside = 0
	return all
}
