package bench

import (
	"testing"

	"github.com/capsim/capsim/internal/testutil"
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
			testutil.NoErr(b, err)
			cfg, err := sc.BuildFleets()
			testutil.NoErr(b, err)
			cfg.TimeseriesStep = 0
			loopReplications(b, "request", func(rep int) (int64, int64, error) {
				r, err := fleets.Run(cfg, rep, fleets.Options{})
				if err != nil {
					return 0, 0, err
				}
				return r.Requests, int64(r.Events), nil
			})
		})
	}
}
