package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
)

// A stream-group run's capacity and cost figures, drawn with the capacity
// chart (capacity.go) and the cost chart (cost.go).

func (r *run) capacity(i int) figure {
	l := &r.f.Locations[i]
	vt, vd := locationViews(l.Buckets(), l.StepSeconds)
	return figure{
		name:   "capacity-" + slug(l.StreamGroup) + "-" + slug(l.Location),
		title:  locationTitle("Capacity and demand", l.StreamGroup, l.Location, l.Class),
		height: tallHeight,
		caption: "Top: allocated, streaming and idle stream slots and (dashed) waiting requests over time (means over replications, " +
			"shaded 95% confidence bands), with the always-on floor and the maximum as dashed lines; bottom: the requests per hour " +
			"choosing this location first; the grey span is the warm-up." +
			vt.captionNote("Slots and requests waiting are") + vd.captionNote("Requests per hour are"),
		draw: func(c draw.Canvas) {
			top, lt := r.slotsPanel(l, vt)
			bottom, lb := r.axis.demandPanel("requests per hour", "requests per hour", vd, l.RequestsPerHour)
			drawPanels(c, []*plot.Plot{top, bottom}, []*plot.Legend{lt, lb})
		},
	}
}

// slotsPanel returns the top panel of a location's capacity figure: the
// slots by state and the requests waiting, with the settings.
func (r *run) slotsPanel(l *reports.LocationFigures, vt view) (*plot.Plot, *plot.Legend) {
	top, lt := r.axis.upper("slots (waiting: requests)"), newLegend()
	var ly layer
	peak := 0.0
	for _, s := range []struct {
		name string
		b    reports.Band
		col  color.NRGBA
	}{{"allocated", l.Allocated, blue}, {"streaming", l.Streaming, bluishGreen},
		{"idle", l.Idle, orange}, {"waiting requests", l.Waiting, skyBlue}} {
		b := vt.mean(s.b, false)
		sty := lineStyle(s.col, lineWidth)
		if s.name == "waiting requests" { // a count of requests, not slots: dashed, in the requests panel's colour
			sty = lineStyle(s.col, lineWidth, 5, 2)
		}
		ly.add(lt, s.name, levels(b, vt.x), s.col, sty)
		peak = math.Max(peak, bandPeak(b))
	}
	ly.addTo(top)
	addSettings(top, lt, vt.meanOf(l.AlwaysOn), vt.meanOf(l.Maximum), vt.x, peak)
	r.axis.addWarmupLegend(lt)
	return top, lt
}

// addSettings draws the always-on floor and the maximum as dashed lines
// and sets the y range: from 0 to the data (peak: the largest band edge),
// leaving a maximum more than twice as high off the axis, so that a
// far-away ceiling does not flatten the data.
func addSettings(top *plot.Plot, lt *plot.Legend, alwaysOn, maximum []float64, x func(int) float64, peak float64) {
	aoSty := lineStyle(black, thinWidth, 6, 3)
	maxSty := lineStyle(reddishPurple, thinWidth, 2, 2)
	top.Add(settingLine(alwaysOn, x, aoSty)...)
	peak = finiteMax(alwaysOn, peak)
	top.Add(settingLine(maximum, x, maxSty)...)
	lt.Add("always-on floor", newLine(nil, aoSty))
	ceiling := finiteMax(maximum, math.Inf(-1))
	top.Y.Min = 0
	if ceiling > 0 && peak > 0 && ceiling > 2*peak {
		top.Y.Max = peak * 1.1
		lt.Add("maximum ("+formatNumber(ceiling)+", off scale)", newLine(nil, maxSty))
		return
	}
	top.Y.Max = math.Max(top.Y.Max, 1) * 1.05
	lt.Add("maximum", newLine(nil, maxSty))
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
			if v, _ := b.At(k); lf.Hours(k) >= r.axis.warmup && finite(v) {
				t += v
			}
		}
		return sim.Estimate{Mean: t, CI95: math.NaN()}
	}
	return sum(lf.CostUSD), sum(lf.IdleCostUSD)
}

func (r *run) cost() figure {
	return figure{
		name:  "cost",
		title: "Estimated cost by location",
		caption: "Estimated cost in US dollars of each location over the measured period (after the warm-up), split into " +
			"streaming cost (slots holding a stream) and idle cost (allocated but unused slots); the whisker is the 95% confidence " +
			"interval of the total.",
		draw: func(c draw.Canvas) {
			cc := costChart{lower: "streaming cost", upper: "idle cost"}
			for i := range r.f.Locations {
				cost, idle := r.locationCost(i)
				ci := zeroNaN(cost.CI95)
				cc.bars = append(cc.bars, costBar{name: r.label(i), ok: finite(cost.Mean),
					split: cost.Mean - zeroNaN(idle.Mean), top: cost.Mean, total: cost.Mean, low: ci, high: ci})
			}
			p, l := cc.plot()
			drawSingle(c, p, l)
		},
	}
}
