package plots

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
)

// The placement-latency figures of a stream-group run: the CDF and the
// histogram, on a log latency axis with the placement timeouts marked.

// placed reports whether location i has placed requests to draw.
func (r *run) placed(i int) bool {
	s := r.f.Locations[i].Latency
	return s != nil && s.Count() > 0
}

// latencyFloor returns the smallest latency drawn on a log axis (seconds):
// 0.1 s, or a decade below the smallest positive latency if that is less.
func (r *run) latencyFloor() float64 {
	floor := 0.1
	for i := range r.f.Locations {
		if !r.placed(i) {
			continue
		}
		for _, b := range r.f.Locations[i].Latency.Bins() {
			if b.Upper > 0 && b.Upper < floor {
				floor = math.Pow(10, math.Floor(math.Log10(b.Upper)))
			}
		}
	}
	return floor
}

// latencyRange returns the log x range of the latency plots: from the
// smallest latency (the floor for 0 s, if zero is true) to the largest
// latency or timeout, widened to at least a decade.
func (r *run) latencyRange(floor float64, zero bool) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for i := range r.f.Locations {
		if !r.placed(i) {
			continue
		}
		for _, b := range r.f.Locations[i].Latency.Bins() {
			if b.Upper == 0 && !zero {
				continue
			}
			lo = math.Min(lo, math.Max(b.Lower, floor))
			hi = math.Max(hi, math.Max(b.Upper, floor))
		}
	}
	for _, t := range r.timeouts() {
		lo = math.Min(lo, t.Seconds)
		hi = math.Max(hi, t.Seconds)
	}
	if math.IsInf(lo, 1) { // nothing placed, no timeout
		return tidyLogRange(floor, 1000*floor)
	}
	lo, hi = lo/1.25, hi*1.25
	if hi/lo < 10 { // at least a decade, centred on the data
		m := geoMean(lo, hi)
		lo, hi = m/math.Sqrt(10), m*math.Sqrt(10)
	}
	return tidyLogRange(lo, hi)
}

// zeroShare returns the percentage of s's values that are 0 s (below
// sim.SketchMinValue).
func zeroShare(s *sim.Sketch) float64 {
	if s == nil || s.Count() == 0 {
		return 0
	}
	if bins := s.Bins(); len(bins) > 0 && bins[0].Upper == 0 {
		return 100 * float64(bins[0].Count) / float64(s.Count())
	}
	return 0
}

// zeroLabel returns location i's legend label with its share of immediate
// placements, e.g. "eu-central-1 (98.9% at 0 s)".
func (r *run) zeroLabel(i int) string {
	z := zeroShare(r.f.Locations[i].Latency)
	if z == 0 {
		return r.label(i)
	}
	return r.label(i) + " (" + strconv.FormatFloat(z, 'f', 1, 64) + "% at 0 s)"
}

// timeouts returns the timeouts that can be drawn on a log axis.
func (r *run) timeouts() []reports.Timeout {
	var ts []reports.Timeout
	for _, t := range r.f.Timeouts {
		if t.Seconds > 0 && finite(t.Seconds) {
			ts = append(ts, t)
		}
	}
	return ts
}

var timeoutDashes = [][]vg.Length{{6, 3}, {2, 2}, {8, 3, 2, 3}, {12, 4}}

func (r *run) addTimeouts(p *plot.Plot, l *plot.Legend) {
	for j, t := range r.timeouts() {
		v := vline{t.Seconds, lineStyle(grey, thinWidth, timeoutDashes[j%len(timeoutDashes)]...)}
		p.Add(v)
		l.Add(t.Label, v)
	}
}

func logLatencyPlot(ylabel string, lo, hi float64) *plot.Plot {
	p := newPlot("placement latency (s, log scale)", ylabel)
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = logTicks{}
	p.X.Min, p.X.Max = lo, hi
	return p
}

const noPlacedNote = "no placed requests"

func floorText(floor float64) string { return strconv.FormatFloat(floor, 'g', -1, 64) + " s" }

// quantileMarks are the quantiles marked on the latency CDF.
var quantileMarks = []struct {
	q     float64
	name  string
	shape draw.GlyphDrawer
}{{0.50, "p50", draw.CircleGlyph{}}, {0.95, "p95", draw.PyramidGlyph{}}, {0.99, "p99", draw.BoxGlyph{}}}

func (r *run) latencyCDF() figure {
	floor := r.latencyFloor()
	return figure{
		name:  "latency-cdf",
		title: "Placement latency: cumulative distribution",
		caption: "Share of placed requests (after the warm-up, pooled over replications) placed within a given latency, per location, " +
			"on a log axis: markers show each location's pooled p50, p95 and p99, dashed lines the placement timeouts; latencies below " +
			floorText(floor) + ", including immediate placements at 0 s (whose share the legend gives), are drawn at " + floorText(floor) +
			", and a location with no placed request is omitted.",
		draw: func(c draw.Canvas) {
			lo, hi := r.latencyRange(floor, true)
			p := logLatencyPlot("fraction of placed requests", lo, hi)
			p.Y.Min, p.Y.Max = 0, 1
			l := newLegend()
			drawn := false
			var marks []plot.Plotter
			for i := range r.f.Locations {
				if !r.placed(i) {
					continue
				}
				drawn = true
				s := r.f.Locations[i].Latency
				col := seriesColour(i)
				line := newLine(cdfPoints(s, floor, hi), lineStyle(col, lineWidth, seriesDashes(i)...))
				p.Add(line)
				l.Add(r.zeroLabel(i), line)
				for _, m := range quantileMarks {
					x := math.Max(s.Quantile(m.q), floor)
					marks = append(marks, scatter(plotter.XYs{{X: x, Y: m.q}},
						draw.GlyphStyle{Color: col, Radius: 4, Shape: m.shape}))
				}
			}
			p.Add(marks...) // on top of every line
			if drawn {
				for _, m := range quantileMarks {
					l.Add(m.name, scatter(nil, draw.GlyphStyle{Color: black, Radius: 4, Shape: m.shape}))
				}
			} else {
				p.Add(note(geoMean(lo, hi), 0.5, noPlacedNote))
			}
			r.addTimeouts(p, l)
			drawSingle(c, p, l)
		},
	}
}

// cdfPoints returns the empirical CDF of s's bins, linear within each bin,
// on a log axis whose values below floor are drawn at floor, continued
// flat to xmax.
func cdfPoints(s *sim.Sketch, floor, xmax float64) plotter.XYs {
	n := float64(s.Count())
	var xys plotter.XYs
	cum := 0.0
	for _, b := range s.Bins() {
		lo, hi := math.Max(b.Lower, floor), math.Max(b.Upper, floor)
		xys = append(xys, plotter.XY{X: lo, Y: cum / n})
		cum += float64(b.Count)
		xys = append(xys, plotter.XY{X: hi, Y: cum / n})
	}
	if last := xys[len(xys)-1]; last.X < xmax {
		xys = append(xys, plotter.XY{X: xmax, Y: last.Y})
	}
	return simplify(xys)
}

const (
	histBins    = 30
	histOpacity = 0x26
)

func (r *run) latencyHistogram() figure {
	floor := r.latencyFloor()
	return figure{
		name:  "latency-histogram",
		title: "Placement latency: distribution above 0 s",
		caption: "Share of each location's placed requests (after the warm-up, pooled over replications) whose placement took " +
			"the latency of each of " + strconv.Itoa(histBins) + " logarithmically spaced bins, overlaid per location; immediate " +
			"placements (0 s) have no place on a log axis, so the legend gives their share instead.",
		draw: func(c draw.Canvas) {
			lo, hi := r.latencyRange(floor, false)
			// Bins span the positive latencies only (not the timeouts).
			dlo, dhi := math.Inf(1), math.Inf(-1)
			for i := range r.f.Locations {
				if !r.placed(i) {
					continue
				}
				for _, b := range r.f.Locations[i].Latency.Bins() {
					if b.Upper > 0 {
						dlo = math.Min(dlo, math.Max(b.Lower, floor))
						dhi = math.Max(dhi, math.Max(b.Upper, floor))
					}
				}
			}
			p := logLatencyPlot("share of placed requests (%)", lo, hi)
			p.Y.Min = 0
			l := newLegend()
			if math.IsInf(dlo, 1) {
				p.Y.Max = 100
				msg := noPlacedNote
				for i := range r.f.Locations {
					if r.placed(i) {
						msg = "every placement was immediate (0 s)"
					}
				}
				p.Add(note(geoMean(lo, hi), 50, msg))
			} else {
				if dhi/dlo < 1.5 { // one value: widen so the bins have a width
					dlo, dhi = dlo/1.2, dhi*1.2
				}
				edges := make([]float64, histBins+1)
				for j := range edges {
					edges[j] = dlo * math.Pow(dhi/dlo, float64(j)/histBins)
				}
				var fills, outlines []plot.Plotter
				for i := range r.f.Locations {
					if !r.placed(i) {
						continue
					}
					col := seriesColour(i)
					sh := histShares(r.f.Locations[i].Latency, floor, edges)
					xys := plotter.XYs{{X: edges[0], Y: 0}}
					for j, v := range sh {
						xys = append(xys, plotter.XY{X: edges[j], Y: v}, plotter.XY{X: edges[j+1], Y: v})
					}
					xys = simplify(append(xys, plotter.XY{X: edges[histBins], Y: 0}))
					fill := &plotter.Line{XYs: xys, FillColor: alpha(col, histOpacity)}
					out := newLine(xys, lineStyle(col, lineWidth, seriesDashes(i)...))
					fills = append(fills, fill)
					outlines = append(outlines, out)
					l.Add(r.zeroLabel(i), inset{filled(alpha(col, histOpacity)), 3}, out)
				}
				p.Add(fills...)
				p.Add(outlines...)
				p.Y.Max *= 1.05
			}
			r.addTimeouts(p, l)
			drawSingle(c, p, l)
		},
	}
}

// histShares returns the percentage of s's values in each bin of edges,
// assigning each sketch bin by its representative value (clamped to the
// edges); zeros are left out but count in the total.
func histShares(s *sim.Sketch, floor float64, edges []float64) []float64 {
	sh := make([]float64, len(edges)-1)
	n := float64(s.Count())
	last := len(sh) - 1
	for _, b := range s.Bins() {
		if b.Upper == 0 { // 0 s: not on a log axis
			continue
		}
		v := math.Max(b.Value, floor)
		j := 0
		if v > edges[0] {
			j = int(float64(len(sh)) * math.Log(v/edges[0]) / math.Log(edges[len(edges)-1]/edges[0]))
		}
		j = min(max(j, 0), last)
		sh[j] += 100 * float64(b.Count) / n
	}
	return sh
}
