package sim

// Stamp names a record of a Slab as it was: its index and generation. A
// stamp whose generation no longer matches the record's is stale.
type Stamp struct {
	ID  int32
	Gen uint32
}

// FIFO is a first-in first-out queue of stamps, for requests that wait;
// entries whose request moved on stay in it and the reader skips them. It
// reuses its storage: no allocation per push in steady state.
type FIFO struct {
	items []Stamp
	head  int
}

// Push appends (id, gen).
func (q *FIFO) Push(id int32, gen uint32) {
	if q.head > 0 && q.head*2 >= len(q.items) {
		n := copy(q.items, q.items[q.head:])
		q.items = q.items[:n]
		q.head = 0
	}
	q.items = append(q.items, Stamp{id, gen})
}

// Peek returns the oldest entry; ok is false when the queue is empty.
func (q *FIFO) Peek() (e Stamp, ok bool) {
	if q.head == len(q.items) {
		q.Reset()
		return Stamp{}, false
	}
	return q.items[q.head], true
}

// Pop drops the oldest entry; it panics on an empty queue.
func (q *FIFO) Pop() {
	if q.head == len(q.items) {
		panic("sim: Pop of an empty FIFO")
	}
	q.head++
	if q.head == len(q.items) {
		q.Reset()
	}
}

// Entries returns the entries, oldest first, stale ones included; valid
// until the next change.
func (q *FIFO) Entries() []Stamp { return q.items[q.head:] }

// Reset empties the queue, keeping its storage.
func (q *FIFO) Reset() { q.items, q.head = q.items[:0], 0 }
