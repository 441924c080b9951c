package benchout

import (
	"math"

	"github.com/capsim/capsim/simrun"
)

// The key metrics a benchmark reports, by their names in summary.json
// (streams.Metrics and fleets.Metrics declare them): latency in seconds,
// ratios as fractions, costs in US dollars.
var (
	StreamMetrics = []string{"placement_latency_seconds.p95", "placement_latency_seconds.mean",
		"placement_failure_ratio", "utilisation", "cost_usd", "idle_cost_usd"}
	FleetMetrics = []string{"placement_latency_seconds.p95", "placement_latency_seconds.mean",
		"timed_out_ratio", "utilisation", "instances.mean", "cost_usd", "idle_cost_usd"}
)

// NsPerSession is the unit of the simulator's wall time per simulated
// session (stream session request or fleet placement request).
const NsPerSession = "ns/session"

// benched reports whether a scope has benchmark lines: a location or total
// of either model, not an hour of the day or a player region (whose
// metrics are none of the key metrics).
func benched(s simrun.Scope) bool { return s.Model == "streams" || s.Model == "fleets" }

func hasLocations(scopes []simrun.Scope, model string) bool {
	for _, s := range scopes {
		if s.Model == model && s.Location != "" {
			return true
		}
	}
	return false
}

// value is the metric's value in a replication's scope (NaN: undefined).
func value(s simrun.Scope, name string) float64 {
	for _, m := range s.Metrics {
		if m.Name == name && len(m.Reps) == 1 {
			return m.Reps[0]
		}
	}
	return math.NaN()
}
