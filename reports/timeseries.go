package reports

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim/metric"
)

// TimeseriesHeader is the header row of the timeseries CSV: the names,
// minute_start, then streams.TimeseriesColumns.
var TimeseriesHeader = append([]string{"stream_group", "location", "minute_start"},
	metric.Names(streams.TimeseriesColumns)...)

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
// digits. Each location's timeseries is read bucket by bucket in every
// replication at once (in memory or spilled to files: constant memory
// either way). It returns an error, before writing anything, if there are
// no results, if a result lacks a timeseries, or if the replications differ
// in locations, step or bucket count.
func WriteTimeseriesCSV(w io.Writer, results []*streams.Result) error {
	if len(results) == 0 {
		return errors.New("reports: timeseries: no results")
	}
	if err := checkTimeseries(results); err != nil {
		return fmt.Errorf("reports: timeseries: %w", err)
	}
	err := writeMeanRows(csv.NewWriter(w), TimeseriesHeader, streams.TimeseriesColumns, len(results), len(results[0].Locations),
		func(li int) (string, string, int, float64) {
			l := &results[0].Locations[li]
			return l.Group, l.Location, l.Timeseries.Buckets(), l.Timeseries.StepSeconds
		},
		func(rep, li int) func(k int) ([]float64, error) {
			return results[rep].Locations[li].Timeseries.NewReader().Row
		})
	if err != nil {
		return fmt.Errorf("reports: timeseries: %w", err)
	}
	return nil
}

// writeMeanRows writes header, then for each of nLoc locations and each
// bucket one row: the location's two names, minute_start, and every column
// as its mean over nRep replications, summed in replication order. shape
// returns location li's names, bucket count and step in seconds; open a
// reader of replication rep's buckets of location li (opened once per
// location and replication, read in bucket order). It flushes cw.
func writeMeanRows[R any](cw *csv.Writer, header []string, cols []metric.Column[R], nRep, nLoc int,
	shape func(li int) (a, b string, n int, step float64), open func(rep, li int) func(k int) (R, error)) error {
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, len(header))
	buckets := make([]R, nRep)
	readers := make([]func(int) (R, error), nRep)
	for li := range nLoc {
		a, b, n, step := shape(li)
		for rep := range nRep {
			readers[rep] = open(rep, li)
		}
		for k := range n {
			for rep, rd := range readers {
				var err error
				if buckets[rep], err = rd(k); err != nil {
					return err
				}
			}
			row[0], row[1] = a, b
			row[2] = formatG(float64(k) * step / 60)
			for c, col := range cols {
				var sum float64
				for rep := range nRep {
					sum += col.Read(buckets[rep])
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

// writeBuffered runs write on a buffer and copies it to w only if it
// succeeds, so that a failure writes nothing.
func writeBuffered(w io.Writer, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
