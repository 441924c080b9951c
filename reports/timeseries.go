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

// timeseriesColumns returns the row columns (streams.Col*) behind the
// header's columns from "requests" on, in order.
func timeseriesColumns() []int {
	return []int{streams.ColRequests, streams.ColStreaming, streams.ColAllocated, streams.ColIdle,
		streams.ColWaiting, streams.ColAlwaysOn, streams.ColMaximum,
		streams.ColFailures(streams.ReasonPlacementTimeout), streams.ColFailures(streams.ReasonInternalError),
		streams.ColCostUSD, streams.ColIdleCostUSD}
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
	if err := writeTimeseriesRows(csv.NewWriter(w), results); err != nil {
		return fmt.Errorf("reports: timeseries: %w", err)
	}
	return nil
}

// writeTimeseriesRows writes the header and the rows, reading each
// location's timeseries bucket by bucket in every replication at once (in
// memory or spilled to files: constant memory either way). Each column is
// summed in replication order, as writeMeanRows does. It flushes cw.
func writeTimeseriesRows(cw *csv.Writer, results []*streams.Result) error {
	if err := cw.Write(TimeseriesHeader); err != nil {
		return err
	}
	cols := timeseriesColumns()
	row := make([]string, len(TimeseriesHeader))
	rows := make([][]float64, len(results))
	nRep := len(results)
	for li := range results[0].Locations {
		l0 := &results[0].Locations[li]
		readers := make([]*streams.TimeseriesReader, nRep)
		for rep, r := range results {
			readers[rep] = r.Locations[li].Timeseries.NewReader()
		}
		n, step := l0.Timeseries.Buckets(), l0.Timeseries.StepSeconds
		for k := range n {
			for rep, rd := range readers {
				var err error
				if rows[rep], err = rd.Row(k); err != nil {
					return err
				}
			}
			row[0], row[1] = l0.Group, l0.Location
			row[2] = formatG(float64(k) * step / 60)
			for c, col := range cols {
				var sum float64
				for rep := range nRep {
					sum += rows[rep][col]
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
