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

// fleetHeight is the height of a fleet location's three-panel figure:
// 900 px.
const fleetHeight = vg.Length(675)

// Fleets renders the fleet plots of a run, in a fixed order:
// fleet-<fleet>-<location> for each fleet location in order (instances,
// desired instances and scaling actions; game sessions and idle
// processes; placement requests), then fleet-cost (busy and idle cost per
// fleet location, from the locations' summaries).
func Fleets(f *reports.FleetFigures) ([]Plot, error) {
	if f == nil {
		return nil, errors.New("plots: nil fleet figures")
	}
	for i := range f.Locations {
		if err := checkFleetLocation(&f.Locations[i]); err != nil {
			return nil, err
		}
	}
	r := &fleetRun{f: f}
	var figs []figure
	names := map[string]int{}
	for i := range f.Locations {
		fg := r.capacity(i)
		if n := names[fg.name]; n > 0 { // same slug twice: keep names unique
			fg.name += "-" + strconv.Itoa(n+1)
		}
		names[fg.name]++
		figs = append(figs, fg)
	}
	figs = append(figs, r.cost())
	return renderAll(figs)
}

// checkFleetLocation reports series whose length differs from the bucket
// count, which would otherwise panic while drawing.
func checkFleetLocation(l *reports.FleetLocationFigures) error {
	n := l.Buckets()
	bad := func(name string, m int) error {
		return fmt.Errorf("plots: fleet %s/%s: %s has %d buckets, want %d", l.Fleet, l.Location, name, m, n)
	}
	for _, s := range []struct {
		name string
		b    reports.Band
	}{{"Instances", l.Instances}, {"Active", l.Active}, {"Idle", l.Idle}, {"RequestsPerHour", l.RequestsPerHour}} {
		if len(s.b.Mean) != n {
			return bad(s.name, len(s.b.Mean))
		}
		if len(s.b.CI95) != n {
			return bad(s.name+" CI95", len(s.b.CI95))
		}
	}
	if len(l.Desired) != n {
		return bad("Desired", len(l.Desired))
	}
	if len(l.Scaling) != n {
		return bad("Scaling", len(l.Scaling))
	}
	if n > 0 && !(l.StepSeconds > 0) {
		return fmt.Errorf("plots: fleet %s/%s: step %v s is not positive", l.Fleet, l.Location, l.StepSeconds)
	}
	return nil
}

type fleetRun struct{ f *reports.FleetFigures }

// label names fleet location i: the location, prefixed by its fleet when
// the run has several fleets.
func (r *fleetRun) label(i int) string {
	return legendLabel(len(r.f.Locations), i, func(j int) string { return r.f.Locations[j].Fleet }, r.f.Locations[i].Location)
}

// hours is the plotted time span: the longest location's buckets, else 1.
func (r *fleetRun) hours() float64 {
	h := 0.0
	for i := range r.f.Locations {
		l := &r.f.Locations[i]
		h = math.Max(h, float64(l.Buckets())*l.StepSeconds/3600)
	}
	if !(h > 0) || !finite(h) {
		h = 1
	}
	return h
}

func (r *fleetRun) warmupHours() float64 { return warmupHours(r.f.WarmupSeconds) }

func (r *fleetRun) timePlot(ylabel string) *plot.Plot {
	return timePlot(ylabel, r.hours(), r.warmupHours())
}

// fleetView returns the display view of a fleet location's series (see
// view): whole groups of buckets, at most maxBuckets of them.
func fleetView(l *reports.FleetLocationFigures, maxBuckets int) view {
	n := l.Buckets()
	need := (n + maxBuckets - 1) / maxBuckets
	f := need
	for _, c := range niceFactors {
		if c >= need {
			f = c
			break
		}
	}
	return view{n: n, f: max(f, 1), step: l.StepSeconds}
}

// rug marks x positions with short vertical ticks rising from the bottom
// of the data area; it does not change the axis ranges.
type rug struct {
	xs     []float64
	sty    draw.LineStyle
	length vg.Length
}

func (g rug) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	for _, x := range g.xs {
		px := trX(x)
		if px < c.Min.X || px > c.Max.X {
			continue
		}
		c.StrokeLine2(g.sty, px, c.Min.Y, px, c.Min.Y+g.length)
	}
}

func (g rug) Thumbnail(c *draw.Canvas) {
	x := c.Center().X
	h := min(g.length, c.Max.Y-c.Min.Y)
	y0 := c.Center().Y - h/2
	for _, dx := range []vg.Length{-4, 0, 4} {
		c.StrokeLine2(g.sty, x+dx, y0, x+dx, y0+h)
	}
}

// bandPeak returns the largest finite upper edge of b, or 0.
func bandPeak(b reports.Band) float64 {
	peak := 0.0
	for k := range b.Mean {
		if u := b.Upper(k); finite(u) {
			peak = math.Max(peak, u)
		}
	}
	return peak
}

// addBand adds a banded step series clamped at 0 to p and its legend entry
// to l.
func addBand(p *plot.Plot, l *plot.Legend, name string, b reports.Band, x func(int) float64, col color.NRGBA, dashes ...vg.Length) {
	sty := lineStyle(col, lineWidth, dashes...)
	ser := bandOf(b, x)
	ser.lo, ser.hi = 0, math.Inf(1)
	bs, ln := ser.plotters(col, sty)
	p.Add(bs...)
	p.Add(ln...)
	l.Add(name, legendThumbs(col, sty, len(bs) > 0)...)
}

func (r *fleetRun) capacity(i int) figure {
	l := &r.f.Locations[i]
	title := "Fleet capacity: " + l.Fleet + " / " + l.Location
	if l.Kind != "" {
		title += " (" + l.Kind + ")"
	}
	requests := "placement requests"
	if l.Kind == "fleetiq" {
		requests = "claims"
	}
	vt, vd := fleetView(l, maxStateBuckets), fleetView(l, maxDemandBuckets)
	return figure{
		name:   "fleet-" + slug(l.Fleet) + "-" + slug(l.Location),
		title:  title,
		height: fleetHeight,
		caption: "Top: instances held (mean over replications, shaded 95% confidence band) and the desired instance count " +
			"(dashed); ticks along the bottom mark the periods with a scaling action in at least one replication. Middle: " +
			"game sessions and idle ready processes. Bottom: the " + requests + " per hour counted at this location. The " +
			"grey span is the warm-up." +
			vt.captionNote("Instances and processes are") + vd.captionNote("Requests per hour are"),
		draw: func(c draw.Canvas) {
			addWarmup := func(lg *plot.Legend) {
				if r.warmupHours() > 0 {
					lg.Add("warm-up", vspan{color: warmupGrey})
				}
			}
			blank := func(p *plot.Plot) {
				p.X.Label.Text = ""
				p.X.Tick.Marker = hourTicks{blank: true}
			}

			top := r.timePlot("instances")
			blank(top)
			lt := newLegend()
			inst := vt.mean(l.Instances, false)
			addBand(top, lt, "instances", inst, vt.x, blue)
			peak := bandPeak(inst)
			desSty := lineStyle(black, thinWidth, 6, 3)
			desired := vt.last(reports.Band{Mean: l.Desired, CI95: nanBand(len(l.Desired))}).Mean
			_, ds := stepSeries{mean: desired, x: vt.x}.plotters(black, desSty)
			top.Add(ds...)
			for _, v := range desired {
				if finite(v) {
					peak = math.Max(peak, v)
				}
			}
			lt.Add("desired instances", newLine(nil, desSty))
			var xs []float64
			for j := range vt.buckets() {
				a, b := vt.group(j)
				s := 0.0
				for k := a; k < b; k++ {
					if finite(l.Scaling[k]) {
						s += l.Scaling[k]
					}
				}
				if s > 1e-12 {
					xs = append(xs, (vt.x(j)+vt.x(j+1))/2)
				}
			}
			rugSty := lineStyle(vermillion, thinWidth)
			top.Add(rug{xs: xs, sty: rugSty, length: 7})
			lt.Add("scaling actions", rug{sty: rugSty, length: 7})
			top.Y.Min, top.Y.Max = 0, math.Max(peak, 1)*1.08
			addWarmup(lt)

			mid := r.timePlot("processes")
			blank(mid)
			lm := newLegend()
			act, idle := vt.mean(l.Active, false), vt.mean(l.Idle, false)
			addBand(mid, lm, "game sessions", act, vt.x, bluishGreen)
			addBand(mid, lm, "idle processes", idle, vt.x, orange)
			mid.Y.Min, mid.Y.Max = 0, math.Max(math.Max(bandPeak(act), bandPeak(idle)), 1)*1.05

			bottom := r.timePlot(requests + " per hour")
			lb := newLegend()
			req := vd.mean(l.RequestsPerHour, true)
			addBand(bottom, lb, strings.TrimPrefix(requests, "placement ")+" per hour", req, vd.x, skyBlue)
			bottom.Y.Min, bottom.Y.Max = 0, math.Max(bandPeak(req), 1)*1.05

			drawPanels(drawTitle(c, title), []*plot.Plot{top, mid, bottom}, []*plot.Legend{lt, lm, lb})
		},
	}
}

// nanBand returns n NaN half-widths.
func nanBand(n int) []float64 {
	xs := make([]float64, n)
	for k := range xs {
		xs[k] = math.NaN()
	}
	return xs
}

// locationCost returns fleet location i's cost and idle cost (USD) from its
// summary; ok is false without one.
func (r *fleetRun) locationCost(i int) (cost, idle sim.Estimate, ok bool) {
	s := r.f.Locations[i].Summary
	if s == nil {
		return sim.Estimate{}, sim.Estimate{}, false
	}
	return s.Get("cost_usd"), s.Get("idle_cost_usd"), true
}

func (r *fleetRun) cost() figure {
	const title = "Estimated cost by fleet location"
	return figure{
		name:  "fleet-cost",
		title: title,
		caption: "Estimated cost in US dollars of each fleet location over the measured period (after the warm-up), as the " +
			"mean over replications, split into idle cost (ready processes without a game session) and the rest (busy: game " +
			"sessions, instances starting, draining or held by terminations); the whisker is the 95% confidence interval of " +
			"the total.",
		draw: func(c draw.Canvas) {
			p := newPlot("", "cost (USD)")
			l := newLegend()
			var names []string
			var tops plotter.XYs
			var errs plotter.YErrors
			var labels []string
			var missing plotter.XYs
			busyColour, idleColour := bluishGreen, orange
			for i := range r.f.Locations {
				names = append(names, r.label(i))
				cost, idle, ok := r.locationCost(i)
				if !ok || !finite(cost.Mean) {
					missing = append(missing, plotter.XY{X: float64(i)})
					continue
				}
				x := float64(i)
				id := math.Min(math.Max(zeroNaN(idle.Mean), 0), math.Max(cost.Mean, 0))
				busy := math.Max(cost.Mean, 0) - id
				p.Add(filled(busyColour, rect(x-0.3, x+0.3, 0, busy)))
				p.Add(filled(idleColour, rect(x-0.3, x+0.3, busy, busy+id)))
				ci := zeroNaN(cost.CI95)
				tops = append(tops, plotter.XY{X: x, Y: cost.Mean})
				// A cost is not negative: clip the lower whisker at 0.
				errs = append(errs, struct{ Low, High float64 }{math.Min(ci, math.Max(cost.Mean, 0)), ci})
				labels = append(labels, "$"+formatUSD(cost.Mean))
			}
			l.Add("busy cost", swatch(busyColour))
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
				for _, m := range missing { // a location without an estimate
					sty := textStyle(sansFont, tickSize)
					sty.Color, sty.XAlign = grey, draw.XCenter
					p.Add(&plotter.Labels{XYs: plotter.XYs{m}, Labels: []string{"n/a"}, TextStyle: []text.Style{sty}, Offset: vg.Point{Y: 3}})
				}
			} else {
				msg := "no cost estimate"
				if len(names) == 0 {
					msg = "no fleet location"
				}
				p.Add(note(math.Max(float64(len(names)-1), 0)/2, 0.5, msg))
			}
			if len(names) > 0 {
				p.NominalX(names...)
			} else {
				p.X.Tick.Marker = plot.ConstantTicks(nil)
			}
			p.X.Min, p.X.Max = -0.6, math.Max(float64(len(names)), 1)-0.4
			p.Y.Min = 0
			p.Y.Max = math.Max(p.Y.Max, 1e-9) * 1.1
			single(title, p, l)(c)
		},
	}
}
