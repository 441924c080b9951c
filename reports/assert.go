package reports

// Assertion is a KPI gate judged after a run (summary.json "assertions";
// capsim run --assert and the scenario's [[assert]]): the requirement, its
// metric's mean and 95% half-width over N replications, the one-sided 95%
// confidence bound on the metric's worse side (as for sweep --require and
// optimize), whether the mean and whether the bound meet the limit, what
// it is judged on ("mean" or "bound") and whether it held: the run
// layer's judge (simrun.Requirement.Assert) decides it. An assertion on a
// wildcard (locations[*], hours[*]) holds when it holds in each of the
// Scopes it selects; its figures are then the worst scope's (Scope).
type Assertion struct {
	Assertion    string `json:"assertion"`
	Scope        string `json:"scope,omitempty"` // a wildcard's worst scope
	Scopes       int    `json:"scopes,omitempty"`
	Mean         Number `json:"mean"`
	CI95         Number `json:"ci95"`
	N            int    `json:"replications"`
	Bound        Number `json:"bound"`
	HoldsOnMean  bool   `json:"holds_on_mean"`
	HoldsOnBound bool   `json:"holds_on_bound"`
	JudgedOn     string `json:"judged_on"`
	Held         bool   `json:"held"`
}
