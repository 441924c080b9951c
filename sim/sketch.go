package sim

import (
	"fmt"
	"math"
	"slices"
)

// Sketch parameters. All values are durations in seconds.
const (
	// SketchRelativeAccuracy is the relative error bound alpha (dimensionless)
	// of quantiles reported by a Sketch for values in
	// [SketchMinValue, SketchMaxValue].
	SketchRelativeAccuracy = 0.01

	// SketchMinValue is the smallest value, in seconds, kept at full
	// relative accuracy. Smaller values (including exact 0) are counted in a
	// dedicated zero bucket and reported as 0 by Quantile.
	SketchMinValue = 1e-9

	// SketchMaxValue is the largest value, in seconds, kept at full relative
	// accuracy. Larger values are clamped into the top bucket: they are
	// counted, and contribute exactly to Sum, Mean and Max, but a quantile
	// falling on them is reported as roughly SketchMaxValue.
	SketchMaxValue = 1e7
)

var (
	// sketchGamma is the ratio between consecutive bucket boundaries,
	// (1+alpha)/(1-alpha).
	sketchGamma = (1 + SketchRelativeAccuracy) / (1 - SketchRelativeAccuracy)
	// sketchInvLogGamma is 1/ln(gamma).
	sketchInvLogGamma = 1 / math.Log(sketchGamma)
	// sketchMinIndex and sketchMaxIndex are the logarithmic indices of the
	// lowest and highest buckets. Index i covers (gamma^(i-1), gamma^i].
	sketchMinIndex = sketchLogIndex(SketchMinValue)
	sketchMaxIndex = sketchLogIndex(SketchMaxValue)
	// sketchBuckets is the number of dense buckets (about 1,843).
	sketchBuckets = sketchMaxIndex - sketchMinIndex + 1
)

// sketchLogIndex returns ceil(log_gamma(v)) for v > 0.
func sketchLogIndex(v float64) int {
	return int(math.Ceil(math.Log(v) * sketchInvLogGamma))
}

// The hot path of Add computes the same index without math.Log: v =
// m·2^e with m in [1, 2), ln m = ln c + ln(m/c) for c = 1 + j/256, the
// top 8 bits of m's fraction (a table), and ln(1+t), t = m/c - 1 in
// [0, 1/256), by four terms of its series (truncation under 2e-13). The
// index so computed is within 1e-11 of log_gamma(v); when that is farther
// than 1e-9 from an integer its ceiling is the same as sketchLogIndex's
// (whose math.Log is within 1e-12 of it), and nearer, sketchFastIndex
// falls back to sketchLogIndex. TestSketchFastIndexIsLogIndex checks it.
var sketchLnC, sketchInvC [256]float64

func init() {
	for j := range sketchLnC {
		c := 1 + float64(j)/256
		sketchLnC[j], sketchInvC[j] = math.Log1p(float64(j)/256), 1/c
	}
}

// sketchFastIndex is sketchLogIndex(v) for normal v > 0.
func sketchFastIndex(v float64) int {
	const guard = 1e-9
	b := math.Float64bits(v)
	e := int(b>>52) - 1023
	j := (b >> 44) & 0xff
	m := math.Float64frombits(b&(1<<52-1) | 1023<<52)
	t := m*sketchInvC[j] - 1
	lnm := sketchLnC[j] + t*(1-t*(0.5-t*(1.0/3-t*0.25)))
	x := (float64(e)*math.Ln2 + lnm) * sketchInvLogGamma
	f := math.Floor(x)
	if x-f < guard || x-f > 1-guard {
		return sketchLogIndex(v)
	}
	return int(f) + 1
}

// sketchBucket returns the dense bucket position of v >= SketchMinValue,
// clamped to the bucket range.
func sketchBucket(v float64) int {
	b := sketchFastIndex(v) - sketchMinIndex
	if b < 0 {
		b = 0
	} else if b >= sketchBuckets {
		b = sketchBuckets - 1
	}
	return b
}

// sketchValue returns the representative value, in seconds, of dense bucket
// position b: 2*gamma^i/(gamma+1) with i the logarithmic index. Every value in
// (gamma^(i-1), gamma^i] is within relative error alpha of it.
func sketchValue(b int) float64 {
	i := b + sketchMinIndex
	return 2 * math.Exp(float64(i)/sketchInvLogGamma) / (sketchGamma + 1)
}

// Sketch is a mergeable quantile sketch in the DDSketch style for
// non-negative durations in seconds. It uses logarithmic buckets with ratio
// gamma = (1+alpha)/(1-alpha), alpha = SketchRelativeAccuracy = 1%, so every
// quantile of values in [SketchMinValue, SketchMaxValue] is reported with
// relative error at most 1% (up to floating-point rounding, ~1e-13 relative).
// Values below SketchMinValue (including 0) go into a zero bucket and are
// reported as exactly 0; values above SketchMaxValue are clamped into the top
// bucket. Count, Sum, Mean and Max are exact.
//
// Memory is O(1): at most a dense array of about 1,843 counters, of which
// it holds only the window of 64-bucket pages from the lowest to the
// highest bucket holding a value (values of one metric span a few hundred
// buckets: a replication's sketches cost a fraction of the full array, and
// the collector less work); Add allocates only to widen the window. The
// zero value is usable. A Sketch is not safe for concurrent use.
type Sketch struct {
	// counts holds the bucket counts of dense positions off..off+len-1:
	// the window of whole pages covering every non-empty bucket (the last
	// page cut at sketchBuckets), so that it depends on which buckets hold
	// values only, not on the order they came in. nil: none allocated
	// (the zero value); empty: allocated, no value in a bucket yet.
	counts []uint64
	off    int     // dense position of counts[0], a multiple of sketchPage
	zero   uint64  // count of values < SketchMinValue
	count  uint64  // total count of values
	sum    float64 // exact (float) sum of values, seconds
	max    float64 // largest value seen, seconds
}

// sketchPage is the granularity, in buckets, of a Sketch's window.
const sketchPage = 64

// NewSketch returns an empty Sketch with its (empty) window allocated.
func NewSketch() *Sketch {
	return &Sketch{counts: []uint64{}}
}

// Add records one value v in seconds. It panics if v is negative, NaN or
// +Inf, which are programmer errors for a duration. Add does not allocate
// (after NewSketch).
func (s *Sketch) Add(v float64) {
	if !(v >= 0) || math.IsInf(v, 1) {
		sketchBadValue(v)
	}
	s.count++
	s.sum += v
	if v > s.max {
		s.max = v
	}
	if v < SketchMinValue {
		if s.counts == nil {
			s.alloc()
		}
		s.zero++
		return
	}
	i := sketchBucket(v) - s.off // s.inc, by hand: Add's inlining budget is spent
	if uint(i) >= uint(len(s.counts)) {
		i = s.widenTo(i + s.off)
	}
	s.counts[i]++
}

// widenTo widens the window to dense bucket b and returns b's index in it.
func (s *Sketch) widenTo(b int) int {
	s.widen(b, b)
	return b - s.off
}

// widen makes the window cover dense buckets lo..hi (and allocates it).
//
//go:noinline
func (s *Sketch) widen(lo, hi int) {
	old := len(s.counts) > 0
	if old {
		lo, hi = min(lo, s.off), max(hi, s.off+len(s.counts)-1)
	}
	lo = lo / sketchPage * sketchPage
	hi = min((hi/sketchPage+1)*sketchPage, sketchBuckets)
	counts := make([]uint64, hi-lo)
	if old {
		copy(counts[s.off-lo:], s.counts)
	}
	s.counts, s.off = counts, lo
}

// SketchKey is a value with its bucket found once, for a value added
// again and again (a round trip fixed per player region and location):
// AddKey(NewSketchKey(v)) is exactly Add(v), without finding the bucket.
type SketchKey struct {
	v float64
	b int32 // dense bucket position, or -1 for the zero bucket
}

// NewSketchKey returns v's key. It panics as Add would on an invalid v.
func NewSketchKey(v float64) SketchKey {
	if !(v >= 0) || math.IsInf(v, 1) {
		sketchBadValue(v)
	}
	if v < SketchMinValue {
		return SketchKey{v: v, b: -1}
	}
	return SketchKey{v: v, b: int32(sketchBucket(v))}
}

// AddKey records k's value, as Add(k's value) does.
func (s *Sketch) AddKey(k SketchKey) {
	s.count++
	s.sum += k.v
	if k.v > s.max {
		s.max = k.v
	}
	if k.b < 0 {
		if s.counts == nil {
			s.alloc()
		}
		s.zero++
		return
	}
	i := int(k.b) - s.off
	if uint(i) >= uint(len(s.counts)) {
		i = s.widenTo(int(k.b))
	}
	s.counts[i]++
}

//go:noinline
func sketchBadValue(v float64) {
	panic(fmt.Sprintf("sim: Sketch.Add: invalid value %v (must be finite and >= 0 seconds)", v))
}

// alloc allocates the (empty) window of a zero-value Sketch.
func (s *Sketch) alloc() { s.counts = []uint64{} }

// Count returns the number of values added (dimensionless).
func (s *Sketch) Count() uint64 { return s.count }

// Sum returns the sum of the values added, in seconds, computed by float64
// addition in the order of Add (and Merge) calls. It is 0 for an empty
// sketch.
func (s *Sketch) Sum() float64 { return s.sum }

// Mean returns Sum()/Count() in seconds, or NaN if the sketch is empty.
func (s *Sketch) Mean() float64 {
	if s.count == 0 {
		return math.NaN()
	}
	return s.sum / float64(s.count)
}

// Max returns the exact largest value added, in seconds, or NaN if the
// sketch is empty.
func (s *Sketch) Max() float64 {
	if s.count == 0 {
		return math.NaN()
	}
	return s.max
}

// Quantile returns the q-quantile in seconds, q in [0, 1]: the value at
// 0-based rank floor(q*(n-1)) of the sorted samples, reported as its bucket's
// representative value (relative error <= 1%), or 0 if that sample is in the
// zero bucket. The result never exceeds Max(), which can only reduce the
// error. It returns NaN if the sketch is empty or q is outside [0, 1] or NaN.
func (s *Sketch) Quantile(q float64) float64 {
	if s.count == 0 || !(q >= 0 && q <= 1) {
		return math.NaN()
	}
	rank := uint64(math.Floor(q * float64(s.count-1)))
	if rank >= s.count { // guard against rounding for huge counts
		rank = s.count - 1
	}
	if rank < s.zero {
		return 0
	}
	cum := s.zero
	for i, c := range s.counts {
		cum += c
		if cum > rank {
			return math.Min(sketchValue(s.off+i), s.max)
		}
	}
	// Unreachable when counts are consistent.
	return s.max
}

// Merge adds all values recorded in o to s, exactly: afterwards s has the
// same buckets and count as a sketch fed the union of both inputs (Sum
// equals up to floating-point addition order). o is not modified; a nil or
// empty o is a no-op.
func (s *Sketch) Merge(o *Sketch) {
	if o == nil || o.count == 0 {
		return
	}
	if s.counts == nil {
		s.alloc()
	}
	if lo, hi, ok := o.span(); ok {
		if lo < s.off || hi >= s.off+len(s.counts) {
			s.widen(lo, hi)
		}
		for i, c := range o.counts {
			s.counts[o.off+i-s.off] += c
		}
	}
	s.zero += o.zero
	s.count += o.count
	s.sum += o.sum
	if o.max > s.max {
		s.max = o.max
	}
}

// span returns the lowest and highest non-empty dense buckets, ok false
// if there is none.
func (s *Sketch) span() (lo, hi int, ok bool) {
	first := slices.IndexFunc(s.counts, func(c uint64) bool { return c != 0 })
	if first < 0 {
		return 0, 0, false
	}
	last := len(s.counts) - 1
	for s.counts[last] == 0 {
		last--
	}
	return s.off + first, s.off + last, true
}

// Reset empties the sketch (its window too, so that the window again
// covers only buckets holding values).
func (s *Sketch) Reset() {
	if s.counts != nil {
		s.counts, s.off = []uint64{}, 0
	}
	s.zero = 0
	s.count = 0
	s.sum = 0
	s.max = 0
}

// SketchBin is one non-empty bucket of a Sketch, in seconds: it holds Count
// values in (Lower, Upper], reported as Value. The zero bucket has Lower =
// Upper = Value = 0.
type SketchBin struct {
	Lower, Upper, Value float64
	Count               uint64
}

// Bins returns the sketch's non-empty buckets in increasing order of value,
// the zero bucket first; their counts sum to Count(). Upper is capped at
// Max() and Lower never exceeds it, so the bins describe the data the
// sketch saw. It is meant for plots (CDFs, histograms), not hot paths: it
// allocates the returned slice.
func (s *Sketch) Bins() []SketchBin {
	var bins []SketchBin
	if s.zero > 0 {
		bins = append(bins, SketchBin{Count: s.zero})
	}
	for j, c := range s.counts {
		if c == 0 {
			continue
		}
		b := s.off + j
		i := b + sketchMinIndex
		lo := math.Exp(float64(i-1) / sketchInvLogGamma)
		hi := math.Exp(float64(i) / sketchInvLogGamma)
		if b == 0 {
			lo = SketchMinValue
		}
		if b == sketchBuckets-1 { // clamped values above SketchMaxValue
			hi = math.Max(hi, s.max)
		}
		bins = append(bins, SketchBin{Lower: math.Min(lo, s.max), Upper: math.Min(hi, s.max),
			Value: math.Min(sketchValue(b), s.max), Count: c})
	}
	return bins
}
