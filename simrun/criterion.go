package simrun

import (
	"math"
	"sync"

	"github.com/capsim/capsim/sim"

	"gonum.org/v1/gonum/stat/distuv"
)

// Criterion is what the judge holds a requirement to: the one-sided
// confidence of its bound and, optionally, a re-check the plan must pass.
// The zero Criterion is the 95% bound and no re-check: run's assertions,
// sweep feasibility and the search's rule.
type Criterion struct {
	// Alpha is the one-sided error of each bound: the bound is the
	// 1 − Alpha one-sided confidence bound on the metric's worse side. 0
	// means 0.05 (the 95% bound).
	Alpha float64
	// Recheck, if its Pass is above 0, also asks that a re-check of the
	// plan pass with at least that probability.
	Recheck Recheck
	// Ahead, if its Pass is above 0, judges not the estimates at hand but
	// the check to come ([Ahead]).
	Ahead Ahead
}

// Ahead is a check to come: the criterion (Alpha, Recheck) judged on
// Replications fresh replications, which a plan is to pass with
// probability at least Pass. A scope's estimate over n replications, mean
// m and standard deviation σ, predicts the fresh mean as normal around m
// with variance σ²(1/n + 1/Replications) (the uncertainty of both means):
// the judge takes the fresh mean at its Pass quantile on the worse side,
// m + t(Pass, n−1)·σ·√(1/n + 1/Replications) (Student's t, σ being
// estimated from n), with the fresh half-width of
// Replications replications, and judges that. A search judged this way
// picks plans the check to come passes that often, although the plan it
// picks is the one that looked best on its own replications. Whether a
// plan clearly fails is still judged on the estimates at hand (the
// better-side bound), so that a plan is not failed for the noise of a few
// replications.
type Ahead struct {
	Replications int
	Pass         float64
}

// predict is est as the check to come will likely see it, worse by the
// Pass quantile of the difference of the two means; est itself without
// Ahead, or with fewer than 2 replications.
func (a Ahead) predict(est sim.Estimate, worseUp bool) sim.Estimate {
	if a.Pass <= 0 || a.Replications < 2 || est.N < 2 || math.IsNaN(est.CI95) {
		return est
	}
	sd := est.CI95 / tQuantile(0.975, est.N-1) * math.Sqrt(float64(est.N))
	// Student's t for the quantile: σ itself is estimated, from few
	// replications at first.
	shift := tQuantile(a.Pass, est.N-1) * sd * math.Sqrt(1/float64(est.N)+1/float64(a.Replications))
	if !worseUp {
		shift = -shift
	}
	return sim.Estimate{Mean: est.Mean + shift, CI95: tQuantile(0.975, a.Replications-1) * sd / math.Sqrt(float64(a.Replications)),
		N: a.Replications}
}

// Recheck is a re-check a plan is to pass: `capsim run` of the plan under
// a fresh seed with Replications replications, every requirement asserted
// on its one-sided 95% bound (--assert-on bound), passing with probability
// at least Pass.
//
// The judge estimates a scope's chance of failing the re-check from the
// replications it has: with the mean at the worse-side bound μ (as
// pessimistic as the judge is) and σ the replications' standard
// deviation, the re-check's mean over K replications is about normal,
// N(μ, σ²/K), and its bound adds t(0.95, K−1)·s/√K, s itself uncertain;
// the re-check of an upper limit L passes with probability about
// Φ((δ − t)/√(1 + t²/(2(K−1)))), δ = (L − μ)·√K/σ (the normal
// approximation of the noncentral t). A plan's chance of failing is at
// most the sum over its requirements and their scopes (the union bound),
// which must not exceed 1 − Pass.
type Recheck struct {
	Replications int
	Pass         float64
}

// alpha is the one-sided error of the bounds.
func (c Criterion) alpha() float64 {
	if c.Alpha <= 0 {
		return 0.05
	}
	return c.Alpha
}

// On reports whether the criterion asks for a re-check.
func (r Recheck) On() bool { return r.Pass > 0 && r.Replications >= 2 }

// failProbability is the chance that the re-check of a scope fails, for
// a requirement of limit with upper true for an upper limit, whose worse
// side is the upper one if worseUp, the scope's mean taken at mu with
// per-replication standard deviation sd; 1 if mu is undefined.
func (r Recheck) failProbability(limit float64, upper, worseUp bool, mu, sd float64) float64 {
	if math.IsNaN(mu) || math.IsNaN(sd) {
		return 1
	}
	room := limit - mu // how far the mean is inside an upper limit
	if !upper {
		room = -room
	}
	t := tQuantile(0.95, r.Replications-1)
	side := 1.0 // the re-check's bound moves toward the limit
	if worseUp != upper {
		side = -1
	}
	if sd == 0 {
		if room >= 0 {
			return 0
		}
		return 1
	}
	z := (room*math.Sqrt(float64(r.Replications))/sd - side*t) / math.Sqrt(1+t*t/(2*float64(r.Replications-1)))
	return 1 - normal.CDF(z)
}

var normal = distuv.Normal{Mu: 0, Sigma: 1}

// tQuantile is the p quantile of Student's t with nu degrees of freedom
// (NaN for nu < 1), computed once per (p, nu).
func tQuantile(p float64, nu int) float64 {
	if nu < 1 {
		return math.NaN()
	}
	key := tKey{p, nu}
	if v, ok := tCache.Load(key); ok {
		return v.(float64)
	}
	q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(nu)}.Quantile(p)
	tCache.Store(key, q)
	return q
}

type tKey struct {
	p  float64
	nu int
}

var tCache sync.Map
