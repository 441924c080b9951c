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

// Block is a plan's results over the replications it got: its point,
// every metric's value in each replication at the scenario's own demand
// (Scopes), and at each demand scale the requirements are held to
// (Scales, 1 first; Scaled[0] is Scopes), and the Meta of its outputs.
type Block struct {
	Point        design.Point
	Replications int
	Scopes       []simrun.Scope
	Scales       []float64
	Scaled       [][]simrun.Scope
	Meta         reports.Meta
}

// Reps returns the per-replication values of metric name of scope, at the
// scenario's own demand, or false if the block has no such series.
func (b *Block) Reps(scope, name string) (simrun.Values, bool) {
	return simrun.Find(b.Scopes, scope, name)
}

// Assessment is the judge's verdict on a plan's block: its status (every
// requirement at every demand scale), the status of the requirements the
// search walks by (Walk; the status itself for a judge that does not tell
// them apart), the objective (lower is better) in each replication, in
// order, and, from [Run]'s judge, the plan's summary at the scenario's
// own demand, each requirement's assessment at each scale (Scales[0] at
// the scenario's own demand) and the estimated chance that the plan
// passes the re-check (1 without one).
type Assessment struct {
	Status      simrun.Status
	Walk        simrun.Status
	walkSet     bool
	Objective   []float64
	Summary     *reports.Summary
	Scales      [][]reports.Assessment
	RecheckPass float64
}

// Requirements are the assessments at the scenario's own demand.
func (a *Assessment) Requirements() []reports.Assessment {
	if len(a.Scales) == 0 {
		return nil
	}
	return a.Scales[0]
}

// walk is the status the search walks by.
func (a *Assessment) walk() simrun.Status {
	if a.walkSet {
		return a.Walk
	}
	return a.Status
}

// judge assesses a plan from its block (every metric, every replication
// so far).
type judge func(b *Block) (Assessment, error)

// Options tune [Run].
type Options struct {
	Workers int    // replications run at once; 0: GOMAXPROCS
	Version string // recorded in the plans' outputs
	// Replications: the first block of each plan and the most a plan gets
	// in the search (a plan unsure after a block gets as many again).
	// Zero: 3 and 40.
	FirstReplications, MaxReplications int
	// Scales are the demand scales (factors of every demand's arrivals)
	// every requirement must hold at; 1 is always among them. Empty: 1.
	Scales []float64
	// RecheckPass, if above 0, is the chance the chosen plan is to pass a
	// re-check (simrun.Recheck) of as many replications as best.toml
	// carries.
	RecheckPass float64
	// MaxRequests, if positive, bounds the requests the search and its
	// verification simulate in all (each replication's expected requests,
	// at its demand scale): a batch that would pass it is not run, and Run
	// fails with an error wrapping design.ErrTooMuchWork
	// (simulation.max_total_requests, as for a run).
	MaxRequests int64
	// Evaluated, if set, is called after each plan's decision, with the
	// best feasible plan so far (nil if none), and once more with the
	// plan chosen if the last call named another.
	Evaluated func(e, best *Evaluated)
	// Verified, if set, is called after each verification round.
	Verified func(r *Round)
}

// Evaluated is a plan the search decided: its id (1, 2, ... in the order
// of first decision), its values (one per Var), the point, its block over
// the replications it got, and its verdict; Given marks the scenario as
// given (its Point empty: nothing set).
type Evaluated struct {
	ID         int
	Plan       []int
	Point      design.Point
	Block      *Block
	Assessment Assessment
	Feasible   bool
	Invalid    string // the validation error of a plan skipped unsimulated
	Given      bool
	st         *planState
}

// Mean is the plan's objective mean over the replications that define it.
func (e *Evaluated) Mean() float64 { return sim.NewEstimate(e.Assessment.Objective).Mean }

// Result is the outcome of [Run]: the search's plans, every plan
// simulated in the order of first decision (the scenario as given among
// them), the index of the plan chosen and verified (−1: none), the plans
// skipped because the scenario rejects them, the scenario as given, the
// verification rounds, the chosen plan, the runner-up and the scenario as
// given on the last round's fresh replications, the fragility table, and
// the replications simulated (in the search, and in all).
type Result struct {
	Vars               []Var
	Evaluated          []*Evaluated
	Best               int
	Skipped            []*Evaluated
	Given              *Evaluated
	Direction          Direction
	Rounds             []*Round
	Chosen             *Fresh
	RunnerUp           *Fresh
	GivenFresh         *Fresh
	Fragility          []reports.OptimizeFragile
	SearchReplications int
	Replications       int
	Scales             []float64
}

// optimizer is one search: the plans decided so far by grid indices.
type optimizer struct {
	base   *scenarios.Scenario
	vars   []Var
	judge  judge
	opt    Options
	plans  map[string]*Evaluated
	order  []*Evaluated
	given  *Evaluated
	dir    Direction
	scales []float64 // 1 first
	hours  bool      // a requirement reads the hours of the day
	locs   map[string]int
	// skipped are the plans the scenario rejects, in order.
	skipped   []*Evaluated
	reps      int
	work      float64    // the expected requests of the replications run so far
	freshReps int        // of reps, those on the verification's fresh replications
	shown     *Evaluated // the best plan the Evaluated hook was last told of
}

// beats reports whether plan e displaces the incumbent inc as the best
// plan: e is feasible and its objective mean (over the replications that
// define it, as reported) is lower than inc's; any feasible plan beats no
// incumbent (nil). The one rule the search, the settling and every
// decision choose the best plan by.
func beats(e, inc *Evaluated) bool {
	return e.Feasible && (inc == nil || e.Mean() < inc.Mean())
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
