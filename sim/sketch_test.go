package sim

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// sketchTol is the quantile relative-error tolerance: alpha plus a margin
// for floating-point rounding in the bucket index and representative value.
const sketchTol = SketchRelativeAccuracy * (1 + 1e-9)

var sketchTestQs = []float64{0, 0.01, 0.5, 0.9, 0.95, 0.99, 0.999, 1}

// sketchExactQuantile is the reference rank definition: sorted[floor(q*(n-1))].
func sketchExactQuantile(sorted []float64, q float64) float64 {
	return sorted[int(math.Floor(q*float64(len(sorted)-1)))]
}

func sketchRelErr(got, want float64) float64 {
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}

func sketchSamples(kind string, n int) []float64 {
	r := rand.New(rand.NewPCG(42, 7))
	xs := make([]float64, n)
	for i := range xs {
		switch kind {
		case "lognormal": // median e^-3 ~ 50 ms, sigma 2
			xs[i] = math.Exp(-3 + 2*r.NormFloat64())
		case "exponential": // mean 0.25 s
			xs[i] = 0.25 * r.ExpFloat64()
		case "mix30zeros": // 30% exact zeros, rest lognormal
			if r.Float64() < 0.3 {
				xs[i] = 0
			} else {
				xs[i] = math.Exp(-2 + 1.5*r.NormFloat64())
			}
		default:
			panic(kind)
		}
	}
	return xs
}

func TestSketchQuantileAccuracy(t *testing.T) {
	for _, kind := range []string{"lognormal", "exponential", "mix30zeros"} {
		t.Run(kind, func(t *testing.T) {
			xs := sketchSamples(kind, 100_000)
			s := NewSketch()
			var sum float64
			for _, x := range xs {
				s.Add(x)
				sum += x
			}
			sorted := slices.Clone(xs)
			slices.Sort(sorted)
			if s.Count() != uint64(len(xs)) {
				t.Fatalf("Count = %d, want %d", s.Count(), len(xs))
			}
			if s.Sum() != sum {
				t.Errorf("Sum = %v, want %v (same addition order)", s.Sum(), sum)
			}
			if got, want := s.Mean(), sum/float64(len(xs)); got != want {
				t.Errorf("Mean = %v, want %v", got, want)
			}
			if got, want := s.Max(), sorted[len(sorted)-1]; got != want {
				t.Errorf("Max = %v, want %v", got, want)
			}
			for _, q := range sketchTestQs {
				want := sketchExactQuantile(sorted, q)
				got := s.Quantile(q)
				if want == 0 {
					if got != 0 {
						t.Errorf("q=%v: got %v, want exactly 0", q, got)
					}
					continue
				}
				if e := sketchRelErr(got, want); e > sketchTol {
					t.Errorf("q=%v: got %v, want %v, rel err %.4g > %.4g", q, got, want, e, sketchTol)
				}
			}
		})
	}
}

// TestSketchMixZerosQuantiles checks the zero bucket boundary: with 30% zeros
// q=0.29 must be 0 and q=0.31 must be positive.
func TestSketchMixZerosQuantiles(t *testing.T) {
	xs := sketchSamples("mix30zeros", 100_000)
	s := NewSketch()
	zeros := 0
	for _, x := range xs {
		s.Add(x)
		if x == 0 {
			zeros++
		}
	}
	if zeros < 29_000 || zeros > 31_000 {
		t.Fatalf("generator produced %d zeros, expected ~30000", zeros)
	}
	if got := s.Quantile(0.29); got != 0 {
		t.Errorf("Quantile(0.29) = %v, want 0", got)
	}
	if got := s.Quantile(0.31); !(got > 0) {
		t.Errorf("Quantile(0.31) = %v, want > 0", got)
	}
}

// TestSketchBucketBoundaries checks the per-bucket error bound on every
// bucket edge across the whole range, independent of the Max clamp.
func TestSketchBucketBoundaries(t *testing.T) {
	if sketchBuckets < 1800 || sketchBuckets > 1900 {
		t.Errorf("sketchBuckets = %d, want about 1850", sketchBuckets)
	}
	g := (1 + 0.01) / (1 - 0.01)
	checked := 0
	for i := sketchMinIndex - 1; i <= sketchMaxIndex; i++ {
		edge := math.Pow(g, float64(i))
		for _, v := range []float64{edge * (1 - 1e-14), edge, edge * (1 + 1e-14)} {
			if v < SketchMinValue || v > SketchMaxValue {
				continue
			}
			rep := sketchValue(sketchBucket(v))
			if e := sketchRelErr(rep, v); e > sketchTol {
				t.Fatalf("v=%v: bucket value %v, rel err %.6g", v, rep, e)
			}
			checked++
		}
	}
	if checked < 3*1800 {
		t.Fatalf("only %d edges checked", checked)
	}
	// A dense geometric sweep of 1e6 points across [1e-9, 1e7].
	n := 1_000_000
	step := math.Log(SketchMaxValue/SketchMinValue) / float64(n-1)
	for k := 0; k < n; k++ {
		v := math.Min(SketchMinValue*math.Exp(float64(k)*step), SketchMaxValue)
		rep := sketchValue(sketchBucket(v))
		if e := sketchRelErr(rep, v); e > sketchTol {
			t.Fatalf("v=%v: bucket value %v, rel err %.6g", v, rep, e)
		}
	}
}

func TestSketchEdges(t *testing.T) {
	s := NewSketch()
	s.Add(SketchMinValue)
	s.Add(SketchMaxValue)
	if got := s.Quantile(0); sketchRelErr(got, SketchMinValue) > sketchTol {
		t.Errorf("Quantile(0) = %v, want %v within 1%%", got, SketchMinValue)
	}
	if got := s.Quantile(1); sketchRelErr(got, SketchMaxValue) > sketchTol {
		t.Errorf("Quantile(1) = %v, want %v within 1%%", got, SketchMaxValue)
	}

	// Below the minimum: zero bucket, reported as 0, but exact in Sum/Max.
	z := NewSketch()
	z.Add(0)
	z.Add(5e-10)
	if got := z.Quantile(1); got != 0 {
		t.Errorf("sub-minimum Quantile(1) = %v, want 0", got)
	}
	if z.Max() != 5e-10 || z.Sum() != 5e-10 || z.Count() != 2 {
		t.Errorf("sub-minimum Max/Sum/Count = %v/%v/%v", z.Max(), z.Sum(), z.Count())
	}

	// Above the maximum: clamped into the top bucket.
	h := NewSketch()
	h.Add(1)
	h.Add(1e9)
	if got := h.Quantile(1); sketchRelErr(got, SketchMaxValue) > sketchTol {
		t.Errorf("clamped Quantile(1) = %v, want ~%v", got, SketchMaxValue)
	}
	if h.Max() != 1e9 || h.Sum() != 1e9+1 {
		t.Errorf("clamped Max/Sum = %v/%v, want exact", h.Max(), h.Sum())
	}
	if got := h.Quantile(0); sketchRelErr(got, 1) > sketchTol {
		t.Errorf("Quantile(0) = %v, want 1", got)
	}

	// Quantile(1) is within 1% of Max for in-range values.
	m := NewSketch()
	for _, v := range []float64{0.3, 0.7, 1.234567} {
		m.Add(v)
	}
	if got := m.Quantile(1); sketchRelErr(got, 1.234567) > sketchTol || got > m.Max() {
		t.Errorf("Quantile(1) = %v, Max %v", got, m.Max())
	}
}

func TestSketchEmpty(t *testing.T) {
	for name, s := range map[string]*Sketch{"new": NewSketch(), "zero value": {}} {
		if s.Count() != 0 || s.Sum() != 0 {
			t.Errorf("%s: Count/Sum = %v/%v", name, s.Count(), s.Sum())
		}
		for _, f := range []float64{s.Mean(), s.Max(), s.Quantile(0), s.Quantile(0.5), s.Quantile(1)} {
			if !math.IsNaN(f) {
				t.Errorf("%s: got %v, want NaN", name, f)
			}
		}
	}
	s := NewSketch()
	s.Add(1)
	for _, q := range []float64{-0.1, 1.1, math.NaN()} {
		if got := s.Quantile(q); !math.IsNaN(got) {
			t.Errorf("Quantile(%v) = %v, want NaN", q, got)
		}
	}
	var zv Sketch // zero value becomes usable on first Add
	zv.Add(2)
	if sketchRelErr(zv.Quantile(0.5), 2) > sketchTol {
		t.Errorf("zero-value sketch Quantile = %v", zv.Quantile(0.5))
	}
}

func TestSketchMerge(t *testing.T) {
	xs := sketchSamples("mix30zeros", 100_000)
	all, a, b := NewSketch(), NewSketch(), NewSketch()
	for i, x := range xs {
		all.Add(x)
		if i%2 == 0 {
			a.Add(x)
		} else {
			b.Add(x)
		}
	}
	bCount := b.Count()
	var m Sketch // merge into a zero value
	m.Merge(a)
	m.Merge(b)
	m.Merge(nil)
	m.Merge(NewSketch())
	if b.Count() != bCount {
		t.Fatalf("Merge modified its argument")
	}
	if m.Count() != all.Count() || m.zero != all.zero || m.Max() != all.Max() {
		t.Fatalf("Count/zero/Max: merged %d/%d/%v, all %d/%d/%v",
			m.Count(), m.zero, m.Max(), all.Count(), all.zero, all.Max())
	}
	if !slices.Equal(m.counts, all.counts) {
		t.Fatalf("bucket counts differ")
	}
	if sketchRelErr(m.Sum(), all.Sum()) > 1e-12 {
		t.Errorf("Sum: merged %v, all %v", m.Sum(), all.Sum())
	}
	for k := 0; k <= 1000; k++ {
		q := float64(k) / 1000
		if m.Quantile(q) != all.Quantile(q) {
			t.Fatalf("q=%v: merged %v, all %v", q, m.Quantile(q), all.Quantile(q))
		}
	}
}

func TestSketchReset(t *testing.T) {
	s := NewSketch()
	s.Add(0)
	s.Add(3)
	s.Reset()
	if s.Count() != 0 || s.Sum() != 0 || !math.IsNaN(s.Max()) || !math.IsNaN(s.Quantile(0.5)) {
		t.Fatalf("after Reset: Count %d Sum %v Max %v", s.Count(), s.Sum(), s.Max())
	}
	s.Add(0.5)
	if sketchRelErr(s.Quantile(0), 0.5) > sketchTol || s.Count() != 1 || s.Max() != 0.5 {
		t.Fatalf("after Reset+Add: Quantile(0) %v Count %d", s.Quantile(0), s.Count())
	}
}

func TestSketchAddNoAlloc(t *testing.T) {
	s := NewSketch()
	r := rand.New(rand.NewPCG(1, 2))
	vals := make([]float64, 1024)
	for i := range vals {
		vals[i] = r.ExpFloat64()
	}
	vals[0] = 0
	i := 0
	allocs := testing.AllocsPerRun(10_000, func() {
		s.Add(vals[i%len(vals)])
		i++
	})
	if allocs != 0 {
		t.Fatalf("Add allocates %v times per call", allocs)
	}
}

func TestSketchAddPanics(t *testing.T) {
	for _, v := range []float64{-1, -1e-300, math.NaN(), math.Inf(1), math.Inf(-1)} {
		func() {
			defer func() {
				r := recover()
				msg, ok := r.(string)
				if !ok || !strings.HasPrefix(msg, "sim: ") {
					t.Errorf("Add(%v): recovered %v, want panic string prefixed \"sim: \"", v, r)
				}
			}()
			NewSketch().Add(v)
		}()
	}
}

func BenchmarkSketchAdd(b *testing.B) {
	s := NewSketch()
	r := rand.New(rand.NewPCG(3, 4))
	vals := make([]float64, 4096)
	for i := range vals {
		vals[i] = math.Exp(-3 + 2*r.NormFloat64())
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.Add(vals[i&4095])
		i++
	}
}

// TestSketchBins checks that the bins partition the values: counts add up,
// bins are ordered and disjoint, and every value lies in its bin.
func TestSketchBins(t *testing.T) {
	s := NewSketch()
	if len(s.Bins()) != 0 {
		t.Fatal("empty sketch has bins")
	}
	vals := []float64{0, 0, 1e-12, 0.5, 0.5, 0.503, 1, 2, 75, 3e7}
	for _, v := range vals {
		s.Add(v)
	}
	bins := s.Bins()
	var n uint64
	for i, b := range bins {
		n += b.Count
		if b.Lower > b.Upper || b.Value < b.Lower || b.Value > b.Upper {
			t.Errorf("bin %d %+v: value outside (lower, upper]", i, b)
		}
		if i > 0 && b.Lower < bins[i-1].Upper*(1-1e-12) {
			t.Errorf("bin %d %+v overlaps bin %d %+v", i, b, i-1, bins[i-1])
		}
	}
	if n != s.Count() {
		t.Fatalf("bins hold %d values, sketch %d", n, s.Count())
	}
	if bins[0].Upper != 0 || bins[0].Count != 3 {
		t.Errorf("zero bin %+v, want 3 values at 0", bins[0])
	}
	for _, v := range vals[3:] {
		found := false
		for _, b := range bins {
			if v > b.Lower && v <= b.Upper*(1+1e-12) {
				found = true
			}
		}
		if !found {
			t.Errorf("value %v in no bin", v)
		}
	}
	if last := bins[len(bins)-1]; last.Upper != 3e7 {
		t.Errorf("top bin %+v does not reach the max 3e7", last)
	}
}

// TestSketchFastIndexIsLogIndex: the index Add computes without math.Log
// is sketchLogIndex's on 2,000,000 values spread over the sketch's range
// (and beyond it), on every bucket edge, the floats next to each, and
// values just inside and just outside the guard around each edge.
func TestSketchFastIndexIsLogIndex(t *testing.T) {
	r := NewStream(1, 0, "sketch")
	check := func(v float64) {
		if got, want := sketchFastIndex(v), sketchLogIndex(v); got != want {
			t.Fatalf("v=%v: fast index %d, log index %d", v, got, want)
		}
	}
	lo, hi := math.Log(SketchMinValue), math.Log(SketchMaxValue*10)
	for range 2_000_000 {
		check(math.Exp(lo + r.Float64()*(hi-lo)))
	}
	g := (1 + 0.01) / (1 - 0.01)
	for i := sketchMinIndex - 1; i <= sketchMaxIndex+1; i++ {
		edge := math.Pow(g, float64(i))
		for _, v := range []float64{math.Nextafter(edge, 0), edge, math.Nextafter(edge, 2*edge),
			edge * (1 - 1e-12), edge * (1 + 1e-12), // within the guard: the fallback
			edge * (1 - 3e-11), edge * (1 + 3e-11), edge * (1 - 1e-10), edge * (1 + 1e-10)} { // just outside
			check(v)
		}
	}
	for e := -30; e <= 24; e++ { // powers of two: the fraction's first entry
		check(math.Ldexp(1, e))
		check(math.Nextafter(math.Ldexp(1, e), 0))
	}
}

// TestSketchAddKeyIsAdd: a sketch fed AddKey(NewSketchKey(v)) has Add(v)'s
// count, sum, max, quantiles and bins, for values across the range, zero,
// below SketchMinValue and above SketchMaxValue; and NewSketchKey refuses
// what Add refuses.
func TestSketchAddKeyIsAdd(t *testing.T) {
	r := NewStream(2, 0, "sketchkey")
	a, b := NewSketch(), NewSketch()
	vals := []float64{0, SketchMinValue / 2, SketchMinValue, 1, SketchMaxValue, SketchMaxValue * 3}
	for range 10_000 {
		vals = append(vals, math.Exp(math.Log(SketchMinValue)+r.Float64()*30))
	}
	for _, v := range vals {
		a.Add(v)
		b.AddKey(NewSketchKey(v))
	}
	if a.Count() != b.Count() || a.Sum() != b.Sum() || a.Max() != b.Max() {
		t.Fatalf("count/sum/max %d %v %v, want %d %v %v", b.Count(), b.Sum(), b.Max(), a.Count(), a.Sum(), a.Max())
	}
	if !reflect.DeepEqual(a.Bins(), b.Bins()) {
		t.Fatalf("bins differ")
	}
	for _, q := range []float64{0, 0.01, 0.5, 0.95, 0.99, 1} {
		if a.Quantile(q) != b.Quantile(q) {
			t.Errorf("q%v: %v, want %v", q, b.Quantile(q), a.Quantile(q))
		}
	}
	for _, bad := range []float64{-1, math.NaN(), math.Inf(1)} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewSketchKey(%v) did not panic", bad)
				}
			}()
			NewSketchKey(bad)
		}()
	}
}

// TestSketchWindow: a sketch holds only the pages of buckets from its
// lowest value to its highest, the same whatever order the values came in
// (so a read-back or merged sketch is laid out as one fed directly), and
// reports as a sketch whose every bucket was allocated.
func TestSketchWindow(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	xs := make([]float64, 20_000)
	for i := range xs {
		xs[i] = 1 + 99*rng.Float64() // 1 to 100 s: about 230 buckets
	}
	up, down := NewSketch(), NewSketch()
	for i := range xs {
		up.Add(xs[i])
		down.Add(xs[len(xs)-1-i])
	}
	if !reflect.DeepEqual(up.counts, down.counts) || up.off != down.off {
		t.Fatalf("window depends on the order of values: off %d len %d vs off %d len %d",
			up.off, len(up.counts), down.off, len(down.counts))
	}
	lo, hi := sketchBucket(1), sketchBucket(100)
	if up.off > lo || up.off+len(up.counts) <= hi || len(up.counts) > hi-lo+2*sketchPage {
		t.Errorf("window %d..%d for buckets %d..%d: not their pages", up.off, up.off+len(up.counts)-1, lo, hi)
	}
	var total uint64
	for _, c := range up.counts {
		total += c
	}
	if total != up.Count() {
		t.Errorf("window holds %d values, count %d", total, up.Count())
	}
	// the same quantiles as a bucket-by-bucket reading of the full range
	dense := make([]uint64, sketchBuckets)
	for _, x := range xs {
		dense[sketchBucket(x)]++
	}
	for _, q := range []float64{0, 0.01, 0.5, 0.95, 0.99, 1} {
		rank, cum := uint64(math.Floor(q*float64(len(xs)-1))), uint64(0)
		for b, c := range dense {
			if cum += c; cum > rank {
				if want := math.Min(sketchValue(b), up.Max()); up.Quantile(q) != want {
					t.Errorf("q=%v: %v, want %v", q, up.Quantile(q), want)
				}
				break
			}
		}
	}
}
