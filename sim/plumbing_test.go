package sim

import (
	"errors"
	"io"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestFIFOSkipsNothingAndReusesStorage(t *testing.T) {
	var q FIFO
	var got []Stamp
	for i := range int32(10) {
		q.Push(i, uint32(i)+1)
		if i%3 == 2 { // take two of every three
			for range 2 {
				e, ok := q.Peek()
				if !ok {
					t.Fatal("empty too early")
				}
				got = append(got, e)
				q.Pop()
			}
		}
	}
	for {
		e, ok := q.Peek()
		if !ok {
			break
		}
		got = append(got, e)
		q.Pop()
	}
	for i, e := range got {
		if e.ID != int32(i) || e.Gen != uint32(i)+1 {
			t.Fatalf("entry %d = %+v, want FIFO order", i, e)
		}
	}
	if len(got) != 10 || len(q.Entries()) != 0 {
		t.Fatalf("got %d entries, %d left", len(got), len(q.Entries()))
	}
	allocs := testing.AllocsPerRun(100, func() {
		q.Push(1, 1)
		q.Push(2, 1)
		q.Pop()
		q.Pop()
	})
	if allocs != 0 {
		t.Errorf("steady-state push/pop allocates %v times", allocs)
	}
}

type rec struct {
	Slot
	v int
}

func TestSlabGenerations(t *testing.T) {
	var s Slab[rec, *rec]
	a, b := s.New(), s.New()
	if a != 0 || b != 1 || s.Items[a].Gen != 1 || s.Items[b].Gen != 1 {
		t.Fatalf("fresh records: %d %d %+v", a, b, s.Items)
	}
	s.Items[a].v = 7
	s.Release(a)
	if !s.Items[a].Free || s.Items[a].v != 7 {
		t.Fatalf("released record lost its fields: %+v", s.Items[a])
	}
	c := s.New()
	if c != a || s.Items[c].Gen != 2 || s.Items[c].Free || s.Items[c].v != 0 {
		t.Fatalf("reused record: id %d %+v, want id %d gen 2 zeroed", c, s.Items[c], a)
	}
	allocs := testing.AllocsPerRun(100, func() { s.Release(s.New()) })
	if allocs != 0 {
		t.Errorf("steady-state New/Release allocates %v times", allocs)
	}
}

func TestSpillRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := SpillPath(dir, "m", 3, 1)
	if filepath.Base(path) != "m-rep000003-loc0001.f64" {
		t.Fatalf("path %s", path)
	}
	w, err := NewSpillWriter(path, 2)
	if err != nil {
		t.Fatal(err)
	}
	for k := range 600 { // more than a read block
		if k == 5 {
			continue // a skipped bucket reads as zeros
		}
		w.WriteRow(k, []float64{float64(k), 0.1 * float64(k)})
	}
	if err := w.Close(700); err != nil {
		t.Fatal(err)
	}
	r := NewSpillReader(path, 2, 700)
	for _, k := range []int{0, 5, 599, 1, 650, 513} {
		row, err := r.Row(k)
		if err != nil {
			t.Fatal(err)
		}
		want := []float64{float64(k), 0.1 * float64(k)}
		if k == 5 || k >= 600 {
			want = []float64{0, 0}
		}
		if !slices.Equal(row, want) {
			t.Errorf("row %d = %v, want %v", k, row, want)
		}
	}
	if _, err := r.Row(700); err == nil {
		t.Error("row past the end: no error")
	}
	short := NewSpillReader(path, 2, 800)
	if _, err := short.Row(750); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("truncated file: %v, want ErrUnexpectedEOF", err)
	}
}

type nop struct{}

func (nop) Handle(Time, Event) {}

func TestRunCutsAndSamplesBuckets(t *testing.T) {
	run := NewRun(RunSpec{Horizon: 25 * time.Second, Warmup: 10 * time.Second, Step: 10 * time.Second})
	if run.Steps != 3 {
		t.Fatalf("Steps = %d, want 3", run.Steps)
	}
	var g Gauge
	run.Watch(&g)
	g.Set(0, 1)
	run.S.At(At(15*time.Second), nop{}, Event{})

	bi := NewBucketIntegrals(&g)
	var got [][2]float64
	run.Sample(func(k int, now Time) {
		got = append(got, [2]float64{now.Seconds(), bi.Next(now)[0]})
		if k == 1 {
			g.Set(now, 3)
		}
	})
	if err := run.Execute(func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	want := [][2]float64{{10, 10}, {20, 10}, {25, 15}}
	if !slices.Equal(got, want) {
		t.Errorf("samples %v, want %v", got, want)
	}
	if in := g.Integral(run.Horizon); in != 10+15 {
		t.Errorf("integral after the warm-up = %v, want 25", in)
	}
	if !run.After(run.Warmup) || run.After(run.Warmup-1) {
		t.Error("After is not now >= Warmup")
	}
}

func TestRunExecuteErrors(t *testing.T) {
	run := NewRun(RunSpec{Horizon: time.Hour, MaxEvents: 1})
	run.S.At(At(time.Minute), nop{}, Event{})
	if err := run.Execute(func() error { return nil }); !errors.Is(err, ErrEventBudget) {
		t.Errorf("budget: %v", err)
	}
	boom := errors.New("boom")
	run = NewRun(RunSpec{Horizon: time.Hour})
	if err := run.Execute(func() error { return boom }); err != boom {
		t.Errorf("model error: %v", err)
	}
}
