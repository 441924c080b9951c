package fit

import (
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// Interval is an estimate with its two-sided confidence interval.
type Interval struct {
	Value float64 `json:"value"`
	Low   float64 `json:"low"`
	High  float64 `json:"high"`
}

// Contains reports whether x lies in [Low, High].
func (iv Interval) Contains(x float64) bool { return x >= iv.Low && x <= iv.High }

// PoissonRate is the rate of n events over exposure (in the exposure's unit,
// e.g. hours) with Garwood's exact interval at level (0.95): the bounds are
// chi-square quantiles, χ²(α/2; 2n)/2 and χ²(1-α/2; 2n+2)/2 events. The
// interval covers the true rate with probability at least level, for every
// rate. Exposure 0 gives NaNs.
func PoissonRate(n int64, exposure, level float64) Interval {
	if !(exposure > 0) {
		return Interval{math.NaN(), math.NaN(), math.NaN()}
	}
	a := (1 - level) / 2
	lo := 0.0
	if n > 0 {
		// χ²(p; 2n)/2 is the p-quantile of a Gamma(n, 1): the regularized
		// incomplete gamma's inverse.
		lo = mathext.GammaIncRegInv(float64(n), a)
	}
	hi := mathext.GammaIncRegInv(float64(n)+1, 1-a)
	return Interval{float64(n) / exposure, lo / exposure, hi / exposure}
}

// Proportion is k successes in n trials with the Clopper–Pearson exact
// interval at level; n = 0 gives NaNs.
func Proportion(k, n int64, level float64) Interval {
	if n <= 0 {
		return Interval{math.NaN(), math.NaN(), math.NaN()}
	}
	a := (1 - level) / 2
	lo, hi := 0.0, 1.0
	if k > 0 {
		lo = mathext.InvRegIncBeta(float64(k), float64(n-k+1), a)
	}
	if k < n {
		hi = mathext.InvRegIncBeta(float64(k+1), float64(n-k), 1-a)
	}
	return Interval{float64(k) / float64(n), lo, hi}
}

// upperTail is P(X >= k) for X ~ Binomial(n, p): the one-sided p-value of
// k successes when p is expected.
func upperTail(k, n int64, p float64) float64 {
	switch {
	case k <= 0:
		return 1
	case k > n:
		return 0
	case p <= 0:
		return 0
	case p >= 1:
		return 1
	}
	// P(X >= k) = I_p(k, n-k+1)
	return mathext.RegIncBeta(float64(k), float64(n-k+1), p)
}

// poissonUpper is P(X >= k) for X ~ Poisson(mu).
func poissonUpper(k int64, mu float64) float64 {
	if k <= 0 {
		return 1
	}
	return distuv.Poisson{Lambda: mu}.Survival(float64(k) - 0.5)
}
