package plots

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/capsim/capsim/reports"
)

// Tornado draws one tornado chart per metric of s, as PNG and SVG like
// every other figure: a row per assumption, largest swing on top; from the
// baseline (a vertical line) a bar to the metric's mean at the
// assumption's low end (blue) and one to its mean at the high end
// (vermillion), each with a whisker of its 95% confidence interval
// computed from per-replication differences to the baseline (common random
// numbers); at the right, the swing (high − low) ± its CI, in grey when
// the interval includes zero (noise). The x axis is the metric in its unit.
func Tornado(s *reports.Sensitivity) ([]Plot, error) {
	figs := make([]figure, len(s.Metrics))
	for m, met := range s.Metrics {
		title := "Sensitivity of " + met.Name
		figs[m] = figure{name: "tornado-" + slug(met.Name), title: title,
			caption: "Each assumption moved alone to the low (blue) and high (vermillion) end of its plausible range; " +
				"bars run from the baseline to the mean at that end, whiskers are 95% CIs of the paired difference " +
				"(same random numbers in every variant). Right: swing = high − low ± its 95% CI, grey where " +
				"that interval includes zero (noise). Largest swing on top.",
			height: tornadoHeight(title, len(s.Assumptions)),
			draw:   func(c draw.Canvas) { drawTornado(c, s, m) }}
	}
	return renderAll(figs)
}

// Tornado geometry, in points (600 pt is the figure's 800 px).
const (
	tornadoLeft   = vg.Length(170) // assumption names
	tornadoRight  = vg.Length(112) // swing text
	tornadoHead   = vg.Length(20)  // the legend row
	tornadoRow    = vg.Length(18)
	tornadoBottom = vg.Length(44) // tick labels, the axis label
)

// tornadoHeight is the height of a figure titled title with rows
// assumptions, a whole number of pixels (0.75 pt each).
func tornadoHeight(title string, rows int) vg.Length {
	h := 2*margin + titleHeight(title) + tornadoHead + vg.Length(max(rows, 1))*tornadoRow + tornadoBottom
	return vg.Length(math.Ceil(float64(h)/0.75)) * 0.75
}

// tornadoScale maps metric values to x points of the chart area.
type tornadoScale struct {
	lo, hi float64
	x0, x1 vg.Length
}

// x is clamped to the chart area (NaN to its left end), so that no
// coordinate is infinite, NaN or off the figure.
func (sc tornadoScale) x(v float64) vg.Length {
	n := math.Max(-0.02, math.Min(clampedScale{plot.LinearScale{}}.Normalize(sc.lo, sc.hi, v), 1.02))
	return sc.x0 + vg.Length(n)*(sc.x1-sc.x0)
}

// tornadoDomain spans the baseline and every end with its interval.
func tornadoDomain(s *reports.Sensitivity, m int) (lo, hi float64) {
	base := s.Metrics[m].Baseline.Mean
	lo, hi = base, base
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
		return tidyRange(base-1, base+1)
	}
	pad := (hi - lo) * 0.05
	return tidyRange(lo-pad, hi+pad)
}

// drawTornado paints metric m's chart below the figure's title.
func drawTornado(c draw.Canvas, s *reports.Sensitivity, m int) {
	met := s.Metrics[m]
	lo, hi := tornadoDomain(s, m)
	sc := tornadoScale{lo: lo, hi: hi, x0: c.Min.X + tornadoLeft, x1: c.Max.X - tornadoRight}
	top := c.Max.Y - tornadoHead
	bottom := c.Min.Y + tornadoBottom
	small := textStyle(sansFont, tickSize)
	// The legend row.
	x := c.Min.X
	for _, k := range []struct {
		label  string
		colour color.NRGBA
	}{{"low end", blue}, {"high end", vermillion}} {
		c.FillPolygon(k.colour, box(x, top+5, x+8, top+13))
		lab := small
		lab.YAlign = draw.YCenter
		c.FillText(lab, vg.Point{X: x + 11, Y: top + 9}, k.label)
		x += 11 + lab.Width(k.label) + 14
	}
	note := small
	note.Color, note.YAlign = grey, draw.YCenter
	c.FillText(note, vg.Point{X: x, Y: top + 9}, "grey swing: its 95% CI includes 0 (noise)")
	head := small
	head.Color, head.YAlign = grey, draw.YCenter
	c.FillText(head, vg.Point{X: sc.x1 + 6, Y: top + 9}, "swing (high − low)")
	tornadoAxis(c, sc, top, bottom, met.Baseline.Mean, met.Name, string(met.Unit))
	for row, i := range s.Tornado(m) {
		y := top - vg.Length(row+1)*tornadoRow
		tornadoBars(c, sc, &s.Assumptions[i], m, met.Baseline.Mean, y)
	}
}

// box is the ring of an axis-aligned rectangle in canvas points.
func box(x0, y0, x1, y1 vg.Length) []vg.Point {
	return []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
}

// tornadoAxis draws the grid with its tick labels, the axis label with
// the metric's unit and the baseline line with its value.
func tornadoAxis(c draw.Canvas, sc tornadoScale, top, bottom vg.Length, base float64, name, unit string) {
	tick := textStyle(sansFont, tickSize)
	tick.XAlign, tick.YAlign = draw.XCenter, draw.YTop
	tick.Color = color.NRGBA{0x33, 0x33, 0x33, 0xff}
	grid := lineStyle(gridGrey, 0.5)
	for _, t := range (linTicks{}).Ticks(sc.lo, sc.hi) {
		x := sc.x(t.Value)
		c.StrokeLine2(grid, x, bottom, x, top)
		if t.Label != "" {
			c.FillText(tick, vg.Point{X: x, Y: bottom - 3}, t.Label)
		}
	}
	label := textStyle(sansFont, labelSize)
	label.XAlign, label.YAlign = draw.XCenter, draw.YBottom
	axis := name
	if unit != "" {
		axis += " (" + unit + ")"
	}
	if finite(base) {
		axis += " · baseline " + strconv.FormatFloat(base, 'g', 4, 64)
		x := sc.x(base)
		c.StrokeLine2(lineStyle(black, lineWidth), x, bottom, x, top)
	}
	c.FillText(label, vg.Point{X: (sc.x0 + sc.x1) / 2, Y: c.Min.Y}, axis)
}

// tornadoBars draws one assumption's row, whose bottom is at y: its name,
// bars, whiskers and swing.
func tornadoBars(c draw.Canvas, sc tornadoScale, a *reports.SensitivityFactor, m int, base float64, y vg.Length) {
	e := a.Effects[m]
	mid := y + tornadoRow/2
	name := textStyle(sansFont, tickSize)
	name.XAlign, name.YAlign = draw.XRight, draw.YCenter
	c.FillText(name, vg.Point{X: sc.x0 - 6, Y: mid}, fitText(name, a.Key, tornadoLeft-10))
	half := (tornadoRow - 4) / 2
	for k, d := range []struct {
		delta, ci float64
		colour    color.NRGBA
	}{{e.LowDelta.Mean, e.LowDelta.CI95, blue}, {e.HighDelta.Mean, e.HighDelta.CI95, vermillion}} {
		v := base + d.delta
		if !finite(v) || !finite(base) {
			continue
		}
		x0, x1 := min(sc.x(base), sc.x(v)), max(sc.x(base), sc.x(v))
		by := y + tornadoRow - 2 - vg.Length(k+1)*half
		c.FillPolygon(alpha(d.colour, 0xcc), box(x0, by, max(x1, x0+0.75), by+half))
		if finite(d.ci) && d.ci > 0 {
			wy := by + half/2
			c.StrokeLine2(lineStyle(black, thinWidth), sc.x(v-d.ci), wy, sc.x(v+d.ci), wy)
		}
	}
	swing := textStyle(sansFont, tickSize)
	swing.YAlign = draw.YCenter
	label, noise := swingText(e.Swing.Mean, e.Swing.CI95)
	if noise {
		swing.Color = grey
	}
	c.FillText(swing, vg.Point{X: sc.x1 + 6, Y: mid}, fitText(swing, label, tornadoRight-8))
}

// fitText returns s, cut with an ellipsis if it is wider than w in sty.
func fitText(sty text.Style, s string, w vg.Length) string {
	if sty.Width(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && sty.Width(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// swingText is a swing with its CI, and whether it is noise: its CI
// includes zero (a swing of exactly 0 is written 0, and is not noise but
// no effect).
func swingText(mean, ci float64) (string, bool) {
	switch {
	case !finite(mean):
		return "n/a", false
	case mean == 0 && (ci == 0 || !finite(ci)):
		return "0", false
	case !finite(ci):
		return signed(mean), false
	}
	return signed(mean) + " ± " + strconv.FormatFloat(ci, 'g', 2, 64), math.Abs(mean) <= ci
}

func signed(v float64) string {
	s := strconv.FormatFloat(v, 'g', 3, 64)
	if v > 0 {
		s = "+" + s
	}
	return s
}
