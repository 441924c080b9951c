package simrun

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/sim/metric"
)

// Judge is the one judge of a requirement: est, the estimate of a metric
// that improves in direction better, against r. The bound is one-sided
// 95% on the side where the metric gets worse (the upper bound of a
// lower-is-better metric, the lower of a higher-is-better one; for a
// neutral metric the side r limits), mean ± t(0.95, N−1)·s/√N: Holds if
// it meets the limit, Fails if the bound on the better side misses it
// (clearly not met). Confidence is Student's t of the margin to the limit
// over the standard error (1 or 0 when the metric does not vary). An
// undefined mean meets nothing; with N < 2 the bounds are undefined and
// meet nothing.
func Judge(r metric.Requirement, est sim.Estimate, better metric.Direction) reports.Assessment {
	a := bound(r, est, better)
	if math.IsNaN(float64(a.Bound)) {
		return a
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(est.N - 1)}
	se := est.CI95 / t.Quantile(0.975)
	margin := r.Limit - est.Mean // how far below an upper limit
	if !r.Upper() {
		margin = -margin
	}
	switch {
	case se > 0:
		a.Confidence = reports.Number(t.CDF(margin / se))
	case r.Meets(est.Mean):
		a.Confidence = 1
	default:
		a.Confidence = 0
	}
	return a
}

// bound is Judge without the confidence: the bounds and what they say.
func bound(r metric.Requirement, est sim.Estimate, better metric.Direction) reports.Assessment {
	a := reports.Assessment{Requirement: r.String(), Mean: reports.Number(est.Mean), CI95: reports.Number(est.CI95), N: est.N,
		Bound: reports.Number(math.NaN()), Confidence: reports.Number(math.NaN())}
	upper := better == metric.LowerIsBetter || better == metric.Neutral && r.Upper()
	if est.N < 2 || math.IsNaN(est.CI95) || math.IsNaN(est.Mean) {
		a.Fails = !r.Meets(est.Mean)
		return a
	}
	h := sim.OneSided95(est.CI95, est.N)
	worse, best := est.Mean-h, est.Mean+h
	if upper {
		worse, best = est.Mean+h, est.Mean-h
	}
	a.Bound, a.Holds, a.Fails = reports.Number(worse), r.Meets(worse), !r.Meets(best)
	return a
}

// Assess judges r on its metric's estimate in s, looked up by the name as
// written; the error wraps reports.ErrUnknownMetric for a metric s has
// not.
func (r Requirement) Assess(s *reports.Summary) (reports.Assessment, error) {
	v, err := s.Metric(r.Name)
	if err != nil {
		return reports.Assessment{}, err
	}
	return Judge(r.Requirement, v.Estimate, v.Better), nil
}

// Assert is r as a KPI gate on s (summary.json "assertions"): judged on
// its mean, or with onBound on its one-sided 95% bound ([Judge]).
func (r Requirement) Assert(s *reports.Summary, onBound bool) (reports.Assertion, error) {
	a, err := r.Assess(s)
	if err != nil {
		return reports.Assertion{}, err
	}
	out := reports.Assertion{Assertion: a.Requirement, Mean: a.Mean, CI95: a.CI95, N: a.N, Bound: a.Bound,
		HoldsOnMean: r.Meets(float64(a.Mean)), HoldsOnBound: a.Holds, JudgedOn: "mean"}
	out.Held = out.HoldsOnMean
	if onBound {
		out.JudgedOn, out.Held = "bound", out.HoldsOnBound
	}
	return out, nil
}

// Gate judges reqs as assertions on s, sets s.Assertions, and returns the
// gate: an *[UnmetError] naming every assertion that did not hold, nil
// if all held. err is an assertion that could not be judged at all (its
// metric is not in s), naming it: no gate.
func Gate(s *reports.Summary, reqs []Requirement, onBound bool) (gate, err error) {
	var failed []string
	for _, r := range reqs {
		as, err := r.Assert(s, onBound)
		if err != nil {
			return nil, fmt.Errorf("assertion %q: %w", r.String(), err)
		}
		s.Assertions = append(s.Assertions, as)
		if !as.Held {
			failed = append(failed, fmt.Sprintf("%s: mean %s ± %s (95%% CI; one-sided bound %s) over %d replications, limit %s, judged on the %s",
				r.Name, as.Mean.G6(), as.CI95.G6(), as.Bound.G6(), as.N, r.Op+reports.Number(r.Limit).G6(), as.JudgedOn))
		}
	}
	if len(failed) == 0 {
		return nil, nil
	}
	return &UnmetError{"assertion failed: " + strings.Join(failed, "; ")}, nil
}

// Feasible reports whether every requirement meets its limit in s on the
// means, and on the one-sided 95% bounds (a sweep point's feasibility).
func Feasible(s *reports.Summary, reqs []Requirement) (onMean, onBound bool, err error) {
	onMean, onBound = true, true
	for _, r := range reqs {
		a, err := r.Assess(s)
		if err != nil {
			return false, false, err
		}
		onMean, onBound = onMean && r.Meets(float64(a.Mean)), onBound && a.Holds
	}
	return onMean, onBound, nil
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

// Decide is the status of a plan whose summary is s: Holds if every
// requirement's worse-side bound meets its limit, Fails if any
// better-side bound misses it, else Unsure; with each assessment.
func Decide(s *reports.Summary, reqs []Requirement) (Status, []reports.Assessment, error) {
	status := Holds
	var as []reports.Assessment
	for _, r := range reqs {
		a, err := r.Assess(s)
		if err != nil {
			return Unsure, nil, err
		}
		as = append(as, a)
		switch {
		case a.Fails:
			status = Fails
		case !a.Holds && status == Holds:
			status = Unsure
		}
	}
	return status, as, nil
}

// Bounded is a metric over replications with its one-sided 95% upper
// bound ([Judge]'s, NaN with fewer than 2 replications defining it).
type Bounded struct {
	Mean, Upper float64
	N           int
}

// UpperBound is xs' mean over the replications defining it and its
// one-sided 95% upper bound, as [Judge] bounds a lower-is-better metric.
func UpperBound(xs []float64) Bounded {
	a := bound(metric.Requirement{Op: "<="}, sim.NewEstimate(xs), metric.LowerIsBetter)
	return Bounded{Mean: float64(a.Mean), Upper: float64(a.Bound), N: a.N}
}

// MeetsUpper is the rule an hour of a schedule is held to, [Judge]'s: the
// upper bound meets limit. A metric no replication defines (an hour
// without requests) and a limit not set (NaN) meet; one a single
// replication defines has no bound and meets nothing.
func (b Bounded) MeetsUpper(limit float64) bool {
	return b.N == 0 || math.IsNaN(limit) || metric.Requirement{Op: "<=", Limit: limit}.Meets(b.Upper)
}

// JudgeSweep sets the sweep's requirements, each point's feasibility
// under them ([Feasible]; none: left nil) and the Pareto front.
func JudgeSweep(sw *reports.Sweep, reqs []Requirement) error {
	sw.Requirements = []string{}
	for _, r := range reqs {
		sw.Requirements = append(sw.Requirements, r.String())
		if name := r.Metric.Name; !slices.Contains(sw.RequiredMetrics, name) {
			sw.RequiredMetrics = append(sw.RequiredMetrics, name)
		}
	}
	for i := range sw.Points {
		p := &sw.Points[i]
		if len(reqs) > 0 {
			onMean, onBound, err := Feasible(p.Summary, reqs)
			if err != nil {
				return err
			}
			p.Feasible, p.FeasibleBound = &onMean, &onBound
		}
	}
	sw.MarkPareto()
	return nil
}
