package fit

import (
	"cmp"
	"math"
	"slices"
)

// Lengths is a sample of play lengths in seconds, as the records show
// them. A length L is what a player would play; it competes with walking
// away (a constant hazard: the session ends IdleTimeout later, L
// cancelled), with a crash, a dropped client that never returns (the
// session ends DropLag later) and the length limit. Each session is one
// of four kinds:
//
//	AddEnd(t)       the player's own end: L = t, and no walk-away before t
//	AddWalkAway(s)  walked away at s: L > s
//	AddCut(t)       another end at t (crash, limit, unknown) or still running
//	                at t: neither the own end nor an idle end came before t
//	AddDrop(d)      dropped at d and never came back (ended d + DropLag)
//
// The likelihood of L's family and of the walk-away rate is fitted
// jointly (see logLik): a walk-away shows only if nothing else ends the
// session in the idle timeout after it, and it cancels L, so the two
// cannot be fitted apart without bias.
//
// Lengths are kept in bins 0.5% wide on the log scale, per kind, so a
// sample of any size fits in about 2,300 bins a kind between one second
// and a day; a length is off by at most 0.25% (3.6 s in a day), far
// below the sampling error of a fit to fewer than 10^5 sessions.
type Lengths struct {
	// IdleTimeout and DropLag are the idle timeout and the connection
	// timeout, seconds.
	IdleTimeout, DropLag float64
	bins                 [numKinds]map[int32]*lbin
	// Events counts own ends; Censored the other kinds.
	Events, Censored int64
	walkAways        int64
}

type kind uint8

const (
	kindEnd kind = iota
	kindWalkAway
	kindCut
	kindDrop
	numKinds
)

type lbin struct {
	x float64 // the bin's centre, seconds
	n float64 // lengths in the bin
}

const binWidth = 0.005 // on the log scale

// MinLength is the shortest length kept (seconds); shorter ones count as it.
const MinLength = 1.0

func (l *Lengths) add(k kind, seconds float64) {
	x := max(seconds, MinLength)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return
	}
	if l.bins[k] == nil {
		l.bins[k] = map[int32]*lbin{}
	}
	key := int32(math.Floor(math.Log(x) / binWidth))
	b := l.bins[k][key]
	if b == nil {
		b = &lbin{x: math.Exp((float64(key) + 0.5) * binWidth)}
		l.bins[k][key] = b
	}
	b.n++
	if k == kindEnd {
		l.Events++
	} else {
		l.Censored++
	}
	if k == kindWalkAway {
		l.walkAways++
	}
}

// AddEnd adds a player's own end after t seconds of play.
func (l *Lengths) AddEnd(t float64) { l.add(kindEnd, t) }

// AddWalkAway adds a session whose player walked away after s seconds.
func (l *Lengths) AddWalkAway(s float64) { l.add(kindWalkAway, s) }

// AddCut adds a session ended otherwise, or still running, after t seconds.
func (l *Lengths) AddCut(t float64) { l.add(kindCut, t) }

// AddDrop adds a session whose client dropped after d seconds, for good.
func (l *Lengths) AddDrop(d float64) { l.add(kindDrop, d) }

// sample is the bins of each kind, by length.
type sample [numKinds][]lbin

func (l *Lengths) sorted() sample {
	var s sample
	for k := range numKinds {
		for _, b := range l.bins[k] {
			s[k] = append(s[k], *b)
		}
		slices.SortFunc(s[k], func(a, b lbin) int { return cmp.Compare(a.x, b.x) })
	}
	return s
}

// KMPoint is a step of the Kaplan–Meier estimate: the survival just after
// Seconds.
type KMPoint struct {
	Seconds  float64 `json:"seconds"`
	Survival float64 `json:"survival"`
}

// flat is the sample as (length, ends, censored) by length: own ends are
// events, every other kind censored where it was seen last.
type flatBin struct{ x, d, c float64 }

func (s sample) flat() []flatBin {
	var out []flatBin
	for k := range numKinds {
		for _, b := range s[k] {
			if k == kindEnd {
				out = append(out, flatBin{b.x, b.n, 0})
			} else {
				out = append(out, flatBin{b.x, 0, b.n})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b flatBin) int { return cmp.Compare(a.x, b.x) })
	return out
}

// kaplanMeier is the product-limit estimate: at each length, ends first,
// then the censored lengths leave the risk set.
func kaplanMeier(bins []flatBin) []KMPoint {
	n := 0.0
	for _, b := range bins {
		n += b.d + b.c
	}
	s := 1.0
	var out []KMPoint
	for _, b := range bins {
		if b.d > 0 && n > 0 {
			s *= 1 - b.d/n
			out = append(out, KMPoint{b.x, s})
		}
		n -= b.d + b.c
	}
	return out
}

// kmQuantile is the smallest length at which the Kaplan–Meier estimate
// reaches probability p (F = 1 - S >= p), and false beyond its reach.
func kmQuantile(km []KMPoint, p float64) (float64, bool) {
	i, _ := slices.BinarySearchFunc(km, p, func(k KMPoint, p float64) int { return cmp.Compare(1-k.Survival, p) })
	if i == len(km) {
		return 0, false
	}
	return km[i].Seconds, true
}

// Gauss–Legendre nodes and weights on [-1, 1], 6 points: exact for
// polynomials of degree 11, and the integrand (an exponential times a
// difference of a distribution function over at most the idle timeout) is
// smooth.
var glX = [6]float64{-0.9324695142031521, -0.6612093864662645, -0.2386191860831969,
	0.2386191860831969, 0.6612093864662645, 0.9324695142031521}
var glW = [6]float64{0.1713244923791704, 0.3607615730481386, 0.4679139345726910,
	0.4679139345726910, 0.3607615730481386, 0.1713244923791704}

// logLik is the log-likelihood of the sample under family f (th[0:2]) and
// the walk-away rate per hour exp(th[2]), λ per second below (without
// th[2], λ = 0 and a walk-away counts as L > s: the plain censored fit):
//
//	own end at t:     f(t)·e^{-λt}
//	walk-away at s:   λe^{-λs}·S(s)
//	cut at t:         P(no own end and no idle end before t)
//	                  = S(t)e^{-λu} + ∫_u^t λe^{-λa}(F(t) - F(a)) da,  u = t - idle
//	drop at d:        the same with the own end due before d, the idle end
//	                  before d + lag: S(d)e^{-λu} + ∫_u^d ..., u = d + lag - idle
//
// (the integral: a walk-away at a cancelled an own end due after a, and
// the session ended otherwise before a + idle).
func logLik(f *family, s sample, th []float64, idle, lag float64) float64 {
	lam := 0.0 // no walk-away seen: the rate is not fitted
	if len(th) > 2 {
		lam = math.Exp(th[2]) / 3600
	}
	ll := 0.0
	for _, b := range s[kindEnd] {
		ll += b.n * (f.logPDF(b.x, th) - lam*b.x)
	}
	for _, b := range s[kindWalkAway] {
		ll += b.n * f.logSF(b.x, th)
		if lam > 0 {
			ll += b.n * (math.Log(lam) - lam*b.x)
		}
	}
	cut := func(w, u float64) float64 {
		u = max(u, 0)
		first := f.logSF(w, th) - lam*u
		if u >= w || idle <= 0 {
			return first
		}
		fw := f.cdf(w, th)
		half, mid := (w-u)/2, (w+u)/2
		var integral float64
		for i, x := range glX {
			a := mid + half*x
			integral += glW[i] * math.Exp(-lam*a) * max(fw-f.cdf(a, th), 0)
		}
		integral *= half * lam
		if integral <= 0 {
			return first
		}
		m := max(first, math.Log(integral))
		return m + math.Log(math.Exp(first-m)+math.Exp(math.Log(integral)-m))
	}
	for _, b := range s[kindCut] {
		ll += b.n * cut(b.x, b.x-idle)
	}
	for _, b := range s[kindDrop] {
		ll += b.n * cut(b.x, b.x+lag-idle)
	}
	return ll
}
