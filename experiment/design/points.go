package design

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/capsim/capsim/internal/safeio"
)

// LineError is an error of a points file at a line (1-based); it wraps
// [ErrDesign].
type LineError struct {
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Unwrap makes a LineError an [ErrDesign].
func (e *LineError) Unwrap() error { return ErrDesign }

// ReadPoints reads a CSV design: a header row of paths, then one row per
// point with a value per path. A malformed file is a *[LineError]: an
// empty path, one that is not NAME or NAME[INDEX] segments, one field
// named twice (two spellings of its path are one field: paths are made
// canonical, [CanonicalPath]) or a field inside another one, a row with
// too few or too many values or an empty one, more than [MaxValues]
// points (it stops reading at the first row too many), CSV syntax.
func ReadPoints(r io.Reader) ([]string, []Point, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // counted here, with a clearer message
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, &LineError{1, "empty: want a header row of paths and a row of values per point"}
	} else if err != nil {
		return nil, nil, csvLineError(err)
	}
	paths, err := headerPaths(header)
	if err != nil {
		return nil, nil, err
	}
	var out []Point
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, nil, csvLineError(err)
		}
		line, _ := cr.FieldPos(0)
		if len(out) == MaxValues {
			return nil, nil, &LineError{line, fmt.Sprintf("more than %d points: split the design", MaxValues)}
		}
		p, err := pointOf(paths, row, line)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, nil, &LineError{1, "a header and no points: want a row of values per point"}
	}
	return paths, out, nil
}

// headerPaths are the header's paths, canonical and checked.
func headerPaths(header []string) ([]string, error) {
	paths := make([]string, len(header))
	for i, h := range header {
		if strings.TrimSpace(h) == "" {
			return nil, &LineError{1, fmt.Sprintf("column %d: an empty path", i+1)}
		}
		p, err := CanonicalPath(h)
		if err != nil {
			return nil, &LineError{1, fmt.Sprintf("column %d: %s", i+1, Detail(err))}
		}
		paths[i] = p
	}
	if err := checkPaths(paths); err != nil {
		return nil, &LineError{1, Detail(err)}
	}
	return paths, nil
}

func pointOf(paths, row []string, line int) (Point, error) {
	if len(row) != len(paths) {
		return nil, &LineError{line, fmt.Sprintf("%d values for %d paths", len(row), len(paths))}
	}
	p := make(Point, len(paths))
	for i, v := range row {
		if v = strings.TrimSpace(v); v == "" {
			return nil, &LineError{line, fmt.Sprintf("column %d (%s): an empty value", i+1, paths[i])}
		}
		p[i] = Assignment{Path: paths[i], Value: v}
	}
	return p, nil
}

func csvLineError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &LineError{pe.Line, pe.Err.Error()}
	}
	return fmt.Errorf("experiment: points: %w", err)
}

// MaxPointsBytes bounds a points file: 10,000 points of a dozen paths
// with long values fit well within it.
const MaxPointsBytes = 16 << 20

// ReadPointsFile reads the points file path ([ReadPoints]) if it is a
// regular file of at most MaxPointsBytes, checked before it is opened: a
// FIFO, a device (/dev/zero) or a directory is refused by its type, an
// error wrapping [ErrDesign] naming it, as is a file too large.
func ReadPointsFile(path string) ([]string, []Point, error) {
	f, err := safeio.Open(path, MaxPointsBytes)
	switch {
	case errors.Is(err, safeio.ErrNotRegular):
		return nil, nil, fmt.Errorf("experiment: %w: %v: give a CSV file", ErrDesign, err)
	case errors.Is(err, safeio.ErrTooLarge):
		return nil, nil, fmt.Errorf("experiment: %w: %v: a design has at most %d points; split it", ErrDesign, err, MaxValues)
	case err != nil:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is named here
		}
		return nil, nil, fmt.Errorf("experiment: %w: %s: %v", ErrDesign, path, err)
	}
	defer f.Close()
	return ReadPoints(io.LimitReader(f, MaxPointsBytes))
}
