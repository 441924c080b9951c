package optimize

import (
	"slices"
	"strconv"
	"strings"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/simrun"
)

// Block is a plan's results so far: its point, the replications it got,
// every metric's value in each of them, and the Meta of its outputs.
type Block struct {
	Point        design.Point
	Replications int
	Scopes       []simrun.Scope
	Meta         reports.Meta
}

// Reps returns the per-replication values of metric name of scope, or
// false if the block has no such series.
func (b *Block) Reps(scope, name string) (simrun.Values, bool) {
	return simrun.Find(b.Scopes, scope, name)
}

// Assessment is the judge's verdict on a plan's block: its status, the
// objective (lower is better) in each replication, in order, and, from
// [Run]'s judge, the plan's summary and each requirement's assessment.
type Assessment struct {
	Status       simrun.Status
	Objective    []float64
	Summary      *reports.Summary
	Requirements []reports.Assessment
}

// judge assesses a plan from its block (every metric, every replication
// so far).
type judge func(b *Block) (Assessment, error)

// Options tune [Run].
type Options struct {
	Workers int    // replications run at once; 0: GOMAXPROCS
	Version string // recorded in the plans' outputs
	// Replications: the first block of each plan, the block added where a
	// decision is unsure, and the most a plan gets. Zero: 10, 10, 40.
	FirstReplications, AddReplications, MaxReplications int
	// MaxRequests, if positive, bounds the requests the search simulates
	// in all (each plan's expected requests times its replications): a
	// block that would pass it is not run, and Run fails with an error
	// wrapping design.ErrTooMuchWork (simulation.max_total_requests, as
	// for a run).
	MaxRequests int64
	// Evaluated, if set, is called after each plan's decision, with the
	// best feasible plan so far (nil if none), and once more with the
	// plan chosen if the last call named another.
	Evaluated func(e, best *Evaluated)
}

// Evaluated is a plan the search decided: its values (one per Var), the
// point, its block over the replications it got, and its verdict.
type Evaluated struct {
	Plan       []int
	Point      design.Point
	Block      *Block
	Assessment Assessment
	Feasible   bool
	Invalid    string // the validation error of a plan skipped unsimulated
	st         *planState
}

// Result is the search's outcome: every plan simulated, in the order of
// first decision, the index of the best (−1: none feasible), the plans
// skipped because the scenario rejects them (infeasible, not simulated),
// the scenario as given over the best plan's replications (nil without a
// best plan), and the replications simulated in all.
type Result struct {
	Vars         []Var
	Evaluated    []*Evaluated
	Best         int
	Skipped      []*Evaluated
	Reference    *Evaluated
	Replications int
}

// optimizer is one search: the plans decided so far by grid indices.
type optimizer struct {
	base  *scenarios.Scenario
	vars  []Var
	judge judge
	opt   Options
	plans map[string]*Evaluated
	order []*Evaluated
	// skipped are the plans the scenario rejects, in order.
	skipped []*Evaluated
	reps    int
	work    float64    // the expected requests of the replications run so far
	shown   *Evaluated // the best plan the Evaluated hook was last told of
}

// planState is a plan's prepared scenario and its replications so far.
type planState struct {
	prep   design.Prepared
	values [][][]float64  // [rep][scope][metric]
	scopes []simrun.Scope // from replication 0, without values
}

// block is the plan's block over its replications so far, values unset.
func (st *planState) block(version string) *Block {
	p := &st.prep
	s := p.Scenario.Simulation
	n := len(st.values)
	scopes := slices.Clone(st.scopes)
	for i := range scopes {
		scopes[i].Metrics = slices.Clone(scopes[i].Metrics)
	}
	return &Block{Point: p.Point, Replications: n, Scopes: scopes,
		Meta: reports.Meta{Scenario: p.Scenario.Name, ScenarioSHA256: p.Hash, Seed: s.Seed, Replications: n,
			HorizonSeconds: s.Horizon.Seconds(), WarmupSeconds: s.Warmup.Seconds(), CapsimVersion: version}}
}

// beats reports whether plan e displaces the incumbent inc as the best
// plan: e is feasible and its objective mean (over the replications that
// define it, as reported) is lower than inc's; any
// feasible plan beats no incumbent (nil). The one rule the search, the
// settling and every decision choose the best plan by.
func beats(e, inc *Evaluated) bool {
	return e.Feasible && (inc == nil ||
		sim.NewEstimate(e.Assessment.Objective).Mean < sim.NewEstimate(inc.Assessment.Objective).Mean)
}

// feasibleOrNil is e if feasible, else nil (no incumbent).
func feasibleOrNil(e *Evaluated) *Evaluated {
	if e.Feasible {
		return e
	}
	return nil
}

func with(x []int, i, k int) []int {
	y := slices.Clone(x)
	y[i] = k
	return y
}

func key(x []int) string {
	parts := make([]string, len(x))
	for i, k := range x {
		parts[i] = strconv.Itoa(k)
	}
	return strings.Join(parts, ",")
}
