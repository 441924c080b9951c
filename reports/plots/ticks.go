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
	for i := 0; ; i++ {
		v := first + float64(i)*step
		if v > hi+1e-9*step {
			break
		}
		label := strconv.FormatFloat(v, 'f', -1, 64)
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
// powers of ten otherwise; minor ticks at the other integers.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) {
		return nil
	}
	dense := hi/lo < 1000
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(lo)); ; e++ {
		dec := math.Pow(10, e)
		if dec > hi {
			break
		}
		for m := 1; m <= 9; m++ {
			v := float64(m) * dec
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
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

// formatNumber formats a tick value compactly: 0.1, 2, 50, 1000, 2e+05.
func formatNumber(v float64) string {
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
	if !(span > 0) || !finite(span) {
		return []plot.Tick{{Value: lo, Label: formatNumber(lo)}}
	}
	mag := math.Pow(10, math.Floor(math.Log10(span/6)))
	step, mult := mag, 1.0
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		step, mult = m*mag, m
		if span/step <= 8 {
			break
		}
	}
	prec := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	if mult == 2.5 && step < 10 {
		prec++
	}
	var ticks []plot.Tick
	for i := math.Ceil(lo/step - 1e-9); i*step <= hi+1e-9*step; i++ {
		v := i * step
		if math.Abs(v) < 1e-9*step {
			v = 0
		}
		label := strconv.FormatFloat(v, 'f', prec, 64)
		if math.Abs(v) >= 1e6 {
			label = strconv.FormatFloat(v, 'g', 4, 64)
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: label})
	}
	return ticks
}
