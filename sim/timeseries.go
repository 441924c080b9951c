package sim

import (
	"fmt"
	"time"
)

// TimeseriesBytes returns the memory, in bytes, that series timeseries of
// width values a row take in memory over horizon in buckets of step (0
// without buckets): 8 bytes a value.
func TimeseriesBytes(horizon, step time.Duration, width, series int) int64 {
	if step <= 0 {
		return 0
	}
	buckets := int64((horizon + step - 1) / step)
	return buckets * int64(series) * int64(width) * 8
}

// Timeseries is one series of rows, one row per bucket of StepSeconds over
// the whole run, each row a fixed number of values (its width; what each
// column means is the model's). The rows are in memory, or spilled to a
// file (SpillWriter) so that a long run keeps no memory per bucket; either
// way they are read with NewReader, bit for bit as they were written.
type Timeseries struct {
	StepSeconds float64
	width, n    int
	rows        []float64 // n rows of width values, row after row; nil when spilled
	path        string    // the file, when spilled
}

// NewTimeseries returns an in-memory timeseries of n zero rows of width
// values; WriteRow fills it.
func NewTimeseries(stepSeconds float64, width, n int) *Timeseries {
	return &Timeseries{StepSeconds: stepSeconds, width: width, n: n, rows: make([]float64, width*n)}
}

// SpilledTimeseries returns the timeseries of n rows of width values that
// the file at path holds (a SpillWriter's file, closed with n rows).
func SpilledTimeseries(stepSeconds float64, width, n int, path string) *Timeseries {
	return &Timeseries{StepSeconds: stepSeconds, width: width, n: n, path: path}
}

// Width returns the number of values in a row.
func (ts *Timeseries) Width() int { return ts.width }

// Buckets returns the number of buckets (rows).
func (ts *Timeseries) Buckets() int { return ts.n }

// Spilled reports whether the rows are in a file rather than in memory.
func (ts *Timeseries) Spilled() bool { return ts.path != "" }

// Check reports an error if the step is not positive or the rows in memory
// are not Buckets rows of Width values (a hand-built Timeseries).
func (ts *Timeseries) Check() error {
	if !(ts.StepSeconds > 0) {
		return fmt.Errorf("timeseries step %v s is not positive", ts.StepSeconds)
	}
	if !ts.Spilled() && len(ts.rows) != ts.width*ts.n {
		return fmt.Errorf("timeseries of %d values, want %d rows of %d", len(ts.rows), ts.n, ts.width)
	}
	return nil
}

// WriteRow stores row as bucket k of an in-memory timeseries; it is
// SpillWriter.WriteRow's in-memory twin. Writing to a spilled timeseries,
// or a row of another width, is a programmer error and panics.
func (ts *Timeseries) WriteRow(k int, row []float64) {
	if ts.Spilled() || len(row) != ts.width {
		panic(fmt.Sprintf("sim: timeseries: write of %d values to a row of %d (spilled %v)", len(row), ts.width, ts.Spilled()))
	}
	copy(ts.rows[k*ts.width:(k+1)*ts.width], row)
}

// Column returns column c of every bucket, read through a reader (so from
// memory or from the file).
func (ts *Timeseries) Column(c int) ([]float64, error) {
	if c < 0 || c >= ts.width {
		return nil, fmt.Errorf("timeseries: column %d of %d", c, ts.width)
	}
	out := make([]float64, ts.n)
	r := ts.NewReader()
	for k := range out {
		row, err := r.Row(k)
		if err != nil {
			return nil, err
		}
		out[k] = row[c]
	}
	return out, nil
}

// TimeseriesReader reads a timeseries row by row, from memory or from its
// file; reading rows in increasing order is cheapest. It is not safe for
// concurrent use.
type TimeseriesReader struct {
	ts    *Timeseries
	spill *SpillReader
}

// NewReader returns a reader of ts.
func (ts *Timeseries) NewReader() *TimeseriesReader {
	r := &TimeseriesReader{ts: ts}
	if ts.Spilled() {
		r.spill = NewSpillReader(ts.path, ts.width, ts.n)
	}
	return r
}

// Row returns bucket k's values, indexed by the model's columns, valid
// until the next call; the caller must not modify them.
func (r *TimeseriesReader) Row(k int) ([]float64, error) {
	ts := r.ts
	if k < 0 || k >= ts.n {
		return nil, fmt.Errorf("timeseries: bucket %d of %d", k, ts.n)
	}
	if r.spill != nil {
		return r.spill.Row(k)
	}
	return ts.rows[k*ts.width : (k+1)*ts.width : (k+1)*ts.width], nil
}

// RowWriter takes a timeseries' rows as they are sampled: an in-memory
// Timeseries, or the SpillWriter of its file.
type RowWriter interface {
	WriteRow(k int, row []float64)
}

// NewTimeseries returns a timeseries of width values a row over the run's
// buckets and what its rows are written to: in memory, or, if dir is set,
// the file SpillPath(dir, model, rep, index), which Execute finishes. On an
// error every spill file of the run is closed.
func (r *Run) NewTimeseries(width int, dir, model string, rep, index int) (*Timeseries, RowWriter, error) {
	step := r.step.Seconds()
	if dir == "" {
		ts := NewTimeseries(step, width, r.Steps)
		return ts, ts, nil
	}
	path := SpillPath(dir, model, rep, index)
	w, err := r.Spill(path, width)
	if err != nil {
		r.CloseSpills()
		return nil, nil, err
	}
	return SpilledTimeseries(step, width, r.Steps, path), w, nil
}

// OpenTimeseries gives each of n locations its timeseries of width values
// a row, in memory or spilled to dir (NewTimeseries, indices 0..n-1), and
// hands it to set; without buckets there are none and set is not called.
func (r *Run) OpenTimeseries(n, width int, dir, model string, rep int, set func(index int, ts *Timeseries, rows RowWriter)) error {
	if r.Steps == 0 {
		return nil
	}
	for i := range n {
		ts, rows, err := r.NewTimeseries(width, dir, model, rep, i)
		if err != nil {
			return err
		}
		set(i, ts, rows)
	}
	return nil
}
