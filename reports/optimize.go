package reports

import (
	"io"
	"math"
	"strconv"

	"github.com/capsim/capsim/sim"
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
// (Scope), and Scopes lists every scope's. RecheckFail, when the judge
// was asked for a re-check, is the chance that re-check fails on this
// requirement (summed over its scopes).
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
	RecheckFail Number        `json:"recheck_fail_probability,omitempty"`
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

// Optimize is optimize.json: the scenario, the guarantee (one sentence:
// what is 95% sure of what), the decision variables, the requirements,
// the demand scales they hold at and the objective; the plan chosen, the
// runner-up and the scenario as given, each on the verification's fresh
// replications (every figure reported of them comes from those only);
// the verification rounds; the fragility table; the settings of the plan
// chosen beside the scenario's; the command that re-checks best.toml;
// and the search: every plan evaluated in the order decided (on the
// search's replications: Best indexes the plan chosen, −1 if none was
// verified), the runner-up feasible plans by objective, the closest plan
// and the requirement it misses when none is feasible, the replications
// simulated (by the search, and in all), the wall time in seconds (the
// one field that differs between runs of the same scenario and seed), the
// plans of the exhaustive grid and the plans skipped because the scenario
// rejects them.
type Optimize struct {
	Meta
	Guarantee          string            `json:"guarantee"`
	Paths              []string          `json:"paths"`
	Requirements       []string          `json:"requirements"`
	DemandScales       []float64         `json:"demand_scales"`
	RecheckPass        Number            `json:"recheck_pass_target"`
	Objective          string            `json:"objective"`
	Chosen             *OptimizeFresh    `json:"chosen,omitempty"`
	RunnerUp           *OptimizeFresh    `json:"runner_up,omitempty"`
	Reference          *OptimizeFresh    `json:"scenario_as_given,omitempty"`
	Settings           []OptimizeSetting `json:"settings,omitempty"`
	Recheck            string            `json:"recheck_command,omitempty"`
	Verification       []OptimizeRound   `json:"verification"`
	Fragility          []OptimizeFragile `json:"fragility,omitempty"`
	Best               int               `json:"best"`
	RunnersUp          []int             `json:"runners_up"`
	Closest            int               `json:"closest"`
	Misses             string            `json:"misses,omitempty"`
	SearchReplications int               `json:"search_replications"`
	Replications       int               `json:"replications_simulated"`
	WallSeconds        Number            `json:"wall_seconds"`
	GridSize           float64           `json:"grid_plans"`
	Evaluated          []OptimizePoint   `json:"evaluated"`
	Skipped            []SkippedPoint    `json:"skipped"`
	Schedule           *OptimizeSchedule `json:"schedule,omitempty"`
	// QuotasHeld: the scenario's [[gpu_quota]] rows were a requirement
	// (no allocation may wait for a quota); QuotaBinds the locations
	// whose quota held a cheaper plan back ([QuotaBindings]).
	QuotasHeld bool           `json:"gpu_quotas_held,omitempty"`
	QuotaBinds []QuotaBinding `json:"gpu_quotas_binding,omitempty"`
}

// OptimizeFresh is a plan on the verification's fresh replications: its
// index among the plans evaluated and values, the replications (from
// FirstReplication on), its status and whether it holds, the objective's
// mean and 95% half-width, the chosen plan's saving against it (paired
// over the same replications: its objective less the chosen plan's; nil
// for the chosen plan itself), the estimated chance a re-check passes,
// each requirement's assessment at the scenario's own demand and at the
// other demand scales, and its summary.
type OptimizeFresh struct {
	Plan             int             `json:"plan"`
	Values           []string        `json:"values"`
	Replications     int             `json:"replications"`
	FirstReplication int             `json:"first_replication"`
	Status           string          `json:"status"`
	Holds            bool            `json:"holds"`
	Objective        Number          `json:"objective_mean"`
	ObjectiveCI      Number          `json:"objective_ci95"`
	Saving           *OptimizeSaving `json:"saving,omitempty"`
	RecheckPass      Number          `json:"recheck_pass_probability"`
	Requirements     []Assessment    `json:"requirements"`
	Scales           []OptimizeScale `json:"at_demand_scales,omitempty"`
	Summary          *Summary        `json:"summary"`
}

// OptimizeSaving is what the chosen plan saves against another, paired
// over the same replications: the mean difference of the objectives, its
// 95% half-width, and the percent of the other's objective.
type OptimizeSaving struct {
	Mean    Number `json:"mean"`
	CI95    Number `json:"ci95"`
	Percent Number `json:"percent"`
}

// OptimizeScale is the requirements' assessments at a demand scale.
type OptimizeScale struct {
	Scale        float64      `json:"scale"`
	Requirements []Assessment `json:"requirements"`
}

// OptimizeSetting is one decision variable: its path, a short label
// ("eu-central-1 maximum"), and its value in the scenario as given and in
// the plan chosen.
type OptimizeSetting struct {
	Path   string `json:"path"`
	Label  string `json:"label"`
	Given  string `json:"given"`
	Chosen string `json:"chosen"`
}

// OptimizeRound is one verification round: the plan verified, the fresh
// replications (Replications from FirstReplication on), the one-sided
// error of every bound, whether the plan held, its estimated chance of
// passing the re-check, each requirement's assessment at the scenario's
// own demand, and the requirements the search was then held to more
// tightly.
type OptimizeRound struct {
	Round            int          `json:"round"`
	Plan             int          `json:"plan"`
	Values           []string     `json:"values"`
	FirstReplication int          `json:"first_replication"`
	Replications     int          `json:"replications"`
	Alpha            Number       `json:"alpha"`
	Holds            bool         `json:"holds"`
	RecheckPass      Number       `json:"recheck_pass_probability"`
	Requirements     []Assessment `json:"requirements"`
	Tightened        []string     `json:"tightened,omitempty"`
}

// OptimizeFragile is one row of the fragility table: at a demand scale
// (a factor of every demand's arrivals), the plan chosen and the scenario
// as given.
type OptimizeFragile struct {
	Scale  float64     `json:"scale"`
	Chosen FragileCell `json:"chosen"`
	Given  FragileCell `json:"scenario_as_given"`
}

// FragileCell is a plan at a demand scale, over fresh replications: the
// failure ratio, the p95 wait (seconds: the player's wait to first frame
// when a requirement limits it, the placement wait otherwise,
// optimize.WaitMetric) and the cost (USD) of
// all locations together (the stream groups', plus the fleets' cost; the
// fleets' timed-out ratio and wait in a scenario of fleets only), whether
// every requirement holds there (its one-sided 95% bound) and, where not,
// each requirement that does not hold with its worst scope
// ("hours[*].placement_failure_ratio<=0.01 at hours[19]"): the figures are
// the day's, the requirements may be per hour or per scope.
type FragileCell struct {
	FailureRatio sim.Estimate `json:"failure_ratio"`
	P95Seconds   sim.Estimate `json:"p95_wait_seconds"`
	CostUSD      sim.Estimate `json:"cost_usd"`
	Meets        bool         `json:"meets_requirements"`
	Misses       []string     `json:"misses,omitempty"`
	Replications int          `json:"replications"`
}

// OptimizePoint is one evaluated plan: its values (one per path), whether
// it is the scenario as given, the replications it got, its verdict, its objective and each requirement's
// assessment, and its summary (each metric's mean and CI) over them.
type OptimizePoint struct {
	Values       []string     `json:"values"`
	Given        bool         `json:"scenario_as_given,omitempty"`
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
