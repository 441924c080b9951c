package fleets

import (
	"strings"
	"testing"
	"time"

	"github.com/capsim/capsim/sim"
)

// Agones' buffer formulas (K2): absolute and percentage, then the clamp to
// [MinReplicas, MaxReplicas] with the Limited flag.
func TestBufferReplicas(t *testing.T) {
	for _, c := range []struct {
		s         Scaling
		allocated int
		want      int
		limited   bool
	}{
		{Scaling{BufferSize: 5, MaxReplicas: 100}, 7, 12, false},
		{Scaling{BufferSize: 5, MaxReplicas: 100}, 0, 5, false},
		{Scaling{BufferPercent: 30, MinReplicas: 1, MaxReplicas: 100}, 8, 12, false},  // ceil(800/70) = 12
		{Scaling{BufferPercent: 50, MinReplicas: 1, MaxReplicas: 100}, 10, 20, false}, // exact: no rounding up
		{Scaling{BufferPercent: 20, MinReplicas: 1, MaxReplicas: 100}, 1, 2, false},   // ceil(100/80) = 2
		{Scaling{BufferPercent: 50, MinReplicas: 1, MaxReplicas: 100}, 0, 1, true},    // 0 clamped up to min
		{Scaling{BufferSize: 5, MinReplicas: 10, MaxReplicas: 100}, 2, 10, true},
		{Scaling{BufferSize: 5, MinReplicas: 10, MaxReplicas: 20}, 30, 20, true},
		{Scaling{BufferSize: 5, MinReplicas: 10, MaxReplicas: 20}, 15, 20, false}, // at max, not beyond
	} {
		got, limited := bufferReplicas(&c.s, c.allocated)
		if got != c.want || limited != c.limited {
			t.Errorf("%+v allocated %d: %d limited %v, want %d %v", c.s, c.allocated, got, limited, c.want, c.limited)
		}
	}
}

// ValidateBuffer follows Agones' ValidateBufferPolicy (K1).
func TestValidateBuffer(t *testing.T) {
	for _, c := range []struct {
		s    Scaling
		want string // substring of the error; "" for valid
	}{
		{Scaling{BufferSize: 5, MaxReplicas: 20}, ""},
		{Scaling{BufferSize: 5, MinReplicas: 5, MaxReplicas: 5}, ""},
		{Scaling{BufferSize: 5, MinReplicas: 10, MaxReplicas: 20}, ""},
		{Scaling{BufferPercent: 20, MinReplicas: 1, MaxReplicas: 10}, ""},
		{Scaling{BufferPercent: 99, MinReplicas: 1, MaxReplicas: 1}, ""},
		{Scaling{BufferSize: 0, MaxReplicas: 10}, "bufferSize 0 must be bigger than 0"},
		{Scaling{BufferSize: -2, MaxReplicas: 10}, "must be bigger than 0"},
		{Scaling{BufferSize: 5, MaxReplicas: 4}, "maxReplicas 4 must be bigger than bufferSize 5"},
		{Scaling{BufferSize: 5, MinReplicas: 3, MaxReplicas: 20}, "minReplicas 3 is smaller than bufferSize 5"},
		{Scaling{BufferSize: 5, MinReplicas: 30, MaxReplicas: 20}, "minReplicas 30 is bigger than maxReplicas 20"},
		{Scaling{BufferPercent: 100, MinReplicas: 1, MaxReplicas: 10}, "not a valid percentage"},
		{Scaling{BufferPercent: 0.5, MinReplicas: 1, MaxReplicas: 10}, "not a valid percentage"},
		{Scaling{BufferPercent: 12.5, MinReplicas: 1, MaxReplicas: 10}, "not a valid percentage"},
		{Scaling{BufferPercent: 20, MinReplicas: 0, MaxReplicas: 10}, "minReplicas 0 should be above 0"},
		{Scaling{BufferPercent: 20, MinReplicas: 2, MaxReplicas: 1}, "bigger than maxReplicas"},
		{Scaling{BufferSize: 5, BufferPercent: 20, MinReplicas: 5, MaxReplicas: 10}, "not both"},
	} {
		err := ValidateBuffer(c.s)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%+v: %v, want valid", c.s, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%+v: %v, want an error with %q", c.s, err, c.want)
		}
	}
}

// The buffer controller sizes instances as ceil(replicas/P), counts clamps
// in BufferLimited and, like Agones, never removes allocated game servers:
// instances with sessions drain even under NoProtection.
func TestBufferScaling(t *testing.T) {
	f := managedFleet("b", 1, 4)
	f.Scaling = Scaling{Policy: ScalingBuffer, BufferSize: 6, MinReplicas: 8, MaxReplicas: 40,
		MinInstances: 1, MaxInstances: 10, InitialInstances: 1, Protection: NoProtection}
	cfg := viaQueue(2*time.Hour, time.Hour, every(0, time.Second, 8), sim.Exponential{M: 20 * time.Minute}, f)
	m := build(t, cfg)
	l := m.locs[0]
	runTo(t, m, 30*time.Second) // 4 placed, 4 waiting: ceil((4+6)/4) = 3
	if l.desired != 3 || l.launching != 2 {
		t.Fatalf("first sync: desired %d launching %d, want 3 and 2", l.desired, l.launching)
	}
	runTo(t, m, 4*time.Minute) // instances up at 3m30s, the 4 waiting placed: ceil((8+6)/4) = 4
	if l.desired != 4 {
		t.Fatalf("desired %d with 8 allocated, want 4", l.desired)
	}
	runTo(t, m, 2*time.Hour)
	r := m.result().Locations[0]
	if r.ScaleInTerminations != 0 || r.Terminations[ReasonForceTerminated] != 0 || r.Terminations[ReasonNone] != 8 {
		t.Fatalf("buffer scale-in ended sessions: %+v", r.Terminations)
	}
	if l.desired != 2 || r.BufferLimited == 0 { // 0 allocated: 6 replicas clamped up to 8 -> 2 instances
		t.Fatalf("at rest: desired %d, limited %d", l.desired, r.BufferLimited)
	}
	// With MaxReplicas 12 the 14 wanted replicas clamp to 12: 3 instances.
	cfg.Fleets[0].Scaling.MaxReplicas = 12
	m = build(t, cfg)
	runTo(t, m, 4*time.Minute)
	if m.locs[0].desired != 3 || m.locs[0].res.BufferLimited == 0 {
		t.Fatalf("clamped: desired %d limited %d", m.locs[0].desired, m.locs[0].res.BufferLimited)
	}
}

// The buffer never removes an instance with allocated game servers, even
// under NoProtection: with one live session on each of 4 instances and 3
// wanted, one instance drains instead.
func TestBufferSparesAllocated(t *testing.T) {
	f := managedFleet("b", 4, 2)
	f.Scaling = Scaling{Policy: ScalingBuffer, BufferSize: 2, MinReplicas: 2, MaxReplicas: 20,
		MinInstances: 1, MaxInstances: 10, InitialInstances: 4, Protection: NoProtection}
	// LIFO placement puts arrivals 0..7 on processes 7..0: each instance
	// gets one 2-hour game and one 10-minute game.
	tr := every(0, time.Second, 8)
	for k := range 8 {
		d := 10 * time.Minute
		if k%2 == 0 {
			d = 2 * time.Hour
		}
		tr.Lengths = append(tr.Lengths, d)
	}
	m := build(t, viaQueue(3*time.Hour, 0, tr, sim.Fixed{D: time.Hour}, f))
	l := m.locs[0]
	runTo(t, m, 11*time.Minute) // 4 allocated: ceil((4+2)/2) = 3 instances
	if l.desired != 3 || l.draining != 1 || l.instG.Value() != 4 {
		t.Fatalf("desired %d draining %d instances %d; want 3, 1 draining, 4 held", l.desired, l.draining, l.instG.Value())
	}
	runTo(t, m, 3*time.Hour)
	if r := m.result().Locations[0]; r.ScaleInTerminations != 0 || r.Terminations[ReasonNone] != 8 {
		t.Fatalf("scale-in ended %d sessions; terminations %v", r.ScaleInTerminations, r.Terminations)
	}
}

// Target tracking: managed fleets keep TargetPercent of process slots idle,
// n = ceil((occupied + pending) / (P × (1 − T/100))); FleetIQ keeps
// utilization at the target, n = ceil(utilized / (P × T/100)).
func TestTargetTracking(t *testing.T) {
	f := managedFleet("f", 1, 5)
	f.Scaling = Scaling{Policy: ScalingTargetTracking, TargetPercent: 20, MinInstances: 1, MaxInstances: 10, InitialInstances: 1}
	cfg := viaQueue(time.Hour, 30*time.Minute, every(0, time.Second, 12), sim.Fixed{D: 50 * time.Minute}, f)
	m := build(t, cfg)
	runTo(t, m, time.Minute) // 5 occupied + 7 pending: ceil(12/4) = 3
	if d := m.locs[0].desired; d != 3 {
		t.Fatalf("managed: desired %d, want 3", d)
	}
	runTo(t, m, 5*time.Minute) // 12 placed; ceil(12/4) = 3, steady
	if d, a := m.locs[0].desired, m.locs[0].res.ScalingActions; d != 3 || a != 1 {
		t.Fatalf("managed: desired %d actions %d, want 3 and 1", d, a)
	}
	runTo(t, m, 56*time.Minute) // games over (the last at 54m10s): back to the minimum
	if d := m.locs[0].desired; d != 1 {
		t.Fatalf("managed at rest: desired %d, want 1", d)
	}

	g := iqFleet("g", 4, 4, 10*time.Second)
	g.Scaling = Scaling{Policy: ScalingTargetTracking, TargetPercent: 50, MinInstances: 1, MaxInstances: 10, InitialInstances: 4}
	m = build(t, claims(time.Hour, every(0, time.Second, 6), sim.Fixed{D: 50 * time.Minute}, g))
	runTo(t, m, time.Minute) // 6 UTILIZED: ceil(6/2) = 3
	if d := m.locs[0].desired; d != 3 {
		t.Fatalf("FleetIQ: desired %d, want 3", d)
	}
}

// Scale-in with game sessions: FullProtection never ends a session (the
// instance drains), NoProtection ends some.
func TestProtection(t *testing.T) {
	run := func(p Protection) LocationResult {
		f := managedFleet("f", 10, 4)
		f.Scaling = Scaling{Policy: ScalingTargetTracking, TargetPercent: 20, MinInstances: 1, MaxInstances: 10,
			InitialInstances: 10, Protection: p}
		cfg := viaQueue(8*time.Hour, 0, every(0, time.Second, 40), sim.Exponential{M: 40 * time.Minute}, f)
		m := build(t, cfg)
		runTo(t, m, 8*time.Hour)
		if m.locs[0].desired != 1 || m.locs[0].have() != 1 || m.locs[0].draining != 0 {
			t.Fatalf("%s at rest: desired %d have %d draining %d", p, m.locs[0].desired, m.locs[0].have(), m.locs[0].draining)
		}
		return m.result().Locations[0]
	}
	full := run(FullProtection)
	if full.ScaleInTerminations != 0 || full.Terminations[ReasonForceTerminated] != 0 || full.Terminations[ReasonNone] != 40 {
		t.Fatalf("FullProtection: scale-in ended %d sessions, terminations %v", full.ScaleInTerminations, full.Terminations)
	}
	none := run(NoProtection)
	if none.ScaleInTerminations == 0 || none.Terminations[ReasonScaledIn] != none.ScaleInTerminations ||
		none.Terminations[ReasonNone]+none.ScaleInTerminations != 40 {
		t.Fatalf("NoProtection: scale-in ended %d sessions, terminations %v", none.ScaleInTerminations, none.Terminations)
	}
	t.Logf("NoProtection: scale-in ended %d of 40 sessions; FullProtection held %.0f more instance-seconds",
		none.ScaleInTerminations, full.InstanceSeconds-none.InstanceSeconds)
}

// SCALE_TO_AND_FROM_ZERO: the minimum drops to 0 after
// ScaleInAfterInactivity without a request; a request at zero capacity
// raises the desired count to 1 at once and is served when the instance
// and its processes are up.
func TestScaleToZero(t *testing.T) {
	f := managedFleet("z", 1, 2)
	f.Scaling = Scaling{Policy: ScalingTargetTracking, TargetPercent: 20, MaxInstances: 5, InitialInstances: 1,
		ScaleToZero: true, ScaleInAfterInactivity: 10 * time.Minute}
	cfg := viaQueue(3*time.Hour, 0, trace(0, 2*time.Hour), sim.Fixed{D: 5 * time.Minute}, f)
	m := build(t, cfg)
	l := m.locs[0]
	runJust(t, m, 10*time.Minute)
	if l.desired != 1 || l.active != 1 {
		t.Fatalf("before the inactivity period: desired %d active %d", l.desired, l.active)
	}
	runTo(t, m, 10*time.Minute)
	if l.desired != 0 || l.instG.Value() != 0 {
		t.Fatalf("after 10 min without requests: desired %d instances %d, want 0", l.desired, l.instG.Value())
	}
	runJust(t, m, 2*time.Hour)
	if l.instG.Value() != 0 {
		t.Fatal("capacity came back without a request")
	}
	runTo(t, m, 2*time.Hour)
	if l.desired != 1 || l.launching != 1 {
		t.Fatalf("request at zero: desired %d launching %d, want 1 and 1", l.desired, l.launching)
	}
	runTo(t, m, 3*time.Hour)
	r := m.result().Locations[0]
	// Launch 3 min + process start 10 s.
	if r.ByStatus[PlacementFulfilled] != 2 || r.Latency.Max() != 190 || r.ScalingActions != 3 {
		t.Fatalf("fulfilled %d, max latency %v s (want 190), scaling actions %d (want 3)", r.ByStatus[PlacementFulfilled], r.Latency.Max(), r.ScalingActions)
	}
}

// Scale-in under NoProtection ends sessions with capsim's own reason,
// SCALED_IN: FORCE_TERMINATED means a TerminateGameSession call with
// FORCE_TERMINATE (S000), which nobody made here.
func TestScaleInLabel(t *testing.T) {
	f := managedFleet("f", 10, 4)
	f.Scaling = Scaling{Policy: ScalingTargetTracking, TargetPercent: 20, MinInstances: 1, MaxInstances: 10,
		InitialInstances: 10, Protection: NoProtection}
	cfg := viaQueue(8*time.Hour, 0, every(0, time.Second, 40), sim.Exponential{M: 40 * time.Minute}, f)
	r := mustRun(t, cfg, 0).Locations[0]
	if r.ScaleInTerminations == 0 {
		t.Fatal("no scale-in termination: the test does not exercise the label")
	}
	if r.Terminations[ReasonForceTerminated] != 0 {
		t.Fatalf("%d scale-in ends counted as FORCE_TERMINATED (no FORCE_TERMINATE call was made)", r.Terminations[ReasonForceTerminated])
	}
	if got := r.Terminations[ReasonScaledIn]; got != r.ScaleInTerminations {
		t.Fatalf("SCALED_IN counts %d, want the %d scale-in terminations", got, r.ScaleInTerminations)
	}
}

// The buffer counts Allocated game servers only, as Agones does
// (applyBufferPolicy: desired = Status.AllocatedReplicas + buffer): a game
// server whose session is TERMINATING is on its way to Shutdown, not
// Allocated. Four sessions TERMINATING for 10 minutes and a buffer of 2
// want 2 replicas, not 4 + 2.
func TestBufferCountsAllocatedOnly(t *testing.T) {
	f := managedFleet("b", 4, 1)
	f.GracefulShutdown = sim.Fixed{D: 10 * time.Minute}
	f.Scaling = Scaling{Policy: ScalingBuffer, BufferSize: 2, MaxReplicas: 20,
		MinInstances: 0, MaxInstances: 10, InitialInstances: 4, Protection: NoProtection}
	cfg := viaQueue(time.Hour, time.Minute, every(0, time.Second, 4), sim.Fixed{D: time.Hour}, f)
	cfg.Timeline = []Action{{At: 40 * time.Second, Fleet: 0, Mode: TriggerOnProcessTerminate, Share: 1}}
	m := build(t, cfg)
	l := m.locs[0]
	runTo(t, m, 30*time.Second) // 4 allocated: 4 + 2
	if l.desired != 6 {
		t.Fatalf("4 allocated: desired %d, want 6", l.desired)
	}
	runTo(t, m, 60*time.Second) // 4 TERMINATING, 0 allocated: 0 + 2
	if l.terminating != 4 {
		t.Fatalf("%d sessions TERMINATING, want 4", l.terminating)
	}
	if l.desired != 2 {
		t.Fatalf("0 allocated, 4 TERMINATING: desired %d, want 2 (Agones counts Allocated only)", l.desired)
	}
}

// Agones' own buffer-policy cases, ported from TestApplyBufferPolicy in
// googleforgames/agones pkg/fleetautoscalers/fleetautoscalers_test.go at
// commit b19d5fe780b0d08f9e4cc0403c962acdcae199a8 (2026-03-04): the fleet's
// status (replicas, allocated, ready) and the policy in, the desired
// replicas and the scalingLimited flag out. Each runs through
// bufferReplicas and through a location whose game servers are in the
// states the status names (allocated = ACTIVE sessions, ready = idle
// processes, the rest TERMINATING), one process per instance, so the
// instance count equals the replicas. Not ported: "FromString buffer size
// is invalid" ("asd": in capsim a TOML type error) and
// TestComputeDesiredFleetSize's "Wrong policy" (an unknown policy name is
// a validation error in capsim). The last row is capsim's own: servers
// TERMINATING are not Allocated.
func TestBufferAgonesCases(t *testing.T) {
	for _, c := range []struct {
		name                         string
		statusReplicas, alloc, ready int
		size                         int     // BufferSize (intstr.FromInt)
		pct                          float64 // BufferSize (intstr.FromString("N%"))
		minReplicas, maxReplicas     int
		want                         int
		limited                      bool
	}{
		{"Increase replicas", 50, 40, 10, 20, 0, 0, 100, 60, false},
		{"Min replicas set, limited == true", 50, 40, 10, 20, 0, 65, 100, 65, true},
		{"Replicas == max", 50, 40, 10, 20, 0, 0, 55, 55, true},
		{"FromString buffer size, scale up", 50, 50, 0, 0, 20, 0, 100, 63, false},
		{"FromString buffer size, scale up twice", 1, 1, 0, 0, 10, 0, 10, 2, false},
		{"capsim: TERMINATING servers are not Allocated", 50, 30, 10, 20, 0, 0, 100, 50, false},
	} {
		s := Scaling{Policy: ScalingBuffer, BufferSize: c.size, BufferPercent: c.pct,
			MinReplicas: c.minReplicas, MaxReplicas: c.maxReplicas, MaxInstances: 1000}
		got, limited := bufferReplicas(&s, c.alloc)
		if got != c.want || limited != c.limited {
			t.Errorf("%s: bufferReplicas(%d) = %d limited %v, want %d %v", c.name, c.alloc, got, limited, c.want, c.limited)
		}
		fc := FleetConfig{ProcessesPerInstance: 1, Scaling: s}
		l := &location{fc: &fc, running: c.alloc, idle: c.ready,
			terminating: c.statusReplicas - c.alloc - c.ready}
		l.busy = l.running + l.terminating
		if n, limited := l.bufferInstances(); n != c.want || limited != c.limited {
			t.Errorf("%s: location with %d allocated, %d ready, %d TERMINATING wants %d instances limited %v, want %d %v",
				c.name, c.alloc, c.ready, l.terminating, n, limited, c.want, c.limited)
		}
	}
}
