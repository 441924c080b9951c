package simrun

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/sim/metric"
)

// Status is what the replications so far say of a plan's requirements.
type Status int

// The statuses of a plan.
const (
	Unsure Status = iota // a requirement's confidence interval straddles its limit
	Holds                // every requirement's one-sided 95% bound meets its limit
	Fails                // some requirement's one-sided 95% bound on the better side misses its limit
)

func (s Status) String() string { return [...]string{"unsure", "holds", "fails"}[s] }

// verdict is an assessment with what a plan's re-check needs: the chance
// the re-check fails, at the worse-side bound and at the better-side one.
type verdict struct {
	reports.Assessment
	failWorst, failBest float64
}

func (c Criterion) judge(r metric.Requirement, est sim.Estimate, better metric.Direction) verdict {
	raw := est
	est = c.Ahead.predict(est, worseSideUp(r, better))
	a, _ := c.bound(r, est, better)
	rawA, best := c.bound(r, raw, better) // clearly failing is judged on the estimate at hand
	a.Fails = rawA.Fails
	a.Mean, a.CI95, a.N = rawA.Mean, rawA.CI95, rawA.N // the estimate reported is the one at hand
	v := verdict{Assessment: a, failWorst: 1, failBest: 1}
	if math.IsNaN(float64(a.Bound)) {
		return v
	}
	se := est.CI95 / tQuantile(0.975, est.N-1)
	margin := r.Limit - est.Mean // how far below an upper limit (the predicted mean, with Ahead)
	if !r.Upper() {
		margin = -margin
	}
	switch {
	case se > 0:
		v.Confidence = reports.Number(distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(est.N - 1)}.CDF(margin / se))
	case r.Meets(est.Mean):
		v.Confidence = 1
	default:
		v.Confidence = 0
	}
	if c.Recheck.On() {
		sd, up := se*math.Sqrt(float64(est.N)), worseSideUp(r, better)
		v.failWorst = c.Recheck.failProbability(r.Limit, r.Upper(), up, float64(a.Bound), sd)
		v.failBest = c.Recheck.failProbability(r.Limit, r.Upper(), up, best, raw.CI95/tQuantile(0.975, raw.N-1)*math.Sqrt(float64(raw.N)))
	}
	return v
}

// worseSideUp reports whether a metric improving in direction better gets
// worse upward, for requirement r: the side its bound is taken on.
func worseSideUp(r metric.Requirement, better metric.Direction) bool {
	return better == metric.LowerIsBetter || better == metric.Neutral && r.Upper()
}

// bound is the judge without the confidence: the bounds and what they
// say, and the better-side bound.
func (c Criterion) bound(r metric.Requirement, est sim.Estimate, better metric.Direction) (reports.Assessment, float64) {
	nan := reports.Number(math.NaN())
	a := reports.Assessment{Requirement: r.String(), Mean: reports.Number(est.Mean), CI95: reports.Number(est.CI95), N: est.N,
		Bound: nan, Margin: nan, Confidence: nan}
	if est.N < 2 || math.IsNaN(est.CI95) || math.IsNaN(est.Mean) {
		a.Fails = !r.Meets(est.Mean)
		return a, math.NaN()
	}
	h := est.CI95 / tQuantile(0.975, est.N-1) * tQuantile(1-c.alpha(), est.N-1)
	worse, best := est.Mean-h, est.Mean+h
	if worseSideUp(r, better) {
		worse, best = est.Mean+h, est.Mean-h
	}
	a.Bound, a.Holds, a.Fails = reports.Number(worse), r.Meets(worse), !r.Meets(best)
	a.Margin = reports.Number(r.Limit - worse)
	if !r.Upper() {
		a.Margin = -a.Margin
	}
	return a, best
}
