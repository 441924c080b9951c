package streams

import (
	"testing"
	"time"

	"github.com/capsim/capsim/sim"
)

// fixedService is the service of the deterministic test configs: fixed
// delays (allocation 1 min, activation 5 min, no session start delay),
// placement timeouts of 10 min, idle release after 1 min, billing per
// instance and fill-first packing. Tests change the fields they are about.
func fixedService() Service {
	return Service{
		PlacementTimeoutAlwaysOn: 10 * time.Minute, PlacementTimeoutOnDemandLinux: 10 * time.Minute,
		PlacementTimeoutOnDemandWindows: 10 * time.Minute,
		AllocationDelayLinux:            sim.Fixed{D: time.Minute}, AllocationDelayWindows: sim.Fixed{D: time.Minute},
		ActivationDelay: sim.Fixed{D: 5 * time.Minute}, SessionStartDelay: sim.Fixed{},
		IdleReleaseDelay: time.Minute, BillingUnit: PerInstance, Packing: "fill_first", MaximumIncludesAlwaysOn: true,
	}
}

// runOne runs replication 0 of cfg with invariant checks, calling onEnd
// (if not nil) with every session's record.
func runOne(t *testing.T, cfg *Config, onEnd func(SessionRecord)) *Result {
	t.Helper()
	r, err := Run(cfg, 0, Options{CheckInvariants: true, OnSessionEnd: onEnd})
	if err != nil {
		t.Fatal(err)
	}
	return r
}
