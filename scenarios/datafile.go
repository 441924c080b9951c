package scenarios

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/capsim/capsim/models/streams"
)

// dataPath checks the rule for files a scenario names: a path relative to
// the scenario's directory that stays inside it.
func dataPath(name string) (string, error) {
	rel := path.Clean(strings.ReplaceAll(name, "\\", "/"))
	if name == "" || path.IsAbs(rel) || filepath.IsAbs(name) || rel == ".." || strings.HasPrefix(rel, "../") || !fs.ValidPath(rel) {
		return "", fmt.Errorf("%s: a file is named by a path relative to the scenario's directory that stays inside it (e.g. \"trace.csv\" or \"data/trace.csv\"); absolute paths and \"..\" are not allowed", quoted(name))
	}
	return rel, nil
}

// statNoOpen stats name without opening it where fsys can (os.Root and
// os.DirFS can); elsewhere it reports fs.ErrInvalid and the caller opens.
func statNoOpen(fsys fs.FS, name string) (fs.FileInfo, error) {
	if sfs, ok := fsys.(fs.StatFS); ok {
		return sfs.Stat(name)
	}
	return nil, fs.ErrInvalid
}

// fileKind names a file type that is not a regular file.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// openCSV opens a file named by the scenario, relative to the scenario's
// directory, as a CSV reader limited to MaxDataFileBytes.
func openCSV(fsys fs.FS, name string) (*csv.Reader, func() error, error) {
	if fsys == nil {
		return nil, nil, fmt.Errorf("cannot read %s: no directory to read it from", quoted(name))
	}
	rel, err := dataPath(name)
	if err != nil {
		return nil, nil, err
	}
	// Stat first: opening a FIFO with no writer would block for ever, and a
	// device or socket is no data file.
	if st, err := statNoOpen(fsys, rel); err == nil && !st.Mode().IsRegular() && !st.IsDir() {
		return nil, nil, fmt.Errorf("cannot read %s: %s, not a regular file", quoted(name), fileKind(st.Mode()))
	}
	f, err := fsys.Open(rel)
	if err != nil {
		msg := errText(err)
		if strings.Contains(msg, "escapes from parent") { // os.Root: a symbolic link out of the directory
			msg = "it leads outside the scenario's directory (through a symbolic link)"
		}
		return nil, nil, fmt.Errorf("cannot read %s: %s", quoted(name), msg)
	}
	if st, err := f.Stat(); err == nil {
		switch {
		case st.IsDir():
			f.Close()
			return nil, nil, fmt.Errorf("cannot read %s: is a directory", quoted(name))
		case st.Mode().IsRegular() && st.Size() > MaxDataFileBytes:
			f.Close()
			return nil, nil, tooLarge(name, MaxDataFileBytes)
		}
	}
	lr := &limitedReader{r: f, left: MaxDataFileBytes, name: name}
	r := csv.NewReader(lr)
	r.Comment = '#'
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	r.ReuseRecord = true
	return r, f.Close, nil
}

// readTrace reads a trace CSV: a header naming the columns "at" (required:
// seconds or a duration since the start) and "session_length" (optional).
func readTrace(fsys fs.FS, file string) (*streams.Trace, error) {
	r, closeFn, err := openCSV(fsys, file)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	name := clip(file, MaxQuoteBytes)
	header, err := r.Read()
	if err != nil && err != io.EOF {
		return nil, csvError(name, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: no header line (want: at[,session_length])", name)
	}
	atCol, lenCol := -1, -1
	for i, h := range header {
		switch strings.TrimSpace(h) {
		case "at":
			atCol = i
		case "session_length":
			lenCol = i
		}
	}
	if atCol < 0 {
		return nil, fmt.Errorf("%s: header has no \"at\" column (want: at[,session_length])", name)
	}
	t := &streams.Trace{Source: file}
	err = eachRecord(r, name, 2, func(line int, rec []string) error {
		if len(t.At) >= maxTraceRecords {
			return fmt.Errorf("%s: more than %d records", name, maxTraceRecords)
		}
		if atCol >= len(rec) {
			return fmt.Errorf("%s:%d: missing \"at\" value", name, line)
		}
		at, err := parseDurationCell(rec[atCol])
		if err != nil {
			return fmt.Errorf("%s:%d: at: %v", name, line, err)
		}
		if n := len(t.At); n > 0 && at < t.At[n-1] {
			return fmt.Errorf("%s:%d: arrivals must be sorted by time (%v after %v)", name, line, at, t.At[n-1])
		}
		t.At = append(t.At, at)
		if lenCol < 0 {
			return nil
		}
		if lenCol >= len(rec) {
			return fmt.Errorf("%s:%d: missing session_length value", name, line)
		}
		l, err := parseDurationCell(rec[lenCol])
		if err != nil || l == 0 {
			if err == nil {
				err = fmt.Errorf("must be positive")
			}
			return fmt.Errorf("%s:%d: session_length: %v", name, line, err)
		}
		t.Lengths = append(t.Lengths, l)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(t.At) == 0 {
		return nil, fmt.Errorf("%s: no arrivals", name)
	}
	return t, nil
}

// eachRecord calls fn with each record left in r and its number, the
// first numbered first, until the end of the file or an error.
func eachRecord(r *csv.Reader, name string, first int, fn func(line int, rec []string) error) error {
	for line := first; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(name, err)
		}
		if err := fn(line, rec); err != nil {
			return err
		}
	}
}

// readDurations reads one duration per line (first column; a header line
// that is not a duration is skipped).
func readDurations(fsys fs.FS, file string) ([]time.Duration, error) {
	r, closeFn, err := openCSV(fsys, file)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	name := clip(file, MaxQuoteBytes)
	var out []time.Duration
	err = eachRecord(r, name, 1, func(line int, rec []string) error {
		if len(rec) == 0 || strings.TrimSpace(rec[0]) == "" {
			return nil
		}
		d, err := parseDurationCell(rec[0])
		if err != nil {
			if line == 1 {
				return nil // header
			}
			return fmt.Errorf("%s:%d: %v", name, line, err)
		}
		if len(out) >= maxTraceRecords {
			return fmt.Errorf("%s: more than %d values", name, maxTraceRecords)
		}
		out = append(out, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no durations", name)
	}
	return out, nil
}

// parseDurationCell reads "90s", "1h30m" or a plain number of seconds, at
// most MaxHorizon (beyond it a number of seconds would overflow int64 ns).
func parseDurationCell(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if !(f >= 0) || f > MaxHorizon.Seconds() {
			return 0, fmt.Errorf("%s is not a number of seconds between 0 and %.0f (100 years)", quoted(s), MaxHorizon.Seconds())
		}
		return time.Duration(math.Round(f * 1e9)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%s is neither seconds nor a duration like 90s", quoted(s))
	}
	if d < 0 {
		return 0, fmt.Errorf("negative duration %s", quoted(s))
	}
	if d > MaxHorizon {
		return 0, fmt.Errorf("%s is beyond the limit of 100 years", quoted(s))
	}
	return d, nil
}

// limitError is a file or line beyond a size limit.
type limitError struct{ msg string }

func (e *limitError) Error() string { return e.msg }

// csvError is an error reading a CSV file: a size limit as it is, a syntax
// error with the file name.
func csvError(name string, err error) error {
	var le *limitError
	if errors.As(err, &le) {
		return le
	}
	return fmt.Errorf("%s: %v", name, err)
}

// MaxLineBytes bounds one line of a CSV file: a trace row is a few dozen
// bytes, and the CSV reader holds a whole line in memory.
const MaxLineBytes = 64 << 10

// limitedReader fails with a clear error, instead of a silent end of file,
// once more than left bytes are read (a pipe or /dev/zero has no size) or a
// line is longer than MaxLineBytes.
type limitedReader struct {
	r       io.Reader
	left    int64
	name    string
	line    int // lines completed so far
	lineLen int // bytes of the current line so far
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, tooLarge(l.name, MaxDataFileBytes)
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n, tooLarge(l.name, MaxDataFileBytes)
	}
	chunk := p[:n]
	if i := bytes.LastIndexByte(chunk, '\n'); i >= 0 {
		l.line += bytes.Count(chunk, []byte{'\n'})
		l.lineLen = n - i - 1
	} else {
		l.lineLen += n
	}
	if l.lineLen > MaxLineBytes {
		return n, &limitError{fmt.Sprintf("%s:%d: line longer than the limit of %d bytes", clip(l.name, MaxQuoteBytes), l.line+1, MaxLineBytes)}
	}
	return n, err
}
