package fleets

import (
	"errors"
	"fmt"

	"github.com/capsim/capsim/sim"
)

// Timeseries rows. A row holds one bucket's values of every series, in the
// column order below; a spilled timeseries (Options.TimeseriesDir) is a file
// of rows, bucket after bucket (sim.SpillWriter), read back bit for bit.
const (
	ColInstances = iota
	ColActive
	ColIdle
	ColDesired
	ColRequests
	ColScaling
	RowWidth // the number of values in a row
)

func newTimeseries(step float64, n int) *Timeseries {
	ts := &Timeseries{StepSeconds: step}
	for _, p := range ts.series() {
		*p = make([]float64, n)
	}
	return ts
}

// series returns the series in column order.
func (ts *Timeseries) series() [RowWidth]*[]float64 {
	return [RowWidth]*[]float64{&ts.Instances, &ts.Active, &ts.Idle, &ts.Desired, &ts.Requests, &ts.Scaling}
}

// Buckets returns the number of buckets.
func (ts *Timeseries) Buckets() int {
	if ts.spill != "" {
		return ts.n
	}
	return len(ts.Instances)
}

// Spilled reports whether the series are in a file rather than in memory
// (then the slice fields are nil; read the values with NewReader).
func (ts *Timeseries) Spilled() bool { return ts.spill != "" }

// Check reports an error if the step is not positive or the series differ
// in length (a programmer error or a hand-built Timeseries).
func (ts *Timeseries) Check() error {
	if !(ts.StepSeconds > 0) {
		return fmt.Errorf("timeseries step %v s is not positive", ts.StepSeconds)
	}
	if ts.spill != "" {
		return nil
	}
	for _, p := range ts.series() {
		if len(*p) != ts.Buckets() {
			return errors.New("timeseries series of unequal lengths")
		}
	}
	return nil
}

// rowWriter takes a location's timeseries rows as they are sampled: its
// in-memory Timeseries, or the spill file (sim.SpillWriter).
type rowWriter interface {
	WriteRow(k int, row []float64)
}

// memRows writes rows to an in-memory timeseries.
type memRows struct{ ts *Timeseries }

// WriteRow stores row as bucket k.
func (w memRows) WriteRow(k int, row []float64) {
	for c, p := range w.ts.series() {
		(*p)[k] = row[c]
	}
}

// TimeseriesReader reads a timeseries row by row, from memory or from its
// file; reading rows in increasing order is cheapest. It is not safe for
// concurrent use.
type TimeseriesReader struct {
	ts    *Timeseries
	row   []float64
	spill *sim.SpillReader
}

// NewReader returns a reader of ts.
func (ts *Timeseries) NewReader() *TimeseriesReader {
	r := &TimeseriesReader{ts: ts, row: make([]float64, RowWidth)}
	if ts.spill != "" {
		r.spill = sim.NewSpillReader(ts.spill, RowWidth, ts.n)
	}
	return r
}

// Row returns bucket k's values, indexed by column (ColInstances, ...,
// ColScaling), valid until the next call.
func (r *TimeseriesReader) Row(k int) ([]float64, error) {
	if n := r.ts.Buckets(); k < 0 || k >= n {
		return nil, fmt.Errorf("timeseries: bucket %d of %d", k, n)
	}
	if r.spill != nil {
		return r.spill.Row(k)
	}
	for c, p := range r.ts.series() {
		r.row[c] = (*p)[k]
	}
	return r.row, nil
}
