package reports

// Assertion is a KPI gate judged after a run (summary.json "assertions";
// capsim run --assert and the scenario's [[assert]]): the requirement, its
// metric's mean and 95% half-width over N replications, the one-sided 95%
// confidence bound on the metric's worse side (as for sweep --require and
// optimize), whether the mean and whether the bound meet the limit, what
// it is judged on ("mean" or "bound") and whether it held.
type Assertion struct {
	Assertion    string `json:"assertion"`
	Mean         Number `json:"mean"`
	CI95         Number `json:"ci95"`
	N            int    `json:"replications"`
	Bound        Number `json:"bound"`
	HoldsOnMean  bool   `json:"holds_on_mean"`
	HoldsOnBound bool   `json:"holds_on_bound"`
	JudgedOn     string `json:"judged_on"`
	Held         bool   `json:"held"`
}

// Judge assesses r in s as an assertion judged on its mean, or with
// onBound on its one-sided 95% bound ([Requirement.Assess]: an undefined
// mean meets nothing; with fewer than 2 replications the bound is
// undefined and meets nothing). The error wraps [ErrUnknownMetric] for an
// unknown name.
func (r Requirement) Judge(s *Summary, onBound bool) (Assertion, error) {
	a, err := r.Assess(s)
	if err != nil {
		return Assertion{}, err
	}
	out := Assertion{Assertion: a.Requirement, Mean: a.Mean, CI95: a.CI95, N: a.N, Bound: a.Bound,
		HoldsOnMean: r.meets(float64(a.Mean)), HoldsOnBound: a.Holds, JudgedOn: "mean"}
	out.Held = out.HoldsOnMean
	if onBound {
		out.JudgedOn, out.Held = "bound", out.HoldsOnBound
	}
	return out, nil
}
