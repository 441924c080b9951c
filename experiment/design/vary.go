package design

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Axis is one varied path and its values, in order.
type Axis struct {
	Path   string
	Values []string
}

// ParseVary parses "PATH=v1,v2,..." or "PATH=LO..HI[:STEP]" (numbers or
// durations; STEP 1 if left out; values LO + k·STEP up to HI), PATH made
// canonical ([CanonicalPath]). A list or range of more than [MaxValues]
// values is refused before any is made.
func ParseVary(s string) (Axis, error) {
	path, list, ok := strings.Cut(s, "=")
	path, list = strings.TrimSpace(path), strings.TrimSpace(list)
	if !ok || path == "" || list == "" {
		return Axis{}, fmt.Errorf("experiment: --vary %q: %w: want PATH=v1,v2,... or PATH=LO..HI[:STEP]", s, ErrDesign)
	}
	path, err := CanonicalPath(path)
	if err != nil {
		return Axis{}, fmt.Errorf("experiment: --vary %q: %w: %s", s, ErrDesign, Detail(err))
	}
	if lo, rest, isRange := strings.Cut(list, ".."); isRange {
		hi, step, _ := strings.Cut(rest, ":")
		vs, err := expandRange(strings.TrimSpace(lo), strings.TrimSpace(hi), strings.TrimSpace(step))
		if err != nil {
			return Axis{}, fmt.Errorf("experiment: --vary %q: %w: %v", s, ErrDesign, err)
		}
		return Axis{Path: path, Values: vs}, nil
	}
	if n := strings.Count(list, ",") + 1; n > MaxValues {
		return Axis{}, fmt.Errorf("experiment: --vary %q: %w: %d values; at most %d", clipSpec(s), ErrDesign, n, MaxValues)
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

// clipSpec is a --vary spec short enough to quote in a message.
func clipSpec(s string) string {
	if len(s) <= 200 {
		return s
	}
	return s[:200] + "…"
}

// MaxValues bounds one range, against a typo like 0..1e9.
const MaxValues = 10000

// expandRange lists lo, lo+step, ... ≤ hi, each computed as lo + k·step.
// The count is a float compared with MaxValues before it becomes an int,
// so a range of 1e28 values, or one whose width is infinite, is refused.
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
	if !(d > 0) || !(b >= a) || math.IsInf(a, 0) || math.IsInf(b, 0) || math.IsInf(d, 0) {
		return nil, fmt.Errorf("want finite numbers, LO ≤ HI and STEP > 0")
	}
	count := math.Floor((b-a)/d*(1+1e-12)) + 1
	if !(count <= MaxValues) { // NaN and +Inf too
		return nil, fmt.Errorf("%.3g values; at most %d", count, MaxValues)
	}
	prec := max(decimals(lo), decimals(step))
	out := make([]string, int(count))
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

// durationRange is expandRange of durations. HI−LO is taken as an
// unsigned difference (exact for any LO ≤ HI, where the signed one
// overflows), and each value LO + k·STEP, at most HI, fits.
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
	steps := (uint64(b) - uint64(a)) / uint64(d)
	if steps >= MaxValues {
		return nil, fmt.Errorf("%d values; at most %d", steps+1, MaxValues)
	}
	out := make([]string, steps+1)
	for k := range out {
		out[k] = time.Duration(uint64(a) + uint64(k)*uint64(d)).String()
	}
	return out, nil
}

// Grid returns every combination of the axes' values, the last axis
// varying fastest (as nested loops in axis order). Axes that vary one
// field twice (two spellings of its path) or a field inside another
// varied one are refused, as is a grid of more than MaxValues points.
func Grid(axes []Axis) ([]Point, error) {
	paths := make([]string, len(axes))
	n := 1
	for i, ax := range axes {
		paths[i] = ax.Path
		if len(ax.Values) == 0 {
			return nil, fmt.Errorf("experiment: %w: path %s has no values", ErrDesign, ax.Path)
		}
		if n *= len(ax.Values); n > MaxValues {
			return nil, fmt.Errorf("experiment: %w: more than %d points", ErrDesign, MaxValues)
		}
	}
	if err := checkPaths(paths); err != nil {
		return nil, err
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
