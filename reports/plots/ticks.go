package plots

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// hourTicks marks a time axis in hours since the start: labelled ticks at
// a round step chosen for about 6–13 labels (every 2 h for a day), minor
// ticks halfway.
type hourTicks struct{ blank bool } // blank: ticks without labels (shared axis)

func (t hourTicks) Ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	if !finite(lo) || !finite(span) || !(span > 0) {
		return nil
	}
	step := 1.0
	for _, s := range []float64{0.25, 0.5, 1, 2, 3, 4, 6, 12, 24, 48, 72, 168, 336, 720, 1440, 2160, 4320, 8760} {
		step = s
		if span/s <= 13 {
			break
		}
	}
	for span/step > 13 { // beyond a year: keep doubling
		step *= 2
	}
	var ticks []plot.Tick
	first := math.Ceil(lo/step-1e-9) * step
	// At most 14 labelled ticks fit; more means the range is too narrow
	// for its magnitude (a step lost in rounding), and the loop stops.
	for i := 0; i <= 14; i++ {
		v := first + float64(i)*step
		if v > hi+1e-9*step || !finite(v) {
			break
		}
		label := strconv.FormatFloat(v, 'f', -1, 64)
		if math.Abs(v) >= 1e7 { // over a thousand years: exponent form, a label of bounded width
			label = strconv.FormatFloat(v, 'g', 6, 64)
		}
		if t.blank {
			label = " " // not "": a tick without a label is minor, and gets no grid line
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: label})
		if m := v + step/2; m <= hi {
			ticks = append(ticks, plot.Tick{Value: m})
		}
	}
	return ticks
}

// logTicks marks a log axis: labels at 1, 2 and 5 per decade when the axis
// spans fewer than three decades (so a narrow range still has labels), at
// powers of ten otherwise; minor ticks at the other integers. Beyond
// maxLogDecades decades, labels go to every k-th power of ten (about ten
// of them) and minor ticks to the other powers.
type logTicks struct{}

const maxLogDecades = 15

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) || math.IsInf(hi, 1) {
		return nil
	}
	first, last := math.Floor(math.Log10(lo)), math.Ceil(math.Log10(hi))
	if last-first > maxLogDecades {
		return sparseLogTicks(lo, hi, first, last)
	}
	dense := hi/lo < 1000
	var ticks []plot.Tick
	for e := first; ; e++ {
		dec := math.Pow(10, e)
		if dec > hi {
			break
		}
		for m := 1; m <= 9; m++ {
			v := float64(m) * dec
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) || math.IsInf(v, 1) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || (dense && (m == 2 || m == 5)) {
				t.Label = formatNumber(v)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// sparseLogTicks marks the powers of ten 10^first..10^last within [lo,
// hi]: a label every k-th, for about ten labels, and minor ticks at the
// others while there are at most maxTicks of them.
func sparseLogTicks(lo, hi, first, last float64) []plot.Tick {
	k := math.Ceil((last - first) / 10)
	var ticks []plot.Tick
	for e := first; e <= last; e++ {
		v := math.Pow(10, e)
		if v < lo*(1-1e-9) || v > hi*(1+1e-9) || math.IsInf(v, 1) {
			continue
		}
		switch {
		case math.Mod(e, k) == 0:
			ticks = append(ticks, plot.Tick{Value: v, Label: formatNumber(v)})
		case last-first <= maxTicks:
			ticks = append(ticks, plot.Tick{Value: v})
		}
	}
	return ticks
}

// formatNumber formats a tick value compactly: 0.1, 2, 50, 1000, 2e+05;
// "n/a" if it is not finite.
func formatNumber(v float64) string {
	if !finite(v) {
		return "n/a"
	}
	if v != 0 && (math.Abs(v) >= 1e5 || math.Abs(v) < 1e-3) {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// linTicks marks a linear axis with about 4–8 labels at round steps (1, 2,
// 2.5 or 5 × 10^k), each label with just the decimals the step needs.
type linTicks struct{}

func (linTicks) Ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	if !finite(lo) || !finite(span) || !(span >= minSpan) {
		v := lo
		if !finite(v) {
			v = 0
		}
		return []plot.Tick{{Value: v, Label: formatNumber(v)}}
	}
	mag := math.Pow(10, math.Floor(math.Log10(span/6)))
	step, mult := mag, 1.0
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		step, mult = m*mag, m
		if span/step <= 8 {
			break
		}
	}
	first := math.Ceil(lo/step - 1e-9)
	if math.Abs(first) > 1<<52 || math.Abs(hi/step) > 1<<52 {
		// The range is too narrow for its magnitude: a step is lost in
		// rounding. One tick in the middle (tidyRange widens such ranges).
		mid := lo/2 + hi/2
		return []plot.Tick{{Value: mid, Label: formatNumber(mid)}}
	}
	prec := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	if mult == 2.5 && step < 10 {
		prec++
	}
	var ticks []plot.Tick
	for i := first; i*step <= hi+1e-9*step && finite(i*step) && len(ticks) <= maxTicks; i++ {
		v := i * step
		if math.Abs(v) < 1e-9*step {
			v = 0
		}
		var label string
		switch {
		case math.Abs(v) >= 1e6 || prec > 12 && v != 0:
			// exponent form (a label of 270 digits pushed the data area off
			// the figure), with enough digits that neighbouring labels differ
			digits := max(4, 2+int(math.Floor(math.Log10(math.Abs(v)/step))))
			label = strconv.FormatFloat(v, 'g', min(digits, 17), 64)
		case prec > 12:
			label = "0"
		default:
			label = strconv.FormatFloat(v, 'f', prec, 64)
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: label})
	}
	return ticks
}
