package streams

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
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

// spillRows is the number of rows a TimeseriesReader reads at once.
const spillRows = 512

// setRow stores row as bucket k of an in-memory timeseries.
func (ts *Timeseries) setRow(k int, row []float64) {
	for c, s := range [...][]float64{ts.Requests, ts.Streaming, ts.Allocated, ts.Idle, ts.Waiting,
		ts.AlwaysOn, ts.Maximum, ts.CostUSD, ts.IdleCostUSD} {
		s[k] = row[c]
	}
	for i, r := range errorReasons {
		ts.Failures[r][k] = row[colFailures+i]
	}
}

// spillWriter writes a location's rows to its file as they are sampled.
type spillWriter struct {
	f    *os.File
	w    *bufio.Writer
	buf  []byte // one encoded row
	rows int    // written so far
	err  error
}

func newSpillWriter(path string) (*spillWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("timeseries: %w", err)
	}
	return &spillWriter{f: f, w: bufio.NewWriterSize(f, 64<<10), buf: make([]byte, 8*RowWidth)}, nil
}

// write appends row; the first error is kept and reported by close.
func (s *spillWriter) write(row []float64) {
	if s.err != nil {
		return
	}
	for i, x := range row {
		binary.LittleEndian.PutUint64(s.buf[8*i:], math.Float64bits(x))
	}
	_, s.err = s.w.Write(s.buf)
	s.rows++
}

// close pads the file with zero rows up to n buckets (buckets never
// sampled are zero, as in memory), flushes and closes it.
func (s *spillWriter) close(n int) error {
	zero := make([]float64, RowWidth)
	for s.rows < n {
		s.write(zero)
	}
	if s.err == nil {
		s.err = s.w.Flush()
	}
	if err := s.f.Close(); s.err == nil {
		s.err = err
	}
	if s.err != nil {
		return fmt.Errorf("timeseries: %w", s.err)
	}
	return nil
}

// spillPath names replication rep's file of location li.
func spillPath(dir string, rep, li int) string {
	return filepath.Join(dir, fmt.Sprintf("streams-rep%06d-loc%04d.f64", rep, li))
}

// TimeseriesReader reads a timeseries row by row, from memory or from its
// file; reading rows in increasing order is cheapest. It is not safe for
// concurrent use.
type TimeseriesReader struct {
	ts     *Timeseries
	row    []float64
	block  []float64 // rows [lo, lo+len(block)/RowWidth) of a spilled series
	lo     int
	raw    []byte
	loaded bool
}

// NewReader returns a reader of ts.
func (ts *Timeseries) NewReader() *TimeseriesReader {
	return &TimeseriesReader{ts: ts, row: make([]float64, RowWidth)}
}

// Row returns bucket k's values, indexed by column (ColRequests, ...,
// ColFailures), valid until the next call.
func (r *TimeseriesReader) Row(k int) ([]float64, error) {
	ts := r.ts
	if k < 0 || k >= ts.Buckets() {
		return nil, fmt.Errorf("timeseries: bucket %d of %d", k, ts.Buckets())
	}
	if ts.spill == "" {
		for c, s := range [...][]float64{ts.Requests, ts.Streaming, ts.Allocated, ts.Idle, ts.Waiting,
			ts.AlwaysOn, ts.Maximum, ts.CostUSD, ts.IdleCostUSD} {
			r.row[c] = s[k]
		}
		for i, e := range errorReasons {
			r.row[colFailures+i] = ts.Failures[e][k]
		}
		return r.row, nil
	}
	if !r.loaded || k < r.lo || k >= r.lo+len(r.block)/RowWidth {
		if err := r.load(k); err != nil {
			return nil, err
		}
	}
	off := (k - r.lo) * RowWidth
	return r.block[off : off+RowWidth], nil
}

// load reads the block of rows that holds bucket k.
func (r *TimeseriesReader) load(k int) error {
	lo := k / spillRows * spillRows
	n := min(spillRows, r.ts.n-lo)
	if cap(r.raw) < 8*RowWidth*n {
		r.raw = make([]byte, 8*RowWidth*spillRows)
		r.block = make([]float64, RowWidth*spillRows)
	}
	raw := r.raw[:8*RowWidth*n]
	f, err := os.Open(r.ts.spill)
	if err != nil {
		return fmt.Errorf("timeseries: %w", err)
	}
	_, err = f.ReadAt(raw, int64(8*RowWidth*lo))
	f.Close()
	if errors.Is(err, io.EOF) {
		err = fmt.Errorf("%s: %w", r.ts.spill, io.ErrUnexpectedEOF)
	}
	if err != nil {
		return fmt.Errorf("timeseries: %w", err)
	}
	r.block = r.block[:RowWidth*n]
	for i := range r.block {
		r.block[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
	}
	r.lo, r.loaded = lo, true
	return nil
}
