package simrun

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/sim/metric"
)

// Judge is the one judge of a requirement: est, the estimate of a metric
// that improves in direction better, against r, under the zero
// [Criterion] (the 95% bound). The bound is one-sided on the side where
// the metric gets worse (the upper bound of a lower-is-better metric, the
// lower of a higher-is-better one; for a neutral metric the side r
// limits), mean ± t(0.95, N−1)·s/√N: Holds if it meets the limit, Fails
// if the bound on the better side misses it (clearly not met). Confidence
// is Student's t of the margin to the limit over the standard error (1 or
// 0 when the metric does not vary). An undefined mean meets nothing; with
// N < 2 the bounds are undefined and meet nothing.
func Judge(r metric.Requirement, est sim.Estimate, better metric.Direction) reports.Assessment {
	return Criterion{}.Judge(r, est, better)
}

// Judge is [Judge] under c: the bounds one-sided at 1 − c.Alpha.
func (c Criterion) Judge(r metric.Requirement, est sim.Estimate, better metric.Direction) reports.Assessment {
	return c.judge(r, est, better).Assessment
}

// Assess judges r on its metric's estimate in s, looked up by the name as
// written, under the zero [Criterion]; a wildcard name is judged in every
// scope it selects ([Criterion.Assess]). The error wraps
// reports.ErrUnknownMetric for a metric s has not.
func (r Requirement) Assess(s *reports.Summary) (reports.Assessment, error) {
	v, err := Criterion{}.assess(r, s)
	return v.Assessment, err
}

// Assess is [Requirement.Assess] under c.
func (c Criterion) Assess(r Requirement, s *reports.Summary) (reports.Assessment, error) {
	v, err := c.assess(r, s)
	return v.Assessment, err
}

// Assert is r as a KPI gate on s (summary.json "assertions"): judged on
// its mean, or with onBound on its one-sided 95% bound ([Judge]).
func (r Requirement) Assert(s *reports.Summary, onBound bool) (reports.Assertion, error) {
	a, err := r.Assess(s)
	if err != nil {
		return reports.Assertion{}, err
	}
	out := reports.Assertion{Assertion: a.Requirement, Scope: a.Scope, Scopes: len(a.Scopes), Mean: a.Mean, CI95: a.CI95, N: a.N,
		Bound: a.Bound, HoldsOnMean: meetsOnMeans(r, a), HoldsOnBound: a.Holds, JudgedOn: "mean"}
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
			name := r.Name
			if as.Scope != "" {
				name += fmt.Sprintf(" (worst of %d scopes: %s)", as.Scopes, as.Scope)
			}
			failed = append(failed, fmt.Sprintf("%s: mean %s ± %s (95%% CI; one-sided bound %s) over %d replications, limit %s, judged on the %s",
				name, as.Mean.G6(), as.CI95.G6(), as.Bound.G6(), as.N, r.Op+reports.Number(r.Limit).G6(), as.JudgedOn))
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
		onMean, onBound = onMean && meetsOnMeans(r, a), onBound && a.Holds
	}
	return onMean, onBound, nil
}

// Decide is the status of a plan whose summary is s, under the zero
// [Criterion]: Holds if every requirement's worse-side bound meets its
// limit, Fails if any better-side bound misses it, else Unsure; with each
// assessment. [Criterion.Verdict] is Decide under another criterion.
func Decide(s *reports.Summary, reqs []Requirement) (Status, []reports.Assessment, error) {
	v, err := Criterion{}.Verdict(s, reqs)
	return v.Status, v.Requirements, err
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
	a, _ := Criterion{}.bound(metric.Requirement{Op: "<="}, sim.NewEstimate(xs), metric.LowerIsBetter)
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
