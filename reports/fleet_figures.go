package reports

import (
	"errors"
	"fmt"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/sim"
)

// FleetLocationFigures is everything the fleet plots show of one fleet
// location. Series have one value per bucket of StepSeconds from the
// scenario start (warm-up included); bucket k covers [k*StepSeconds,
// (k+1)*StepSeconds).
type FleetLocationFigures struct {
	Fleet, Location, Kind string
	StepSeconds           float64
	// Instances held, game sessions (ACTIVATING or ACTIVE) and idle ready
	// processes, time-averaged per bucket.
	Instances, Active, Idle Band
	// Desired is the mean desired instance count at each bucket's end;
	// Scaling the mean number of scaling actions in each bucket.
	Desired, Scaling []float64
	// RequestsPerHour is the placement requests (FleetIQ: claims) per hour.
	RequestsPerHour Band
	// Summary is this location's summary, if one was given (for costs).
	Summary *FleetSummary
}

// Buckets returns the number of buckets.
func (l *FleetLocationFigures) Buckets() int { return len(l.Instances.Mean) }

// Hours returns the start of bucket k in hours since the scenario start.
func (l *FleetLocationFigures) Hours(k int) float64 { return float64(k) * l.StepSeconds / 3600 }

// FleetFigures is the data behind the fleet plots of a run.
type FleetFigures struct {
	WarmupSeconds float64
	Locations     []FleetLocationFigures
}

// NewFleetFigures computes the fleet plot data of a run from its
// replications, which must have timeseries (Config.TimeseriesStep > 0),
// and from their summaries fs (the Fleets of [NewSummary] on the same results;
// nil leaves every location's Summary nil, and the cost plot empty). Means
// are taken over replications in replication order, so the result is
// deterministic.
func NewFleetFigures(fs []FleetSummary, results []*fleets.Result, warmupSeconds float64) (*FleetFigures, error) {
	if len(results) == 0 {
		return nil, errors.New("reports: fleet figures: no results")
	}
	if err := checkFleetTimeseries(results); err != nil {
		return nil, fmt.Errorf("reports: fleet figures: %w", err)
	}
	if fs != nil && len(fs) != len(results[0].Locations) {
		return nil, fmt.Errorf("reports: fleet figures: %d summaries for %d fleet locations", len(fs), len(results[0].Locations))
	}
	f := &FleetFigures{WarmupSeconds: warmupSeconds}
	for li := range results[0].Locations {
		l0 := &results[0].Locations[li]
		step := l0.Timeseries.StepSeconds
		series := func(get func(ts *fleets.Timeseries) []float64, scale float64) Band {
			return fleetBand(results, li, func(ts *fleets.Timeseries, k int) float64 { return get(ts)[k] * scale })
		}
		lf := FleetLocationFigures{
			Fleet: l0.Fleet, Location: l0.Location, Kind: string(l0.Kind), StepSeconds: step,
			Instances:       series(func(ts *fleets.Timeseries) []float64 { return ts.Instances }, 1),
			Active:          series(func(ts *fleets.Timeseries) []float64 { return ts.Active }, 1),
			Idle:            series(func(ts *fleets.Timeseries) []float64 { return ts.Idle }, 1),
			Desired:         series(func(ts *fleets.Timeseries) []float64 { return ts.Desired }, 1).Mean,
			Scaling:         series(func(ts *fleets.Timeseries) []float64 { return ts.Scaling }, 1).Mean,
			RequestsPerHour: series(func(ts *fleets.Timeseries) []float64 { return ts.Requests }, 3600/step),
		}
		if fs != nil {
			s := &fs[li]
			if s.Fleet != l0.Fleet || s.Location != l0.Location {
				return nil, fmt.Errorf("reports: fleet figures: summary %d is %s/%s, results have %s/%s",
					li, s.Fleet, s.Location, l0.Fleet, l0.Location)
			}
			lf.Summary = s
		}
		f.Locations = append(f.Locations, lf)
	}
	return f, nil
}

// fleetBand applies get to bucket k of fleet location li's timeseries in
// every replication and estimates the mean, bucket by bucket.
func fleetBand(results []*fleets.Result, li int, get func(ts *fleets.Timeseries, k int) float64) Band {
	n := results[0].Locations[li].Timeseries.Buckets()
	b := Band{Mean: make([]float64, n), CI95: make([]float64, n)}
	xs := make([]float64, len(results))
	for k := range n {
		for i, r := range results {
			xs[i] = get(r.Locations[li].Timeseries, k)
		}
		e := sim.NewEstimate(xs)
		b.Mean[k], b.CI95[k] = e.Mean, e.CI95
	}
	return b
}
