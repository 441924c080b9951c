package plots

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/capsim/capsim/reports"
)

// Records returns the figures of a page about the service's records:
// for a fit, the arrival curves (one figure) and each length fit (the
// survival and the QQ plot, one figure each); for a backtest, one figure
// per location with a panel per metric.
func Records(r *reports.RecordsReport) ([]Plot, error) {
	if r == nil {
		return nil, fmt.Errorf("plots: no records report")
	}
	var figs []figure
	counted, length := r.Counted, r.Length
	if counted == "" {
		counted = "Requests"
	}
	if length == "" {
		length = "Session length"
	}
	if len(r.Arrivals) > 0 {
		figs = append(figs, arrivalFigure(r.Arrivals, counted))
	}
	for _, l := range r.Lengths {
		if len(l.KM) == 0 {
			continue
		}
		figs = append(figs, survivalFigure(l, length), qqFigure(l, length))
	}
	byLoc := map[string][]reports.BandSeries{}
	var locs []string
	for _, b := range r.Bands {
		if len(b.Hours) != len(b.Observed) || len(b.Hours) != len(b.Low) || len(b.Hours) != len(b.High) || len(b.Hours) != len(b.Median) {
			return nil, fmt.Errorf("plots: %s %s: series lengths disagree", b.Location, b.Metric)
		}
		if _, ok := byLoc[b.Location]; !ok {
			locs = append(locs, b.Location)
		}
		byLoc[b.Location] = append(byLoc[b.Location], b)
	}
	for _, l := range locs {
		figs = append(figs, bandFigure(l, byLoc[l]))
	}
	return renderAll(uniqueNames(figs))
}

// arrivalFigure draws each place's hourly rate with its interval.
func arrivalFigure(cs []reports.ArrivalCurve, counted string) figure {
	return figure{name: "arrivals", title: counted + " per hour of the day (UTC), fitted",
		caption: "The rate fitted to each hour of the day at each place, with its exact 95% interval (Garwood), " +
			"spike hours left out; points are offset a little per place so the intervals do not overlap.",
		draw: func(c draw.Canvas) {
			p := newPlot("hour of the day (UTC)", strings.ToLower(counted)+" per hour")
			p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -0.5, 23.5, 0, 1
			for _, cv := range cs {
				for h := range 24 {
					for _, v := range []float64{cv.Rate[h], cv.High[h]} {
						if finite(v) && v < 1e15 {
							p.Y.Max = max(p.Y.Max, v*1.05)
						}
					}
				}
			}
			l := newLegend()
			for i, cv := range cs {
				col := seriesColour(i)
				off := 0.12 * (float64(i) - float64(len(cs)-1)/2)
				var pts plotter.XYs
				for h := range 24 {
					if !finite(cv.Rate[h]) {
						continue
					}
					x := float64(h) + off
					pts = append(pts, plotter.XY{X: x, Y: cv.Rate[h]})
					if finite(cv.Low[h]) && finite(cv.High[h]) && cv.High[h] < 1e15 {
						p.Add(newLine(plotter.XYs{{X: x, Y: cv.Low[h]}, {X: x, Y: cv.High[h]}}, lineStyle(col, thinWidth)))
					}
				}
				if len(pts) == 0 {
					continue
				}
				ln := newLine(pts, lineStyle(col, lineWidth, seriesDashes(i)...))
				sc := scatter(pts, draw.GlyphStyle{Color: col, Radius: 2.5, Shape: draw.CircleGlyph{}})
				p.Add(ln, sc)
				label := cv.Place
				if cv.Spikes > 0 {
					label += fmt.Sprintf(" (%d spike hours out)", cv.Spikes)
				}
				l.Add(label, ln, sc)
			}
			drawSingle(c, p, l)
		}}
}

// survivalFigure draws the Kaplan–Meier estimate and each family's
// fitted survival, lengths on a log scale.
func survivalFigure(lf reports.LengthFigure, length string) figure {
	return figure{name: "length-survival-" + slug(lf.Place), title: length + ", " + lf.Place + ": survival",
		caption: "The share lasting longer than each length: the Kaplan–Meier estimate from the records " +
			"(those still running or ended otherwise are censored) and each family fitted by maximum likelihood. " +
			"Chosen: " + lf.Chosen + ".",
		draw: func(c draw.Canvas) {
			lo, hi := lengthRange(lf)
			p := newPlot("length (s, log scale)", "share lasting longer")
			p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, logTicks{}
			p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = lo, hi, 0, 1
			l := newLegend()
			km := plotter.XYs{{X: lo, Y: 1}}
			for _, pt := range lf.KM {
				km = append(km, plotter.XY{X: pt.X, Y: km[len(km)-1].Y}, plotter.XY{X: pt.X, Y: pt.Y})
			}
			kl := newLine(clipX(km, lo, hi), lineStyle(black, lineWidth))
			p.Add(kl)
			l.Add("Kaplan–Meier", kl)
			for i, f := range lf.Families {
				xy := clipX(toXYs(f.Survival), lo, hi)
				if len(xy) < 2 {
					continue
				}
				fl := newLine(xy, lineStyle(seriesColour(i+1), lineWidth, 6, 3))
				p.Add(fl)
				l.Add(fmt.Sprintf("%s (AIC %.0f)", f.Family, f.AIC), fl)
			}
			drawSingle(c, p, l)
		}}
}

// qqFigure draws each family's quantiles against the estimate's.
func qqFigure(lf reports.LengthFigure, length string) figure {
	return figure{name: "length-qq-" + slug(lf.Place), title: length + ", " + lf.Place + ": QQ plot",
		caption: "Each point pairs a quantile of the Kaplan–Meier estimate (observed) with the same quantile of a " +
			"fitted family; a family that fits lies on the diagonal. The goodness-of-fit p-value is in the legend.",
		draw: func(c draw.Canvas) {
			lo, hi := lengthRange(lf)
			p := newPlot("fitted quantile (s, log scale)", "observed quantile (s, log scale)")
			for _, a := range []*plot.Axis{&p.X, &p.Y} {
				a.Scale, a.Tick.Marker = plot.LogScale{}, logTicks{}
				a.Min, a.Max = lo, hi
			}
			l := newLegend()
			diag := newLine(plotter.XYs{{X: lo, Y: lo}, {X: hi, Y: hi}}, lineStyle(grey, thinWidth, 2, 2))
			p.Add(diag)
			l.Add("diagonal", diag)
			shapes := []draw.GlyphDrawer{draw.CircleGlyph{}, draw.TriangleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}}
			for i, f := range lf.Families {
				var xy plotter.XYs
				for _, q := range f.QQ {
					if q.X >= lo && q.X <= hi && q.Y >= lo && q.Y <= hi {
						xy = append(xy, plotter.XY{X: q.X, Y: q.Y})
					}
				}
				if len(xy) == 0 {
					continue
				}
				sc := scatter(xy, draw.GlyphStyle{Color: seriesColour(i + 1), Radius: 2.5, Shape: shapes[i%len(shapes)]})
				p.Add(sc)
				l.Add(fmt.Sprintf("%s (p = %.2g)", f.Family, f.PValue), sc)
			}
			drawSingle(c, p, l)
		}}
}

func toXYs(pts []reports.XY) plotter.XYs {
	out := make(plotter.XYs, 0, len(pts))
	for _, p := range pts {
		if finite(p.X) && finite(p.Y) {
			out = append(out, plotter.XY{X: p.X, Y: p.Y})
		}
	}
	return out
}

// clipX keeps the points with lo <= x <= hi.
func clipX(xy plotter.XYs, lo, hi float64) plotter.XYs {
	out := xy[:0:0]
	for _, p := range xy {
		if p.X >= lo && p.X <= hi {
			out = append(out, p)
		}
	}
	return out
}

// lengthRange is the log axis of a length figure: from the estimate's
// first step to its last, widened to whole decades' neighbours.
func lengthRange(lf reports.LengthFigure) (lo, hi float64) {
	lo, hi = math.Inf(1), 0.0
	for _, p := range lf.KM {
		if p.X > 0 && finite(p.X) {
			lo, hi = min(lo, p.X), max(hi, p.X)
		}
	}
	if !(lo < hi) {
		lo, hi = 1, 10
	}
	return max(lo/1.5, 0.5), hi * 1.5
}

// bandFigure draws one location's series, a panel each: the band of the
// replications shaded, their median, the observations (outside the band
// in vermillion).
func bandFigure(loc string, bs []reports.BandSeries) figure {
	h := figHeight + vg.Length(len(bs)-1)*150
	start := bs[0].Start.Format("2006-01-02 15:04 UTC")
	return figure{name: "backtest-" + slug(loc), title: "Observed against simulated, " + loc, height: h,
		caption: "Hour by hour from " + start + ": the band holds the replications from the k-th smallest to the k-th " +
			"largest (a 90% prediction band), the line is their median, the points the records; a point in vermillion " +
			"is outside its band. " + bandUnits(bs),
		draw: func(c draw.Canvas) {
			var ps []*plot.Plot
			var ls []*plot.Legend
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, b := range bs {
				if n := len(b.Hours); n > 0 {
					lo, hi = min(lo, b.Hours[0]), max(hi, b.Hours[n-1]+1)
				}
			}
			for _, b := range bs {
				p, l := bandPanel(b)
				if lo < hi {
					p.X.Min, p.X.Max = lo, hi // every panel on one time axis
				}
				ps, ls = append(ps, p), append(ls, l)
			}
			drawPanels(c, ps, ls)
		}}
}

func bandPanel(b reports.BandSeries) (*plot.Plot, *plot.Legend) {
	label := b.Label
	if label == "" {
		label = b.Metric
	}
	p := newPlot("hours since the first observed hour", label)
	l := newLegend()
	n := len(b.Hours)
	top := 1.0
	var ring, median, in, out plotter.XYs
	for i := range n {
		x0, x1 := b.Hours[i], b.Hours[i]+1
		ring = append(ring, plotter.XY{X: x0, Y: b.High[i]}, plotter.XY{X: x1, Y: b.High[i]})
		median = append(median, plotter.XY{X: x0, Y: b.Median[i]}, plotter.XY{X: x1, Y: b.Median[i]})
		pt := plotter.XY{X: x0 + 0.5, Y: b.Observed[i]}
		switch {
		case !finite(pt.Y):
		case i < len(b.Inside) && !b.Inside[i]:
			out = append(out, pt)
		default:
			in = append(in, pt)
		}
		for _, v := range []float64{b.High[i], b.Observed[i], b.Median[i]} {
			if finite(v) && v < 1e15 {
				top = max(top, v)
			}
		}
	}
	for i := n - 1; i >= 0; i-- {
		ring = append(ring, plotter.XY{X: b.Hours[i] + 1, Y: b.Low[i]}, plotter.XY{X: b.Hours[i], Y: b.Low[i]})
	}
	ring, median = clampXYs(ring, top*1.08), clampXYs(median, top*1.08)
	p.Y.Min, p.Y.Max = 0, top*1.08
	if n > 0 {
		p.X.Min, p.X.Max = b.Hours[0], b.Hours[n-1]+1
	}
	if len(ring) > 2 {
		p.Add(filled(alpha(blue, bandOpacity), ring))
	}
	l.Add("90% band", swatch(alpha(blue, bandOpacity)))
	if len(median) > 1 {
		med := newLine(simplify(median), lineStyle(blue, thinWidth))
		p.Add(med)
		l.Add("median", med)
	}
	if len(in) > 0 {
		sc := scatter(in, draw.GlyphStyle{Color: black, Radius: 2, Shape: draw.CircleGlyph{}})
		p.Add(sc)
		l.Add("records", sc)
	}
	if len(out) > 0 {
		sc := scatter(out, draw.GlyphStyle{Color: vermillion, Radius: 3, Shape: draw.CircleGlyph{}})
		p.Add(sc)
		l.Add(fmt.Sprintf("outside (%d)", len(out)), sc)
	}
	return p, l
}

// clampXYs clamps the points' values to [0, ceiling], a non-finite one
// to the ceiling: the band of a degenerate hour still draws.
func clampXYs(xy plotter.XYs, ceiling float64) plotter.XYs {
	for i := range xy {
		if !finite(xy[i].Y) || xy[i].Y > ceiling {
			xy[i].Y = ceiling
		}
		xy[i].Y = max(xy[i].Y, 0)
	}
	return xy
}

// bandUnits says what each panel counts.
func bandUnits(bs []reports.BandSeries) string {
	s := "Panels: "
	for i, b := range bs {
		if i > 0 {
			s += "; "
		}
		s += b.Metric
		if b.Unit != "" {
			s += " (" + b.Unit + ")"
		}
	}
	return s + "."
}
