package plots

import (
	"math"
	"regexp"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
)

// oddValues are the data no figure may hang, panic or fail on: every
// series, estimate and setting of a figure's input is set to mean(k) ±
// ci(k) (k counts the values set, so that a series alternates where the
// case says so).
var oddValues = []struct {
	name     string
	mean, ci func(k int) float64
	spans    bool // also run figures of one bucket and of 100-year buckets
}{
	{"a single value", constant(42), constant(0), true},
	{"zero", constant(0), constant(0), false},
	{"ulp-wide", func(k int) float64 { return math.Nextafter(1e7, float64(k%2)*2e7) }, constant(1e-9), false},
	{"noise half-widths", constant(89.1), constant(6.82e-15), false},
	{"NaN", constant(math.NaN()), constant(math.NaN()), true},
	{"+Inf", constant(math.Inf(1)), constant(0), false},
	{"-Inf", constant(math.Inf(-1)), constant(math.Inf(1)), false},
	{"infinite half-widths", constant(5), constant(math.Inf(1)), false},
	{"huge", func(k int) float64 { return 1e300 * float64(1-2*(k%2)) }, constant(1e300), true},
	{"largest float", constant(math.MaxFloat64), constant(math.MaxFloat64), true},
	{"negative", constant(-5), constant(1), false},
	{"smallest float", constant(5e-324), constant(5e-324), false},
}

func constant(v float64) func(int) float64 { return func(int) float64 { return v } }

// odd hands out a case's values in turn.
type odd struct {
	mean, ci func(k int) float64
	k        int
}

func (o *odd) next() (float64, float64) {
	o.k++
	return o.mean(o.k), o.ci(o.k)
}

func (o *odd) estimate() sim.Estimate {
	m, c := o.next()
	return sim.Estimate{Mean: m, CI95: c, N: 3}
}

// band sets every bucket of b (its length kept) to the case's values.
func (o *odd) band(b reports.Band) reports.Band {
	n := b.Len()
	out := reports.Band{Mean: make([]float64, n), CI95: make([]float64, n)}
	for k := range n {
		out.Mean[k], out.CI95[k] = o.next()
	}
	return out
}

func (o *odd) metrics(t testing.TB, names ...string) reports.Metrics {
	t.Helper()
	byName := map[string]sim.Estimate{}
	for _, n := range names {
		byName[n] = o.estimate()
	}
	m, err := reports.NewStreamMetrics(byName)
	testutil.NoErr(t, err)
	return m
}

// sketch returns a latency sketch of the case's values that a sketch
// holds (finite, ≥ 0), and of 0 s otherwise.
func (o *odd) sketch() *sim.Sketch {
	s := sim.NewSketch()
	for range 5 {
		v, _ := o.next()
		if !(v >= 0) || math.IsInf(v, 0) {
			v = 0
		}
		s.Add(v)
	}
	return s
}

var sweepMetricNames = []string{"cost_usd", "placement_latency_seconds.p95", "placement_failure_ratio", "utilisation"}

// oddSweep is a sweep over paths with one point per row of values, every
// metric the case's values.
func (o *odd) sweep(t testing.TB, paths []string, values ...[]string) *reports.Sweep {
	sw := &reports.Sweep{Paths: paths}
	for _, v := range values {
		sw.Points = append(sw.Points, reports.SweepPoint{Values: v, Summary: &reports.Summary{Total: o.metrics(t, sweepMetricNames...)}})
	}
	requireP95(t, sw)
	sw.MarkPareto()
	return sw
}

// oddRun is the synthetic run with every series, estimate, timeout and the
// warm-up set to the case's values, over span.
func (o *odd) run(t testing.TB, span synthSpan) *reports.Figures {
	f := synthFigures(synthOptions{replications: 3, synthSpan: span})
	f.WarmupSeconds, _ = o.next()
	for i := range f.Timeouts {
		f.Timeouts[i].Seconds, _ = o.next()
	}
	for i := range f.Locations {
		l := &f.Locations[i]
		for _, b := range []*reports.Band{&l.Allocated, &l.Streaming, &l.Idle, &l.Waiting, &l.AlwaysOn, &l.Maximum,
			&l.RequestsPerHour, &l.Utilisation, &l.CostUSD, &l.IdleCostUSD, &l.CumulativeCostUSD} {
			*b = o.band(*b)
		}
		for j := range l.Failures {
			l.Failures[j].PerHour = o.band(l.Failures[j].PerHour)
		}
		l.Latency = o.sketch()
		f.Summary.Locations[i].Metrics = o.metrics(t, "cost_usd", "idle_cost_usd", "placement_latency_seconds.mean",
			"placement_latency_seconds.p50", "placement_latency_seconds.p95", "placement_latency_seconds.p99")
	}
	return f
}

// oddFleets is the synthetic fleet run with every series and cost set to
// the case's values.
func (o *odd) fleets(t *testing.T) *reports.FleetFigures {
	f := synthFleetFigures(t, fleetSynthOptions{replications: 3, synthSpan: synthSpan{stepSeconds: 3600, hours: 6}})
	f.WarmupSeconds, _ = o.next()
	for i := range f.Locations {
		l := &f.Locations[i]
		for _, b := range []*reports.Band{&l.Instances, &l.Active, &l.Idle, &l.Desired, &l.Scaling, &l.RequestsPerHour} {
			*b = o.band(*b)
		}
		if l.Summary != nil {
			testutil.NoErr(t, l.Summary.Set("cost_usd", o.estimate()))
		}
	}
	return f
}

func (o *odd) comparison() *reports.Comparison {
	c := synthComparison(3)
	c.TargetP95Seconds, _ = o.next()
	for i := range c.Rows {
		r := &c.Rows[i]
		r.P95LatencySeconds, r.FailureRatio, r.CostUSD, r.IdleCostUSD = o.estimate(), o.estimate(), o.estimate(), o.estimate()
	}
	c.Judge()
	return c
}

func (o *odd) sensitivity() *reports.Sensitivity {
	s := &reports.Sensitivity{Metrics: []reports.SensitivityMetric{{Name: "total.cost_usd", Baseline: o.estimate()}}}
	for _, key := range []string{"idle_timeout", "allocation_delay_linux"} {
		s.Assumptions = append(s.Assumptions, reports.SensitivityFactor{Section: "service", Key: key, Low: "1s", High: "2s",
			Effects: []reports.Effect{{Low: o.estimate(), High: o.estimate(), LowDelta: o.estimate(), HighDelta: o.estimate(), Swing: o.estimate()}}})
	}
	return s
}

func (o *odd) schedule() *reports.OptimizeSchedule {
	s := synthSchedule()
	for i := range s.Locations {
		for h := range s.Locations[i].Hours {
			v, _ := o.next()
			s.Locations[i].Hours[h].OfferedLoad = reports.Number(v)
		}
	}
	return s
}

// oddEntry is an entry point called with a case's data, and the figures
// it must return.
type oddEntry struct {
	name   string
	render func() ([]Plot, error)
	names  []string
}

// oddFigures are the entry points, each with the case's data and the
// figures it must return.
func oddFigures(t *testing.T, o *odd, spans bool) []oddEntry {
	sweepOne := []string{"sweep-pareto", "sweep-metrics"}
	sweepTwo := []string{"sweep-pareto", "sweep-heatmap-latency", "sweep-heatmap-cost"}
	one, two := []string{"stream_group[0].location[0].always_on"}, []string{"a", "b"}
	var extra []oddEntry
	if spans {
		extra = []oddEntry{
			{"run, one bucket", func() ([]Plot, error) { return Run(o.run(t, synthSpan{stepSeconds: 3600, hours: 1})) }, wantRunNames},
			{"run, 100-year buckets", func() ([]Plot, error) {
				return Run(o.run(t, synthSpan{stepSeconds: 100 * 365 * 86400, hours: 2 * 100 * 365 * 24}))
			}, wantRunNames},
		}
	}
	return append(extra, []oddEntry{
		{"run", func() ([]Plot, error) { return Run(o.run(t, defaultSpan)) }, wantRunNames},
		{"fleets", func() ([]Plot, error) { return Fleets(o.fleets(t)) }, wantFleetNames},
		{"compare", func() ([]Plot, error) { return Compare(o.comparison()) }, []string{"compare-scatter", "compare-bars"}},
		{"sweep, one point", func() ([]Plot, error) { return Sweep(o.sweep(t, one, []string{"20"})) }, sweepOne},
		{"sweep, two points", func() ([]Plot, error) { return Sweep(o.sweep(t, one, []string{"20"}, []string{"1e300"})) }, sweepOne},
		{"sweep, one point of two paths", func() ([]Plot, error) { return Sweep(o.sweep(t, two, []string{"1", "x"})) }, sweepTwo},
		{"sweep, two paths", func() ([]Plot, error) {
			return Sweep(o.sweep(t, two, []string{"1", "x"}, []string{"2", "x"}, []string{"1", "y"}))
		}, sweepTwo},
		{"schedule", func() ([]Plot, error) { return Schedule(o.schedule()) }, []string{"schedule-capacity"}},
		{"tornado", func() ([]Plot, error) { return Tornado(o.sensitivity()) }, []string{"tornado-total-cost-usd"}},
	}...)
}

// TestOddValues: every figure renders, in bounded time and memory, from
// data that is a single value, zero-width or ulp-wide, NaN, ±Inf, huge,
// tiny or negative where only positive is expected.
func TestOddValues(t *testing.T) {
	testutil.Long(t)
	for _, c := range oddValues {
		t.Run(c.name, func(t *testing.T) {
			o := &odd{mean: c.mean, ci: c.ci}
			for _, e := range oddFigures(t, o, c.spans) {
				t.Run(e.name, func(t *testing.T) { checkOdd(t, e) })
			}
		})
	}
}

// nonFinite matches NaN or Inf as an SVG writes it (a coordinate, a label).
var nonFinite = regexp.MustCompile(`\bNaN\b|[+-]?\bInf\b`)

// checkOdd renders e, bounded, and checks its figures.
func checkOdd(t *testing.T, e oddEntry) {
	ps, err := bounded(t, e.name, e.render)
	testutil.NoErr(t, err)
	for _, p := range ps {
		if i := nonFinite.FindIndex(p.SVG); i != nil {
			t.Errorf("%s: SVG has a value that is not finite: …%s…", p.Name, p.SVG[max(0, i[0]-60):min(len(p.SVG), i[1]+20)])
		}
	}
	checkPlots(t, ps, e.names)
}

// onePointSweep is a sweep of one point over one numeric path whose
// metrics came out the same in every replication: a mean with a
// half-width of floating-point noise.
func onePointSweep(t *testing.T, cost, ci float64) *reports.Sweep {
	t.Helper()
	m, err := reports.NewStreamMetrics(map[string]sim.Estimate{
		"cost_usd":                      {Mean: cost, CI95: ci, N: 10},
		"placement_latency_seconds.p95": {Mean: 0, CI95: 0, N: 10},
		"placement_failure_ratio":       {Mean: 0, CI95: 0, N: 10},
		"utilisation":                   {Mean: 89.1 / 100, CI95: 6.82e-17, N: 10},
	})
	testutil.NoErr(t, err)
	sw := &reports.Sweep{Paths: []string{"stream_group[0].location[0].always_on"},
		Points: []reports.SweepPoint{{Values: []string{"20"}, Summary: &reports.Summary{Total: m}}}}
	sw.MarkPareto()
	return sw
}

// TestSweepOnePointIdenticalReplications: a one-point sweep whose cost is
// the same in every replication (an always-on-only plan) once made an
// axis a few ulps wide and the tick loop endless while memory grew by
// gigabytes.
func TestSweepOnePointIdenticalReplications(t *testing.T) {
	for _, c := range []struct {
		name     string
		cost, ci float64
	}{{"noise half-width", 89.1, 6.82e-15}, {"large cost, noise half-width", 8.62e6, 1.9e-9}, {"no half-width", 8620, 0}} {
		sw := onePointSweep(t, c.cost, c.ci)
		ps, err := bounded(t, c.name, func() ([]Plot, error) { return Sweep(sw) })
		checkRendered(t, ps, err, []string{"sweep-pareto", "sweep-metrics"})
	}
}
