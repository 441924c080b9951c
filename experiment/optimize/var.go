package optimize

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/capsim/capsim/experiment/design"
)

// Var is a decision variable of [Run]: an integer field, by its
// dotted path, over Lo, Lo+Step, ... up to Hi, in the order of growing
// capacity (a negative Step runs down, for a field such as a utilisation
// target whose capacity grows as it falls); Start is where the search
// begins (clamped to the range and rounded to its grid). Tied fields are
// set to the same value (Agones' min_replicas to the buffer size).
type Var struct {
	Path          string
	Lo, Hi, Step  int
	Start         int
	StartFromTheo bool // Start comes from the queueing approximation
	Tied          []string
}

// Paths are the fields the variable sets: Path, then Tied.
func (v Var) Paths() []string { return append([]string{v.Path}, v.Tied...) }

// Values is the number of values of the variable.
func (v Var) Values() int { return (v.Hi-v.Lo)/v.Step + 1 }

func (v Var) value(k int) int { return v.Lo + k*v.Step }

// index is the grid index nearest x, within the range.
func (v Var) index(x int) int {
	k := (x - v.Lo + v.Step/2) / v.Step
	return min(max(k, 0), v.Values()-1)
}

// ParseVar parses "PATH=LO..HI[:STEP]" of whole numbers (STEP 1 if left
// out), Start the midpoint, PATH made canonical (design.CanonicalPath).
// The number of values is counted without overflow (HI−LO as an unsigned
// difference) and bounded by design.MaxValues.
func ParseVar(s string) (Var, error) {
	path, rng, ok := strings.Cut(s, "=")
	lo, rest, isRange := strings.Cut(rng, "..")
	hi, step, hasStep := strings.Cut(rest, ":")
	if !hasStep {
		step = "1"
	}
	a, errA := strconv.Atoi(strings.TrimSpace(lo))
	b, errB := strconv.Atoi(strings.TrimSpace(hi))
	d, errD := strconv.Atoi(strings.TrimSpace(step))
	path = strings.TrimSpace(path)
	if !ok || !isRange || path == "" || errA != nil || errB != nil || errD != nil || d <= 0 || b < a {
		return Var{}, fmt.Errorf("experiment: --vary %q: %w: optimize wants PATH=LO..HI[:STEP], whole numbers, LO ≤ HI, STEP > 0", s, design.ErrDesign)
	}
	path, err := design.CanonicalPath(path)
	if err != nil {
		return Var{}, fmt.Errorf("experiment: --vary %q: %w: %s", s, design.ErrDesign, design.Detail(err))
	}
	steps := (uint64(b) - uint64(a)) / uint64(d)
	if steps >= design.MaxValues {
		return Var{}, fmt.Errorf("experiment: --vary %q: %w: %d values; at most %d", s, design.ErrDesign, steps+1, design.MaxValues)
	}
	v := Var{Path: path, Lo: a, Hi: a + int(steps)*d, Step: d}
	v.Start = v.value(v.Values() / 2)
	return v, nil
}
