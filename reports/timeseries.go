package reports

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/capsim/capsim/models/streams"
)

// TimeseriesHeader is the header row of the timeseries CSV.
var TimeseriesHeader = []string{"stream_group", "location", "minute_start",
	"requests", "streaming", "allocated", "idle", "waiting", "always_on", "maximum",
	"failures_placement_timeout", "failures_internal_error", "cost_usd", "idle_cost_usd"}

// timeseriesColumns returns the series behind the header's columns from
// "requests" on, in order.
func timeseriesColumns() []func(*streams.Timeseries) []float64 {
	return []func(*streams.Timeseries) []float64{
		func(ts *streams.Timeseries) []float64 { return ts.Requests },
		func(ts *streams.Timeseries) []float64 { return ts.Streaming },
		func(ts *streams.Timeseries) []float64 { return ts.Allocated },
		func(ts *streams.Timeseries) []float64 { return ts.Idle },
		func(ts *streams.Timeseries) []float64 { return ts.Waiting },
		func(ts *streams.Timeseries) []float64 { return ts.AlwaysOn },
		func(ts *streams.Timeseries) []float64 { return ts.Maximum },
		func(ts *streams.Timeseries) []float64 { return ts.Failures[streams.ReasonPlacementTimeout] },
		func(ts *streams.Timeseries) []float64 { return ts.Failures[streams.ReasonInternalError] },
		func(ts *streams.Timeseries) []float64 { return ts.CostUSD },
		func(ts *streams.Timeseries) []float64 { return ts.IdleCostUSD },
	}
}

// formatG formats x compactly and stably: 6 significant digits.
func formatG(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

// WriteTimeseriesCSV writes the timeseries of every location as CSV with the
// header [TimeseriesHeader]: one row per location (in result order) and
// bucket. minute_start is the bucket start in minutes since the scenario
// started (warm-up included); requests is the number of arrivals in the
// bucket that chose the location first; streaming, allocated and idle are
// the time-averaged stream slots in that state over the bucket, waiting the
// time-averaged number of waiting requests. Every value is the mean over
// replications, summed in replication order. Floats have 6 significant
// digits. It returns an error, before writing anything, if there are no
// results, if a result lacks a timeseries, or if the replications differ in
// locations, step or bucket count.
func WriteTimeseriesCSV(w io.Writer, results []*streams.Result) error {
	if len(results) == 0 {
		return errors.New("reports: timeseries: no results")
	}
	if err := checkTimeseries(results); err != nil {
		return fmt.Errorf("reports: timeseries: %w", err)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(TimeseriesHeader); err != nil {
		return fmt.Errorf("reports: timeseries: %w", err)
	}
	nrep := float64(len(results))
	row := make([]string, len(TimeseriesHeader))
	cols := timeseriesColumns()
	for li := range results[0].Locations {
		l0 := &results[0].Locations[li]
		step := l0.Timeseries.StepSeconds
		for k := range l0.Timeseries.Requests {
			row[0], row[1] = l0.Group, l0.Location
			row[2] = formatG(float64(k) * step / 60)
			for c, get := range cols {
				var sum float64
				for _, r := range results {
					sum += get(r.Locations[li].Timeseries)[k]
				}
				row[3+c] = formatG(sum / nrep)
			}
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("reports: timeseries: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("reports: timeseries: %w", err)
	}
	return nil
}
