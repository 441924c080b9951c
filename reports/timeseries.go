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
	err := writeMeanRows(cw, TimeseriesHeader, len(results), len(results[0].Locations),
		func(rep, li int) (string, string, *streams.Timeseries) {
			l := &results[rep].Locations[li]
			return l.Group, l.Location, l.Timeseries
		},
		func(ts *streams.Timeseries) (int, float64) { return ts.Buckets(), ts.StepSeconds },
		timeseriesColumns())
	if err != nil {
		return fmt.Errorf("reports: timeseries: %w", err)
	}
	return nil
}

// writeMeanRows writes header, then for each of nLoc locations and each
// bucket one row: the location's two names, minute_start, and every column
// as its mean over nRep replications, summed in replication order. series
// returns replication rep's names and timeseries of location li; shape its
// bucket count and step in seconds. It flushes cw.
func writeMeanRows[T any](cw *csv.Writer, header []string, nRep, nLoc int,
	series func(rep, li int) (string, string, T), shape func(T) (int, float64), cols []func(T) []float64) error {
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, len(header))
	for li := range nLoc {
		a, b, ts0 := series(0, li)
		n, step := shape(ts0)
		for k := range n {
			row[0], row[1] = a, b
			row[2] = formatG(float64(k) * step / 60)
			for c, get := range cols {
				var sum float64
				for rep := range nRep {
					_, _, ts := series(rep, li)
					sum += get(ts)[k]
				}
				row[3+c] = formatG(sum / float64(nRep))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
