package sim

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// sketchCodec is the first byte of a Sketch's binary form.
const sketchCodec = 1

// MarshalBinary encodes the sketch exactly (buckets, zero bucket, count,
// the bits of Sum and Max, and whether the bucket array is allocated), so
// that a sketch read back by UnmarshalBinary reports and merges exactly as
// the original: what lets a sharded run's replications be stored and
// merged. Only non-empty buckets are written.
func (s *Sketch) MarshalBinary() ([]byte, error) {
	b := []byte{sketchCodec, 0}
	if s.counts != nil {
		b[1] = 1
	}
	b = binary.AppendUvarint(b, s.zero)
	b = binary.AppendUvarint(b, s.count)
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(s.sum))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(s.max))
	prev := -1
	for j, c := range s.counts {
		if c != 0 {
			i := s.off + j
			b = binary.AppendUvarint(b, uint64(i-prev)) // gap from the previous non-empty bucket
			b = binary.AppendUvarint(b, c)
			prev = i
		}
	}
	return b, nil
}

// errSketchCodec is the error of a malformed binary sketch.
var errSketchCodec = errors.New("sim: sketch: malformed binary form")

// UnmarshalBinary decodes what MarshalBinary wrote, replacing s. It
// rejects input that is malformed or whose counts do not add up.
func (s *Sketch) UnmarshalBinary(data []byte) error {
	if len(data) < 2 || data[0] != sketchCodec || data[1] > 1 {
		return errSketchCodec
	}
	out := Sketch{}
	if data[1] == 1 {
		out.alloc()
	}
	rest := data[2:]
	next := func() uint64 {
		v, n := binary.Uvarint(rest)
		if n <= 0 {
			rest = nil
			return math.MaxUint64
		}
		rest = rest[n:]
		return v
	}
	out.zero, out.count = next(), next()
	if len(rest) < 16 {
		return errSketchCodec
	}
	out.sum = math.Float64frombits(binary.LittleEndian.Uint64(rest))
	out.max = math.Float64frombits(binary.LittleEndian.Uint64(rest[8:]))
	rest = rest[16:]
	total, at := out.zero, -1
	var dense []uint64 // every bucket, then cut to the window
	lo, hi := -1, -1
	for len(rest) > 0 {
		gap, c := next(), next()
		if out.counts == nil || gap == 0 || gap > uint64(sketchBuckets) || at+int(gap) >= sketchBuckets || c == math.MaxUint64 {
			return errSketchCodec
		}
		if dense == nil {
			dense = make([]uint64, sketchBuckets)
		}
		at += int(gap)
		dense[at] = c
		total += c
		if c != 0 {
			hi = at
			if lo < 0 {
				lo = at
			}
		}
	}
	if lo >= 0 {
		out.widen(lo, hi)
		copy(out.counts, dense[out.off:])
	}
	if total != out.count {
		return fmt.Errorf("%w: buckets hold %d values, count is %d", errSketchCodec, total, out.count)
	}
	*s = out
	return nil
}
