package fleets_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/sim"
)

// Run one replication of a fixed-size EC2 fleet behind a game session queue.
// The fleet has ample ready processes, so every placement is fulfilled and
// what is printed depends only on the arrivals drawn from the seed.
func ExampleRun() {
	cfg := &fleets.Config{
		Horizon: 4 * time.Hour,
		Warmup:  time.Hour,
		Seed:    42,
		Fleets: []fleets.FleetConfig{{
			Name:                 "arena",
			Kind:                 fleets.KindEC2,
			Locations:            []string{"us-east-1"},
			InstanceType:         "c5.large",
			PriceOnDemand:        0.10,
			CapacityType:         fleets.OnDemand,
			ProcessesPerInstance: 5,
			MaxPlayers:           10,
			ActivationTime:       sim.Fixed{D: 3 * time.Second},
			Scaling: fleets.Scaling{
				Policy:           fleets.ScalingNone,
				MinInstances:     10,
				MaxInstances:     10,
				InitialInstances: 10, // 50 process slots, ready at t=0
			},
		}},
		Queues: []fleets.QueueConfig{{
			Name:         "main",
			Timeout:      10 * time.Minute,
			Destinations: []fleets.Destination{{Fleet: 0, Location: "us-east-1"}},
		}},
		Demands: []fleets.DemandConfig{{
			Name:       "matches",
			Queue:      0,
			Fleet:      -1,
			Arrivals:   &sim.Poisson{RatePerHour: 60},
			Players:    8,
			GameLength: sim.Exponential{M: 20 * time.Minute},
		}},
	}
	res, err := fleets.Run(cfg, 0, fleets.Options{CheckInvariants: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	loc := res.Locations[0]
	fmt.Printf("%s/%s (%s)\n", loc.Fleet, loc.Location, loc.Kind)
	fmt.Println("placements after warm-up:", loc.Placements)
	fmt.Println("all fulfilled:", loc.ByStatus[fleets.PlacementFulfilled] == loc.Placements)
	fmt.Println("max instances:", loc.MaxInstances)
	// Output:
	// arena/us-east-1 (ec2)
	// placements after warm-up: 173
	// all fulfilled: true
	// max instances: 10
}

// A configuration the model cannot run is rejected with every problem at
// once, wrapped in ErrInvalidConfig.
func ExampleRun_invalid() {
	cfg := &fleets.Config{Horizon: time.Hour, Warmup: 2 * time.Hour}
	_, err := fleets.Run(cfg, 0, fleets.Options{})
	fmt.Println(errors.Is(err, fleets.ErrInvalidConfig))
	// Output:
	// true
}
