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
	"requests", "streaming", "allocated", "idle", "waiting"}

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
	if err := checkLocations(results); err != nil {
		return fmt.Errorf("reports: timeseries: %w", err)
	}
	for i, r := range results {
		for li := range r.Locations {
			l := &r.Locations[li]
			ts := l.Timeseries
			if ts == nil {
				return fmt.Errorf("reports: timeseries: replication %d, %s/%s: no timeseries (TimeseriesStep is 0)",
					i, l.Group, l.Location)
			}
			n := len(ts.Requests)
			if len(ts.Streaming) != n || len(ts.Allocated) != n || len(ts.Idle) != n || len(ts.Waiting) != n {
				return fmt.Errorf("reports: timeseries: replication %d, %s/%s: series of unequal lengths",
					i, l.Group, l.Location)
			}
			if !(ts.StepSeconds > 0) {
				return fmt.Errorf("reports: timeseries: replication %d, %s/%s: step %v s is not positive",
					i, l.Group, l.Location, ts.StepSeconds)
			}
			t0 := results[0].Locations[li].Timeseries
			if ts.StepSeconds != t0.StepSeconds || n != len(t0.Requests) {
				return fmt.Errorf("reports: timeseries: replication %d, %s/%s: %d buckets of %v s, replication 0 has %d of %v s",
					i, l.Group, l.Location, n, ts.StepSeconds, len(t0.Requests), t0.StepSeconds)
			}
		}
	}

	cw := csv.NewWriter(w)
	if err := cw.Write(TimeseriesHeader); err != nil {
		return fmt.Errorf("reports: timeseries: %w", err)
	}
	nrep := float64(len(results))
	row := make([]string, len(TimeseriesHeader))
	for li := range results[0].Locations {
		l0 := &results[0].Locations[li]
		step := l0.Timeseries.StepSeconds
		for k := range l0.Timeseries.Requests {
			var req, str, alloc, idle, wait float64
			for _, r := range results {
				ts := r.Locations[li].Timeseries
				req += ts.Requests[k]
				str += ts.Streaming[k]
				alloc += ts.Allocated[k]
				idle += ts.Idle[k]
				wait += ts.Waiting[k]
			}
			row[0], row[1] = l0.Group, l0.Location
			row[2] = formatG(float64(k) * step / 60)
			row[3] = formatG(req / nrep)
			row[4] = formatG(str / nrep)
			row[5] = formatG(alloc / nrep)
			row[6] = formatG(idle / nrep)
			row[7] = formatG(wait / nrep)
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
