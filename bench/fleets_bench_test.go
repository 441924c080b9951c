package bench

import (
	"testing"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/scenarios"
)

// BenchmarkFleetsScenario runs one replication of each GameLift Servers
// example (queues, FleetIQ claims, termination policies, Spot, both
// autoscalers) and reports the cost per placement request and per event.
func BenchmarkFleetsScenario(b *testing.B) {
	for _, name := range []string{"managed-target-tracking", "fleetiq-spot", "fleet-buffer"} {
		b.Run(name, func(b *testing.B) {
			sc, err := scenarios.Example(name)
			if err != nil {
				b.Fatal(err)
			}
			cfg, err := sc.BuildFleets()
			if err != nil {
				b.Fatal(err)
			}
			cfg.TimeseriesStep = 0
			var requests, events int64
			rep := 0
			for b.Loop() {
				r, err := fleets.Run(cfg, rep, fleets.Options{})
				if err != nil {
					b.Fatal(err)
				}
				requests += r.Requests
				events += int64(r.Events)
				rep++
			}
			ns := float64(b.Elapsed().Nanoseconds())
			b.ReportMetric(ns/float64(requests), "ns/request")
			b.ReportMetric(ns/float64(events), "ns/event")
		})
	}
}
