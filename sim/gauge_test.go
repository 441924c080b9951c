package sim

import (
	"slices"
	"testing"
	"time"
)

func TestBucketIntegralsAverages(t *testing.T) {
	sec := func(s float64) Time { return At(time.Duration(s * float64(time.Second))) }
	var a, b Gauge
	a.Set(0, 2)
	b.Set(0, 1)
	bi := NewBucketIntegrals(&a, &b)
	a.Set(sec(5), 4) // a: 2 for 5 s, then 4 for 5 s
	avg, in := bi.Averages(0, sec(10))
	if want := []float64{30, 10}; !slices.Equal(in, want) {
		t.Errorf("bucket [0, 10 s): integrals %v, want %v", in, want)
	}
	if want := []float64{3, 1}; !slices.Equal(avg, want) {
		t.Errorf("bucket [0, 10 s): averages %v, want %v", avg, want)
	}
	b.Set(sec(12), 0) // b: 1 for 2 s, then 0; a the last bucket's 4 throughout
	avg, in = bi.Averages(sec(10), sec(14))
	if want := []float64{16, 2}; !slices.Equal(in, want) {
		t.Errorf("bucket [10 s, 14 s): integrals %v, want %v", in, want)
	}
	if want := []float64{4, 0.5}; !slices.Equal(avg, want) {
		t.Errorf("bucket [10 s, 14 s): averages %v, want %v", avg, want)
	}
	// A bucket without width averages to 0 rather than NaN or ±Inf.
	avg, in = bi.Averages(sec(14), sec(14))
	if !slices.Equal(in, []float64{0, 0}) || !slices.Equal(avg, []float64{0, 0}) {
		t.Errorf("empty bucket: averages %v, integrals %v, want zeros", avg, in)
	}
	// Averages advances as Next does: the next bucket starts where it ended.
	if got := bi.Next(sec(15))[0]; got != 4 {
		t.Errorf("Next after Averages = %v, want 4 (one second at 4)", got)
	}
}
