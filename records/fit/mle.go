package fit

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// Param is one fitted parameter with its Wald interval (from the observed
// information, on the log scale for a positive parameter).
type Param struct {
	Name string   `json:"name"`
	Unit string   `json:"unit,omitempty"` // "s" for lengths, "" for shapes
	Est  Interval `json:"estimate"`
}

// GoF is the goodness-of-fit test of a censored sample: observed ends
// against the ends the fitted hazard expects over the time each length was
// at risk, in Intervals intervals holding equal numbers of observed ends
// (Hjort 1990's hazard-based chi-square; censoring enters through the
// risk time, so the test is valid under independent right-censoring).
// The statistic is referred to a chi-square with Intervals - 1 degrees of
// freedom: with parameters estimated by maximum likelihood the exact law
// lies between Intervals - 3 and Intervals degrees of freedom, so the
// p-value is approximate (TestGoFSize measures the test's size).
type GoF struct {
	Statistic float64 `json:"statistic"`
	DF        int     `json:"df"`
	PValue    float64 `json:"p_value"`
	Intervals int     `json:"intervals"`
}

// QQPoint pairs a Kaplan–Meier quantile (observed) with the fitted
// family's quantile at the same probability.
type QQPoint struct {
	Probability float64 `json:"probability"`
	Fitted      float64 `json:"fitted_seconds"`
	Observed    float64 `json:"observed_seconds"`
}

// FamilyFit is one family fitted by maximum likelihood, jointly with the
// walk-away rate (see Lengths).
type FamilyFit struct {
	Family string  `json:"family"`
	Params []Param `json:"params"`
	// WalkAway is the rate per connected hour at which players walk away
	// (idleTimeout ends), fitted with the family.
	WalkAway Interval  `json:"walk_away_per_hour"`
	LogLik   float64   `json:"log_likelihood"`
	AIC      float64   `json:"aic"`
	GoF      GoF       `json:"gof"`
	QQ       []QQPoint `json:"qq"`
	f        *family
	theta    []float64
	cov      [][]float64
}

// Quantile returns the fitted distribution's p-quantile in seconds.
func (ff *FamilyFit) Quantile(p float64) float64 { return ff.f.quant(p, ff.theta) }

// CDF returns the fitted probability of a length at most x seconds.
func (ff *FamilyFit) CDF(x float64) float64 { return ff.f.cdf(x, ff.theta) }

// Param returns the named parameter's estimate.
func (ff *FamilyFit) Param(name string) Interval {
	for _, p := range ff.Params {
		if p.Name == name {
			return p.Est
		}
	}
	return Interval{math.NaN(), math.NaN(), math.NaN()}
}

var errNoEnds = errors.New("no observed ends")

// fitFamily maximises the joint likelihood of f and the walk-away rate,
// from a start at the moments of the logs of the own ends and the naive
// walk-away rate startRate (per hour).
func fitFamily(f *family, l *Lengths, s sample, km []KMPoint, startRate, level float64) (*FamilyFit, error) {
	var n, m, v float64
	for _, b := range s[kindEnd] {
		n += b.n
		m += b.n * math.Log(b.x)
	}
	if n == 0 {
		return nil, errNoEnds
	}
	m /= n
	for _, b := range s[kindEnd] {
		v += b.n * (math.Log(b.x) - m) * (math.Log(b.x) - m)
	}
	v /= n
	nll := func(th []float64) float64 {
		for _, x := range th {
			if math.Abs(x) > 50 {
				return math.Inf(1)
			}
		}
		return -logLik(f, s, th, l.IdleTimeout, l.DropLag)
	}
	// first the family alone, every other end a censored length; then,
	// from there, jointly with the walk-away rate
	x, fx := minimize(nll, f.start(m, v), 1e-10, 5000)
	if l.walkAways > 0 {
		x, fx = minimize(nll, append(x, math.Log(startRate)), 1e-10, 5000)
	}
	if math.IsInf(fx, 0) || math.IsNaN(fx) {
		return nil, fmt.Errorf("%s: the likelihood has no maximum on this sample", f.name)
	}
	ff := &FamilyFit{Family: f.name, f: f, theta: x, LogLik: -fx, AIC: 2*float64(len(x)) + 2*fx}
	ff.cov = covariance(nll, x)
	ff.Params = params(ff, level)
	ff.WalkAway = Interval{0, 0, math.NaN()}
	if len(x) > 2 {
		ff.WalkAway = logInterval(x[2], ff.cov[2][2], level)
	}
	flat := s.flat()
	ff.GoF = gof(f, flat, x)
	ff.QQ = qq(ff, km)
	return ff, nil
}

// covariance inverts the numerical Hessian of nll at th.
func covariance(nll func([]float64) float64, th []float64) [][]float64 {
	n := len(th)
	const eps = 1e-4
	at := func(i, j int, di, dj float64) float64 {
		x := slices.Clone(th)
		x[i] += di
		x[j] += dj
		return nll(x)
	}
	f0 := nll(th)
	h := make([][]float64, n)
	for i := range h {
		h[i] = make([]float64, n)
	}
	for i := range n {
		h[i][i] = (at(i, i, eps, 0) - 2*f0 + at(i, i, -eps, 0)) / (eps * eps)
		for j := range i {
			h[i][j] = (at(i, j, eps, eps) - at(i, j, eps, -eps) - at(i, j, -eps, eps) + at(i, j, -eps, -eps)) / (4 * eps * eps)
			h[j][i] = h[i][j]
		}
	}
	return invert(h)
}

// invert returns the inverse of a small symmetric positive definite
// matrix by Gauss–Jordan elimination, or NaNs if it is not.
func invert(a [][]float64) [][]float64 {
	n := len(a)
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, 2*n)
		copy(m[i], a[i])
		m[i][n+i] = 1
	}
	for c := range n {
		if !(m[c][c] > 0) {
			for i := range m {
				for j := range m[i] {
					m[i][j] = math.NaN()
				}
			}
			break
		}
		p := m[c][c]
		for j := range m[c] {
			m[c][j] /= p
		}
		for i := range n {
			if i != c {
				f := m[i][c]
				for j := range m[i] {
					m[i][j] -= f * m[c][j]
				}
			}
		}
	}
	out := make([][]float64, n)
	for i := range out {
		out[i] = m[i][n:]
	}
	return out
}

// logInterval is exp(est ± z·se): the interval of a positive parameter
// whose log was estimated.
func logInterval(logEst, variance, level float64) Interval {
	z := distuv.UnitNormal.Quantile(1 - (1-level)/2)
	se := math.Sqrt(variance)
	return Interval{math.Exp(logEst), math.Exp(logEst - z*se), math.Exp(logEst + z*se)}
}

// params gives each family its parameters as the scenario writes them:
// lognormal median and sigma; gamma and Weibull mean and shape.
func params(ff *FamilyFit, level float64) []Param {
	th, c := ff.theta, ff.cov
	switch ff.f {
	case &lognormal:
		// sigma = exp(th1): its log is th1.
		return []Param{{"median", "s", logInterval(th[0], c[0][0], level)}, {"sigma", "", logInterval(th[1], c[1][1], level)}}
	case &gamma:
		// mean = k·scale: log mean = th0 + th1.
		return []Param{{"mean", "s", logInterval(th[0]+th[1], c[0][0]+c[1][1]+2*c[0][1], level)},
			{"shape", "", logInterval(th[0], c[0][0], level)}}
	default: // weibull
		// mean = λ·Γ(1+1/k): log mean = th1 + lgamma(1+e^-th0); d/dth0 = -digamma(1+1/k)/k.
		k := math.Exp(th[0])
		lg, _ := math.Lgamma(1 + 1/k)
		g := -digamma(1+1/k) / k
		return []Param{{"mean", "s", logInterval(th[1]+lg, g*g*c[0][0]+c[1][1]+2*g*c[0][1], level)},
			{"shape", "", logInterval(th[0], c[0][0], level)}}
	}
}

// digamma by recurrence and its asymptotic series.
func digamma(x float64) float64 {
	r := 0.0
	for x < 6 {
		r -= 1 / x
		x++
	}
	f := 1 / (x * x)
	return r + math.Log(x) - 0.5/x - f*(1.0/12-f*(1.0/120-f*(1.0/252-f*(1.0/240-f/132))))
}
