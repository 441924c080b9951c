package streams

import (
	"time"

	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/sim/metric"
)

// HoursOfDay is the number of hour-of-day buckets of [HourResult]: virtual
// time starts at 00:00 UTC, as the hourly arrival curves do.
const HoursOfDay = 24

// HourResult is what a location measured of the requests that arrived in
// one hour of the day (UTC, over every day after the warm-up), recorded
// when Options.Hourly is set: requests and placement failures counted as
// LocationResult counts them (at the first location of the request's
// list), and the placement latencies (seconds) of those placed here, in a
// sketch. Requests are bucketed by their arrival hour, so a request that
// waits across an hour's end counts in the hour it arrived.
type HourResult struct {
	Requests, Failures int64
	Latency            *sim.Sketch
}

// HourMetrics declares the per-hour metrics, read from a location's
// HourResult of one hour and combined over locations for the total the
// way Metrics combines them.
var HourMetrics = []metric.Def[HourResult]{
	metric.NewSum("requests", metric.Count, metric.Neutral, func(h *HourResult) float64 { return float64(h.Requests) }),
	metric.NewSum("placement_failures", metric.Count, metric.LowerIsBetter, func(h *HourResult) float64 { return float64(h.Failures) }),
	metric.NewRatio("placement_failure_ratio", metric.LowerIsBetter, func(h *HourResult) float64 { return float64(h.Failures) },
		func(h *HourResult) float64 { return float64(h.Requests) }),
	metric.NewQuantile("placement_latency_seconds.p95", metric.Seconds, metric.LowerIsBetter, 0.95,
		func(h *HourResult) *sim.Sketch { return h.Latency }),
}

// hourOf is the hour of the day of t.
func hourOf(t sim.Time) int { return int(time.Duration(t)/time.Hour) % HoursOfDay }

// newHours returns the hours with empty sketches whose buckets are
// allocated on the first latency above zero (most placements are
// immediate, counted without buckets).
func newHours() []HourResult {
	hs := make([]HourResult, HoursOfDay)
	for i := range hs {
		hs[i].Latency = new(sim.Sketch)
	}
	return hs
}
