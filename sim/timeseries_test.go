package sim

import (
	"slices"
	"testing"
	"time"
)

// A timeseries reads back the same rows whether they were kept in memory or
// spilled to a file; Run.NewTimeseries picks one or the other.
func TestTimeseriesMemoryAndSpilled(t *testing.T) {
	const width, n = 3, 2*spillRows + 7 // more than one spill block
	r := NewRun(RunSpec{Horizon: time.Duration(n) * time.Second, Step: time.Second})
	mem, mw, err := r.NewTimeseries(width, "", "test", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	spilled, sw, err := r.NewTimeseries(width, t.TempDir(), "test", 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < n; k += 2 { // odd buckets never written: zero
		row := []float64{float64(k), -float64(k) / 3, 1e300}
		mw.WriteRow(k, row)
		sw.WriteRow(k, row)
	}
	if err := r.CloseSpills(); err != nil {
		t.Fatal(err)
	}
	if mem.Spilled() || !spilled.Spilled() || mem.Buckets() != n || spilled.Buckets() != n ||
		mem.Width() != width || spilled.StepSeconds != 1 {
		t.Fatalf("shape: %+v %+v", mem, spilled)
	}
	for _, ts := range []*Timeseries{mem, spilled} {
		if err := ts.Check(); err != nil {
			t.Fatal(err)
		}
	}
	mr, sr := mem.NewReader(), spilled.NewReader()
	for _, k := range []int{0, 1, n - 1, spillRows, 2, n - 2} { // out of order too
		a, err := mr.Row(k)
		if err != nil {
			t.Fatal(err)
		}
		a = slices.Clone(a)
		b, err := sr.Row(k)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(a, b) || (k%2 == 0) != (a[2] == 1e300) {
			t.Fatalf("bucket %d: memory %v, spilled %v", k, a, b)
		}
	}
	c, err := spilled.Column(1)
	if err != nil || len(c) != n || c[6] != -2 {
		t.Fatalf("column: %v (%v)", c[:8], err)
	}
	if _, err := mr.Row(n); err == nil {
		t.Error("row past the end: no error")
	}
	if _, err := mem.Column(width); err == nil {
		t.Error("column past the end: no error")
	}
	if err := NewTimeseries(0, width, 1).Check(); err == nil {
		t.Error("zero step: no error")
	}
	if got := TimeseriesBytes(25*time.Second, 10*time.Second, width, 2); got != 3*2*width*8 {
		t.Errorf("TimeseriesBytes = %d", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("writing to a spilled timeseries: no panic")
		}
	}()
	spilled.WriteRow(0, make([]float64, width))
}

// FreeList reuses the last released index first.
func TestFreeList(t *testing.T) {
	var f FreeList
	if i, grow := f.Take(5); i != 5 || !grow {
		t.Fatalf("empty list: %d %v", i, grow)
	}
	f.Put(2)
	f.Put(4)
	if i, grow := f.Take(9); i != 4 || grow {
		t.Fatalf("got %d %v, want 4", i, grow)
	}
	if i, _ := f.Take(9); i != 2 {
		t.Fatalf("got %d, want 2", i)
	}
}
