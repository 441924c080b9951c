package plots

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// timeAxis is the x axis every time figure of a run shares: hours since
// the start, from 0 to hours, with the first warmup hours shaded grey.
type timeAxis struct{ hours, warmup float64 }

// newTimeAxis returns the axis of n series, spanning the longest (span
// gives series i's bucket count and step in seconds); without buckets it
// spans fallbackHours, and 1 h if that is not positive.
func newTimeAxis(n int, span func(i int) (buckets int, stepSeconds float64), fallbackHours, warmupSeconds float64) timeAxis {
	h := 0.0
	for i := range n {
		b, step := span(i)
		h = math.Max(h, float64(b)*step/3600)
	}
	if h == 0 {
		h = fallbackHours
	}
	if !(h > 0) || !finite(h) {
		h = 1
	}
	return timeAxis{hours: h, warmup: warmupHours(warmupSeconds)}
}

// warmupHours converts a warm-up in seconds to hours, 0 if undefined.
func warmupHours(seconds float64) float64 { return math.Max(0, zeroNaN(seconds/3600)) }

// plot returns a plot on the axis, with the warm-up shaded.
func (a timeAxis) plot(ylabel string) *plot.Plot {
	p := newPlot("hours since start (h)", ylabel)
	p.X.Min, p.X.Max = 0, a.hours
	p.X.Tick.Marker = hourTicks{}
	if a.warmup > 0 {
		p.Add(vspan{0, a.warmup, warmupGrey})
	}
	return p
}

// upper returns a plot on the axis for a panel above another, which
// labels the shared axis: ticks without labels, no axis label.
func (a timeAxis) upper(ylabel string) *plot.Plot {
	p := a.plot(ylabel)
	p.X.Label.Text = ""
	p.X.Tick.Marker = hourTicks{blank: true}
	return p
}

// addWarmupLegend adds the warm-up's legend entry to l, if there is one.
func (a timeAxis) addWarmupLegend(l *plot.Legend) {
	if a.warmup > 0 {
		l.Add("warm-up", vspan{color: warmupGrey})
	}
}

// legendLabel names location i of n: loc, prefixed by its group (fleet or
// stream group) when the n locations do not all share one.
func legendLabel(n, i int, group func(int) string, loc string) string {
	for j := range n {
		if group(j) != group(i) {
			return group(i) + "/" + loc
		}
	}
	return loc
}

// slug returns s lower-cased with every run of characters other than a–z
// and 0–9 replaced by one hyphen.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

// uniqueNames keeps figure names unique: a name met before gets "-2",
// "-3", ... in order.
func uniqueNames(figs []figure) []figure {
	seen := map[string]int{}
	for i := range figs {
		if n := seen[figs[i].name]; n > 0 {
			figs[i].name += "-" + strconv.Itoa(n+1)
		}
		seen[figs[i].name]++
	}
	return figs
}

// formatUSD formats dollars with 3–4 significant digits: 1234, 56.7,
// 0.123; from a billion on, 1.235e+09; "n/a" if v is not finite.
func formatUSD(v float64) string {
	switch a := math.Abs(v); {
	case !finite(v):
		return "n/a"
	case a >= 1e9: // a label of 300 digits would push the data area off the figure
		return strconv.FormatFloat(v, 'g', 4, 64)
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case a >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	default:
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
}

// secondsText formats seconds with up to 4 significant digits, e.g. "60 s".
func secondsText(s float64) string { return strconv.FormatFloat(s, 'g', 4, 64) + " s" }
