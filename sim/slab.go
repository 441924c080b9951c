package sim

// Slot is the header a Slab record embeds: whether the record is free, and
// its generation, bumped at every reuse so that a stale reference (an
// event's argument, a FIFO's Stamp) is recognised.
type Slot struct {
	Free bool
	Gen  uint32
}

func (s *Slot) slot() *Slot { return s }

// Slab is a pool of records of type T (which embeds Slot) reused through a
// free list: no allocation per record in steady state. Items is indexed by
// the int32 ID that New returns.
type Slab[T any, P interface {
	*T
	slot() *Slot
}] struct {
	Items []T
	free  FreeList
}

// FreeList hands out indices into a slice its user owns, reusing the
// released ones, last released first: no allocation per record in steady
// state.
type FreeList struct{ free []int32 }

// Take returns a released index, or n, the slice's length, with grow true:
// then the caller appends the record.
func (f *FreeList) Take(n int) (i int32, grow bool) {
	if k := len(f.free); k > 0 {
		i = f.free[k-1]
		f.free = f.free[:k-1]
		return i, false
	}
	return int32(n), true
}

// Put releases index i.
func (f *FreeList) Put(i int32) { f.free = append(f.free, i) }

// New returns the ID of a zeroed record, free=false, of a generation newer
// than any it had before (the first is 1).
func (s *Slab[T, P]) New() int32 {
	if i, grow := s.free.Take(len(s.Items)); !grow {
		g := P(&s.Items[i]).slot().Gen + 1
		var zero T
		s.Items[i] = zero
		P(&s.Items[i]).slot().Gen = g
		return i
	}
	var zero T
	s.Items = append(s.Items, zero)
	i := int32(len(s.Items) - 1)
	P(&s.Items[i]).slot().Gen = 1
	return i
}

// Release marks record id free and puts it on the free list; its fields
// keep their values until New reuses it.
func (s *Slab[T, P]) Release(id int32) {
	P(&s.Items[id]).slot().Free = true
	s.free.Put(id)
}
