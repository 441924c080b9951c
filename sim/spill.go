package sim

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

// A spilled timeseries is a file of rows, bucket after bucket, each row a
// fixed number of values, each value a little-endian IEEE 754 float64, so
// that a value read back is bit for bit the value written. A long run then
// keeps no memory per bucket. Errors carry the prefix "timeseries: ".

// spillRows is the number of rows a SpillReader reads at once.
const spillRows = 512

// SpillPath names the file of replication rep's series index (a location)
// of the named model in dir.
func SpillPath(dir, model string, rep, index int) string {
	return filepath.Join(dir, fmt.Sprintf("%s-rep%06d-loc%04d.f64", model, rep, index))
}

// SpillWriter writes rows to a file as they are sampled.
type SpillWriter struct {
	f     *os.File
	w     *bufio.Writer
	buf   []byte // one encoded row
	width int
	rows  int // written so far
	err   error
}

// NewSpillWriter creates the file at path for rows of width values.
func NewSpillWriter(path string, width int) (*SpillWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("timeseries: %w", err)
	}
	return &SpillWriter{f: f, w: bufio.NewWriterSize(f, 64<<10), buf: make([]byte, 8*width), width: width}, nil
}

// WriteRow writes row as bucket k; buckets skipped since the last row are
// zero. The first error is kept and reported by Close.
func (s *SpillWriter) WriteRow(k int, row []float64) {
	for s.rows < k && s.err == nil {
		s.write(make([]float64, s.width))
	}
	s.write(row)
}

func (s *SpillWriter) write(row []float64) {
	if s.err != nil {
		return
	}
	for i, x := range row {
		binary.LittleEndian.PutUint64(s.buf[8*i:], math.Float64bits(x))
	}
	_, s.err = s.w.Write(s.buf)
	s.rows++
}

// Close pads the file with zero rows up to n buckets (buckets never
// sampled are zero, as in memory), flushes and closes it. Closing twice is
// a no-op.
func (s *SpillWriter) Close(n int) error {
	if s.f == nil {
		return nil
	}
	zero := make([]float64, s.width)
	for s.rows < n && s.err == nil {
		s.write(zero)
	}
	if s.err == nil {
		s.err = s.w.Flush()
	}
	if err := s.f.Close(); s.err == nil {
		s.err = err
	}
	s.f = nil
	if s.err != nil {
		return fmt.Errorf("timeseries: %w", s.err)
	}
	return nil
}

// SpillReader reads a spilled file's rows; reading rows in increasing order
// is cheapest. It is not safe for concurrent use.
type SpillReader struct {
	path     string
	width, n int
	block    []float64 // rows [lo, lo+len(block)/width)
	lo       int
	raw      []byte
	loaded   bool
}

// NewSpillReader reads the file at path of n rows of width values.
func NewSpillReader(path string, width, n int) *SpillReader {
	return &SpillReader{path: path, width: width, n: n}
}

// Row returns bucket k's values, valid until the next call.
func (r *SpillReader) Row(k int) ([]float64, error) {
	if k < 0 || k >= r.n {
		return nil, fmt.Errorf("timeseries: bucket %d of %d", k, r.n)
	}
	if !r.loaded || k < r.lo || k >= r.lo+len(r.block)/r.width {
		if err := r.load(k); err != nil {
			return nil, err
		}
	}
	off := (k - r.lo) * r.width
	return r.block[off : off+r.width], nil
}

// load reads the block of rows that holds bucket k.
func (r *SpillReader) load(k int) error {
	lo := k / spillRows * spillRows
	n := min(spillRows, r.n-lo)
	if cap(r.raw) < 8*r.width*n {
		r.raw = make([]byte, 8*r.width*spillRows)
		r.block = make([]float64, r.width*spillRows)
	}
	raw := r.raw[:8*r.width*n]
	f, err := os.Open(r.path)
	if err != nil {
		return fmt.Errorf("timeseries: %w", err)
	}
	_, err = f.ReadAt(raw, int64(8*r.width*lo))
	f.Close()
	if errors.Is(err, io.EOF) {
		err = fmt.Errorf("%s: %w", r.path, io.ErrUnexpectedEOF)
	}
	if err != nil {
		return fmt.Errorf("timeseries: %w", err)
	}
	r.block = r.block[:r.width*n]
	for i := range r.block {
		r.block[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
	}
	r.lo, r.loaded = lo, true
	return nil
}
