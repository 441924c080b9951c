package experiment

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/capsim/capsim/scenarios"
)

// Var is a decision variable of [Optimize]: an integer field, by its
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
// out), Start the midpoint.
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
		return Var{}, fmt.Errorf("experiment: --vary %q: %w: optimize wants PATH=LO..HI[:STEP], whole numbers, LO ≤ HI, STEP > 0", s, ErrDesign)
	}
	v := Var{Path: path, Lo: a, Hi: a + (b-a)/d*d, Step: d}
	if v.Values() > maxAxisValues {
		return Var{}, fmt.Errorf("experiment: --vary %q: %w: %d values; at most %d", s, ErrDesign, v.Values(), maxAxisValues)
	}
	v.Start = v.value(v.Values() / 2)
	return v, nil
}

// Status is what the replications so far say of a plan's requirements.
type Status int

// The statuses of a plan.
const (
	Unsure Status = iota // a requirement's confidence interval straddles its limit
	Holds                // every requirement's one-sided 95% bound meets its limit
	Fails                // some requirement's one-sided 95% bound on the better side misses its limit
)

func (s Status) String() string { return [...]string{"unsure", "holds", "fails"}[s] }

// Assessment is a judge's verdict on a plan's block: its status and the
// objective (lower is better) in each replication, in order.
type Assessment struct {
	Status    Status
	Objective []float64
}

// Judge assesses a plan from its block (every metric, every replication
// so far).
type Judge func(b *Block) (Assessment, error)

// OptimizeOptions tune [Optimize].
type OptimizeOptions struct {
	Workers int    // replications run at once; 0: GOMAXPROCS
	Version string // recorded in blocks
	// Replications: the first block of each plan, the block added where a
	// decision is unsure, and the most a plan gets. Zero: 10, 10, 40.
	FirstReplications, AddReplications, MaxReplications int
	// Evaluated, if set, is called after each plan's decision, with the
	// best feasible plan so far (nil if none), and once more with the
	// plan chosen if the last call named another.
	Evaluated func(e, best *Evaluated)
	Recover   func(v any) error
}

// Evaluated is a plan the search decided: its values (one per Var), the
// point, its block over the replications it got, and its verdict.
type Evaluated struct {
	Plan       []int
	Point      Point
	Block      *Block
	Assessment Assessment
	Feasible   bool
	Invalid    string // the validation error of a plan skipped unsimulated
	st         *planState
}

// OptimizeResult is the search's outcome: every plan simulated, in the
// order of first decision, the index of the best (−1: none feasible), the
// plans skipped because the scenario rejects them (infeasible, not
// simulated), the scenario as given over the best plan's replications
// (nil without a best plan), and the replications simulated in all.
type OptimizeResult struct {
	Vars         []Var
	Evaluated    []*Evaluated
	Best         int
	Skipped      []*Evaluated
	Reference    *Evaluated
	Replications int
}

// Optimize looks for the plan of vars with the lowest objective mean among
// the feasible ones (Judge says Holds), under common random numbers (every
// plan's replication i sees the same demand). It exploits monotonicity:
// more capacity never raises the wait and raises the cost. From the
// variables' Start it gallops to a feasible plan, bisects each variable down
// to its smallest feasible value with the others fixed, then moves by
// coordinates (one variable a step up, another bisected down) while that
// lowers the objective by more than noise (paired differences). Plans get
// replications in blocks, more only where a decision is unsure.
func Optimize(base *scenarios.Scenario, vars []Var, judge Judge, opt OptimizeOptions) (*OptimizeResult, error) {
	if opt.FirstReplications <= 0 {
		opt.FirstReplications = 10
	}
	if opt.AddReplications <= 0 {
		opt.AddReplications = 10
	}
	if opt.MaxReplications < opt.FirstReplications {
		opt.MaxReplications = max(40, opt.FirstReplications)
	}
	o := &optimizer{base: base, vars: vars, judge: judge, opt: opt, plans: map[string]*Evaluated{}}
	best, err := o.search()
	if err != nil {
		return nil, err
	}
	res := &OptimizeResult{Vars: vars, Evaluated: o.order, Best: -1, Skipped: o.skipped}
	for i, e := range o.order {
		if best != nil && e == best {
			res.Best = i
		}
	}
	if best != nil {
		if res.Reference, err = o.reference(best.Block.To); err != nil {
			return nil, err
		}
	}
	res.Replications = o.reps
	return res, nil
}
