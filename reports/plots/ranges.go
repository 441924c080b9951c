package plots

import (
	"math"

	"gonum.org/v1/plot"
)

// Axis ranges that can be drawn. A figure's data may be a single value,
// a value repeated with floating-point noise (a range a few ulps wide),
// NaN, ±Inf or huge; gonum/plot and the tick markers need a finite range
// of some width, so every axis is tidied before it is drawn.
const (
	// maxMagnitude bounds an axis end: a span between two ends stays finite.
	maxMagnitude = 1e300
	// minSpan is the narrowest span drawn: below it, a tick step (a sixth
	// of the span) is no longer a normal float.
	minSpan = 1e-290
	// minRelSpan is the narrowest span, relative to the ends' magnitude,
	// that is a range rather than one value with rounding noise.
	minRelSpan = 1e-9
	// maxTicks bounds the ticks of one axis.
	maxTicks = 100
	// maxNorm bounds a normalised coordinate (0 and 1 are the axis ends).
	maxNorm = 1e4
)

// tidyRange returns the range [lo, hi] made drawable: an end that is not
// finite (an axis without data starts at +Inf, -Inf) replaced by the
// other end, ends clamped to ±maxMagnitude, put in order, and a range
// narrower than minRelSpan of its magnitude (one value, or one with
// noise) widened to ±5% of its centre (±1 about 0, as gonum/plot widens
// an axis of one value).
func tidyRange(lo, hi float64) (float64, float64) {
	switch {
	case !finite(lo) && !finite(hi):
		lo, hi = 0, 0
	case !finite(lo):
		lo = hi
	case !finite(hi):
		hi = lo
	}
	lo = math.Max(-maxMagnitude, math.Min(lo, maxMagnitude))
	hi = math.Max(-maxMagnitude, math.Min(hi, maxMagnitude))
	if lo > hi {
		lo, hi = hi, lo
	}
	if span := hi - lo; span >= minSpan && span > minRelSpan*math.Max(math.Abs(lo), math.Abs(hi)) {
		return lo, hi
	}
	c := lo/2 + hi/2
	h := math.Abs(c) * 0.05
	if h < minSpan {
		c, h = 0, 1
	}
	return c - h, c + h
}

// tidyLogRange is tidyRange for a log axis: ends positive and finite (an
// end that is not is put three decades from the other, or [0.1, 100]),
// within [1/maxMagnitude, maxMagnitude], ordered, and at least a factor
// 1+minRelSpan apart (else a decade about their geometric mean).
func tidyLogRange(lo, hi float64) (float64, float64) {
	ok := func(v float64) bool { return v > 0 && !math.IsInf(v, 1) }
	switch {
	case !ok(lo) && !ok(hi):
		return 0.1, 100
	case !ok(lo):
		lo = hi / 1000
	case !ok(hi):
		hi = lo * 1000
	}
	lo = math.Max(1/maxMagnitude, math.Min(lo, maxMagnitude))
	hi = math.Max(1/maxMagnitude, math.Min(hi, maxMagnitude))
	if lo > hi {
		lo, hi = hi, lo
	}
	if hi/lo > 1+minRelSpan {
		return lo, hi
	}
	m := geoMean(lo, hi)
	return m / math.Sqrt(10), m * math.Sqrt(10)
}

// geoMean returns √(lo·hi) of positive lo and hi, without the product's
// underflow or overflow.
func geoMean(lo, hi float64) float64 {
	if m := math.Sqrt(lo * hi); m > 0 && !math.IsInf(m, 1) {
		return m
	}
	return math.Sqrt(lo) * math.Sqrt(hi)
}

// tidyAxes makes both axes of p drawable (tidyRange, tidyLogRange) and
// their scales clamped.
func tidyAxes(p *plot.Plot) {
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		if _, ok := a.Scale.(clampedScale); ok {
			continue
		}
		if _, log := a.Scale.(plot.LogScale); log {
			a.Min, a.Max = tidyLogRange(a.Min, a.Max)
		} else {
			a.Min, a.Max = tidyRange(a.Min, a.Max)
		}
		a.Scale = clampedScale{a.Scale}
	}
}

// clampedScale normalises as its inner scale does, with the result
// clamped to ±maxNorm (NaN, as from a log of a negative value, to
// -maxNorm): a value far outside the axis (1e300 on an axis to 1e-9)
// becomes a finite pixel coordinate, which gonum/plot clips to the data
// area. Handed ±Inf or NaN, the rasteriser ran for ever. Within the axis
// nothing changes; beyond, a line's visible part turns by less than
// 1/maxNorm of the data area.
type clampedScale struct{ plot.Normalizer }

func (s clampedScale) Normalize(min, max, x float64) float64 {
	if _, log := s.Normalizer.(plot.LogScale); log && !(x > 0) {
		return -maxNorm // gonum's LogScale panics
	}
	v := s.Normalizer.Normalize(min, max, x)
	if math.IsNaN(v) {
		return -maxNorm
	}
	return math.Max(-maxNorm, math.Min(v, maxNorm))
}
