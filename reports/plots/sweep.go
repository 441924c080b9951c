package plots

import (
	"errors"
	"image/color"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/capsim/capsim/reports"
)

// Sweep renders a sweep's plots, in order: sweep-pareto (total cost
// against p95 placement latency, the Pareto-efficient points joined and
// labelled); with one varied path of numbers, sweep-metrics (each key
// metric against it, with 95% CI bands); with two, sweep-heatmap-latency
// and sweep-heatmap-cost (cells by the two paths' values, feasible cells
// outlined when the sweep has requirements).
func Sweep(sw *reports.Sweep) ([]Plot, error) {
	if sw == nil {
		return nil, errors.New("plots: nil sweep")
	}
	figs := []figure{sweepPareto(sw)}
	switch len(sw.Paths) {
	case 1:
		if xs, ok := numbers(sw, 0); ok {
			figs = append(figs, sweepMetrics(sw, xs))
		}
	case 2:
		figs = append(figs, sweepHeatmap(sw, reports.SweepLatency, "p95 placement latency (s)", "latency"),
			sweepHeatmap(sw, reports.SweepCost, "total cost (USD)", "cost"))
	}
	return renderAll(figs)
}

// numbers returns path i's values as numbers, if they all are.
func numbers(sw *reports.Sweep, i int) ([]float64, bool) {
	xs := make([]float64, len(sw.Points))
	for k, p := range sw.Points {
		x, err := strconv.ParseFloat(p.Values[i], 64)
		if err != nil || !finite(x) {
			return nil, false
		}
		xs[k] = x
	}
	return xs, true
}

func estimateOf(p *reports.SweepPoint, name string) (float64, float64) {
	v, err := p.Summary.Metric(name)
	if err != nil {
		return math.NaN(), math.NaN()
	}
	return v.Mean, zeroNaN(v.CI95)
}

func sweepPareto(sw *reports.Sweep) figure {
	return figure{
		name:  "sweep-pareto",
		title: "Sweep: cost against p95 placement latency",
		caption: "Each point is one point of the sweep (numbered as in the table), same seed and demand: estimated total cost " +
			"in US dollars against the p95 placement latency in seconds. The joined, labelled points are Pareto-efficient: " +
			"no other point is both cheaper and faster." + chosenCaption(sw),
		draw: func(dc draw.Canvas) {
			cost, latency := sw.Axes()
			xLabel, yLabel := "p95 placement latency (s)", "total cost (USD)"
			if cost != reports.SweepCost || latency != reports.SweepLatency {
				xLabel, yLabel = latency+" (s)", cost+" (USD)"
			}
			p, l := newPlot(xLabel, yLabel), newLegend()
			var all, front plotter.XYs
			var names []string
			for i := range sw.Points {
				x, _ := estimateOf(&sw.Points[i], latency)
				y, _ := estimateOf(&sw.Points[i], cost)
				if !finite(x) || !finite(y) {
					continue
				}
				all = append(all, plotter.XY{X: x, Y: y})
				if sw.Points[i].Pareto {
					front = append(front, plotter.XY{X: x, Y: y})
					names = append(names, "#"+strconv.Itoa(i+1))
				}
			}
			addPareto(p, l, all, front, names)
			addChosen(p, l, sw)
			drawSingle(dc, p, l)
		},
	}
}

// chosenGlyph rings the plan optimize chose on the frontier plot.
var chosenGlyph = draw.GlyphStyle{Color: black, Radius: 9, Shape: draw.RingGlyph{}}

// addChosen rings sw's chosen plan, if it has one with both estimates.
func addChosen(p *plot.Plot, l *plot.Legend, sw *reports.Sweep) {
	if sw.Chosen < 1 || sw.Chosen > len(sw.Points) {
		return
	}
	cost, latency := sw.Axes()
	x, _ := estimateOf(&sw.Points[sw.Chosen-1], latency)
	y, _ := estimateOf(&sw.Points[sw.Chosen-1], cost)
	if !finite(x) || !finite(y) {
		return
	}
	sc, _ := plotter.NewScatter(plotter.XYs{{X: x, Y: y}})
	sc.GlyphStyle = chosenGlyph
	p.Add(sc)
	l.Add("chosen plan #"+strconv.Itoa(sw.Chosen), sc)
}

func chosenCaption(sw *reports.Sweep) string {
	if sw.Chosen < 1 {
		return ""
	}
	return " The black ring is the plan optimize chose (#" + strconv.Itoa(sw.Chosen) + "): the cheapest whose requirements hold with 95% confidence."
}

func addPareto(p *plot.Plot, l *plot.Legend, all, front plotter.XYs, names []string) {
	if len(all) == 0 {
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
		p.Add(note(0.5, 0.5, "no point has both a p95 latency and a cost"))
		return
	}
	sc, _ := plotter.NewScatter(all)
	sc.GlyphStyle = okGlyph
	p.Add(sc)
	l.Add("point", sc)
	if len(front) > 0 {
		front, names = byLatency(front, names)
		line := newLine(front, lineStyle(vermillion, lineWidth))
		fs, _ := plotter.NewScatter(front)
		fs.GlyphStyle = bestGlyph
		p.Add(line, fs, newTags(front, names))
		l.Add("Pareto-efficient", line, fs)
	}
	p.X.Min = math.Min(p.X.Min, 0)
	p.X.Max += math.Max(1, p.X.Max*0.08)
	pad := math.Max((p.Y.Max-p.Y.Min)*0.04, 1e-9) // the top and bottom glyphs whole
	p.Y.Min, p.Y.Max = p.Y.Min-pad, p.Y.Max+pad
}

// byLatency returns the Pareto front and its labels sorted by latency (x),
// so that the line joining them runs along the front, not in design order.
func byLatency(front plotter.XYs, names []string) (plotter.XYs, []string) {
	idx := make([]int, len(front))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return front[idx[a]].X < front[idx[b]].X })
	xy, ns := make(plotter.XYs, len(front)), make([]string, len(front))
	for i, k := range idx {
		xy[i], ns[i] = front[k], names[k]
	}
	return xy, ns
}

// sweepMetricsHeight is sweep-metrics' height: four panels, a whole
// number of pixels (tallHeight*4/3 is 933.33 px, an SVG and PNG of
// different heights).
const sweepMetricsHeight = vg.Length(702) // 936 px

// sweepKeyMetrics are the panels of sweep-metrics.
var sweepKeyMetrics = []struct{ name, label string }{
	{reports.SweepCost, "total cost (USD)"},
	{reports.SweepLatency, "p95 latency (s)"},
	{"total.placement_failure_ratio", "failure ratio"},
	{"total.utilisation", "utilisation"},
}

func sweepMetrics(sw *reports.Sweep, xs []float64) figure {
	return figure{
		name:    "sweep-metrics",
		title:   "Sweep: key metrics against " + sw.Paths[0],
		caption: "Each panel is one total metric against the varied value: the mean over replications, with its 95% confidence band.",
		height:  sweepMetricsHeight,
		draw: func(dc draw.Canvas) {
			var ps []*plot.Plot
			for _, m := range sweepKeyMetrics {
				p := newPlot(sw.Paths[0], m.label)
				var line, lo, hi plotter.XYs
				for i := range sw.Points {
					y, h := estimateOf(&sw.Points[i], m.name)
					if finite(y) {
						line = append(line, plotter.XY{X: xs[i], Y: y})
						lo, hi = append(lo, plotter.XY{X: xs[i], Y: y - h}), append(hi, plotter.XY{X: xs[i], Y: y + h})
					}
				}
				if len(line) > 0 {
					p.Add(filled(alpha(blue, bandOpacity), band(lo, hi)), newLine(line, lineStyle(blue, lineWidth)))
				}
				if len(line) == 1 { // a line or band of one point draws nothing: a point and its whisker
					h := hi[0].Y - line[0].Y
					if eb := yErrorBars(line, plotter.Errors{{Low: h, High: h}}, lineStyle(blue, thinWidth)); eb != nil {
						p.Add(eb)
					}
					p.Add(scatter(line, okGlyph))
				}
				ps = append(ps, p)
			}
			drawPanels(dc, ps, nil)
		},
	}
}

// band is the ring between lo and hi (hi walked back).
func band(lo, hi plotter.XYs) plotter.XYs {
	out := append(plotter.XYs{}, lo...)
	for i := len(hi) - 1; i >= 0; i-- {
		out = append(out, hi[i])
	}
	return out
}

// heatColour maps t in [0, 1] from light yellow to dark blue.
func heatColour(t float64) color.NRGBA {
	lo, hi := color.NRGBA{0xff, 0xf7, 0xbc, 0xff}, color.NRGBA{0x08, 0x30, 0x6b, 0xff}
	mix := func(a, b uint8) uint8 { return uint8(math.Round(float64(a) + t*(float64(b)-float64(a)))) }
	return color.NRGBA{mix(lo.R, hi.R), mix(lo.G, hi.G), mix(lo.B, hi.B), 0xff}
}
