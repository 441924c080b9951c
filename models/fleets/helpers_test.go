package fleets

import (
	"errors"
	"testing"
	"time"

	"github.com/capsim/capsim/sim"
)

// managedFleet is an EC2 fleet in one location "here" with n fixed
// instances of P processes and quick, fixed delays.
func managedFleet(name string, n, P int) FleetConfig {
	return FleetConfig{
		Name: name, Kind: KindEC2, Locations: []string{"here"}, InstanceType: "c5.large",
		PriceOnDemand: 1, PriceSpot: 0.25, ProcessesPerInstance: P, MaxPlayers: 10,
		InstanceLaunchDelay: sim.Fixed{D: 3 * time.Minute}, ProcessStartDelay: sim.Fixed{D: 10 * time.Second},
		RestartDelay: sim.Fixed{D: 5 * time.Second}, ActivationTime: sim.Fixed{}, ActivationTimeout: 300 * time.Second,
		GracefulShutdown: sim.Fixed{D: 10 * time.Second},
		Scaling:          Scaling{Policy: ScalingNone, InitialInstances: n},
	}
}

// iqFleet is a FleetIQ group in one location with n fixed instances of P
// game servers, clients connecting after connect.
func iqFleet(name string, n, P int, connect time.Duration) FleetConfig {
	f := managedFleet(name, n, P)
	f.Kind = KindFleetIQ
	f.Balancing = OnDemandOnly
	f.ClientConnectDelay = sim.Fixed{D: connect}
	return f
}

// trace returns arrivals at the given offsets.
func trace(at ...time.Duration) *sim.Trace {
	return &sim.Trace{Source: "test", At: at}
}

// every returns n arrivals, one every step from start.
func every(start, step time.Duration, n int) *sim.Trace {
	t := &sim.Trace{Source: "test"}
	for i := range n {
		t.At = append(t.At, start+time.Duration(i)*step)
	}
	return t
}

// viaQueue wraps fleets in a Config with one queue over every managed fleet's
// location "here" (timeout D) and one demand on it.
func viaQueue(horizon, D time.Duration, arrivals sim.Arrivals, length sim.Dist, fs ...FleetConfig) *Config {
	q := QueueConfig{Name: "q", Timeout: D}
	for i, f := range fs {
		if f.Kind != KindFleetIQ {
			q.Destinations = append(q.Destinations, Destination{Fleet: i, Location: f.Locations[0]})
		}
	}
	return &Config{Horizon: horizon, Seed: 7, Fleets: fs, Queues: []QueueConfig{q},
		Demands: []DemandConfig{{Name: "d", Queue: 0, Fleet: -1, Arrivals: arrivals, Players: 4, GameLength: length}}}
}

// claims wraps one FleetIQ group in a Config with one claim demand.
func claims(horizon time.Duration, arrivals sim.Arrivals, length sim.Dist, f FleetConfig) *Config {
	return &Config{Horizon: horizon, Seed: 7, Fleets: []FleetConfig{f},
		Demands: []DemandConfig{{Name: "c", Queue: -1, Fleet: 0, Arrivals: arrivals, Players: 4, GameLength: length}}}
}

// build makes a model for step-by-step tests, with invariants checked.
func build(t *testing.T, cfg *Config) *model {
	t.Helper()
	return buildOpt(t, cfg, Options{CheckInvariants: true})
}

func buildOpt(t *testing.T, cfg *Config, opt Options) *model {
	t.Helper()
	m, err := newModel(cfg, 0, opt)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// runTo handles every event up to and including d and fails on an
// invariant violation.
func runTo(t *testing.T, m *model, d time.Duration) {
	t.Helper()
	if err := m.s.Run(sim.At(d)); err != nil {
		t.Fatal(err)
	}
	if m.err != nil {
		t.Fatal(m.err)
	}
}

// runJust handles the events strictly before d.
func runJust(t *testing.T, m *model, d time.Duration) { runTo(t, m, d-1) }

func mustRun(t *testing.T, cfg *Config, rep int) *Result {
	t.Helper()
	r, err := Run(cfg, rep, Options{CheckInvariants: true})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// liveSessions returns the records of the placed, live game sessions.
func liveSessions(m *model) []int32 {
	var out []int32
	for i := range m.sessions.Items {
		if s := &m.sessions.Items[i]; !s.Free && s.phase == phPlaced {
			out = append(out, int32(i))
		}
	}
	return out
}

func wantErr(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error %v, want %v", err, target)
	}
}
