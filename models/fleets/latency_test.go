package fleets

import (
	"math"
	"testing"
	"time"

	"github.com/capsim/capsim/sim"
)

// nearFar is a queue over two fleets: "near" (30 ms from the players, no
// instance) and "far" (150 ms, plenty of idle processes), with the
// requests' latency data and the given PlayerLatencyPolicies.
func nearFar(policies []LatencyPolicy, rtt []time.Duration, at ...time.Duration) *Config {
	near, far := managedFleet("near", 0, 4), managedFleet("far", 10, 4)
	cfg := viaQueue(3*time.Hour, 10*time.Minute, trace(at...), sim.Fixed{D: time.Hour}, near, far)
	cfg.Queues[0].LatencyPolicies = policies
	cfg.Demands[0].RTT = rtt
	return cfg
}

func placedAfter(t *testing.T, cfg *Config) (where []string, waited []float64) {
	t.Helper()
	_, err := Run(cfg, 0, Options{CheckInvariants: true, OnSessionEnd: func(r SessionRecord) {
		if r.Placement == PlacementFulfilled {
			where, waited = append(where, r.Fleet), append(waited, r.PlacedSeconds-r.ArrivalSeconds)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	return where, waited
}

// TestLatencyPolicyStagesRelaxOnSchedule is issue 22's second done-when
// test: the guide's stages (G5: 50 ms for 120 s, then 100 ms for 120 s,
// then no cap) keep a request off the 150 ms destination until 240 s after
// it arrived, exactly, although that destination has idle processes all the
// time; with a last stage of 200 ms it goes there at 240 s too, and with
// one of 100 ms without a duration it never does (TIMED_OUT).
func TestLatencyPolicyStagesRelaxOnSchedule(t *testing.T) {
	ms := time.Millisecond
	rtt := []time.Duration{30 * ms, 150 * ms}
	at := []time.Duration{10 * time.Minute, 20*time.Minute + 7*time.Second}
	for _, c := range []struct {
		name     string
		policies []LatencyPolicy
		wait     float64 // seconds to FULFILLED at far; <0: never placed
	}{
		{"no cap after the last stage", []LatencyPolicy{{50 * ms, 120 * time.Second}, {100 * ms, 120 * time.Second}}, 240},
		{"a last stage of 200 ms until the timeout", []LatencyPolicy{{50 * ms, 120 * time.Second}, {100 * ms, 120 * time.Second}, {200 * ms, 0}}, 240},
		{"one stage of 200 ms", []LatencyPolicy{{200 * ms, 60 * time.Second}}, 0},
		{"100 ms until the timeout", []LatencyPolicy{{50 * ms, 120 * time.Second}, {100 * ms, 0}}, -1},
	} {
		where, waited := placedAfter(t, nearFar(c.policies, rtt, at...))
		if c.wait < 0 {
			if len(where) != 0 {
				t.Errorf("%s: placed %v after %v s, want never (150 ms is above every cap)", c.name, where, waited)
			}
			continue
		}
		if len(where) != len(at) {
			t.Fatalf("%s: %d placed, want %d", c.name, len(where), len(at))
		}
		for i := range where {
			if where[i] != "far" || math.Abs(waited[i]-c.wait) > 1e-6 {
				t.Errorf("%s: request %d placed at %s after %g s, want far after %g s", c.name, i, where[i], waited[i], c.wait)
			}
		}
	}
	// Without latency data the policies are not enforced (G4): placed at once.
	where, waited := placedAfter(t, nearFar([]LatencyPolicy{{50 * ms, 0}}, nil, at...))
	if len(where) != 2 || waited[0] != 0 {
		t.Errorf("without latency data: %v after %v, want far at once", where, waited)
	}
}

// TestLatencyPriorityOrder: with latency data the queue tries the nearest
// destination first whatever the destination order (LATENCY before
// DESTINATION, G3); with PriorityOrder DESTINATION first it keeps the list.
func TestLatencyPriorityOrder(t *testing.T) {
	ms := time.Millisecond
	a, b := managedFleet("a", 2, 4), managedFleet("b", 2, 4)
	cfg := viaQueue(time.Hour, 10*time.Minute, trace(time.Minute), sim.Fixed{D: time.Minute}, a, b)
	cfg.Demands[0].RTT = []time.Duration{120 * ms, 40 * ms}
	res, err := Run(cfg, 0, Options{CheckInvariants: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Locations[1].ByStatus[PlacementFulfilled] != 1 || res.Locations[1].RTT.Count() != 1 {
		t.Errorf("default priority: fulfilled at a %d, b %d; want b (40 ms)", res.Locations[0].ByStatus[PlacementFulfilled], res.Locations[1].ByStatus[PlacementFulfilled])
	}
	if got := res.Locations[1].RTT.Quantile(0.5); math.Abs(got-0.040) > 0.001 {
		t.Errorf("recorded RTT %g s, want 0.040", got)
	}
	cfg.Queues[0].Priority = []PriorityKind{PriorityDestination}
	res, _ = Run(cfg, 0, Options{CheckInvariants: true})
	if res.Locations[0].ByStatus[PlacementFulfilled] != 1 {
		t.Error("PriorityOrder DESTINATION: not placed at the first destination")
	}
}
