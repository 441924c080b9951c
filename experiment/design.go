package experiment

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// ErrDesign is wrapped by every error of a malformed design (a bad --vary
// or points file).
var ErrDesign = errors.New("bad design")

// Assignment sets one field, by its dotted path, to a TOML value.
type Assignment struct {
	Path  string `json:"path"`
	Value string `json:"value"`
}

// Point is one variant of the scenario: assignments in the design's path
// order.
type Point []Assignment

// Values returns the point's values in path order.
func (p Point) Values() []string {
	out := make([]string, len(p))
	for i, a := range p {
		out[i] = a.Value
	}
	return out
}

// String is "path=value, path=value".
func (p Point) String() string {
	parts := make([]string, len(p))
	for i, a := range p {
		parts[i] = a.Path + "=" + a.Value
	}
	return strings.Join(parts, ", ")
}

// Axis is one varied path and its values, in order.
type Axis struct {
	Path   string
	Values []string
}

// ParseVary parses "PATH=v1,v2,..." or "PATH=LO..HI[:STEP]" (numbers or
// durations; STEP 1 if left out; values LO + k·STEP up to HI).
func ParseVary(s string) (Axis, error) {
	path, list, ok := strings.Cut(s, "=")
	path, list = strings.TrimSpace(path), strings.TrimSpace(list)
	if !ok || path == "" || list == "" {
		return Axis{}, fmt.Errorf("experiment: --vary %q: %w: want PATH=v1,v2,... or PATH=LO..HI[:STEP]", s, ErrDesign)
	}
	if lo, rest, isRange := strings.Cut(list, ".."); isRange {
		hi, step, _ := strings.Cut(rest, ":")
		vs, err := expandRange(strings.TrimSpace(lo), strings.TrimSpace(hi), strings.TrimSpace(step))
		if err != nil {
			return Axis{}, fmt.Errorf("experiment: --vary %q: %w: %v", s, ErrDesign, err)
		}
		return Axis{Path: path, Values: vs}, nil
	}
	var vs []string
	for _, v := range strings.Split(list, ",") {
		if v = strings.TrimSpace(v); v == "" {
			return Axis{}, fmt.Errorf("experiment: --vary %q: %w: an empty value", s, ErrDesign)
		}
		vs = append(vs, v)
	}
	return Axis{Path: path, Values: vs}, nil
}

// maxAxisValues bounds one range, against a typo like 0..1e9.
const maxAxisValues = 10000

// expandRange lists lo, lo+step, ... ≤ hi, each computed as lo + k·step.
func expandRange(lo, hi, step string) ([]string, error) {
	if step == "" {
		step = "1"
	}
	if _, err := strconv.ParseFloat(lo, 64); err != nil {
		return durationRange(lo, hi, step)
	}
	a, errA := strconv.ParseFloat(lo, 64)
	b, errB := strconv.ParseFloat(hi, 64)
	d, errD := strconv.ParseFloat(step, 64)
	if err := errors.Join(errA, errB, errD); err != nil {
		return nil, fmt.Errorf("LO, HI and STEP must be numbers (or all durations)")
	}
	if !(d > 0) || !(b >= a) || math.IsInf(a, 0) || math.IsInf(b, 0) {
		return nil, fmt.Errorf("want LO ≤ HI and STEP > 0")
	}
	n := int(math.Floor((b-a)/d*(1+1e-12))) + 1
	if n > maxAxisValues {
		return nil, fmt.Errorf("%d values; at most %d", n, maxAxisValues)
	}
	prec := max(decimals(lo), decimals(step))
	out := make([]string, n)
	for k := range out {
		out[k] = strconv.FormatFloat(a+float64(k)*d, 'f', prec, 64)
	}
	return out, nil
}

// decimals is the number of digits after the point in a plain decimal.
func decimals(s string) int {
	if strings.ContainsAny(s, "eE") {
		return 6
	}
	if _, frac, ok := strings.Cut(s, "."); ok {
		return len(frac)
	}
	return 0
}

func durationRange(lo, hi, step string) ([]string, error) {
	a, errA := time.ParseDuration(lo)
	b, errB := time.ParseDuration(hi)
	d, errD := time.ParseDuration(step)
	if err := errors.Join(errA, errB, errD); err != nil {
		return nil, fmt.Errorf("LO, HI and STEP must be numbers or all durations (like 10m)")
	}
	if d <= 0 || b < a {
		return nil, fmt.Errorf("want LO ≤ HI and STEP > 0")
	}
	n := int((b-a)/d) + 1
	if n > maxAxisValues {
		return nil, fmt.Errorf("%d values; at most %d", n, maxAxisValues)
	}
	out := make([]string, n)
	for k := range out {
		out[k] = (a + time.Duration(k)*d).String()
	}
	return out, nil
}

// Grid returns every combination of the axes' values, the last axis
// varying fastest (as nested loops in axis order).
func Grid(axes []Axis) ([]Point, error) {
	seen := map[string]bool{}
	n := 1
	for _, ax := range axes {
		if seen[ax.Path] {
			return nil, fmt.Errorf("experiment: %w: path %s varied twice", ErrDesign, ax.Path)
		}
		seen[ax.Path] = true
		if n *= len(ax.Values); n > maxAxisValues {
			return nil, fmt.Errorf("experiment: %w: more than %d points", ErrDesign, maxAxisValues)
		}
	}
	if len(axes) == 0 {
		return nil, nil
	}
	out := make([]Point, 0, n)
	for i := range n {
		p := make(Point, len(axes))
		rest := i
		for a := len(axes) - 1; a >= 0; a-- {
			k := len(axes[a].Values)
			p[a] = Assignment{Path: axes[a].Path, Value: axes[a].Values[rest%k]}
			rest /= k
		}
		out = append(out, p)
	}
	return out, nil
}

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
