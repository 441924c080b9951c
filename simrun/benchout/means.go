package benchout

import (
	"math"

	"github.com/capsim/capsim/sim"
)

// Mean is a metric's mean over replications, under the unit a Go
// benchmark (capsimtest.Benchmark) reports it with.
type Mean struct {
	Unit  string
	Value float64
}

// Means are the means over reps of the key metrics of the stream groups'
// total and the fleets' total (units prefixed "fleet_total."), undefined
// ones left out, and ns/session: both models' wall time per session
// over all replications.
func Means(reps []Replication) []Mean {
	if len(reps) == 0 {
		return nil
	}
	var out []Mean
	for si, s := range reps[0].Scopes {
		if !benched(s) || s.Location != "" || s.Model == "streams" && !hasLocations(reps[0].Scopes, "streams") {
			continue
		}
		names, prefix := StreamMetrics, ""
		if s.Model == "fleets" {
			names, prefix = FleetMetrics, "fleet_total."
		}
		for _, name := range names {
			vals := make([]float64, len(reps))
			for i, r := range reps {
				vals[i] = value(r.Scopes[si], name)
			}
			if m := sim.NewEstimate(vals).Mean; !math.IsNaN(m) { // the mean summary.json shows
				out = append(out, Mean{Unit: prefix + name, Value: m})
			}
		}
	}
	if ns := nsPerSession(reps); !math.IsNaN(ns) {
		out = append(out, Mean{Unit: NsPerSession, Value: ns})
	}
	return out
}

// nsPerSession is both models' wall time over their sessions, all
// replications together (NaN without sessions).
func nsPerSession(reps []Replication) float64 {
	var ns, sessions float64
	for _, r := range reps {
		for _, model := range []string{"streams", "fleets"} {
			ns += float64(r.Elapsed[model].Nanoseconds())
			sessions += float64(r.Sessions[model])
		}
	}
	if sessions == 0 {
		return math.NaN()
	}
	return ns / sessions
}
