package fleets

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/capsim/capsim/sim"
)

// mixed is a busy configuration that exercises every rule at once: Spot
// managed fleets in two locations with target tracking and NoProtection,
// an Anywhere fleet without the agent under a buffer, a FleetIQ group with
// Spot and ClaimDraining, a fixed container fleet with FullProtection; two
// queues, cancels, timeouts, activation errors, lost and duplicated end
// signals, stuck terminations, the age policy and timeline terminations.
func mixed() *Config {
	a := FleetConfig{Name: "arena", Kind: KindEC2, Locations: []string{"us-east-1", "eu-west-1"},
		PriceOnDemand: 0.2, PriceSpot: 0.07, MinBilled: time.Minute, CapacityType: Spot,
		Spot: SpotConfig{InterruptionRatePerHour: 0.3, ReclaimRatePerHour: 0.2, ReclaimShare: 0.5,
			LateNoticeShare: 0.2, MissingNoticeShare: 0.2, LateNoticeDelay: sim.Exponential{M: time.Minute},
			ViableMean: 2 * time.Hour, NotViableMean: 40 * time.Minute, RequeueShare: 0.8, RequeueDelay: sim.Exponential{M: 20 * time.Second}},
		ProcessesPerInstance: 5, MaxPlayers: 10,
		InstanceLaunchDelay: sim.LogNormal{Median: 3 * time.Minute, Sigma: 0.3},
		ProcessStartDelay:   sim.Exponential{M: 20 * time.Second}, RestartDelay: sim.Fixed{D: 5 * time.Second},
		ActivationTime: sim.LogNormal{Median: 5 * time.Second, Sigma: 1.2}, ActivationTimeout: 30 * time.Second,
		GracefulShutdown: sim.Exponential{M: 15 * time.Second}, NoProcessEndingShare: 0.3,
		TerminateOlderThan: 40 * time.Minute, TerminateMode: TriggerOnProcessTerminate,
		LostEndShare: 0.05, DuplicateEndShare: 0.1, StaleExpiry: 20 * time.Minute,
		Scaling: Scaling{Policy: ScalingTargetTracking, TargetPercent: 20, MinInstances: 1, MaxInstances: 8,
			InitialInstances: 2, Protection: NoProtection}}
	b := a
	b.Name, b.Kind, b.Locations, b.CapacityType = "lobby", KindAnywhere, []string{"home"}, OnDemand
	b.ProcessesPerInstance, b.TerminateOlderThan, b.NoProcessEndingShare = 3, 0, 0.5
	b.Scaling = Scaling{Policy: ScalingBuffer, BufferSize: 4, MinReplicas: 4, MaxReplicas: 15,
		MinInstances: 1, MaxInstances: 10, InitialInstances: 2}
	c := a
	c.Name, c.Kind, c.Locations, c.Balancing = "iq", KindFleetIQ, []string{"us-east-1"}, SpotPreferred
	c.ProcessesPerInstance, c.TerminateOlderThan, c.Spot.InterruptionRatePerHour, c.ClaimDraining = 4, 0, 1, true
	c.Instances = []InstanceDefinition{{InstanceType: "c5.large", WeightedCapacity: 1, PriceOnDemand: 0.085, PriceSpot: 0.034},
		{InstanceType: "c5.xlarge", WeightedCapacity: 2, PriceOnDemand: 0.17, PriceSpot: 0.06},
		{InstanceType: "m5.xlarge", WeightedCapacity: 3, PriceOnDemand: 0.192, PriceSpot: 0.07}}
	c.ClientConnectDelay = sim.Exponential{M: 20 * time.Second}
	c.Scaling = Scaling{Policy: ScalingTargetTracking, TargetPercent: 70, MinInstances: 1, MaxInstances: 6, InitialInstances: 2}
	d := a
	d.Name, d.Kind, d.Locations, d.CapacityType, d.TerminateOlderThan = "box", KindContainer, []string{"us-east-1"}, OnDemand, 0
	d.ProcessesPerInstance = 2
	d.Scaling = Scaling{Policy: ScalingNone, InitialInstances: 2, Protection: FullProtection}
	return &Config{
		Horizon: 8 * time.Hour, Warmup: time.Hour, Seed: 42, TimeseriesStep: 10 * time.Minute,
		Fleets: []FleetConfig{a, b, c, d},
		Queues: []QueueConfig{
			{Name: "main", Timeout: 5 * time.Minute, Destinations: []Destination{{0, "us-east-1"}, {0, "eu-west-1"}, {3, "us-east-1"}}},
			{Name: "side", Timeout: 2 * time.Minute, Destinations: []Destination{{1, "home"}, {0, "us-east-1"}}},
		},
		Demands: []DemandConfig{
			{Name: "ranked", Queue: 0, Fleet: -1, Players: 8, GameLength: sim.Exponential{M: 15 * time.Minute},
				Arrivals:          &sim.Poisson{RatePerHour: 120, Spikes: []sim.Spike{{Start: 3 * time.Hour, Ramp: 10 * time.Minute, Hold: 30 * time.Minute, PeakPerHour: 200}}},
				CancelProbability: 0.1, CancelAfter: sim.Exponential{M: time.Minute}},
			{Name: "casual", Queue: 1, Fleet: -1, Players: 4, GameLength: sim.Exponential{M: 10 * time.Minute},
				Arrivals: &sim.Poisson{RatePerHour: 50}},
			{Name: "claims", Queue: -1, Fleet: 2, Players: 2, GameLength: sim.Exponential{M: 10 * time.Minute},
				Arrivals: &sim.Poisson{RatePerHour: 80}, ClaimRetry: 5 * time.Second, ClaimTimeout: 30 * time.Second},
		},
		Timeline: []Action{
			{At: 2 * time.Hour, Fleet: 0, Mode: TriggerOnProcessTerminate, Share: 0.3},
			{At: 3 * time.Hour, Fleet: 0, Mode: ForceTerminate, Share: 0.5},
			{At: 3 * time.Hour, Fleet: 1, Mode: ForceTerminate, Share: 1},
			{At: 4 * time.Hour, Fleet: 1, Mode: TriggerOnProcessTerminate, Share: 0.5},
			{At: 5 * time.Hour, Fleet: 3, Mode: ForceTerminate, Share: 1},
		},
	}
}

// Every invariant holds after every event of a busy mixed run, over several
// replications, and every rule was exercised.
func TestInvariantsMixed(t *testing.T) {
	var sum LocationResult
	for rep := range 6 {
		r, err := Run(mixed(), rep, Options{CheckInvariants: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range r.Locations {
			var st int64
			for _, n := range l.ByStatus {
				st += n
			}
			if st != l.Placements || l.Latency.Count() != uint64(l.ByStatus[PlacementFulfilled]) {
				t.Fatalf("%s/%s: statuses %v do not sum to %d placements, or latency count %d", l.Fleet, l.Location, l.ByStatus, l.Placements, l.Latency.Count())
			}
			if l.IdleProcessSeconds > l.ProcessSlotSeconds || l.IdleCostUSD > l.CostUSD || l.SpotInstanceSeconds > l.InstanceSeconds {
				t.Fatalf("%s/%s: a part exceeds its whole: %+v", l.Fleet, l.Location, l)
			}
			if ts := l.Timeseries; ts == nil || ts.Buckets() != 48 || ts.Width() != RowWidth || ts.Check() != nil {
				t.Fatalf("%s/%s: timeseries missing or of the wrong length", l.Fleet, l.Location)
			}
			for s := range NumPlacementStatuses {
				sum.ByStatus[s] += l.ByStatus[s]
			}
			for g := range NumGameSessionReasons {
				sum.Terminations[g] += l.Terminations[g]
			}
			sum.Errors += l.Errors
			sum.TerminateRejected += l.TerminateRejected
			sum.DuplicateEnds += l.DuplicateEnds
			sum.LostEnds += l.LostEnds
			sum.ExpiredGames += l.ExpiredGames
			sum.Interruptions += l.Interruptions
			sum.ClaimLapses += l.ClaimLapses
			sum.OutOfCapacity += l.OutOfCapacity
			sum.ScalingActions += l.ScalingActions
			sum.BufferLimited += l.BufferLimited
			sum.ScaleInTerminations += l.ScaleInTerminations
			sum.StuckTerminatingSeconds += l.StuckTerminatingSeconds
			sum.ExpiredGameSeconds += l.ExpiredGameSeconds
			sum.ExtraBilledInstanceSeconds += l.ExtraBilledInstanceSeconds
		}
	}
	t.Logf("over 6 replications: %+v", sum)
	for name, v := range map[string]float64{
		"fulfilled": float64(sum.ByStatus[PlacementFulfilled]), "timed out": float64(sum.ByStatus[PlacementTimedOut]),
		"cancelled": float64(sum.ByStatus[PlacementCancelled]), "failed": float64(sum.ByStatus[PlacementFailed]),
		"normal ends": float64(sum.Terminations[ReasonNone]), "interrupted": float64(sum.Terminations[ReasonInterrupted]),
		"triggered": float64(sum.Terminations[ReasonTriggeredOnProcessTerminate]), "forced": float64(sum.Terminations[ReasonForceTerminated]),
		"errors": float64(sum.Errors), "rejected": float64(sum.TerminateRejected), "duplicates": float64(sum.DuplicateEnds),
		"lost": float64(sum.LostEnds), "expired": float64(sum.ExpiredGames), "interruptions": float64(sum.Interruptions),
		"lapses": float64(sum.ClaimLapses), "out of capacity": float64(sum.OutOfCapacity), "scaling": float64(sum.ScalingActions),
		"buffer limited": float64(sum.BufferLimited), "scale-in ends": float64(sum.ScaleInTerminations),
		"stuck seconds": sum.StuckTerminatingSeconds, "expired seconds": sum.ExpiredGameSeconds,
		"min billing": sum.ExtraBilledInstanceSeconds,
	} {
		if v == 0 {
			t.Errorf("the mixed run never exercised %s", name)
		}
	}
}

// The same configuration and replication give identical results; another
// replication differs.
func TestDeterminism(t *testing.T) {
	a, err := Run(mixed(), 3, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(mixed(), 3, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs of the same replication differ")
	}
	c, err := Run(mixed(), 4, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(a, c) || a.Requests == c.Requests && a.Events == c.Events {
		t.Fatal("replications 3 and 4 are identical")
	}
	// Checking invariants observes; it does not change the run.
	d, err := Run(mixed(), 3, Options{CheckInvariants: true})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, d) {
		t.Fatal("checking invariants changed the run")
	}
}

func TestEventBudget(t *testing.T) {
	cfg := mixed()
	cfg.MaxEvents = 1000
	_, err := Run(cfg, 0, Options{})
	if !errors.Is(err, sim.ErrEventBudget) {
		t.Fatalf("error %v, want ErrEventBudget", err)
	}
}

func TestValidate(t *testing.T) {
	for name, edit := range map[string]func(c *Config){
		"no horizon":          func(c *Config) { c.Horizon = 0 },
		"warm-up past end":    func(c *Config) { c.Warmup = c.Horizon },
		"51 processes":        func(c *Config) { c.Fleets[0].ProcessesPerInstance = 51 },
		"activation 601s":     func(c *Config) { c.Fleets[0].ActivationTimeout = 601 * time.Second },
		"FleetIQ destination": func(c *Config) { c.Queues[0].Destinations[0].Fleet = 2 },
		"unknown location":    func(c *Config) { c.Queues[0].Destinations[0].Location = "mars" },
		"too many players":    func(c *Config) { c.Demands[0].Players = 11 },
		"claims on EC2":       func(c *Config) { c.Demands[2].Fleet = 0 },
		"bad buffer":          func(c *Config) { c.Fleets[1].Scaling.BufferSize = 0 },
		"target 100%":         func(c *Config) { c.Fleets[0].Scaling.TargetPercent = 100 },
		"shares over 1":       func(c *Config) { c.Fleets[0].LostEndShare, c.Fleets[0].DuplicateEndShare = 0.6, 0.5 },
		"initial over max":    func(c *Config) { c.Fleets[0].Scaling.InitialInstances = 9 },
		"policy on FleetIQ":   func(c *Config) { c.Fleets[2].TerminateOlderThan = time.Hour },
		"duplicate fleet":     func(c *Config) { c.Fleets[1].Name = "arena" },
		"no game length":      func(c *Config) { c.Demands[1].GameLength = nil },
		"filter without ACTIVE": func(c *Config) {
			c.Demands[2].InstanceStatuses = []InstanceStatus{InstanceDraining}
		},
		"direct share 1.5":         func(c *Config) { c.Demands[2].DirectClaimShare = 1.5 },
		"direct claims on a queue": func(c *Config) { c.Demands[0].DirectClaimShare = 0.2 },
	} {
		cfg := mixed()
		edit(cfg)
		if _, err := Run(cfg, 0, Options{}); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%s: error %v, want ErrInvalidConfig", name, err)
		}
	}
}

// A day of a moderately sized fleet — two locations of up to 100 instances
// of 10 processes, about 60,000 placements on a daily curve — runs in a
// bounded number of events with near-zero allocation per event.
func TestDaySanity(t *testing.T) {
	f := managedFleet("day", 20, 10)
	f.Locations = []string{"us-east-1", "us-west-2"}
	f.Scaling = Scaling{Policy: ScalingTargetTracking, TargetPercent: 15, MinInstances: 5, MaxInstances: 100, InitialInstances: 20}
	f.LostEndShare, f.DuplicateEndShare, f.StaleExpiry = 0.01, 0.02, 30*time.Minute
	hourly := make([]float64, 24)
	for h := range hourly {
		hourly[h] = 1500 + 1500*float64(min(h, 24-h))/12
	}
	cfg := viaQueue(24*time.Hour, 5*time.Minute, &sim.Poisson{Hourly: hourly}, sim.Exponential{M: 20 * time.Minute}, f)
	cfg.Queues[0].Destinations = append(cfg.Queues[0].Destinations, Destination{0, "us-west-2"})
	cfg.TimeseriesStep = 15 * time.Minute
	var r *Result
	allocs := testing.AllocsPerRun(1, func() {
		var err error
		if r, err = Run(cfg, 0, Options{}); err != nil {
			t.Fatal(err)
		}
	})
	perEvent := allocs / float64(r.Events)
	t.Logf("%d requests, %d events, %.0f allocations (%.4f per event)", r.Requests, r.Events, allocs, perEvent)
	if r.Requests < 40000 || r.Events > 10*uint64(r.Requests) {
		t.Fatalf("%d requests, %d events", r.Requests, r.Events)
	}
	if perEvent > 0.01 {
		t.Fatalf("%.4f allocations per event, want near zero", perEvent)
	}
	var fulfilled, placements int64
	for _, l := range r.Locations {
		fulfilled += l.ByStatus[PlacementFulfilled]
		placements += l.Placements
	}
	if float64(fulfilled) < 0.95*float64(placements) {
		t.Fatalf("only %d of %d placements fulfilled", fulfilled, placements)
	}
}
