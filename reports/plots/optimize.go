package plots

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim/metric"
)

// The glyphs of optimize-frontier.
var (
	heldGlyph   = draw.GlyphStyle{Color: blue, Radius: 3.5, Shape: draw.CircleGlyph{}}
	missedGlyph = draw.GlyphStyle{Color: grey, Radius: 3.5, Shape: draw.RingGlyph{}}
	givenGlyph  = draw.GlyphStyle{Color: vermillion, Radius: 6, Shape: draw.PyramidGlyph{}}
)

// Optimize renders optimize.html's figure, optimize-frontier: every plan
// the search evaluated, cost against p95 wait on the search's
// replications (those whose requirements held filled, the others hollow),
// the Pareto front joined; the plan chosen (ringed) and the scenario as
// given (a triangle) at their estimates on the verification's fresh
// replications, each labelled, with 95% CI whiskers; and a dashed line at
// each upper limit a requirement sets on the x axis's metric (in any
// scope).
func Optimize(sw *reports.Sweep, o *reports.Optimize) ([]Plot, error) {
	if sw == nil || o == nil {
		return nil, errors.New("plots: nil optimize result")
	}
	return renderAll([]figure{optimizeFrontier(sw, o)})
}

func optimizeFrontier(sw *reports.Sweep, o *reports.Optimize) figure {
	cost, latency := sw.Axes()
	return figure{
		name:  "optimize-frontier",
		title: "Optimize: the plans evaluated, cost against p95 wait",
		caption: "Every plan the search evaluated (numbered as in the table), on the search's replications: filled where its " +
			"requirements held, hollow where not; the line joins the Pareto-efficient plans (none both cheaper and faster). " +
			"The ring is the plan chosen and the triangle the scenario as given, at their estimates on the verification's fresh " +
			"replications (whiskers: 95% CI); dashed lines are the requirements' limits on the p95 wait.",
		draw: func(dc draw.Canvas) {
			xLabel, yLabel := "p95 placement wait (s)", "total cost (USD)"
			switch {
			case cost == reports.SweepCost && latency == "total.time_to_first_frame_seconds.p95":
				xLabel = "p95 wait to first frame (s)"
			case cost != reports.SweepCost || latency != reports.SweepLatency:
				xLabel, yLabel = latency+" (s)", cost+" (USD)"
			}
			p, l := newPlot(xLabel, yLabel), newLegend()
			top := costTop(o, cost)
			off := addSearched(p, l, sw, cost, latency, top)
			addLimits(p, l, o, latency)
			addFresh(p, l, o, cost, latency)
			p.X.Min = math.Min(p.X.Min, 0)
			p.X.Max += math.Max(1, (p.X.Max-p.X.Min)*0.12)
			pad := math.Max((p.Y.Max-p.Y.Min)*0.06, 1e-9)
			p.Y.Min, p.Y.Max = p.Y.Min-pad, p.Y.Max+pad
			if off > 0 {
				p.Y.Max = math.Max(p.Y.Max, top)
				p.Add(note((p.X.Min+p.X.Max)/2, p.Y.Max-pad/2, strconv.Itoa(off)+" dearer plans above, off the chart"))
			}
			drawSingle(dc, p, l)
		},
	}
}

// costTop is the highest cost the chart shows: half as much again as
// the dearer of the plan chosen and the scenario as given (+Inf without
// them), so that plans far dearer do not squash the ones that matter.
func costTop(o *reports.Optimize, cost string) float64 {
	top := math.Inf(1)
	for _, f := range []*reports.OptimizeFresh{o.Chosen, o.Reference} {
		if f == nil || f.Summary == nil {
			continue
		}
		if v, err := f.Summary.Metric(cost); err == nil && finite(v.Mean) && v.Mean > 0 {
			if math.IsInf(top, 1) {
				top = 0
			}
			top = math.Max(top, 1.5*v.Mean)
		}
	}
	return top
}

// addSearched adds the search's plans up to cost top and their Pareto
// front, and returns how many plans it left out above top.
func addSearched(p *plot.Plot, l *plot.Legend, sw *reports.Sweep, cost, latency string, top float64) int {
	var held, missed, front plotter.XYs
	off := 0
	for i := range sw.Points {
		pt := &sw.Points[i]
		x, _ := estimateOf(pt, latency)
		y, _ := estimateOf(pt, cost)
		if !finite(x) || !finite(y) {
			continue
		}
		if y > top {
			off++
			continue
		}
		if pt.FeasibleBound != nil && *pt.FeasibleBound {
			held = append(held, plotter.XY{X: x, Y: y})
		} else {
			missed = append(missed, plotter.XY{X: x, Y: y})
		}
		if pt.Pareto {
			front = append(front, plotter.XY{X: x, Y: y})
		}
	}
	if len(front) > 1 {
		front, _ = byLatency(front, make([]string, len(front)))
		line := newLine(front, lineStyle(alpha(blue, 0x80), thinWidth))
		p.Add(line)
		l.Add("Pareto front (search)", line)
	}
	if len(missed) > 0 {
		p.Add(scatter(missed, missedGlyph))
		l.Add("plan, requirements missed", scatter(nil, missedGlyph))
	}
	if len(held) > 0 {
		p.Add(scatter(held, heldGlyph))
		l.Add("plan, requirements held", scatter(nil, heldGlyph))
	}
	return off
}

// addLimits draws each upper limit a requirement sets on the metric of
// the x axis (its scope aside), once per limit.
func addLimits(p *plot.Plot, l *plot.Legend, o *reports.Optimize, latency string) {
	axis, err := metric.ParseName(latency)
	if err != nil {
		return
	}
	var seen []float64
	for _, text := range o.Requirements {
		r, err := metric.ParseRequirement(text)
		if err != nil || !r.Upper() || slices.Contains(seen, r.Limit) {
			continue
		}
		n, err := metric.ParseName(r.Name)
		if err != nil || n.Metric != axis.Metric || n.Scope.Fleet() != axis.Scope.Fleet() {
			continue
		}
		seen = append(seen, r.Limit)
		v := vline{r.Limit, lineStyle(black, thinWidth, 6, 3)}
		p.Add(v)
		where := strings.TrimSuffix(n.ScopeName(), "[*]")
		if n.Wild() {
			where = "every " + strings.TrimSuffix(where, "s")
		}
		l.Add("limit "+strconv.FormatFloat(r.Limit, 'g', 4, 64)+" s ("+where+")", v)
	}
}

// addFresh adds the plan chosen and the scenario as given at their fresh
// estimates, labelled, with 95% CI whiskers.
func addFresh(p *plot.Plot, l *plot.Legend, o *reports.Optimize, cost, latency string) {
	type mark struct {
		f     *reports.OptimizeFresh
		glyph draw.GlyphStyle
		label string
	}
	var marks []mark
	if o.Reference != nil && (o.Chosen == nil || o.Reference.Plan != o.Chosen.Plan) {
		marks = append(marks, mark{o.Reference, givenGlyph, "as given #" + strconv.Itoa(o.Reference.Plan+1)})
	}
	if o.Chosen != nil {
		marks = append(marks, mark{o.Chosen, chosenGlyph, "chosen plan #" + strconv.Itoa(o.Chosen.Plan+1)})
	}
	for _, m := range marks {
		if m.f.Summary == nil {
			continue
		}
		x, errX := m.f.Summary.Metric(latency)
		y, errY := m.f.Summary.Metric(cost)
		if errX != nil || errY != nil || !finite(x.Mean) || !finite(y.Mean) {
			continue
		}
		xy := plotter.XYs{{X: x.Mean, Y: y.Mean}}
		if ci := zeroNaN(y.CI95); ci > 0 {
			p.Add(newLine(plotter.XYs{{X: x.Mean, Y: y.Mean - ci}, {X: x.Mean, Y: y.Mean + ci}}, lineStyle(black, thinWidth)))
		}
		if ci := zeroNaN(x.CI95); ci > 0 {
			p.Add(newLine(plotter.XYs{{X: x.Mean - ci, Y: y.Mean}, {X: x.Mean + ci, Y: y.Mean}}, lineStyle(black, thinWidth)))
		}
		sc := scatter(xy, m.glyph)
		p.Add(sc, newTags(xy, []string{m.label}))
		l.Add(m.label+" (fresh)", sc)
	}
}
