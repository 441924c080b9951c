package fit

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// gofIntervals is the number of intervals of the goodness-of-fit test.
const gofIntervals = 10

// gof is the hazard-based chi-square (see GoF): the breakpoints split the
// observed ends into gofIntervals groups of equal size.
func gof(f *family, bins []flatBin, th []float64) GoF {
	var total float64
	for _, b := range bins {
		total += b.d
	}
	cuts := make([]float64, 0, gofIntervals-1) // upper bounds of the first intervals
	seen := 0.0
	for _, b := range bins {
		seen += b.d
		if len(cuts) < gofIntervals-1 && seen >= total*float64(len(cuts)+1)/gofIntervals {
			cuts = append(cuts, b.x)
		}
	}
	k := len(cuts) + 1
	obs := make([]float64, k)
	exp := make([]float64, k)
	cumHaz := func(x float64) float64 { return -f.logSF(x, th) }
	for _, b := range bins {
		// the bin's lengths were at risk from 0 to b.x: each interval
		// (lo, hi] they reached gets the cumulative hazard they spent in it,
		// and the one holding b.x its observed ends.
		lo := 0.0
		for j := range k {
			hi := math.Inf(1)
			if j < len(cuts) {
				hi = cuts[j]
			}
			exp[j] += (b.d + b.c) * (cumHaz(min(b.x, hi)) - cumHaz(lo))
			if b.x <= hi {
				obs[j] += b.d
				break
			}
			lo = hi
		}
	}
	stat := 0.0
	for j := range k {
		if exp[j] > 0 {
			stat += (obs[j] - exp[j]) * (obs[j] - exp[j]) / exp[j]
		}
	}
	g := GoF{Statistic: stat, DF: k - 1, Intervals: k, PValue: math.NaN()}
	if g.DF > 0 {
		g.PValue = distuv.ChiSquared{K: float64(g.DF)}.Survival(stat)
	}
	return g
}

// qqPoints bounds the points of a QQ plot.
const qqPoints = 60

// qq pairs Kaplan–Meier quantiles with the family's, at up to qqPoints
// probabilities spread evenly over the estimate's reach.
func qq(ff *FamilyFit, km []KMPoint) []QQPoint {
	if len(km) == 0 {
		return nil
	}
	reach := 1 - km[len(km)-1].Survival
	var out []QQPoint
	for i := range qqPoints {
		p := reach * (float64(i) + 0.5) / qqPoints
		obs, ok := kmQuantile(km, p)
		if !ok {
			break
		}
		out = append(out, QQPoint{Probability: p, Fitted: ff.Quantile(p), Observed: obs})
	}
	return out
}

// LengthFit is a sample of lengths fitted by every family, and the choice.
type LengthFit struct {
	Events   int64        `json:"events"`
	Censored int64        `json:"censored"`
	Families []*FamilyFit `json:"families"`
	// Chosen is the family written into the scenario: the lowest AIC, or
	// "empirical" (the Kaplan–Meier estimate) when that family's
	// goodness-of-fit p-value is below GoFAlpha.
	Chosen string    `json:"chosen"`
	Why    string    `json:"why"`
	KM     []KMPoint `json:"kaplan_meier"`
	best   *FamilyFit
}

// GoFAlpha is the level below which the best family is refused for the
// empirical distribution.
const GoFAlpha = 0.01

// Best returns the family of lowest AIC (nil when none could be fitted).
func (lf *LengthFit) Best() *FamilyFit { return lf.best }

// FitLengths fits every family to the sample and chooses one;
// walkAwayHours is the connected time during which a walk-away would have
// shown (the naive exposure, for the optimiser's start).
func FitLengths(l *Lengths, walkAwayHours, level float64) (*LengthFit, error) {
	s := l.sorted()
	lf := &LengthFit{Events: l.Events, Censored: l.Censored, KM: kaplanMeier(s.flat())}
	if l.Events < 2 {
		return nil, fmt.Errorf("%d observed ends: too few to fit a length distribution", l.Events)
	}
	start := float64(l.walkAways) / max(walkAwayHours, 1)
	for _, f := range families {
		ff, err := fitFamily(f, l, s, lf.KM, start, level)
		if err != nil {
			continue
		}
		lf.Families = append(lf.Families, ff)
		if lf.best == nil || ff.AIC < lf.best.AIC {
			lf.best = ff
		}
	}
	if lf.best == nil {
		return nil, fmt.Errorf("no family could be fitted to %d observed ends", l.Events)
	}
	b := lf.best
	if b.GoF.PValue < GoFAlpha {
		lf.Chosen = "empirical"
		lf.Why = fmt.Sprintf("the lowest AIC, %s (%.1f), fails the goodness-of-fit test (p = %.2g < %g): the Kaplan–Meier estimate is used, its tail beyond the last observed end from %s",
			b.Family, b.AIC, b.GoF.PValue, GoFAlpha, b.Family)
	} else {
		lf.Chosen = b.Family
		lf.Why = fmt.Sprintf("lowest AIC (%.1f) and the goodness-of-fit test does not reject it (p = %.2g)", b.AIC, b.GoF.PValue)
	}
	return lf, nil
}

// EmpiricalQuantiles returns n quantiles of the chosen-empirical
// distribution at probabilities (i+0.5)/n: the Kaplan–Meier estimate where
// it reaches, beyond it the best family's distribution conditional on
// exceeding the estimate's last length.
func (lf *LengthFit) EmpiricalQuantiles(n int) []float64 {
	out := make([]float64, n)
	last := lf.KM[len(lf.KM)-1]
	reach := 1 - last.Survival
	b := lf.best
	fb := b.CDF(last.Seconds)
	for i := range out {
		p := (float64(i) + 0.5) / float64(n)
		if q, ok := kmQuantile(lf.KM, p); ok {
			out[i] = q
			continue
		}
		out[i] = b.Quantile(fb + (p-reach)*(1-fb)/(1-reach))
	}
	return out
}
