package plots

import (
	"errors"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"

	"github.com/capsim/capsim/reports"
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
	r := newRun(f)
	var capacity []figure
	for i := range f.Locations {
		capacity = append(capacity, r.capacity(i))
	}
	figs := append([]figure{r.latencyCDF(), r.latencyHistogram()}, uniqueNames(capacity)...)
	figs = append(figs, r.utilisation(), r.failures(), r.cost(), r.cumulativeCost())
	return renderAll(figs)
}

// checkLocation reports series whose length differs from the bucket count,
// which would otherwise panic while drawing.
func checkLocation(l *reports.LocationFigures) error {
	n := l.Buckets()
	where := l.StreamGroup + "/" + l.Location
	err := checkBands(where, n, []namedBand{{"Allocated", l.Allocated}, {"Streaming", l.Streaming}, {"Idle", l.Idle},
		{"Waiting", l.Waiting}, {"RequestsPerHour", l.RequestsPerHour}, {"Utilisation", l.Utilisation},
		{"CostUSD", l.CostUSD}, {"IdleCostUSD", l.IdleCostUSD}, {"CumulativeCostUSD", l.CumulativeCostUSD}})
	if err != nil {
		return err
	}
	for _, fr := range l.Failures {
		if fr.PerHour.Len() != n || !fr.PerHour.Computed() && len(fr.PerHour.CI95) != n {
			return badLength(where, "failures "+fr.Reason, fr.PerHour.Len(), n)
		}
	}
	return checkLengths(where, n, l.StepSeconds, namedLen{"AlwaysOn", l.AlwaysOn.Len()}, namedLen{"Maximum", l.Maximum.Len()})
}

// run draws the figures of a stream-group run.
type run struct {
	f    *reports.Figures
	axis timeAxis
}

func newRun(f *reports.Figures) *run {
	fallback := 0.0
	if f.Summary != nil {
		fallback = f.Summary.HorizonSeconds / 3600
	}
	span := func(i int) (int, float64) { return f.Locations[i].Buckets(), f.Locations[i].StepSeconds }
	return &run{f: f, axis: newTimeAxis(len(f.Locations), span, fallback, f.WarmupSeconds)}
}

// label names location i in legends: the location, prefixed by its stream
// group when the run has several groups.
func (r *run) label(i int) string {
	return legendLabel(len(r.f.Locations), i, func(j int) string { return r.f.Locations[j].StreamGroup }, r.f.Locations[i].Location)
}

// views returns each location's view at maxBuckets and the caption note
// (of the first location that averages; locations share a step in practice).
func (r *run) views(maxBuckets int, what string) ([]view, string) {
	vs := make([]view, len(r.f.Locations))
	note := ""
	for i := range r.f.Locations {
		l := &r.f.Locations[i]
		vs[i] = newView(l.Buckets(), l.StepSeconds, maxBuckets)
		if note == "" {
			note = vs[i].captionNote(what)
		}
	}
	return vs, note
}

func (r *run) utilisation() figure {
	vs, vnote := r.views(maxStateBuckets, "Values are")
	return figure{
		name:  "utilisation",
		title: "Utilisation: streaming / allocated slots",
		caption: "Share of allocated stream slots that hold a stream, per location over time (mean over replications with a " +
			"shaded 95% confidence band); gaps are periods with nothing allocated, and the grey span is the warm-up." + vnote,
		draw: func(c draw.Canvas) {
			p := r.axis.plot("utilisation (%)")
			p.Y.Min, p.Y.Max = 0, 100
			l := newLegend()
			var ly layer
			for i := range r.f.Locations {
				col := seriesColour(i)
				ser := bandOf(vs[i].mean(r.f.Locations[i].Utilisation, false), vs[i].x)
				ser.scale, ser.lo, ser.hi = 100, 0, 100
				ly.add(l, r.label(i), ser, col, lineStyle(col, lineWidth, seriesDashes(i)...))
			}
			ly.addTo(p)
			if len(ly.lines) == 0 {
				p.Add(note(r.axis.hours/2, 50, "nothing allocated"))
			}
			p.Y.Min, p.Y.Max = 0, 100
			r.axis.addWarmupLegend(l)
			drawSingle(c, p, l)
		},
	}
}

// failureBins are the bars of the failures figure: whole hours, or, for a
// run longer than maxFailureBars hours, bins of a round number of hours
// (so that a bar stays wider than a pixel and their count bounded).
type failureBins struct {
	hours float64 // hours per bar
	n     int     // bars
}

const maxFailureBars = 168 // a week of hours

func newFailureBins(axisHours float64) failureBins {
	per := 1.0
	for _, h := range []float64{1, 2, 3, 6, 12, 24, 48, 168, 336, 720, 1440, 2160, 4320, 8760} {
		per = h
		if axisHours/h <= maxFailureBars {
			break
		}
	}
	for axisHours/per > maxFailureBars { // beyond 500 years: keep doubling
		per *= 2
	}
	return failureBins{hours: per, n: max(1, int(math.Ceil(axisHours/per-1e-9)))}
}

// caption returns the caption's sentence on the bins, "" for whole hours.
func (fb failureBins) caption() string {
	if fb.hours == 1 {
		return ""
	}
	return " Each bar is the mean per hour over " + strconv.FormatFloat(fb.hours, 'g', 6, 64) + " hours."
}

// binned sums a per-bucket rate (per hour) into events per bin, splitting
// a bucket that straddles bins by overlap, and returns them per hour of
// the bin; NaN buckets count as 0.
func (fb failureBins) binned(l *reports.LocationFigures, perHour reports.Band) []float64 {
	out := make([]float64, fb.n)
	step, bin := l.StepSeconds, fb.hours*3600
	for k := range perHour.Len() {
		v, _ := perHour.At(k)
		if !finite(v) || v == 0 {
			continue
		}
		a, b := float64(k)*step, float64(k+1)*step
		for h := int(math.Min(a/bin, float64(fb.n))); h < fb.n && float64(h)*bin < b; h++ {
			ov := math.Min(b, float64(h+1)*bin) - math.Max(a, float64(h)*bin)
			if ov > 0 {
				out[h] += v * ov / bin
			}
		}
	}
	return out
}

func (r *run) failures() figure {
	fb := newFailureBins(r.axis.hours)
	return figure{
		name:  "failures",
		title: "Placement failures per hour, by reason",
		caption: "Requests that ended in ERROR in each hour (mean over replications), stacked by the location they chose first " +
			"and the failure reason; a series that is zero throughout is left out, and the grey span is the warm-up." + fb.caption(),
		draw: func(c draw.Canvas) {
			end := float64(fb.n) * fb.hours
			p := r.axis.plot("placement failures per hour")
			p.X.Max = end
			l := newLegend()
			n := r.addFailures(p, l, fb)
			p.Y.Min = 0
			if n == 0 {
				p.Y.Max = 1
				p.Add(note(end/2, 0.5, "no placement failures"))
			} else {
				p.Y.Max *= 1.05
			}
			r.axis.addWarmupLegend(l)
			drawSingle(c, p, l)
		},
	}
}

// addFailures adds the stacked binned failures of every location and
// reason that has any, and returns how many it added.
func (r *run) addFailures(p *plot.Plot, l *plot.Legend, fb failureBins) int {
	stack := make([]float64, fb.n)
	n := 0
	for i := range r.f.Locations {
		lf := &r.f.Locations[i]
		for _, fr := range lf.Failures {
			h := fb.binned(lf, fr.PerHour)
			if !slices.ContainsFunc(h, func(v float64) bool { return v > 1e-12 }) {
				continue // zero throughout
			}
			col := seriesColour(n)
			n++
			var rings []plotter.XYs
			for j, v := range h {
				if v > 0 {
					x := float64(j) * fb.hours
					rings = append(rings, rect(x+0.1*fb.hours, x+0.9*fb.hours, stack[j], stack[j]+v))
					stack[j] += v
				}
			}
			poly := filled(col, rings...)
			poly.LineStyle = lineStyle(color.White, 0.5)
			p.Add(poly)
			l.Add(r.label(i)+": "+fr.Reason, swatch(col))
		}
	}
	return n
}

func (r *run) cumulativeCost() figure {
	vs, _ := r.views(maxStateBuckets, "")
	return figure{
		name:  "cost-cumulative",
		title: "Cumulative cost",
		caption: "Running total of the estimated cost in US dollars from the start (warm-up included, shaded grey), per location and " +
			"summed over locations, as means over replications with shaded 95% confidence bands; the total's band adds the " +
			"locations' half-widths, which is conservative.",
		draw: func(c draw.Canvas) {
			p := r.axis.plot("cumulative cost (USD)")
			l := newLegend()
			var ly layer
			// The total is read at the ends of the display buckets only,
			// where vs[0].last takes it: the same sums, in location order.
			var total reports.Band
			same := r.sameBuckets()
			if same {
				m := vs[0].buckets()
				total = reports.Band{Mean: make([]float64, m), CI95: make([]float64, m)}
			}
			for i := range r.f.Locations {
				col := seriesColour(i)
				last := vs[i].last(r.f.Locations[i].CumulativeCostUSD)
				ser := bandOf(last, vs[i].x)
				ser.linear = true
				ly.add(l, r.label(i), ser, col, lineStyle(col, lineWidth, seriesDashes(i)...))
				for j := range total.Mean { // same buckets: vs[i] groups as vs[0]
					total.Mean[j] += last.Mean[j]
					total.CI95[j] += zeroNaN(last.CI95[j])
				}
			}
			if same {
				ser := bandOf(total, vs[0].x)
				ser.linear = true
				ly.add(l, "total", ser, black, lineStyle(black, 2))
			}
			ly.addTo(p)
			p.Y.Min = 0
			p.Y.Max = math.Max(p.Y.Max, 1e-9) * 1.05
			r.axis.addWarmupLegend(l)
			drawSingle(c, p, l)
		},
	}
}

// sameBuckets reports whether the run has several locations, all on the
// same (non-empty) buckets, so that a total over them can be drawn (one
// run has one timeseries step).
func (r *run) sameBuckets() bool {
	same := len(r.f.Locations) > 1
	for i := range r.f.Locations {
		lf, l0 := &r.f.Locations[i], &r.f.Locations[0]
		same = same && lf.Buckets() == l0.Buckets() && lf.StepSeconds == l0.StepSeconds && lf.Buckets() > 0
	}
	return same
}
