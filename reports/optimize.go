package reports

import (
	"io"
	"math"
	"strconv"
)

// Assessment is a requirement's state at a plan, as the run layer's judge
// (simrun.Judge) decided it: the metric's mean and 95% half-width over N
// replications, the one-sided bound on the worse side (95% unless the
// judge was asked for more), the margin it leaves to the limit (the limit
// less the bound for an upper limit, the bound less the limit for a lower
// one: negative when short), whether the bound meets the limit (Holds),
// whether the bound on the better side misses it (Fails: clearly not
// met), and the confidence that the requirement holds (Student's t of
// the margin of the mean over the standard error; 1 or 0 when the metric
// does not vary). A requirement on a wildcard (locations[*], hours[*])
// holds when it holds in every scope: its figures are the worst scope's
// (Scope), and Scopes lists every scope's.
type Assessment struct {
	Requirement string        `json:"requirement"`
	Scope       string        `json:"scope,omitempty"`
	Mean        Number        `json:"mean"`
	CI95        Number        `json:"ci95"`
	N           int           `json:"replications"`
	Bound       Number        `json:"bound"`
	Margin      Number        `json:"margin"`
	Holds       bool          `json:"holds"`
	Fails       bool          `json:"fails"`
	Confidence  Number        `json:"confidence"`
	Scopes      []ScopeMargin `json:"scopes,omitempty"`
}

// ScopeMargin is one scope of a requirement on a wildcard: its name
// ("hours[21]"), the metric's mean and the worse-side bound over N
// replications, and the margin the bound leaves to the limit.
type ScopeMargin struct {
	Scope  string `json:"scope"`
	Mean   Number `json:"mean"`
	Bound  Number `json:"bound"`
	Margin Number `json:"margin"`
	N      int    `json:"replications"`
}

// Optimize is optimize.json: the scenario, the decision variables, the
// requirements and objective, the chosen plan (Best, an index into
// Evaluated; −1 if none is feasible), the runner-up feasible plans by
// objective, the closest plan and the requirement it misses when none is
// feasible, every plan evaluated in the order decided, the replications
// simulated in all, the wall time of the search in seconds (the one field
// that differs between runs of the same scenario and seed) and the plans
// of the exhaustive grid; the plans skipped because the scenario rejects
// them, and the scenario as given over the chosen plan's replications.
type Optimize struct {
	Meta
	Paths        []string           `json:"paths"`
	Requirements []string           `json:"requirements"`
	Objective    string             `json:"objective"`
	Best         int                `json:"best"`
	RunnersUp    []int              `json:"runners_up"`
	Closest      int                `json:"closest"`
	Misses       string             `json:"misses,omitempty"`
	Replications int                `json:"replications_simulated"`
	WallSeconds  Number             `json:"wall_seconds"`
	GridSize     int                `json:"grid_plans"`
	Evaluated    []OptimizePoint    `json:"evaluated"`
	Skipped      []SkippedPoint     `json:"skipped"`
	Reference    *OptimizeReference `json:"scenario_as_given,omitempty"`
	Schedule     *OptimizeSchedule  `json:"schedule,omitempty"`
}

// OptimizeReference is the scenario as given: its objective mean and the
// verdict on its requirements.
type OptimizeReference struct {
	Objective Number `json:"objective_mean"`
	Status    string `json:"status"`
}

// OptimizePoint is one evaluated plan: its values (one per path), the
// replications it got, its verdict, its objective and each requirement's
// assessment, and its summary (each metric's mean and CI) over them.
type OptimizePoint struct {
	Values       []string     `json:"values"`
	Replications int          `json:"replications"`
	Status       string       `json:"status"`
	Feasible     bool         `json:"feasible"`
	Objective    Number       `json:"objective_mean"`
	ObjectiveCI  Number       `json:"objective_ci95"`
	Requirements []Assessment `json:"requirements"`
	Summary      *Summary     `json:"summary"`
}

// WriteJSON writes optimize.json, indented, with a final newline.
func (o *Optimize) WriteJSON(w io.Writer) error { return writeJSON(w, "optimize", o) }

// Number is a float64 written as null when undefined (NaN or infinite).
type Number float64

// MarshalJSON writes null for NaN and infinities, else the shortest form.
func (x Number) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}
