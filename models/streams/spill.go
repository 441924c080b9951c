package streams

import (
	"fmt"

	"github.com/capsim/capsim/sim"
)

// Timeseries rows. A row holds one bucket's values of every series, in the
// column order below; a spilled timeseries (Options.TimeseriesDir) is a file
// of rows, bucket after bucket, each value a little-endian IEEE 754 float64,
// so a value read back is bit for bit the value sampled.
const (
	ColRequests = iota
	ColStreaming
	ColAllocated
	ColIdle
	ColWaiting
	ColAlwaysOn
	ColMaximum
	ColCostUSD
	ColIdleCostUSD
	colFailures // then one column per ERROR reason, in Reason order
)

// errorReasons are the ERROR reasons, in Reason order: the failure columns.
var errorReasons = func() []Reason {
	var rs []Reason
	for r := range NumReasons {
		if r.IsError() {
			rs = append(rs, r)
		}
	}
	return rs
}()

// RowWidth is the number of values in a row.
var RowWidth = colFailures + len(errorReasons)

// ColFailures returns the column of the failures of ERROR reason r; it
// panics if r is not an ERROR reason.
func ColFailures(r Reason) int {
	for i, e := range errorReasons {
		if e == r {
			return colFailures + i
		}
	}
	panic(fmt.Sprintf("streams: %v is not an ERROR reason", r))
}

// memRows writes rows to an in-memory timeseries.
type memRows struct{ ts *Timeseries }

// WriteRow stores row as bucket k.
func (w memRows) WriteRow(k int, row []float64) {
	ts := w.ts
	for c, s := range [...][]float64{ts.Requests, ts.Streaming, ts.Allocated, ts.Idle, ts.Waiting,
		ts.AlwaysOn, ts.Maximum, ts.CostUSD, ts.IdleCostUSD} {
		s[k] = row[c]
	}
	for i, r := range errorReasons {
		ts.Failures[r][k] = row[colFailures+i]
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

// Row returns bucket k's values, indexed by column (ColRequests, ...,
// ColFailures), valid until the next call.
func (r *TimeseriesReader) Row(k int) ([]float64, error) {
	ts := r.ts
	if k < 0 || k >= ts.Buckets() {
		return nil, fmt.Errorf("timeseries: bucket %d of %d", k, ts.Buckets())
	}
	if r.spill != nil {
		return r.spill.Row(k)
	}
	for c, s := range [...][]float64{ts.Requests, ts.Streaming, ts.Allocated, ts.Idle, ts.Waiting,
		ts.AlwaysOn, ts.Maximum, ts.CostUSD, ts.IdleCostUSD} {
		r.row[c] = s[k]
	}
	for i, e := range errorReasons {
		r.row[colFailures+i] = ts.Failures[e][k]
	}
	return r.row, nil
}
