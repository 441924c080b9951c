package plots

import (
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"

	"github.com/capsim/capsim/reports"
)

// sweepLevels returns the distinct values of path i, in first-seen order.
func sweepLevels(sw *reports.Sweep, i int) []string {
	var out []string
	for _, p := range sw.Points {
		if !slices.Contains(out, p.Values[i]) {
			out = append(out, p.Values[i])
		}
	}
	return out
}

func sweepHeatmap(sw *reports.Sweep, name, label, stem string) figure {
	caption := "Each cell is one point: " + label + " (mean over replications) by " + sw.Paths[0] + " (across) and " +
		sw.Paths[1] + " (up); darker is higher (the legend gives the colour scale). Blank cells were skipped or have no estimate."
	if len(sw.Requirements) > 0 {
		caption += " Outlined cells meet every requirement on the one-sided 95% bounds."
	}
	return figure{
		name:    "sweep-heatmap-" + stem,
		title:   "Sweep: " + label,
		caption: caption,
		draw: func(dc draw.Canvas) {
			p, l := heatmapPlot(sw, name)
			drawSingle(dc, p, l)
		},
	}
}

// heatmapPlot draws a cell per point at the indices of its two values,
// coloured by the metric's mean scaled between its least and greatest,
// and the legend of that colour scale.
func heatmapPlot(sw *reports.Sweep, name string) (*plot.Plot, *plot.Legend) {
	xs, ys := sweepLevels(sw, 0), sweepLevels(sw, 1)
	p := newPlot(sw.Paths[0], sw.Paths[1])
	p.X.Tick.Marker = labelTicks(xs)
	p.Y.Tick.Marker = labelTicks(ys)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -0.5, float64(len(xs))-0.5, -0.5, float64(len(ys))-0.5
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range sw.Points {
		if v, _ := estimateOf(&sw.Points[i], name); finite(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	var cellXY plotter.XYs
	var cellText []string
	for i := range sw.Points {
		pt := &sw.Points[i]
		v, _ := estimateOf(pt, name)
		if !finite(v) {
			continue
		}
		x, y := float64(slices.Index(xs, pt.Values[0])), float64(slices.Index(ys, pt.Values[1]))
		t := 0.0
		if hi > lo {
			t = (v - lo) / (hi - lo)
		}
		p.Add(filled(heatColour(t), rect(x-0.5, x+0.5, y-0.5, y+0.5)))
		if pt.FeasibleBound != nil && *pt.FeasibleBound {
			p.Add(newLine(append(rect(x-0.45, x+0.45, y-0.45, y+0.45), plotter.XY{X: x - 0.45, Y: y - 0.45}),
				lineStyle(vermillion, lineWidth*1.5)))
		}
		cellXY = append(cellXY, plotter.XY{X: x - 0.4, Y: y - 0.1})
		cellText = append(cellText, cellNumber(v))
	}
	if len(cellXY) > 0 {
		p.Add(newTags(cellXY, cellText))
	}
	return p, heatLegend(lo, hi)
}

// heatLegend is the colour scale of a heatmap from lo to hi: five
// swatches, each with its value; nil without a finite value.
func heatLegend(lo, hi float64) *plot.Legend {
	if !finite(lo) || !finite(hi) {
		return nil
	}
	l := newLegend()
	if hi == lo {
		l.Add(cellNumber(lo)+" (every cell)", swatch(heatColour(0)))
		return l
	}
	for k := 4; k >= 0; k-- {
		t := float64(k) / 4
		l.Add(cellNumber(lo+t*(hi-lo)), swatch(heatColour(t)))
	}
	return l
}

// cellNumber writes a heatmap value to three significant digits without
// an exponent below a million: 8620, 75.5, 0.0123.
func cellNumber(v float64) string {
	if v == 0 || math.Abs(v) >= 1e6 || math.Abs(v) < 1e-3 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	mag := int(math.Floor(math.Log10(math.Abs(v))))
	return strconv.FormatFloat(v, 'f', max(0, 2-mag), 64)
}

// labelTicks puts the level names at 0, 1, 2, ...
type labelTicks []string

func (l labelTicks) Ticks(min, max float64) []plot.Tick {
	out := make([]plot.Tick, len(l))
	for i, s := range l {
		out[i] = plot.Tick{Value: float64(i), Label: s}
	}
	return out
}
