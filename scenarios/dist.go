package scenarios

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/capsim/capsim/sim"
	"gonum.org/v1/gonum/stat/distuv"
)

// dist builds a distribution, checking that only its own parameters are set.
func (b *builder) dist(path string, d DistSpec) sim.Dist {
	p, ix := b.p, b.sc.src.lines
	params := map[string][]string{
		"fixed": {"value"}, "exponential": {"mean"}, "lognormal": {"median", "sigma"},
		"gamma": {"mean", "shape"}, "weibull": {"mean", "shape"}, "empirical": {"file"},
	}
	want, ok := params[d.Dist]
	if !ok {
		if d.Dist == "" {
			p.add(path+".dist", "missing: fixed, exponential, lognormal, gamma, weibull or empirical")
		} else {
			b.enum(path+".dist", "distribution", d.Dist, []string{"fixed", "exponential", "lognormal", "gamma", "weibull", "empirical"})
		}
		return nil
	}
	for _, k := range []string{"value", "mean", "median", "sigma", "shape", "file"} {
		if ix.has(path+"."+k) && !slices.Contains(want, k) {
			p.add(path+"."+k, "%s does not apply to the %s distribution (it takes %s)", k, d.Dist, strings.Join(want, ", "))
		}
	}
	positive := func(k string, v time.Duration) bool {
		if v <= 0 {
			p.add(path+"."+k, "must be positive, got %v", v)
			return false
		}
		return true
	}
	switch d.Dist {
	case "fixed":
		if d.Value < 0 {
			p.add(path+".value", "must not be negative, got %v", d.Value)
			return nil
		}
		return sim.Fixed{D: d.Value}
	case "exponential":
		if positive("mean", d.Mean) {
			return sim.Exponential{M: d.Mean}
		}
	case "lognormal":
		ok := positive("median", d.Median)
		if !(d.Sigma >= 0 && d.Sigma <= 5) {
			p.add(path+".sigma", "must be between 0 and 5, got %g", d.Sigma)
			ok = false
		}
		if ok {
			return sim.LogNormal{Median: d.Median, Sigma: d.Sigma}
		}
	case "gamma":
		ok := positive("mean", d.Mean)
		if !(d.Shape > 0) || math.IsInf(d.Shape, 0) {
			p.add(path+".shape", "must be > 0, got %g", d.Shape)
			ok = false
		}
		if ok {
			return sim.Gamma{M: d.Mean, K: d.Shape}
		}
	case "weibull":
		ok := positive("mean", d.Mean)
		// below 0.05 the scale M/Γ(1+1/K) underflows: Γ(21) is 2.4e18
		if !(d.Shape >= 0.05 && d.Shape <= 100) {
			p.add(path+".shape", "must be between 0.05 and 100, got %g", d.Shape)
			ok = false
		}
		if ok {
			return sim.Weibull{M: d.Mean, K: d.Shape}
		}
	case "empirical":
		if d.File == "" {
			p.add(path+".file", "an empirical distribution needs file = \"lengths.csv\"")
			return nil
		}
		e, err := b.files.empirical(d.File)
		if err == nil {
			return e
		}
		p.add(path+".file", "%v", err)
	}
	return nil
}

// maxZeroLength is the largest probability of a session or game that ends
// as it starts (a draw under half a nanosecond rounds to 0 ticks) that a
// length distribution may have.
const maxZeroLength = 1e-6

// length builds a distribution of session or game lengths: one whose draws
// can be 0 is rejected, since a session of no length is no session.
func (b *builder) length(path string, d DistSpec) sim.Dist {
	dist := b.dist(path, d)
	if dist == nil {
		return nil
	}
	const half = 0.5e-9 // seconds: a draw below rounds to 0 ticks
	var p0 float64
	switch v := dist.(type) {
	case sim.Fixed:
		if v.D <= 0 {
			b.p.add(path+".value", "a length must be positive, got %v", v.D)
			return nil
		}
	case sim.Exponential:
		p0 = -math.Expm1(-half / v.M.Seconds())
	case sim.LogNormal:
		if v.Sigma == 0 {
			if v.Median.Seconds() < half {
				p0 = 1
			}
		} else {
			p0 = distuv.UnitNormal.CDF((math.Log(half) - math.Log(v.Median.Seconds())) / v.Sigma)
		}
	case sim.Gamma:
		p0 = distuv.Gamma{Alpha: v.K, Beta: v.K / v.M.Seconds()}.CDF(half)
	case sim.Weibull:
		p0 = -math.Expm1(-math.Pow(half/v.Scale(), v.K))
	case *sim.Empirical:
		if v.Min() <= 0 {
			b.p.add(path+".file", "%s: every length must be positive, got %v", d.File, v.Min())
			return nil
		}
	}
	if !(p0 <= maxZeroLength) {
		key := "mean"
		if d.Dist == "gamma" || d.Dist == "weibull" {
			key = "shape"
		} else if d.Dist == "lognormal" {
			key = "median"
		}
		b.p.add(path+"."+key, "%s draws a length of 0 with probability %.2g (at most %g allowed): a session must last; raise the %s", dist, p0, maxZeroLength, key)
		return nil
	}
	return dist
}
