package reports

import (
	"io"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/sim"
)

// FleetTimeseriesHeader is the header row of the fleet timeseries CSV: the
// names, minute_start, then fleets.TimeseriesColumns.
var FleetTimeseriesHeader = seriesHeader("fleet", "location", fleets.TimeseriesColumns)

// checkFleetTimeseries reports whether every replication has a well-formed
// timeseries of the same shape for the same fleet locations.
func checkFleetTimeseries(results []*fleets.Result) error {
	if err := checkFleetLocations(results); err != nil {
		return err
	}
	return checkSeries(fleets.RowWidth, fleetSeries(results))
}

// fleetSeries reads the timeseries of the fleet locations of results.
func fleetSeries(results []*fleets.Result) series {
	return seriesOf(results, func(r *fleets.Result) []fleets.LocationResult { return r.Locations },
		func(l *fleets.LocationResult) (*sim.Timeseries, string, string) {
			return l.Timeseries, l.Fleet, l.Location
		})
}

// WriteFleetTimeseriesCSV writes the timeseries of every fleet location as
// CSV with the header [FleetTimeseriesHeader]: one row per fleet location
// (in result order) and bucket, over the whole run (warm-up included).
// minute_start is the bucket start in minutes since the scenario start;
// instances (held, any state), active (game sessions) and idle (ready
// processes without a game session) are time averages over the bucket;
// desired is the desired capacity at the bucket's end (instances, or
// capacity units where instance types are weighted); requests the
// placement requests (FleetIQ: claims) arriving in the bucket and
// scaling_actions the changes of the desired count in it. Every value is
// the mean over replications, summed in replication order, with 6
// significant digits. It returns an error, before writing anything, if
// there are no results, if a result lacks a timeseries, or if the
// replications or series differ in fleet locations, step or bucket count.
func WriteFleetTimeseriesCSV(w io.Writer, results []*fleets.Result) error {
	return writeSeriesCSV(w, "fleet timeseries", checkFleetTimeseries(results), FleetTimeseriesHeader,
		fleets.TimeseriesColumns, fleetSeries(results))
}
