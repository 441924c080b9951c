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
	// Desired is the mean desired capacity at each bucket's end (instances,
	// or capacity units where instance types are weighted);
	// Scaling the mean number of scaling actions in each bucket.
	Desired, Scaling Band
	// RequestsPerHour is the placement requests (FleetIQ: claims) per hour.
	RequestsPerHour Band
	// Summary is this location's summary, if one was given (for costs).
	Summary *FleetSummary
}

// Buckets returns the number of buckets.
func (l *FleetLocationFigures) Buckets() int { return l.Instances.Len() }

// Hours returns the start of bucket k in hours since the scenario start.
func (l *FleetLocationFigures) Hours(k int) float64 { return float64(k) * l.StepSeconds / 3600 }

// FleetFigures is the data behind the fleet plots of a run.
type FleetFigures struct {
	WarmupSeconds float64
	Locations     []FleetLocationFigures

	err *error // the first read error of a computing band
}

// Err returns the first error met reading the replications' timeseries
// while the figures' bands were read, or nil.
func (f *FleetFigures) Err() error {
	if f.err == nil {
		return nil
	}
	return *f.err
}

// NewFleetFigures computes the fleet plot data of a run from its
// replications, which must have timeseries (Config.TimeseriesStep > 0),
// and from their summaries fs (the Fleets of [NewSummary] on the same results;
// nil leaves every location's Summary nil, and the cost plot empty). As with
// [NewFigures], the per-bucket Bands are computed when read, from the
// replications' timeseries (in memory or spilled; they must stay readable
// while the figures are used): figures cost no memory per bucket, and a
// read error makes the values NaN and is reported by Err. Means are taken
// over replications in replication order, so the result is deterministic.
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
	f := &FleetFigures{WarmupSeconds: warmupSeconds, err: new(error)}
	for li := range results[0].Locations {
		l0 := &results[0].Locations[li]
		step := l0.Timeseries.StepSeconds
		rr := newRepRows(len(results), func(i int) *sim.Timeseries { return results[i].Locations[li].Timeseries },
			"reports: fleet figures: ", f.err)
		lf := FleetLocationFigures{
			Fleet: l0.Fleet, Location: l0.Location, Kind: string(l0.Kind), StepSeconds: step,
			Instances:       rr.col(fleets.ColInstances, 1),
			Active:          rr.col(fleets.ColActive, 1),
			Idle:            rr.col(fleets.ColIdle, 1),
			Desired:         rr.col(fleets.ColDesired, 1),
			Scaling:         rr.col(fleets.ColScaling, 1),
			RequestsPerHour: rr.col(fleets.ColRequests, 3600/step),
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
