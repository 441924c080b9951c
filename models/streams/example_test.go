package streams_test

import (
	"fmt"
	"time"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
)

// Run one replication of a stream group whose only capacity is always-on
// and ample: every request is placed at once, so what is printed depends
// only on the arrivals drawn from the seed.
func ExampleRun() {
	class, err := streams.LookupClass("gen4n_high") // 2 streams per instance
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := &streams.Config{
		Horizon: 4 * time.Hour,
		Warmup:  time.Hour,
		Seed:    42,
		Service: streams.Service{
			PlacementTimeoutAlwaysOn:      75 * time.Second,
			PlacementTimeoutOnDemandLinux: 90 * time.Second,
			AllocationDelayLinux:          sim.Fixed{D: 90 * time.Second},
			SessionStartDelay:             sim.Fixed{D: 5 * time.Second},
			TerminatingDuration:           10 * time.Second,
			BillingUnit:                   streams.PerStream,
			Packing:                       "fill_first",
		},
		Groups: []streams.GroupConfig{{
			Name:  "starlight",
			Class: class,
			Locations: []streams.LocationConfig{
				{Name: "eu-central-1", AlwaysOn: 100, PriceUSDPerHour: 0.5},
			},
		}},
		Demands: []streams.DemandConfig{{
			Name:          "europe",
			Group:         0,
			Arrivals:      &streams.Poisson{RatePerHour: 60},
			SessionLength: sim.Exponential{M: 20 * time.Minute},
			Client: streams.Client{
				ConnectDelay:       sim.Fixed{D: 2 * time.Second},
				ConnectionTimeout:  120 * time.Second,
				SessionLengthLimit: 12 * time.Hour,
			},
		}},
	}
	res, err := streams.Run(cfg, 0, streams.Options{CheckInvariants: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	loc := res.Locations[0]
	fmt.Printf("%s/%s: %d slots per instance\n", loc.Group, loc.Location, loc.Tenancy)
	fmt.Println("requests after warm-up:", loc.Requests)
	fmt.Println("all placed:", loc.Placed == loc.Requests, "failures:", loc.Failures)
	fmt.Println("latencies recorded:", loc.Latency.Count() == uint64(loc.Placed))
	// Output:
	// starlight/eu-central-1: 2 slots per instance
	// requests after warm-up: 158
	// all placed: true failures: 0
	// latencies recorded: true
}
