package plots

import (
	"errors"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/capsim/capsim/reports"
)

// fleetHeight is the height of a fleet location's three-panel figure:
// 900 px.
const fleetHeight = vg.Length(675)

// Fleets renders the fleet plots of a run, in a fixed order:
// fleet-<fleet>-<location> for each fleet location in order (instances,
// desired capacity and scaling actions; game sessions and idle
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
	span := func(i int) (int, float64) { return f.Locations[i].Buckets(), f.Locations[i].StepSeconds }
	r := &fleetRun{f: f, axis: newTimeAxis(len(f.Locations), span, 0, f.WarmupSeconds)}
	var figs []figure
	for i := range f.Locations {
		figs = append(figs, r.capacity(i))
	}
	return renderAll(append(uniqueNames(figs), r.cost()))
}

// checkFleetLocation reports series whose length differs from the bucket
// count, which would otherwise panic while drawing.
func checkFleetLocation(l *reports.FleetLocationFigures) error {
	n := l.Buckets()
	where := "fleet " + l.Fleet + "/" + l.Location
	err := checkBands(where, n, []namedBand{{"Instances", l.Instances}, {"Active", l.Active}, {"Idle", l.Idle},
		{"Desired", l.Desired}, {"Scaling", l.Scaling}, {"RequestsPerHour", l.RequestsPerHour}})
	if err != nil {
		return err
	}
	return checkLengths(where, n, l.StepSeconds) // Desired and Scaling are bands, checked above
}

// fleetRun draws the fleet figures of a run.
type fleetRun struct {
	f    *reports.FleetFigures
	axis timeAxis
}

// label names fleet location i: the location, prefixed by its fleet when
// the run has several fleets.
func (r *fleetRun) label(i int) string {
	return legendLabel(len(r.f.Locations), i, func(j int) string { return r.f.Locations[j].Fleet }, r.f.Locations[i].Location)
}

func (r *fleetRun) capacity(i int) figure {
	l := &r.f.Locations[i]
	requests := "placement requests"
	if l.Kind == "fleetiq" {
		requests = "claims"
	}
	vt, vd := locationViews(l.Buckets(), l.StepSeconds)
	return figure{
		name:   "fleet-" + slug(l.Fleet) + "-" + slug(l.Location),
		title:  locationTitle("Fleet capacity", l.Fleet, l.Location, l.Kind),
		height: fleetHeight,
		caption: "Top: instances held (mean over replications, shaded 95% confidence band) and the desired capacity " +
			"(dashed; instances, or capacity units where instance types are weighted); ticks along the bottom mark the periods with a scaling action in at least one replication. Middle: " +
			"game sessions and idle ready processes. Bottom: the " + requests + " per hour counted at this location. The " +
			"grey span is the warm-up." +
			vt.captionNote("Instances and processes are") + vd.captionNote("Requests per hour are"),
		draw: func(c draw.Canvas) {
			top, lt := r.instancesPanel(l, vt)
			mid, lm := r.processesPanel(l, vt)
			bottom, lb := r.axis.demandPanel(requests+" per hour", strings.TrimPrefix(requests, "placement ")+" per hour",
				vd, l.RequestsPerHour)
			drawPanels(c, []*plot.Plot{top, mid, bottom}, []*plot.Legend{lt, lm, lb})
		},
	}
}

// instancesPanel returns the top panel of a fleet location's figure: the
// instances held, the desired count and a rug of the scaling actions.
func (r *fleetRun) instancesPanel(l *reports.FleetLocationFigures, vt view) (*plot.Plot, *plot.Legend) {
	top, lt := r.axis.upper("instances"), newLegend()
	inst := vt.mean(l.Instances, false)
	addLevel(top, lt, "instances", inst, vt.x, blue)
	desSty := lineStyle(black, thinWidth, 6, 3)
	desired := vt.last(l.Desired).Mean
	top.Add(settingLine(desired, vt.x, desSty)...)
	peak := finiteMax(desired, bandPeak(inst))
	lt.Add("desired capacity", newLine(nil, desSty))
	rugSty := lineStyle(vermillion, thinWidth)
	top.Add(rug{xs: scalingTimes(l.Scaling, vt), sty: rugSty, length: 7})
	lt.Add("scaling actions", rug{sty: rugSty, length: 7})
	top.Y.Min, top.Y.Max = 0, math.Max(peak, 1)*1.08
	r.axis.addWarmupLegend(lt)
	return top, lt
}

// scalingTimes returns the middle (hours) of every display bucket of vt
// with a scaling action.
func scalingTimes(scaling reports.Band, vt view) []float64 {
	var xs []float64
	for j := range vt.buckets() {
		a, b := vt.group(j)
		s := 0.0
		for k := a; k < b; k++ {
			if m, _ := scaling.At(k); finite(m) {
				s += m
			}
		}
		if s > 1e-12 {
			xs = append(xs, (vt.x(j)+vt.x(j+1))/2)
		}
	}
	return xs
}

// processesPanel returns the middle panel of a fleet location's figure:
// game sessions and idle processes.
func (r *fleetRun) processesPanel(l *reports.FleetLocationFigures, vt view) (*plot.Plot, *plot.Legend) {
	mid, lm := r.axis.upper("processes"), newLegend()
	act, idle := vt.mean(l.Active, false), vt.mean(l.Idle, false)
	addLevel(mid, lm, "game sessions", act, vt.x, bluishGreen)
	addLevel(mid, lm, "idle processes", idle, vt.x, orange)
	mid.Y.Min, mid.Y.Max = 0, math.Max(math.Max(bandPeak(act), bandPeak(idle)), 1)*1.05
	return mid, lm
}

func (r *fleetRun) cost() figure {
	return figure{
		name:  "fleet-cost",
		title: "Estimated cost by fleet location",
		caption: "Estimated cost in US dollars of each fleet location over the measured period (after the warm-up), as the " +
			"mean over replications, split into idle cost (ready processes without a game session) and the rest (busy: game " +
			"sessions, instances starting, draining or held by terminations); the whisker is the 95% confidence interval of " +
			"the total.",
		draw: func(c draw.Canvas) {
			cc := costChart{lower: "busy cost", upper: "idle cost", markMissing: true, noBars: "no fleet location"}
			for i := range r.f.Locations {
				cc.bars = append(cc.bars, r.costBar(i))
			}
			p, l := cc.plot()
			drawSingle(c, p, l)
		},
	}
}

// costBar returns fleet location i's bar of the cost chart, from its
// summary: idle cost on top of the rest, both clipped to [0, cost], and the
// lower whisker clipped at 0 (a cost is not negative).
func (r *fleetRun) costBar(i int) costBar {
	b := costBar{name: r.label(i)}
	s := r.f.Locations[i].Summary
	if s == nil || !finite(s.Get("cost_usd").Mean) {
		return b
	}
	costE := s.Get("cost_usd")
	cost := costE.Mean
	idle := math.Min(math.Max(zeroNaN(s.Get("idle_cost_usd").Mean), 0), math.Max(cost, 0))
	busy := math.Max(cost, 0) - idle
	ci := zeroNaN(costE.CI95)
	b.ok, b.split, b.top, b.total = true, busy, busy+idle, cost
	b.low, b.high = math.Min(ci, math.Max(cost, 0)), ci
	return b
}
