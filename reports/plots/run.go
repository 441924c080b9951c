package plots

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
)

// Run renders every plot of a run, in a fixed order: latency-cdf,
// latency-histogram, capacity-<group>-<location> for each location in
// order, utilisation, failures, cost, cost-cumulative.
func Run(f *reports.Figures) ([]Plot, error) {
	if f == nil {
		return nil, errors.New("plots: nil figures")
	}
	for i := range f.Locations {
		if err := checkLocation(&f.Locations[i]); err != nil {
			return nil, err
		}
	}
	r := &run{f: f}
	figs := []figure{r.latencyCDF(), r.latencyHistogram()}
	names := map[string]int{}
	for i := range f.Locations {
		fg := r.capacity(i)
		if n := names[fg.name]; n > 0 { // same slug twice: keep names unique
			fg.name += "-" + strconv.Itoa(n+1)
		}
		names[fg.name]++
		figs = append(figs, fg)
	}
	figs = append(figs, r.utilisation(), r.failures(), r.cost(), r.cumulativeCost())
	return renderAll(figs)
}

// checkLocation reports series whose length differs from the bucket count,
// which would otherwise panic while drawing.
func checkLocation(l *reports.LocationFigures) error {
	n := l.Buckets()
	bad := func(name string, m int) error {
		return fmt.Errorf("plots: %s/%s: %s has %d buckets, want %d", l.StreamGroup, l.Location, name, m, n)
	}
	for _, s := range []struct {
		name string
		b    reports.Band
	}{{"Allocated", l.Allocated}, {"Streaming", l.Streaming}, {"Idle", l.Idle}, {"Waiting", l.Waiting},
		{"RequestsPerHour", l.RequestsPerHour}, {"Utilisation", l.Utilisation}, {"CostUSD", l.CostUSD},
		{"IdleCostUSD", l.IdleCostUSD}, {"CumulativeCostUSD", l.CumulativeCostUSD}} {
		if s.b.Len() != n {
			return bad(s.name, s.b.Len())
		}
		if !s.b.Computed() && len(s.b.CI95) != n {
			return bad(s.name+" CI95", len(s.b.CI95))
		}
	}
	for _, fr := range l.Failures {
		if fr.PerHour.Len() != n || !fr.PerHour.Computed() && len(fr.PerHour.CI95) != n {
			return bad("failures "+fr.Reason, fr.PerHour.Len())
		}
	}
	if l.AlwaysOn.Len() != n {
		return bad("AlwaysOn", l.AlwaysOn.Len())
	}
	if l.Maximum.Len() != n {
		return bad("Maximum", l.Maximum.Len())
	}
	if n > 0 && !(l.StepSeconds > 0) {
		return fmt.Errorf("plots: %s/%s: step %v s is not positive", l.StreamGroup, l.Location, l.StepSeconds)
	}
	return nil
}

type run struct{ f *reports.Figures }

// label names location i in legends: the location, prefixed by its stream
// group when the run has several groups.
func (r *run) label(i int) string {
	return legendLabel(len(r.f.Locations), i, func(j int) string { return r.f.Locations[j].StreamGroup }, r.f.Locations[i].Location)
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

// hours is the plotted time span: the longest location's buckets, else the
// summary's horizon.
func (r *run) hours() float64 {
	h := 0.0
	for i := range r.f.Locations {
		l := &r.f.Locations[i]
		h = math.Max(h, float64(l.Buckets())*l.StepSeconds/3600)
	}
	if h == 0 && r.f.Summary != nil {
		h = r.f.Summary.HorizonSeconds / 3600
	}
	if !(h > 0) || !finite(h) {
		h = 1
	}
	return h
}

func (r *run) warmupHours() float64 { return warmupHours(r.f.WarmupSeconds) }

func (r *run) timePlot(ylabel string) *plot.Plot { return timePlot(ylabel, r.hours(), r.warmupHours()) }

// warmupHours converts a warm-up in seconds to hours, 0 if undefined.
func warmupHours(seconds float64) float64 { return math.Max(0, zeroNaN(seconds/3600)) }

// timePlot returns a plot whose x axis is hours since the start, up to
// hours, with the first warmup hours shaded.
func timePlot(ylabel string, hours, warmup float64) *plot.Plot {
	p := newPlot("hours since start (h)", ylabel)
	p.X.Min, p.X.Max = 0, hours
	p.X.Tick.Marker = hourTicks{}
	if warmup > 0 {
		p.Add(vspan{0, warmup, warmupGrey})
	}
	return p
}

func (r *run) addWarmupLegend(l *plot.Legend) {
	if r.warmupHours() > 0 {
		l.Add("warm-up", vspan{color: warmupGrey})
	}
}

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
		return floor, 1000 * floor
	}
	lo, hi = lo/1.25, hi*1.25
	if hi/lo < 10 { // at least a decade, centred on the data
		m := math.Sqrt(lo * hi)
		lo, hi = m/math.Sqrt(10), m*math.Sqrt(10)
	}
	return lo, hi
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
	const title = "Placement latency: cumulative distribution"
	floor := r.latencyFloor()
	return figure{
		name:  "latency-cdf",
		title: title,
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
				p.Add(note(math.Sqrt(lo*hi), 0.5, noPlacedNote))
			}
			r.addTimeouts(p, l)
			single(title, p, l)(c)
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
	const title = "Placement latency: distribution above 0 s"
	floor := r.latencyFloor()
	return figure{
		name:  "latency-histogram",
		title: title,
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
				p.Add(note(math.Sqrt(lo*hi), 50, msg))
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
			single(title, p, l)(c)
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

func (r *run) capacity(i int) figure {
	l := &r.f.Locations[i]
	title := "Capacity and demand: " + l.StreamGroup + " / " + l.Location
	if l.Class != "" {
		title += " (" + l.Class + ")"
	}
	vt, vd := newView(l, maxStateBuckets), newView(l, maxDemandBuckets)
	return figure{
		name:   "capacity-" + slug(l.StreamGroup) + "-" + slug(l.Location),
		title:  title,
		height: tallHeight,
		caption: "Top: allocated, streaming and idle stream slots and waiting requests over time (means over replications, " +
			"shaded 95% confidence bands), with the always-on floor and the maximum as dashed lines; bottom: the requests per hour " +
			"choosing this location first; the grey span is the warm-up." +
			vt.captionNote("Slots and requests waiting are") + vd.captionNote("Requests per hour are"),
		draw: func(c draw.Canvas) {
			top := r.timePlot("slots (waiting: requests)")
			top.X.Label.Text = ""
			top.X.Tick.Marker = hourTicks{blank: true}
			lt := newLegend()
			var bands, lines []plot.Plotter
			peak := 0.0
			for _, s := range []struct {
				name string
				b    reports.Band
				col  color.NRGBA
			}{{"allocated", l.Allocated, blue}, {"streaming", l.Streaming, bluishGreen},
				{"idle", l.Idle, orange}, {"waiting requests", l.Waiting, vermillion}} {
				sty := lineStyle(s.col, lineWidth)
				b := vt.mean(s.b, false)
				ser := bandOf(b, vt.x)
				ser.lo, ser.hi = 0, math.Inf(1)
				bs, ln := ser.plotters(s.col, sty)
				bands, lines = append(bands, bs...), append(lines, ln...)
				lt.Add(s.name, legendThumbs(s.col, sty, len(bs) > 0)...)
				for k := range b.Mean {
					if u := b.Upper(k); finite(u) {
						peak = math.Max(peak, u)
					}
				}
			}
			top.Add(bands...)
			top.Add(lines...)
			aoSty := lineStyle(black, thinWidth, 6, 3)
			maxSty := lineStyle(reddishPurple, thinWidth, 2, 2)
			alwaysOn, maximum := vt.meanOf(l.AlwaysOn), vt.meanOf(l.Maximum)
			setting := func(v []float64) stepSeries { return stepSeries{mean: v, x: vt.x} }
			_, ao := setting(alwaysOn).plotters(black, aoSty)
			top.Add(ao...)
			for _, v := range alwaysOn {
				if finite(v) {
					peak = math.Max(peak, v)
				}
			}
			_, mx := setting(maximum).plotters(reddishPurple, maxSty)
			top.Add(mx...)
			lt.Add("always-on floor", newLine(nil, aoSty))
			ceiling := math.Inf(-1)
			for _, v := range maximum {
				if finite(v) {
					ceiling = math.Max(ceiling, v)
				}
			}
			top.Y.Min = 0
			switch {
			case ceiling > 0 && peak > 0 && ceiling > 2*peak:
				// A far-away ceiling would flatten the data: leave it off the axis.
				top.Y.Max = peak * 1.1
				lt.Add("maximum ("+formatNumber(ceiling)+", off scale)", newLine(nil, maxSty))
			default:
				top.Y.Max = math.Max(top.Y.Max, 1) * 1.05
				lt.Add("maximum", newLine(nil, maxSty))
			}
			r.addWarmupLegend(lt)

			bottom := r.timePlot("requests per hour")
			lb := newLegend()
			sty := lineStyle(skyBlue, lineWidth)
			ser := bandOf(vd.mean(l.RequestsPerHour, true), vd.x)
			ser.lo, ser.hi = 0, math.Inf(1)
			b, ln := ser.plotters(skyBlue, sty)
			bottom.Add(b...)
			bottom.Add(ln...)
			bottom.Y.Min = 0
			bottom.Y.Max = math.Max(bottom.Y.Max, 1) * 1.05
			lb.Add("requests per hour", legendThumbs(skyBlue, sty, len(b) > 0)...)

			drawPanels(drawTitle(c, title), []*plot.Plot{top, bottom}, []*plot.Legend{lt, lb})
		},
	}
}

// views returns each location's view at maxBuckets and the caption note
// (of the first location that averages; locations share a step in practice).
func (r *run) views(maxBuckets int, what string) ([]view, string) {
	vs := make([]view, len(r.f.Locations))
	note := ""
	for i := range r.f.Locations {
		vs[i] = newView(&r.f.Locations[i], maxBuckets)
		if note == "" {
			note = vs[i].captionNote(what)
		}
	}
	return vs, note
}

func (r *run) utilisation() figure {
	const title = "Utilisation: streaming / allocated slots"
	vs, vnote := r.views(maxStateBuckets, "Values are")
	return figure{
		name:  "utilisation",
		title: title,
		caption: "Share of allocated stream slots that hold a stream, per location over time (mean over replications with a " +
			"shaded 95% confidence band); gaps are periods with nothing allocated, and the grey span is the warm-up." + vnote,
		draw: func(c draw.Canvas) {
			p := r.timePlot("utilisation (%)")
			p.Y.Min, p.Y.Max = 0, 100
			l := newLegend()
			var bands, lines []plot.Plotter
			for i := range r.f.Locations {
				lf := &r.f.Locations[i]
				col := seriesColour(i)
				sty := lineStyle(col, lineWidth, seriesDashes(i)...)
				ser := bandOf(vs[i].mean(lf.Utilisation, false), vs[i].x)
				ser.scale, ser.lo, ser.hi = 100, 0, 100
				b, ln := ser.plotters(col, sty)
				bands, lines = append(bands, b...), append(lines, ln...)
				l.Add(r.label(i), legendThumbs(col, sty, len(b) > 0)...)
			}
			p.Add(bands...)
			p.Add(lines...)
			if len(lines) == 0 {
				p.Add(note(r.hours()/2, 50, "nothing allocated"))
			}
			p.Y.Min, p.Y.Max = 0, 100
			r.addWarmupLegend(l)
			single(title, p, l)(c)
		},
	}
}

// hourly sums a per-bucket rate (per hour) into events per whole hour,
// splitting a bucket that straddles an hour by overlap; NaN buckets count
// as 0.
func hourly(l *reports.LocationFigures, perHour reports.Band, hours int) []float64 {
	out := make([]float64, hours)
	step := l.StepSeconds
	for k := range perHour.Len() {
		v, _ := perHour.At(k)
		if !finite(v) || v == 0 {
			continue
		}
		a, b := float64(k)*step, float64(k+1)*step
		for h := int(a / 3600); h < hours && float64(h)*3600 < b; h++ {
			ov := math.Min(b, float64(h+1)*3600) - math.Max(a, float64(h)*3600)
			if ov > 0 {
				out[h] += v * ov / 3600
			}
		}
	}
	return out
}

func (r *run) failures() figure {
	const title = "Placement failures per hour, by reason"
	return figure{
		name:  "failures",
		title: title,
		caption: "Requests that ended in ERROR in each hour (mean over replications), stacked by the location they chose first " +
			"and the failure reason; a series that is zero throughout is left out, and the grey span is the warm-up.",
		draw: func(c draw.Canvas) {
			hours := int(math.Ceil(r.hours() - 1e-9))
			p := r.timePlot("placement failures per hour")
			p.X.Max = float64(hours)
			l := newLegend()
			stack := make([]float64, hours)
			n := 0
			for i := range r.f.Locations {
				lf := &r.f.Locations[i]
				for _, fr := range lf.Failures {
					h := hourly(lf, fr.PerHour, hours)
					nonzero := false
					for _, v := range h {
						nonzero = nonzero || v > 1e-12
					}
					if !nonzero {
						continue
					}
					col := seriesColour(n)
					n++
					var rings []plotter.XYs
					for j, v := range h {
						if v > 0 {
							rings = append(rings, rect(float64(j)+0.1, float64(j)+0.9, stack[j], stack[j]+v))
							stack[j] += v
						}
					}
					poly := filled(col, rings...)
					poly.LineStyle = lineStyle(color.White, 0.5)
					p.Add(poly)
					l.Add(r.label(i)+": "+fr.Reason, swatch(col))
				}
			}
			p.Y.Min = 0
			if n == 0 {
				p.Y.Max = 1
				p.Add(note(float64(hours)/2, 0.5, "no placement failures"))
			} else {
				p.Y.Max *= 1.05
			}
			r.addWarmupLegend(l)
			single(title, p, l)(c)
		},
	}
}

// locationCost returns location i's cost and idle cost estimates (USD) from
// the summary, or, without a matching summary, the sums of the bucket
// means after the warm-up (with no CI).
func (r *run) locationCost(i int) (cost, idle sim.Estimate) {
	lf := &r.f.Locations[i]
	if s := r.f.Summary; s != nil {
		if i < len(s.Locations) && s.Locations[i].StreamGroup == lf.StreamGroup && s.Locations[i].Location == lf.Location {
			return s.Locations[i].Get("cost_usd"), s.Locations[i].Get("idle_cost_usd")
		}
		for j := range s.Locations {
			if s.Locations[j].StreamGroup == lf.StreamGroup && s.Locations[j].Location == lf.Location {
				return s.Locations[j].Get("cost_usd"), s.Locations[j].Get("idle_cost_usd")
			}
		}
	}
	sum := func(b reports.Band) sim.Estimate {
		t := 0.0
		for k := range b.Len() {
			if v, _ := b.At(k); lf.Hours(k) >= r.warmupHours() && finite(v) {
				t += v
			}
		}
		return sim.Estimate{Mean: t, CI95: math.NaN()}
	}
	return sum(lf.CostUSD), sum(lf.IdleCostUSD)
}

func (r *run) cost() figure {
	const title = "Estimated cost by location"
	return figure{
		name:  "cost",
		title: title,
		caption: "Estimated cost in US dollars of each location over the measured period (after the warm-up), split into " +
			"streaming cost (slots holding a stream) and idle cost (allocated but unused slots); the whisker is the 95% confidence " +
			"interval of the total.",
		draw: func(c draw.Canvas) {
			p := newPlot("", "cost (USD)")
			l := newLegend()
			var names []string
			var tops plotter.XYs
			var errs plotter.YErrors
			var labels []string
			strColour, idleColour := bluishGreen, orange
			for i := range r.f.Locations {
				names = append(names, r.label(i))
				cost, idle := r.locationCost(i)
				if !finite(cost.Mean) {
					continue
				}
				x := float64(i)
				streaming := cost.Mean - zeroNaN(idle.Mean)
				p.Add(filled(strColour, rect(x-0.3, x+0.3, 0, streaming)))
				p.Add(filled(idleColour, rect(x-0.3, x+0.3, streaming, cost.Mean)))
				ci := zeroNaN(cost.CI95)
				tops = append(tops, plotter.XY{X: x, Y: cost.Mean})
				errs = append(errs, struct{ Low, High float64 }{ci, ci})
				labels = append(labels, "$"+formatUSD(cost.Mean))
			}
			l.Add("streaming cost", swatch(strColour))
			l.Add("idle cost", swatch(idleColour))
			if len(tops) > 0 {
				if eb := yErrorBars(tops, plotter.Errors(errs), lineStyle(black, thinWidth)); eb != nil {
					eb.CapWidth = 10
					p.Add(eb)
					l.Add("95% CI of total", whisker{eb.LineStyle})
				}
				lab := make(plotter.XYs, len(tops))
				for j, t := range tops {
					lab[j] = plotter.XY{X: t.X, Y: t.Y + errs[j].High}
				}
				sty := textStyle(sansFont, tickSize)
				sty.XAlign = draw.XCenter
				styles := make([]text.Style, len(labels))
				for j := range styles {
					styles[j] = sty
				}
				p.Add(&plotter.Labels{XYs: lab, Labels: labels, TextStyle: styles, Offset: vg.Point{Y: 3}})
			} else {
				p.Add(note(float64(len(names)-1)/2, 0.5, "no cost estimate"))
			}
			if len(names) > 0 {
				p.NominalX(names...)
			}
			p.X.Min, p.X.Max = -0.6, float64(len(names))-0.4
			p.Y.Min = 0
			p.Y.Max = math.Max(p.Y.Max, 1e-9) * 1.1
			single(title, p, l)(c)
		},
	}
}

// formatUSD formats dollars with 3–4 significant digits: 1234, 56.7, 0.123.
func formatUSD(v float64) string {
	switch a := math.Abs(v); {
	case a >= 1000:
		return strconv.FormatFloat(v, 'f', 0, 64)
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

func (r *run) cumulativeCost() figure {
	const title = "Cumulative cost"
	vs, _ := r.views(maxStateBuckets, "")
	return figure{
		name:  "cost-cumulative",
		title: title,
		caption: "Running total of the estimated cost in US dollars from the start (warm-up included, shaded grey), per location and " +
			"summed over locations, as means over replications with shaded 95% confidence bands; the total's band adds the " +
			"locations' half-widths, which is conservative.",
		draw: func(c draw.Canvas) {
			p := r.timePlot("cumulative cost (USD)")
			l := newLegend()
			var bands, lines []plot.Plotter
			// The total needs every location on the same buckets (one run
			// has one timeseries step).
			same := len(r.f.Locations) > 1
			for i := range r.f.Locations {
				lf, l0 := &r.f.Locations[i], &r.f.Locations[0]
				same = same && lf.Buckets() == l0.Buckets() && lf.StepSeconds == l0.StepSeconds && lf.Buckets() > 0
			}
			// The total is read at the ends of the display buckets only,
			// where vs[0].last takes it: the same sums, in location order.
			var total reports.Band
			if same {
				m := vs[0].buckets()
				total = reports.Band{Mean: make([]float64, m), CI95: make([]float64, m)}
			}
			for i := range r.f.Locations {
				lf := &r.f.Locations[i]
				col := seriesColour(i)
				sty := lineStyle(col, lineWidth, seriesDashes(i)...)
				last := vs[i].last(lf.CumulativeCostUSD)
				ser := bandOf(last, vs[i].x)
				ser.linear = true
				b, ln := ser.plotters(col, sty)
				bands, lines = append(bands, b...), append(lines, ln...)
				l.Add(r.label(i), legendThumbs(col, sty, len(b) > 0)...)
				for j := range total.Mean { // same: vs[i] groups as vs[0]
					total.Mean[j] += last.Mean[j]
					total.CI95[j] += zeroNaN(last.CI95[j])
				}
			}
			if same {
				sty := lineStyle(black, 2)
				ser := bandOf(total, vs[0].x)
				ser.linear = true
				b, ln := ser.plotters(black, sty)
				bands, lines = append(bands, b...), append(lines, ln...)
				l.Add("total", legendThumbs(black, sty, len(b) > 0)...)
			}
			p.Add(bands...)
			p.Add(lines...)
			p.Y.Min = 0
			p.Y.Max = math.Max(p.Y.Max, 1e-9) * 1.05
			r.addWarmupLegend(l)
			single(title, p, l)(c)
		},
	}
}
