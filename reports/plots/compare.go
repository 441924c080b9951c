package plots

import (
	"errors"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/capsim/capsim/reports"
)

// Compare renders the comparison plots, in order: compare-scatter (total
// cost against p95 placement latency, one labelled point per class) and
// compare-bars (total and idle cost per class).
func Compare(c *reports.Comparison) ([]Plot, error) {
	if c == nil {
		return nil, errors.New("plots: nil comparison")
	}
	return renderAll([]figure{compareScatter(c), compareBars(c)})
}

// Glyphs of the scatter's points, by verdict.
var (
	okGlyph   = draw.GlyphStyle{Color: blue, Radius: 4, Shape: draw.CircleGlyph{}}
	badGlyph  = draw.GlyphStyle{Color: grey, Radius: 4.5, Shape: draw.PyramidGlyph{}}
	bestGlyph = draw.GlyphStyle{Color: vermillion, Radius: 6, Shape: draw.BoxGlyph{}}
)

func compareScatter(c *reports.Comparison) figure {
	return figure{
		name:    "compare-scatter",
		title:   "Stream classes: cost against p95 placement latency",
		caption: scatterCaption(c),
		draw: func(dc draw.Canvas) {
			p, l := scatterPlot(c)
			drawSingle(dc, p, l)
		},
	}
}

func scatterCaption(c *reports.Comparison) string {
	caption := "Each point is one stream class run on the same scenario and seed: estimated total cost in US dollars " +
		"against the p95 placement latency in seconds, with 95% confidence intervals as whiskers; the dashed line is the p95 target"
	if c.Cheapest != "" {
		caption += ", and the highlighted square is the cheapest class that meets the targets (" + c.Cheapest + ")."
	} else {
		caption += "; no class meets the targets."
	}
	var missing []string
	for _, r := range c.Rows {
		if !finite(r.P95LatencySeconds.Mean) || !finite(r.CostUSD.Mean) {
			missing = append(missing, r.Class)
		}
	}
	if len(missing) > 0 {
		caption += " Not shown, for want of an estimate: " + strings.Join(missing, ", ") + "."
	}
	return caption
}

// scatterPoints are the comparison's classes with both estimates: every
// point (pts, with whiskers and names) and the points by verdict.
type scatterPoints struct {
	ok, bad, best, pts plotter.XYs
	xerr, yerr         plotter.Errors
	names              []string
	minX, maxX         float64 // over positive latencies, whiskers included above
}

func newScatterPoints(c *reports.Comparison) scatterPoints {
	s := scatterPoints{minX: math.Inf(1), maxX: math.Inf(-1)}
	for _, r := range c.Rows {
		x, y := r.P95LatencySeconds.Mean, r.CostUSD.Mean
		if !finite(x) || !finite(y) {
			continue
		}
		xy := plotter.XY{X: x, Y: y}
		switch {
		case r.Class == c.Cheapest:
			s.best = append(s.best, xy)
		case r.Acceptable:
			s.ok = append(s.ok, xy)
		default:
			s.bad = append(s.bad, xy)
		}
		s.pts = append(s.pts, xy)
		xci, yci := zeroNaN(r.P95LatencySeconds.CI95), zeroNaN(r.CostUSD.CI95)
		// A latency or a cost is not negative: clip the whiskers at 0.
		s.xerr = append(s.xerr, struct{ Low, High float64 }{math.Min(xci, math.Max(x, 0)), xci})
		s.yerr = append(s.yerr, struct{ Low, High float64 }{math.Min(yci, math.Max(y, 0)), yci})
		s.names = append(s.names, r.Class)
		if x > 0 {
			s.minX, s.maxX = math.Min(s.minX, x), math.Max(s.maxX, x+xci)
		}
	}
	return s
}

// logX reports whether the latencies span enough for a log axis.
func (s *scatterPoints) logX() bool { return s.maxX > 0 && s.minX > 0 && s.maxX/s.minX > 50 }

// keepPositive keeps only what a log x axis can show, with whiskers that
// stay positive.
func (s *scatterPoints) keepPositive() {
	keep := func(xys plotter.XYs) plotter.XYs {
		var out plotter.XYs
		for _, xy := range xys {
			if xy.X > 0 {
				out = append(out, xy)
			}
		}
		return out
	}
	s.ok, s.bad, s.best = keep(s.ok), keep(s.bad), keep(s.best)
	var kp plotter.XYs
	var kx, ky plotter.Errors
	var kn []string
	for i, xy := range s.pts {
		if xy.X > 0 {
			e := s.xerr[i]
			e.Low = math.Min(e.Low, xy.X*0.999)
			kp, kx, ky, kn = append(kp, xy), append(kx, e), append(ky, s.yerr[i]), append(kn, s.names[i])
		}
	}
	s.pts, s.xerr, s.yerr, s.names = kp, kx, ky, kn
}

// scatterPlot returns the scatter's plot and legend.
func scatterPlot(c *reports.Comparison) (*plot.Plot, *plot.Legend) {
	p, l := newPlot("p95 placement latency (s)", "total cost (USD)"), newLegend()
	s := newScatterPoints(c)
	logX := s.logX()
	if logX {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = logTicks{}
		p.X.Label.Text = "p95 placement latency (s, log scale)"
		s.keepPositive()
		p.X.Min, p.X.Max = s.minX/1.3, s.maxX*1.3
	} else {
		p.X.Min = 0
	}
	addScatterPoints(p, l, &s, c.Cheapest)
	target := c.TargetP95Seconds
	if target > 0 && finite(target) {
		v := vline{target, lineStyle(black, thinWidth, 6, 3)}
		p.Add(v)
		l.Add("p95 target "+secondsText(target), v)
		if logX {
			p.X.Min, p.X.Max = math.Min(p.X.Min, target/1.3), math.Max(p.X.Max, target*1.3)
		}
	}
	if !logX {
		p.X.Max *= 1.08
	}
	if p.Y.Min < p.Y.Max {
		pad := (p.Y.Max - p.Y.Min) * 0.08
		p.Y.Min, p.Y.Max = math.Max(0, p.Y.Min-pad), p.Y.Max+pad
	}
	if len(s.pts) > 0 {
		p.Add(newTags(s.pts, s.names)) // last: on top of everything
		return p, l
	}
	p.X.Min, p.X.Max = 0, 1
	if target > 0 && finite(target) {
		p.X.Max = 2 * target
	}
	p.HideY()
	p.Y.Min, p.Y.Max = 0, 1
	p.Add(note(p.X.Max/2, 0.5, "no class has both a p95 latency and a cost"))
	return p, l
}

// addScatterPoints adds the whiskers and the points (the cheapest
// acceptable class on top) to p, and their legend entries to l.
func addScatterPoints(p *plot.Plot, l *plot.Legend, s *scatterPoints, cheapest string) {
	whiskerSty := lineStyle(grey, thinWidth)
	xeb, yeb := xErrorBars(s.pts, s.xerr, whiskerSty), yErrorBars(s.pts, s.yerr, whiskerSty)
	if xeb != nil {
		p.Add(xeb)
	}
	if yeb != nil {
		p.Add(yeb)
	}
	for _, g := range []struct {
		xys plotter.XYs
		g   draw.GlyphStyle
	}{{s.bad, badGlyph}, {s.ok, okGlyph}, {s.best, bestGlyph}} {
		if len(g.xys) > 0 {
			p.Add(scatter(g.xys, g.g))
		}
	}
	if len(s.ok) > 0 {
		l.Add("acceptable", scatter(nil, okGlyph))
	}
	if len(s.bad) > 0 {
		l.Add("not acceptable", scatter(nil, badGlyph))
	}
	if cheapest != "" {
		l.Add("cheapest acceptable:", scatter(nil, bestGlyph))
		l.Add(cheapest)
	}
	if xeb != nil || yeb != nil {
		l.Add("95% CI", whisker{whiskerSty})
	}
}
func compareBars(c *reports.Comparison) figure {
	n := len(c.Rows)
	h := max(figHeight, vg.Length(110+26*n))
	return figure{
		name:   "compare-bars",
		title:  "Stream classes: total and idle cost",
		height: h,
		caption: "Estimated total cost and idle cost (allocated but unused capacity) in US dollars for each stream class, " +
			"with 95% confidence intervals as whiskers; the cheapest class meeting the targets is marked.",
		draw: func(dc draw.Canvas) {
			p := newPlot("cost (USD)", "")
			l := newLegend()
			const bw = 0.36 // bar thickness, in rows
			var tot, idle plotter.XYs
			var totErr, idleErr plotter.Errors
			var labels []string
			var lab plotter.XYs
			names := make([]string, n)
			for i, r := range c.Rows {
				y := float64(n - 1 - i) // first row on top
				names[n-1-i] = r.Class
				if r.Class == c.Cheapest {
					names[n-1-i] = r.Class + " (cheapest acceptable)"
				}
				if v := r.CostUSD.Mean; finite(v) {
					p.Add(filled(blue, rect(0, v, y+0.02, y+0.02+bw)))
					ci := zeroNaN(r.CostUSD.CI95)
					tot = append(tot, plotter.XY{X: v, Y: y + 0.02 + bw/2})
					totErr = append(totErr, struct{ Low, High float64 }{ci, ci})
					lab = append(lab, plotter.XY{X: v + ci, Y: y + 0.02 + bw/2})
					labels = append(labels, "$"+formatUSD(v))
				}
				if v := r.IdleCostUSD.Mean; finite(v) {
					p.Add(filled(orange, rect(0, v, y-0.02-bw, y-0.02)))
					ci := zeroNaN(r.IdleCostUSD.CI95)
					idle = append(idle, plotter.XY{X: v, Y: y - 0.02 - bw/2})
					idleErr = append(idleErr, struct{ Low, High float64 }{ci, ci})
				}
			}
			l.Add("total cost", swatch(blue))
			l.Add("idle cost", swatch(orange))
			wsty := lineStyle(black, thinWidth)
			teb, ieb := xErrorBars(tot, totErr, wsty), xErrorBars(idle, idleErr, wsty)
			if teb != nil {
				p.Add(teb)
			}
			if ieb != nil {
				p.Add(ieb)
			}
			if teb != nil || ieb != nil {
				l.Add("95% CI", hwhisker{wsty})
			}
			if len(lab) > 0 {
				sty := textStyle(sansFont, 9)
				sty.YAlign = draw.YCenter
				p.Add(labelsAt(lab, labels, sty, vg.Point{X: 5}))
			}
			p.X.Min = 0
			if n > 0 {
				p.NominalY(names...)
				p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
				p.X.Max = math.Max(p.X.Max, 1e-9) * 1.05
			} else {
				p.HideY()
				p.X.Max = 1
				p.Add(note(0.5, 0.5, "no classes"))
				p.Y.Min, p.Y.Max = 0, 1
			}
			drawSingle(dc, p, l)
		},
	}
}

// hwhisker is the legend thumbnail of horizontal error bars.
type hwhisker struct{ sty draw.LineStyle }

func (w hwhisker) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	x0, x1 := c.Min.X+1, c.Max.X-1
	c.StrokeLine2(w.sty, x0, y, x1, y)
	c.StrokeLine2(w.sty, x0, y-4, x0, y+4)
	c.StrokeLine2(w.sty, x1, y-4, x1, y+4)
}
