package design

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
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
// point with a value per path. A malformed file is a *[LineError]: a
// repeated or empty path, a row with too few or too many values or an
// empty one, CSV syntax.
func ReadPoints(r io.Reader) ([]string, []Point, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // counted here, with a clearer message
	paths, err := cr.Read()
	if err == io.EOF {
		return nil, nil, &LineError{1, "empty: want a header row of paths and a row of values per point"}
	} else if err != nil {
		return nil, nil, csvLineError(err)
	}
	seen := map[string]bool{}
	for i, p := range paths {
		paths[i] = strings.TrimSpace(p)
		if paths[i] == "" || seen[paths[i]] {
			return nil, nil, &LineError{1, fmt.Sprintf("column %d: an empty or repeated path %q", i+1, paths[i])}
		}
		seen[paths[i]] = true
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
