package queueing

import (
	"errors"
	"fmt"
	"math"
)

// ErrInvalid is wrapped by the errors returned for invalid parameters.
var ErrInvalid = errors.New("queueing: invalid parameters")

// erlangB returns the Erlang B blocking probability for k >= 0 servers and
// offered load a >= 0 Erlangs, by the stable recursion.
func erlangB(k int, a float64) float64 {
	b := 1.0
	for i := 1; i <= k; i++ {
		b = a * b / (float64(i) + a*b)
	}
	return b
}

// ErlangB returns the blocking probability (dimensionless) of the M/M/c/c
// loss system with c >= 1 servers and offered load a = lambda/mu >= 0
// Erlangs. It returns NaN for c < 1, negative, infinite or NaN a.
func ErlangB(c int, a float64) float64 {
	if c < 1 || !(a >= 0) || math.IsInf(a, 1) {
		return math.NaN()
	}
	return erlangB(c, a)
}

// ErlangC returns the probability (dimensionless) that an arrival waits in
// the M/M/c queue with c >= 1 servers and offered load a = lambda/mu Erlangs.
// It returns 1 if a >= c (unstable: everyone waits) and NaN for c < 1,
// negative or NaN a.
func ErlangC(c int, a float64) float64 {
	if c < 1 || !(a >= 0) {
		return math.NaN()
	}
	if a >= float64(c) {
		return 1
	}
	b := erlangB(c, a)
	fc := float64(c)
	return fc * b / (fc - a*(1-b))
}

// MMcResult holds steady-state measures of the M/M/c queue (infinite
// patience).
type MMcResult struct {
	// WaitProbability is P(wait > 0), the Erlang C formula (dimensionless).
	WaitProbability float64
	// MeanWait is the mean wait in queue over all customers,
	// C/(c*mu - lambda), in the time unit of the rates.
	MeanWait float64
	// Utilisation is the fraction of server capacity busy, a/c
	// (dimensionless).
	Utilisation float64
}

func checkRates(lambda, mu float64, c int) error {
	switch {
	case c < 1:
		return fmt.Errorf("%w: c = %d servers, need >= 1", ErrInvalid, c)
	case !(lambda >= 0) || math.IsInf(lambda, 1):
		return fmt.Errorf("%w: lambda = %v, need finite >= 0", ErrInvalid, lambda)
	case !(mu > 0) || math.IsInf(mu, 1):
		return fmt.Errorf("%w: mu = %v, need finite > 0", ErrInvalid, mu)
	}
	return nil
}

// MMc returns the steady state of the M/M/c queue with arrival rate lambda
// and per-server service rate mu (both per unit time) and c servers. It
// returns an error wrapping ErrInvalid for c < 1, lambda < 0, mu <= 0,
// non-finite rates, or a = lambda/mu >= c (no steady state).
func MMc(lambda, mu float64, c int) (MMcResult, error) {
	if err := checkRates(lambda, mu, c); err != nil {
		return MMcResult{}, err
	}
	a := lambda / mu
	fc := float64(c)
	if a >= fc {
		return MMcResult{}, fmt.Errorf("%w: offered load a = %v >= c = %d (unstable)", ErrInvalid, a, c)
	}
	pw := ErlangC(c, a)
	return MMcResult{
		WaitProbability: pw,
		MeanWait:        pw / (fc*mu - lambda),
		Utilisation:     a / fc,
	}, nil
}

// MMcDResult holds steady-state measures of the M/M/c+D queue: FCFS, c
// servers, every customer abandons if not served within the deterministic
// patience D. Probabilities are dimensionless; times are in the unit of the
// rates.
type MMcDResult struct {
	// AbandonProbability is P(V > D): the fraction of arrivals that abandon.
	AbandonProbability float64
	// WaitProbability is P(V > 0): the fraction of arrivals that find all
	// servers busy (whether they are later served or abandon).
	WaitProbability float64
	// MeanWaitServed is E[V | V <= D], the mean wait of served customers
	// including those served at once (wait 0).
	MeanWaitServed float64
	// MeanWaitServedPositive is E[V | 0 < V <= D], the mean wait of served
	// customers that waited. It is NaN when D == 0 (no such customers).
	MeanWaitServedPositive float64
	// Utilisation is lambda*(1 - AbandonProbability)/(c*mu), the fraction of
	// server capacity busy.
	Utilisation float64

	d      float64 // patience D
	theta  float64 // c*mu - lambda
	q0     float64 // P(V = 0 | V <= D)
	served bool    // P(V <= D) > 0
}

// MMcD returns the steady state of the M/M/c+D queue with arrival rate lambda
// and per-server service rate mu (both per unit time), c servers and
// deterministic patience D (same time unit); see the package documentation
// for the derivation. Any load is allowed when D is finite; D = +Inf requires
// lambda < c*mu. It returns an error wrapping ErrInvalid for c < 1,
// lambda < 0, mu <= 0, non-finite rates, D < 0 or NaN.
func MMcD(lambda, mu float64, c int, D float64) (MMcDResult, error) {
	if err := checkRates(lambda, mu, c); err != nil {
		return MMcDResult{}, err
	}
	if !(D >= 0) {
		return MMcDResult{}, fmt.Errorf("%w: patience D = %v, need >= 0", ErrInvalid, D)
	}
	fc := float64(c)
	cmu := fc * mu
	theta := cmu - lambda
	if math.IsInf(D, 1) && !(theta > 0) {
		return MMcDResult{}, fmt.Errorf("%w: D = +Inf needs lambda < c*mu (lambda %v, c*mu %v)", ErrInvalid, lambda, cmu)
	}
	a := lambda / mu
	b := erlangB(c-1, a) // pi_{c-1} / sum_{n<c} pi_n

	// Unnormalised masses, all multiplied by pi_{c-1}^-1 * B(c-1,a) and,
	// when theta < 0, by exp(theta*D) to keep them finite:
	// r0 = P(V = 0), rW = P(0 < V <= D), rT = P(V > D).
	var r0, rW, rT float64
	x := theta * D
	switch {
	case theta > 0:
		r0 = 1
		if math.IsInf(D, 1) {
			rW = b * lambda / theta
			rT = 0
		} else {
			rW = b * lambda * (-math.Expm1(-x)) / theta
			rT = b * lambda * math.Exp(-x) / cmu
		}
	case theta == 0:
		r0 = 1
		rW = b * lambda * D
		rT = b * lambda / cmu
	default: // theta < 0, x <= 0: divide everything by exp(-x) = exp(|theta| D)
		r0 = math.Exp(x)
		rW = b * lambda * (-math.Expm1(x)) / (-theta)
		rT = b * lambda / cmu
	}
	z := r0 + rW + rT
	p0, pW, pT := r0/z, rW/z, rT/z

	res := MMcDResult{
		AbandonProbability: pT,
		WaitProbability:    (rW + rT) / z,
		Utilisation:        lambda * (1 - pT) / cmu,
		d:                  D,
		theta:              theta,
	}
	// Conditional mean of the truncated exponential on (0, D].
	res.MeanWaitServedPositive = math.NaN()
	if D > 0 {
		if math.IsInf(D, 1) {
			res.MeanWaitServedPositive = 1 / theta
		} else {
			res.MeanWaitServedPositive = D * truncExpMeanFactor(x)
		}
	}
	served := p0 + pW
	res.served = served > 0
	if res.served {
		res.q0 = p0 / served
		if pW > 0 {
			res.MeanWaitServed = pW / served * res.MeanWaitServedPositive
		}
	} else {
		res.q0 = math.NaN()
		res.MeanWaitServed = math.NaN()
	}
	return res, nil
}

// truncExpMeanFactor returns 1/x - 1/(exp(x) - 1), the mean of a density
// proportional to exp(-x*u) on (0, 1]; 1/2 at x = 0.
func truncExpMeanFactor(x float64) float64 {
	if math.Abs(x) < 1e-2 {
		// Series 1/2 - x/12 + x^3/720 - x^5/30240; truncation error < 1e-15.
		x2 := x * x
		return 0.5 - x/12 + x*x2/720 - x*x2*x2/30240
	}
	return 1/x - 1/math.Expm1(x)
}

// WaitQuantileServed returns the p-quantile, p in [0, 1], of the wait V of
// served customers (V conditioned on V <= D), in the time unit of the rates:
// 0 when the probability mass at V = 0 covers p, otherwise the closed-form
// inverse of the truncated exponential CDF, at most D. It returns NaN for p
// outside [0, 1], NaN p, or when no customer is served.
func (r MMcDResult) WaitQuantileServed(p float64) float64 {
	if !(p >= 0 && p <= 1) || !r.served {
		return math.NaN()
	}
	if p <= r.q0 || r.d == 0 {
		return 0
	}
	u := (p - r.q0) / (1 - r.q0) // in (0, 1]
	if u >= 1 {
		return r.d
	}
	th, D := r.theta, r.d
	var v float64
	switch {
	case math.IsInf(D, 1): // theta > 0: plain exponential
		v = -math.Log1p(-u) / th
	case th > 0:
		// Solve (1 - e^{-th v}) = u (1 - e^{-th D}).
		v = -math.Log1p(u*math.Expm1(-th*D)) / th
	case th == 0:
		v = u * D
	default: // th < 0, phi = -th > 0: e^{phi v} - 1 = u (e^{phi D} - 1)
		phi := -th
		y := phi * D
		if y < 700 {
			v = math.Log1p(u*math.Expm1(y)) / phi
		} else {
			// log(1 + u(e^y - 1)) = y + log(u) + log1p((1-u) e^{-y} / u)
			v = D + (math.Log(u)+math.Log1p((1-u)*math.Exp(-y)/u))/phi
		}
	}
	return math.Min(math.Max(v, 0), D)
}
