package sim

// A calendar bucket is a chain of fixed-size blocks of keys drawn from one
// pool and returned to it when the bucket is loaded: the buckets' storage
// is the pool's, sized by the keys outside the near queue at the peak, not the
// sum of every bucket's own peak, and it stops allocating once warm.

const blockKeys = 15 // keys per block: with its header, 248 bytes

type keyBlock struct {
	keys [blockKeys]eventKey
	n    int32
	next int32 // index+1 of the next block of the chain, 0: none
}

// bucketList is a chain of blocks; the zero value is empty.
type bucketList struct{ head, tail int32 } // index+1, 0: none

type blockPool struct {
	blocks []keyBlock
	free   []int32 // indices
}

// add appends k to bucket b.
func (p *blockPool) add(b *bucketList, k eventKey) {
	if b.tail != 0 {
		if t := &p.blocks[b.tail-1]; t.n < blockKeys {
			t.keys[t.n] = k
			t.n++
			return
		}
	}
	i := p.take()
	blk := &p.blocks[i]
	blk.keys[0], blk.n, blk.next = k, 1, 0
	if b.tail != 0 {
		p.blocks[b.tail-1].next = i + 1
	} else {
		b.head = i + 1
	}
	b.tail = i + 1
}

func (p *blockPool) take() int32 {
	if n := len(p.free); n > 0 {
		i := p.free[n-1]
		p.free = p.free[:n-1]
		return i
	}
	p.blocks = append(p.blocks, keyBlock{})
	return int32(len(p.blocks) - 1)
}

// drain appends the keys of bucket b to dst, empties b and returns its
// blocks to the pool.
func (p *blockPool) drain(b *bucketList, dst []eventKey) []eventKey {
	for i := b.head; i != 0; {
		blk := &p.blocks[i-1]
		dst = append(dst, blk.keys[:blk.n]...)
		p.free = append(p.free, i-1)
		i = blk.next
	}
	*b = bucketList{}
	return dst
}
