package sim

import "sync"

// A replication's scheduler grows to its peak (event slots, the radix
// heap's buckets, the calendar's blocks) and is then dropped; the next
// replication grew it again from nothing, fresh memory that the collector
// had to account for and the kernel to fault in (tens of MB a replication
// at a large title's scale). Finish hands the scheduler of a finished run
// back, emptied, for the next NewRun to reuse: the same events fire in the
// same order (nothing depends on a slice's capacity, only on what it
// holds), so outputs are unchanged.
var schedulers sync.Pool

// newRunScheduler returns an empty scheduler, reused if one is free.
func newRunScheduler() *Scheduler {
	if s, ok := schedulers.Get().(*Scheduler); ok {
		return s
	}
	return NewScheduler()
}

// recycle empties s, keeping the storage of its slices, and makes it
// available to newRunScheduler. s must not be used afterwards.
func (s *Scheduler) recycle() {
	clear(s.slots) // no handler stays reachable from the pool
	q, c := &s.q, &s.cal
	buckets := q.buckets
	for i := range buckets {
		buckets[i] = buckets[i][:0]
	}
	clear(c.buckets)
	clear(c.supers)
	*s = Scheduler{slots: s.slots[:0], free: s.free[:0], pfEvs: s.pfEvs[:0],
		q: radixQueue{buckets: buckets},
		cal: calendar{buckets: c.buckets, supers: c.supers,
			pool: blockPool{blocks: c.pool.blocks[:0], free: c.pool.free[:0]},
			load: c.load[:0], far: c.far[:0]}}
	schedulers.Put(s)
}
