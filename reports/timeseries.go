package reports

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/sim/metric"
)

// TimeseriesHeader is the header row of the timeseries CSV: the names,
// minute_start, then streams.TimeseriesColumns.
var TimeseriesHeader = seriesHeader("stream_group", "location", streams.TimeseriesColumns)

// seriesHeader is the header of a timeseries CSV in the row layout of
// writeMeanRows: the location's two names (a, b), minute_start, then the
// names of cols.
func seriesHeader(a, b string, cols []metric.Column[[]float64]) []string {
	return append([]string{a, b, "minute_start"}, metric.Names(cols)...)
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
// digits. Each location's timeseries is read bucket by bucket in every
// replication at once (in memory or spilled to files: constant memory
// either way). It returns an error, before writing anything, if there are
// no results, if a result lacks a timeseries, or if the replications differ
// in locations, step or bucket count.
func WriteTimeseriesCSV(w io.Writer, results []*streams.Result) error {
	return writeSeriesCSV(w, "timeseries", checkTimeseries(results), TimeseriesHeader,
		streams.TimeseriesColumns, streamSeries(results))
}

// writeSeriesCSV writes the timeseries CSV of what (its name in errors)
// with writeMeanRows. No replications, or invalid (the result of checking
// s), stop it before anything is written.
func writeSeriesCSV(w io.Writer, what string, invalid error, header []string, cols []metric.Column[[]float64], s series) error {
	if s.nRep == 0 {
		return fmt.Errorf("reports: %s: no results", what)
	}
	if invalid != nil {
		return fmt.Errorf("reports: %s: %w", what, invalid)
	}
	if err := writeMeanRows(csv.NewWriter(w), header, cols, s); err != nil {
		return fmt.Errorf("reports: %s: %w", what, err)
	}
	return nil
}

// writeMeanRows writes header, then for each location of s and each
// bucket one row: the location's two names, minute_start, and every column
// as its mean over the replications, summed in replication order. Each
// timeseries is read once, in bucket order, all replications at once
// (constant memory, in memory or spilled). It flushes cw.
func writeMeanRows(cw *csv.Writer, header []string, cols []metric.Column[[]float64], s series) error {
	nRep, at := s.nRep, s.at
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, len(header))
	buckets := make([][]float64, nRep)
	readers := make([]*sim.TimeseriesReader, nRep)
	for li := range s.nLoc {
		ts0, a, b := at(0, li)
		for rep := range nRep {
			ts, _, _ := at(rep, li)
			readers[rep] = ts.NewReader()
		}
		for k := range ts0.Buckets() {
			for rep, rd := range readers {
				var err error
				if buckets[rep], err = rd.Row(k); err != nil {
					return err
				}
			}
			row[0], row[1] = a, b
			row[2] = formatG(float64(k) * ts0.StepSeconds / 60)
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
