package plots

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strconv"

	"gonum.org/v1/plot"

	"github.com/capsim/capsim/reports"
)

// Tornado draws one tornado chart per metric of s: a row per assumption,
// largest swing on top; from the baseline (a vertical line) a bar to the
// metric's mean at the assumption's low end (blue) and one to its mean at
// the high end (vermillion), each with a whisker of its 95% confidence
// interval computed from per-replication differences to the baseline
// (common random numbers); at the right, the swing (high − low) ± its CI.
// The plots are SVG only (PNG is nil): hand-written, no script.
func Tornado(s *reports.Sensitivity) []Plot {
	var out []Plot
	for m, met := range s.Metrics {
		out = append(out, Plot{Name: "tornado-" + slug(met.Name), Title: "Sensitivity of " + met.Name,
			Caption: "Each assumption moved alone to the low (blue) and high (vermillion) end of its plausible range; " +
				"bars run from the baseline to the mean at that end, whiskers are 95% CIs of the paired difference " +
				"(same random numbers in every variant). Right: swing = high − low ± its 95% CI. Largest swing on top.",
			SVG: tornadoSVG(s, m)})
	}
	return out
}

const (
	tornadoWidth  = 800.0
	tornadoLeft   = 250.0 // labels
	tornadoRight  = 150.0 // swing text
	tornadoTop    = 44.0
	tornadoRow    = 24.0
	tornadoBottom = 40.0
)

// tornadoScale maps metric values to x pixels of the chart area.
type tornadoScale struct{ lo, hi float64 }

// x is clamped to ±maxNorm chart widths (NaN to the left end), so that
// no coordinate is infinite or NaN.
func (sc tornadoScale) x(v float64) float64 {
	w := tornadoWidth - tornadoLeft - tornadoRight
	return tornadoLeft + clampedScale{plot.LinearScale{}}.Normalize(sc.lo, sc.hi, v)*w
}

// tornadoDomain spans the baseline and every end with its interval.
func tornadoDomain(s *reports.Sensitivity, m int) tornadoScale {
	base := s.Metrics[m].Baseline.Mean
	lo, hi := base, base
	for _, a := range s.Assumptions {
		e := a.Effects[m]
		for _, d := range [][2]float64{{e.LowDelta.Mean, e.LowDelta.CI95}, {e.HighDelta.Mean, e.HighDelta.CI95}} {
			ci := d[1]
			if math.IsNaN(ci) {
				ci = 0
			}
			if v := base + d[0]; finite(v) {
				lo, hi = math.Min(lo, v-ci), math.Max(hi, v+ci)
			}
		}
	}
	if !(hi > lo) || !finite(hi-lo) {
		if !finite(base) {
			base = 0
		}
		lo, hi = tidyRange(base-1, base+1)
		return tornadoScale{lo, hi}
	}
	pad := (hi - lo) * 0.05
	lo, hi = tidyRange(lo-pad, hi+pad)
	return tornadoScale{lo, hi}
}

func tornadoSVG(s *reports.Sensitivity, m int) []byte {
	order := s.Tornado(m)
	h := tornadoTop + float64(len(order))*tornadoRow + tornadoBottom
	sc := tornadoDomain(s, m)
	met := s.Metrics[m]
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" viewBox="0 0 %g %g" font-family="sans-serif" font-size="12">`,
		tornadoWidth, h, tornadoWidth, h)
	fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString("Sensitivity of "+met.Name))
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="#fff"/>`)
	fmt.Fprintf(&b, `<text x="%g" y="18" font-size="14" font-weight="bold">%s</text>`, tornadoLeft, html.EscapeString(met.Name))
	fmt.Fprintf(&b, `<text x="%g" y="36" fill="#555">swing (high − low)</text>`, tornadoWidth-tornadoRight+8)
	fmt.Fprintf(&b, `<rect x="8" y="26" width="10" height="10" fill="#0072b2"/><text x="22" y="35">low end</text>`+
		`<rect x="88" y="26" width="10" height="10" fill="#d55e00"/><text x="102" y="35">high end</text>`)
	tornadoAxis(&b, sc, h, met.Baseline.Mean)
	for row, i := range order {
		tornadoRowSVG(&b, sc, &s.Assumptions[i], m, met.Baseline.Mean, tornadoTop+float64(row)*tornadoRow)
	}
	b.WriteString(`</svg>`)
	return b.Bytes()
}

// tornadoAxis draws the ticks, grid lines and the baseline line.
func tornadoAxis(b *bytes.Buffer, sc tornadoScale, h, base float64) {
	y1 := h - tornadoBottom
	for _, t := range (linTicks{}).Ticks(sc.lo, sc.hi) {
		x := sc.x(t.Value)
		fmt.Fprintf(b, `<line x1="%.1f" y1="%g" x2="%.1f" y2="%g" stroke="#ddd"/>`, x, tornadoTop-4, x, y1)
		fmt.Fprintf(b, `<text x="%.1f" y="%g" text-anchor="middle" fill="#333">%s</text>`, x, y1+16, html.EscapeString(t.Label))
	}
	if finite(base) {
		x := sc.x(base)
		fmt.Fprintf(b, `<line x1="%.1f" y1="%g" x2="%.1f" y2="%g" stroke="#000" stroke-width="1.5"/>`, x, tornadoTop-4, x, y1)
		fmt.Fprintf(b, `<text x="%.1f" y="%g" text-anchor="middle">baseline %s</text>`, x, y1+32, html.EscapeString(strconv.FormatFloat(base, 'g', 4, 64)))
	}
}

// tornadoRowSVG draws one assumption's bars, whiskers, labels and swing.
func tornadoRowSVG(b *bytes.Buffer, sc tornadoScale, a *reports.SensitivityFactor, m int, base, y float64) {
	e := a.Effects[m]
	mid := y + tornadoRow/2
	fmt.Fprintf(b, `<g><title>%s</title>`, html.EscapeString(fmt.Sprintf("%s.%s: low %s → %s, high %s → %s",
		a.Section, a.Key, a.Low, formatNumber(e.Low.Mean), a.High, formatNumber(e.High.Mean))))
	fmt.Fprintf(b, `<text x="%g" y="%g" text-anchor="end" dominant-baseline="middle">%s</text>`,
		tornadoLeft-8, mid, html.EscapeString(a.Key))
	for k, d := range []struct {
		delta  float64
		ci     float64
		colour string
	}{{e.LowDelta.Mean, e.LowDelta.CI95, "#0072b2"}, {e.HighDelta.Mean, e.HighDelta.CI95, "#d55e00"}} {
		v := base + d.delta
		if !finite(v) {
			continue
		}
		x0, x1 := math.Min(sc.x(base), sc.x(v)), math.Max(sc.x(base), sc.x(v))
		by := y + 3 + float64(k)*(tornadoRow-6)/2
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" fill-opacity="0.8"/>`,
			x0, by, math.Max(x1-x0, 1), (tornadoRow-6)/2, d.colour)
		if finite(d.ci) && d.ci > 0 {
			wy := by + (tornadoRow-6)/4
			fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#000"/>`, sc.x(v-d.ci), wy, sc.x(v+d.ci), wy)
		}
	}
	fmt.Fprintf(b, `<text x="%g" y="%g" dominant-baseline="middle">%s</text></g>`,
		tornadoWidth-tornadoRight+8, mid, html.EscapeString(swingText(e.Swing.Mean, e.Swing.CI95)))
}

func swingText(mean, ci float64) string {
	if !finite(mean) {
		return "n/a"
	}
	s := signed(mean)
	if finite(ci) {
		s += " ± " + strconv.FormatFloat(ci, 'g', 2, 64)
	}
	return s
}

func signed(v float64) string {
	s := strconv.FormatFloat(v, 'g', 3, 64)
	if v > 0 {
		s = "+" + s
	}
	return s
}
