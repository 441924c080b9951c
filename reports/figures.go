package reports

import (
	"errors"
	"fmt"
	"math"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
)

// Band is a series' mean over replications, bucket by bucket, with the 95%
// confidence half-width of that mean (NaN with one replication, or where the
// value is undefined in every replication).
type Band struct {
	Mean, CI95 []float64
}

// Lower and Upper return the band's edges at bucket k; a NaN half-width
// gives the mean itself.
func (b Band) Lower(k int) float64 { return b.Mean[k] - nanZero(b.CI95[k]) }

// Upper returns the band's upper edge at bucket k.
func (b Band) Upper(k int) float64 { return b.Mean[k] + nanZero(b.CI95[k]) }

func nanZero(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return x
}

// ReasonBand is one ERROR reason's failures per hour.
type ReasonBand struct {
	Reason  string // as the service spells it, e.g. placementTimeout
	PerHour Band   // failures per hour in each bucket
}

// LocationFigures is everything the plots show of one location. Series have
// one value per bucket of StepSeconds, from the scenario start (warm-up
// included); bucket k covers [k*StepSeconds, (k+1)*StepSeconds).
type LocationFigures struct {
	StreamGroup, Location, Class string
	Tenancy                      int
	StepSeconds                  float64

	// Slots (one slot holds one stream session), time-averaged per bucket.
	Allocated, Streaming, Idle Band
	Waiting                    Band // requests waiting, time-averaged
	// AlwaysOn and Maximum are the settings in force (slots), as means over
	// replications (they differ only if a timeline action changes them).
	AlwaysOn, Maximum []float64
	// RequestsPerHour is the demand: arrivals that chose this location
	// first, per hour.
	RequestsPerHour Band
	// Utilisation is streaming / allocated per bucket (a replication with
	// nothing allocated in the bucket is skipped there).
	Utilisation Band
	// Failures has one entry per ERROR reason, in Reason order.
	Failures []ReasonBand
	// CostUSD and IdleCostUSD are per bucket; CumulativeCostUSD is the
	// running total from the scenario start.
	CostUSD, IdleCostUSD, CumulativeCostUSD Band

	// Latency merges the placement latencies (seconds) of every
	// replication, after the warm-up.
	Latency *sim.Sketch
}

// Hours returns the start of bucket k in hours since the scenario start.
func (l *LocationFigures) Hours(k int) float64 { return float64(k) * l.StepSeconds / 3600 }

// Buckets returns the number of buckets.
func (l *LocationFigures) Buckets() int { return len(l.Allocated.Mean) }

// Timeout is a placement timeout to draw on latency plots.
type Timeout struct {
	Label   string  // e.g. "always-on timeout 75 s"
	Seconds float64 // seconds
}

// Figures is the data behind every plot of a run: per-location series and
// the run's summary.
type Figures struct {
	Summary       *Summary
	WarmupSeconds float64
	Timeouts      []Timeout
	Locations     []LocationFigures
}

// NewFigures computes the plot data of a run from its replications, which
// must have timeseries (Config.TimeseriesStep > 0). Means are taken over
// replications in replication order, so the result is deterministic.
func NewFigures(summary *Summary, results []*streams.Result, timeouts []Timeout) (*Figures, error) {
	if len(results) == 0 {
		return nil, errors.New("reports: figures: no results")
	}
	if err := checkTimeseries(results); err != nil {
		return nil, fmt.Errorf("reports: figures: %w", err)
	}
	f := &Figures{Summary: summary, WarmupSeconds: summary.WarmupSeconds, Timeouts: timeouts}
	for li := range results[0].Locations {
		l0 := &results[0].Locations[li]
		step := l0.Timeseries.StepSeconds
		perHour := 3600 / step
		series := func(get func(ts *streams.Timeseries, k int) float64) Band {
			return band(results, li, func(_ int, ts *streams.Timeseries, k int) float64 { return get(ts, k) })
		}
		lf := LocationFigures{
			StreamGroup: l0.Group, Location: l0.Location, Class: l0.Class,
			Tenancy: l0.Tenancy, StepSeconds: step,
			Allocated: series(func(ts *streams.Timeseries, k int) float64 { return ts.Allocated[k] }),
			Streaming: series(func(ts *streams.Timeseries, k int) float64 { return ts.Streaming[k] }),
			Idle:      series(func(ts *streams.Timeseries, k int) float64 { return ts.Idle[k] }),
			Waiting:   series(func(ts *streams.Timeseries, k int) float64 { return ts.Waiting[k] }),
			AlwaysOn:  series(func(ts *streams.Timeseries, k int) float64 { return ts.AlwaysOn[k] }).Mean,
			Maximum:   series(func(ts *streams.Timeseries, k int) float64 { return ts.Maximum[k] }).Mean,
			RequestsPerHour: series(func(ts *streams.Timeseries, k int) float64 {
				return ts.Requests[k] * perHour
			}),
			Utilisation: series(func(ts *streams.Timeseries, k int) float64 {
				return ratio(ts.Streaming[k], ts.Allocated[k])
			}),
			CostUSD:     series(func(ts *streams.Timeseries, k int) float64 { return ts.CostUSD[k] }),
			IdleCostUSD: series(func(ts *streams.Timeseries, k int) float64 { return ts.IdleCostUSD[k] }),
			Latency:     sim.NewSketch(),
		}
		cum := make([][]float64, len(results))
		for i, r := range results {
			c := r.Locations[li].Timeseries.CostUSD
			cum[i] = make([]float64, len(c))
			var run float64
			for k, x := range c {
				run += x
				cum[i][k] = run
			}
		}
		lf.CumulativeCostUSD = band(results, li, func(i int, _ *streams.Timeseries, k int) float64 { return cum[i][k] })
		for reason := range streams.NumReasons {
			if !reason.IsError() {
				continue
			}
			lf.Failures = append(lf.Failures, ReasonBand{Reason: reason.String(),
				PerHour: series(func(ts *streams.Timeseries, k int) float64 { return ts.Failures[reason][k] * perHour })})
		}
		for _, r := range results {
			lf.Latency.Merge(r.Locations[li].Latency)
		}
		f.Locations = append(f.Locations, lf)
	}
	return f, nil
}

// band applies get to bucket k of location li's timeseries in every
// replication i and estimates the mean, bucket by bucket.
func band(results []*streams.Result, li int, get func(i int, ts *streams.Timeseries, k int) float64) Band {
	n := results[0].Locations[li].Timeseries.Buckets()
	b := Band{Mean: make([]float64, n), CI95: make([]float64, n)}
	xs := make([]float64, len(results))
	for k := range n {
		for i, r := range results {
			xs[i] = get(i, r.Locations[li].Timeseries, k)
		}
		e := sim.NewEstimate(xs)
		b.Mean[k], b.CI95[k] = e.Mean, e.CI95
	}
	return b
}

// checkTimeseries reports whether every replication has timeseries of the
// same shape for the same locations.
func checkTimeseries(results []*streams.Result) error {
	if err := checkLocations(results); err != nil {
		return err
	}
	for i, r := range results {
		for li := range r.Locations {
			l := &r.Locations[li]
			ts := l.Timeseries
			if ts == nil {
				return fmt.Errorf("replication %d, %s/%s: no timeseries (TimeseriesStep is 0)",
					i, l.Group, l.Location)
			}
			if err := ts.Check(); err != nil {
				return fmt.Errorf("replication %d, %s/%s: %w", i, l.Group, l.Location, err)
			}
			t0 := results[0].Locations[li].Timeseries
			if ts.StepSeconds != t0.StepSeconds || ts.Buckets() != t0.Buckets() {
				return fmt.Errorf("replication %d, %s/%s: %d buckets of %v s, replication 0 has %d of %v s",
					i, l.Group, l.Location, ts.Buckets(), ts.StepSeconds, t0.Buckets(), t0.StepSeconds)
			}
		}
	}
	return nil
}
