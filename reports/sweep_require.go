package reports

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ErrRequirement is wrapped by the error of a malformed requirement.
var ErrRequirement = errors.New("bad requirement")

// Requirement bounds one metric, looked up by dotted name:
// "total.placement_latency_seconds.p95<=30".
type Requirement struct {
	Name  string
	Op    string // "<=", "<", ">=", ">"
	Bound float64
}

func (r Requirement) String() string {
	return r.Name + r.Op + strconv.FormatFloat(r.Bound, 'g', -1, 64)
}

// ParseRequirement parses NAME OP NUMBER, OP one of <=, <, >=, >.
func ParseRequirement(s string) (Requirement, error) {
	for _, op := range []string{"<=", ">=", "<", ">"} {
		name, num, ok := strings.Cut(s, op)
		if !ok {
			continue
		}
		name, num = strings.TrimSpace(name), strings.TrimSpace(num)
		x, err := strconv.ParseFloat(num, 64)
		if name == "" || err != nil || math.IsNaN(x) {
			break
		}
		return Requirement{Name: name, Op: op, Bound: x}, nil
	}
	return Requirement{}, fmt.Errorf("reports: requirement %q: %w: want NAME<=X, NAME<X, NAME>=X or NAME>X", s, ErrRequirement)
}

// Check looks r's metric up in s and tells whether its mean meets r and
// whether its one-sided 95% bound does: the bound on the worse side of the
// metric (the upper bound of a lower-is-better metric, the lower of a
// higher-is-better one; for a neutral metric, the side the operator
// limits), mean ± t(0.95, N−1)·s/√N: Assess's verdict. An undefined mean
// meets nothing; with N < 2 the bound is undefined and meets nothing. The
// error wraps [ErrUnknownMetric] for an unknown name.
func (r Requirement) Check(s *Summary) (onMean, onBound bool, err error) {
	a, err := r.Assess(s)
	if err != nil {
		return false, false, err
	}
	return r.meets(float64(a.Mean)), a.Holds, nil
}

func (r Requirement) meets(x float64) bool {
	switch r.Op {
	case "<=":
		return x <= r.Bound
	case "<":
		return x < r.Bound
	case ">=":
		return x >= r.Bound
	}
	return x > r.Bound
}
