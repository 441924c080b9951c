package fleets

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/capsim/capsim/sim"
)

// A claim holds its server CLAIMED for exactly 60 s: a client that
// connects after 90 s finds the claim lapsed, and the server is claimable
// again at once; a client that connects after 30 s makes it UTILIZED.
func TestClaimLapse(t *testing.T) {
	t.Run("connect 90s lapses at 60s", func(t *testing.T) {
		cfg := claims(time.Hour, trace(10*time.Second, 75*time.Second), sim.Fixed{D: 10 * time.Minute}, iqFleet("g", 1, 1, 90*time.Second))
		m := build(t, cfg)
		l := m.locs[0]
		runJust(t, m, 70*time.Second)
		if pr := l.procs[0]; pr.state != procBusy || m.sessions.Items[pr.sess].status != GameActivating {
			t.Fatalf("just before 60 s of claim: process state %d, want a CLAIMED server", pr.state)
		}
		runTo(t, m, 70*time.Second)
		if pr := l.procs[0]; pr.state != procIdle || len(l.pool[poolActive]) != 1 {
			t.Fatalf("at 60 s of claim: process state %d, want AVAILABLE and claimable", pr.state)
		}
		if l.res.ClaimLapses != 1 || l.res.ByStatus[PlacementFailed] != 1 {
			t.Fatalf("lapses %d, failed %d; want 1, 1", l.res.ClaimLapses, l.res.ByStatus[PlacementFailed])
		}
		runTo(t, m, 75*time.Second) // the next claim gets the same server
		if pr := l.procs[0]; pr.state != procBusy {
			t.Fatalf("second claim did not get the freed server (state %d)", pr.state)
		}
		runTo(t, m, 135*time.Second)
		r := m.result()
		if got := r.Locations[0]; got.ClaimLapses != 2 || got.OutOfCapacity != 0 || got.ByStatus[PlacementFailed] != 2 || got.Terminations != [NumGameSessionReasons]int64{} {
			t.Fatalf("lapses %d, out of capacity %d, failed %d, terminations %v", got.ClaimLapses, got.OutOfCapacity, got.ByStatus[PlacementFailed], got.Terminations)
		}
	})
	t.Run("connect 30s utilized", func(t *testing.T) {
		cfg := claims(time.Hour, trace(10*time.Second), sim.Fixed{D: 10 * time.Minute}, iqFleet("g", 1, 1, 30*time.Second))
		m := build(t, cfg)
		l := m.locs[0]
		runJust(t, m, 40*time.Second)
		if s := m.sessions.Items[l.procs[0].sess]; s.status != GameActivating {
			t.Fatalf("before connect: status %d, want CLAIMED (activating)", s.status)
		}
		runTo(t, m, 40*time.Second)
		if s := m.sessions.Items[l.procs[0].sess]; s.status != GameActive || l.running != 1 {
			t.Fatalf("at connect: status %d, want UTILIZED (active)", s.status)
		}
		runJust(t, m, 640*time.Second)
		if l.procs[0].state != procBusy {
			t.Fatal("game ended early")
		}
		runTo(t, m, 640*time.Second)
		if l.procs[0].state != procIdle {
			t.Fatal("server not AVAILABLE after the game")
		}
		got := m.result().Locations[0]
		if got.ClaimLapses != 0 || got.ByStatus[PlacementFulfilled] != 1 || got.Latency.Max() != 0 || got.Terminations[ReasonNone] != 1 {
			t.Fatalf("lapses %d fulfilled %d latency %v normal ends %d", got.ClaimLapses, got.ByStatus[PlacementFulfilled], got.Latency.Max(), got.Terminations[ReasonNone])
		}
	})
}

// OutOfCapacity: a claim retries every ClaimRetry until ClaimTimeout since
// the request, then TIMED_OUT; with ClaimRetry 0 it is TIMED_OUT at once.
func TestClaimRetry(t *testing.T) {
	for _, c := range []struct {
		retry, timeout time.Duration
		ooc            int64
	}{
		{10 * time.Second, 35 * time.Second, 4}, // attempts at 1, 11, 21, 31 s
		{0, 35 * time.Second, 1},
	} {
		cfg := claims(time.Hour, trace(0, time.Second), sim.Fixed{D: 10 * time.Minute}, iqFleet("g", 1, 1, 0))
		cfg.Demands[0].ClaimRetry, cfg.Demands[0].ClaimTimeout = c.retry, c.timeout
		var timedOutAt float64
		m := buildOpt(t, cfg, Options{CheckInvariants: true, OnSessionEnd: func(r SessionRecord) {
			if r.Placement == PlacementTimedOut {
				timedOutAt = r.EndSeconds
			}
		}})
		runTo(t, m, time.Hour)
		got := m.result().Locations[0]
		if got.OutOfCapacity != c.ooc || got.ByStatus[PlacementTimedOut] != 1 || got.ByStatus[PlacementFulfilled] != 1 {
			t.Errorf("retry %v: out of capacity %d (want %d), by status %v", c.retry, got.OutOfCapacity, c.ooc, got.ByStatus)
		}
		if want := 1 + float64(c.ooc-1)*c.retry.Seconds(); timedOutAt != want {
			t.Errorf("retry %v: TIMED_OUT at %v s, want %v s", c.retry, timedOutAt, want)
		}
	}
}

// A duplicated end signal is a no-op: every game is counted once as ended
// and once as a duplicate, and no process is freed twice (invariants on).
func TestDuplicateEnds(t *testing.T) {
	f := managedFleet("f", 4, 5)
	f.DuplicateEndShare = 1
	cfg := viaQueue(3*time.Hour, 0, every(0, 30*time.Second, 40), sim.Exponential{M: 5 * time.Minute}, f)
	r := mustRun(t, cfg, 0).Locations[0]
	if r.ByStatus[PlacementFulfilled] != 40 || r.Terminations[ReasonNone] != 40 || r.DuplicateEnds != 40 {
		t.Fatalf("fulfilled %d, ended %d, duplicates %d; want 40 each", r.ByStatus[PlacementFulfilled], r.Terminations[ReasonNone], r.DuplicateEnds)
	}
	// Idle process-seconds + active ones fill every slot: nothing was
	// double-counted free.
	if slack := r.ProcessSlotSeconds - r.IdleProcessSeconds - r.ActiveSessionSeconds; math.Abs(slack) > 1e-6 {
		t.Fatalf("slot-seconds not idle or active: %v", slack)
	}
}

// The invariant checker catches a session ended twice, a process freed
// twice and a miscount: each must make the run fail.
func TestInvariantsCatchDoubleFree(t *testing.T) {
	cfg := viaQueue(time.Hour, 0, trace(0), sim.Fixed{D: 30 * time.Minute}, managedFleet("f", 1, 2))
	for _, c := range []struct {
		name   string
		break_ func(m *model)
	}{
		{"session ended twice", func(m *model) {
			id := liveSessions(m)[0]
			m.endSession(id, GameTerminated, ReasonNone, fateIdle, m.s.Now())
			m.endSession(id, GameTerminated, ReasonNone, fateIdle, m.s.Now())
		}},
		{"process freed twice", func(m *model) {
			id := liveSessions(m)[0]
			p := m.sessions.Items[id].proc
			m.endSession(id, GameTerminated, ReasonNone, fateIdle, m.s.Now())
			m.locs[0].releaseProcess(m, p, fateIdle, m.s.Now())
		}},
		{"idle miscounted", func(m *model) {
			m.locs[0].idle++
			m.checkInvariants(m.s.Now())
		}},
		{"duplicate end of a live session", func(m *model) {
			id := liveSessions(m)[0]
			m.duplicateEnd(m.locs[0], id, m.sessions.Items[id].Gen, m.s.Now())
		}},
	} {
		m := build(t, cfg)
		runTo(t, m, time.Minute)
		c.break_(m)
		wantErr(t, m.err, ErrInvariant)
		t.Logf("%s: %v", c.name, m.err)
	}
}

// triggerOne runs fleet f (one game of an hour) for a minute, then calls
// TerminateGameSession with TRIGGER_ON_PROCESS_TERMINATE on its session;
// it returns the model, the location, the session and its process.
func triggerOne(t *testing.T, f FleetConfig) (m *model, l *location, id, p int32) {
	t.Helper()
	m = build(t, viaQueue(3*time.Hour, 0, trace(0), sim.Fixed{D: time.Hour}, f))
	l = m.locs[0]
	runTo(t, m, time.Minute)
	id = liveSessions(m)[0]
	p = m.sessions.Items[id].proc
	if err := m.terminate(m.refOf(id), TriggerOnProcessTerminate, m.s.Now()); err != nil {
		t.Fatal(err)
	}
	return m, l, id, p
}

// TRIGGER_ON_PROCESS_TERMINATE: TERMINATING, ProcessEnding after
// GracefulShutdown (10 s), TERMINATED TRIGGERED_ON_PROCESS_TERMINATE, a
// fresh process after RestartDelay (5 s) + ProcessStartDelay (10 s). A
// server that never calls ProcessEnding keeps its process stuck until a
// FORCE_TERMINATE, which restarts it the same way.
func TestTerminateTrigger(t *testing.T) {
	t.Run("process ending", func(t *testing.T) {
		m, l, id, p := triggerOne(t, managedFleet("f", 1, 2))
		m.checkInvariants(m.s.Now())
		if s := m.sessions.Items[id]; s.status != GameTerminating || !l.procs[p].notified {
			t.Fatalf("status %d notified %v, want TERMINATING and OnProcessTerminate", s.status, l.procs[p].notified)
		}
		runJust(t, m, 70*time.Second)
		if m.sessions.Items[id].Free {
			t.Fatal("ended before ProcessEnding")
		}
		runTo(t, m, 70*time.Second)
		if s := m.sessions.Items[id]; !s.Free || s.status != GameTerminated || s.reason != ReasonTriggeredOnProcessTerminate {
			t.Fatalf("after ProcessEnding: status %d reason %d", s.status, s.reason)
		}
		if l.procs[p].state != procStarting {
			t.Fatalf("process state %d, want restarting", l.procs[p].state)
		}
		runJust(t, m, 85*time.Second)
		if l.procs[p].state != procStarting {
			t.Fatal("process ready before RestartDelay + ProcessStartDelay")
		}
		runTo(t, m, 85*time.Second)
		if l.procs[p].state != procIdle {
			t.Fatalf("process state %d at 85 s, want a fresh idle process", l.procs[p].state)
		}
		if got := m.result().Locations[0]; got.Terminations[ReasonTriggeredOnProcessTerminate] != 1 || got.Terminations[ReasonNone] != 0 {
			t.Fatalf("terminations %v", got.Terminations)
		}
	})
	t.Run("no process ending", func(t *testing.T) {
		f := managedFleet("f", 1, 2)
		f.NoProcessEndingShare = 1
		m, l, id, p := triggerOne(t, f)
		runTo(t, m, 2*time.Hour) // past the game's own end at 1 h
		if s := m.sessions.Items[id]; s.Free || s.status != GameTerminating || l.procs[p].state != procStuck {
			t.Fatalf("stuck termination ended: status %d process %d", s.status, l.procs[p].state)
		}
		if err := m.terminate(m.refOf(id), TriggerOnProcessTerminate, m.s.Now()); err != nil || l.procs[p].state != procStuck {
			t.Fatalf("a second TRIGGER: %v, process %d; want no change", err, l.procs[p].state)
		}
		if got := m.result().Locations[0].StuckTerminatingSeconds; math.Abs(got-(7200-60)) > 1e-6 {
			t.Fatalf("stuck seconds %v, want %v", got, 7200-60)
		}
		if err := m.terminate(m.refOf(id), ForceTerminate, m.s.Now()); err != nil {
			t.Fatal(err)
		}
		m.checkInvariants(m.s.Now())
		if s := m.sessions.Items[id]; s.status != GameTerminated || s.reason != ReasonForceTerminated || l.procs[p].state != procStarting {
			t.Fatalf("after FORCE: status %d reason %d process %d", s.status, s.reason, l.procs[p].state)
		}
		runJust(t, m, 2*time.Hour+15*time.Second)
		if l.procs[p].state != procStarting {
			t.Fatal("restarted before RestartDelay + ProcessStartDelay")
		}
		runTo(t, m, 2*time.Hour+15*time.Second)
		if l.procs[p].state != procIdle {
			t.Fatal("no fresh process after FORCE")
		}
		got := m.result().Locations[0]
		if got.Terminations[ReasonForceTerminated] != 1 || math.Abs(got.StuckTerminatingSeconds-(7200-60)) > 1e-6 {
			t.Fatalf("terminations %v stuck seconds %v", got.Terminations, got.StuckTerminatingSeconds)
		}
	})
}

// FORCE_TERMINATE on an Anywhere fleet needs the GameLift Agent.
func TestAnywhereForce(t *testing.T) {
	for _, agent := range []bool{false, true} {
		f := managedFleet("any", 1, 2)
		f.Kind, f.AnywhereAgent = KindAnywhere, agent
		m := build(t, viaQueue(time.Hour, 0, trace(0), sim.Fixed{D: 30 * time.Minute}, f))
		runTo(t, m, time.Minute)
		id := liveSessions(m)[0]
		err := m.terminate(m.refOf(id), ForceTerminate, m.s.Now())
		m.checkInvariants(m.s.Now())
		l := m.locs[0]
		if !agent {
			wantErr(t, err, ErrInvalidRequest)
			if s := m.sessions.Items[id]; s.Free || s.status != GameActive || l.res.TerminateRejected != 1 {
				t.Fatalf("rejected FORCE changed the session (status %d) or was not counted (%d)", s.status, l.res.TerminateRejected)
			}
			// TRIGGER is allowed without the agent.
			if err := m.terminate(m.refOf(id), TriggerOnProcessTerminate, m.s.Now()); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err != nil || m.sessions.Items[id].reason != ReasonForceTerminated || l.res.TerminateRejected != 0 {
			t.Fatalf("with agent: %v, reason %d, rejected %d", err, m.sessions.Items[id].reason, l.res.TerminateRejected)
		}
	}
}

// A game session that is still ACTIVATING at the activation timeout ends
// in ERROR (placement FAILED) and cannot be terminated afterwards.
func TestTerminateErrorSession(t *testing.T) {
	f := managedFleet("f", 1, 1)
	f.ActivationTime, f.ActivationTimeout = sim.Fixed{D: 20 * time.Second}, 10*time.Second
	m := build(t, viaQueue(time.Hour, 0, trace(0), sim.Fixed{D: 30 * time.Minute}, f))
	l := m.locs[0]
	runJust(t, m, 10*time.Second)
	id := liveSessions(m)[0]
	ref := m.refOf(id)
	runTo(t, m, 10*time.Second)
	if s := m.sessions.Items[id]; s.status != GameError || l.res.Errors != 1 || l.res.ByStatus[PlacementFailed] != 1 || l.res.ByStatus[PlacementFulfilled] != 0 {
		t.Fatalf("status %d errors %d by status %v", s.status, l.res.Errors, l.res.ByStatus)
	}
	for _, mode := range []TerminationMode{TriggerOnProcessTerminate, ForceTerminate} {
		wantErr(t, m.terminate(ref, mode, m.s.Now()), ErrInvalidGameSessionStatus)
	}
	if l.res.TerminateRejected != 2 || l.res.Latency.Count() != 0 {
		t.Fatalf("rejected %d latency count %d", l.res.TerminateRejected, l.res.Latency.Count())
	}
	m.checkInvariants(m.s.Now())
	// The process that failed to activate is recycled: RestartDelay 5 s + start 10 s.
	runJust(t, m, 25*time.Second)
	if l.idle != 0 {
		t.Fatal("process ready before its restart")
	}
	runTo(t, m, 25*time.Second)
	if l.idle != 1 {
		t.Fatal("process not restarted")
	}
	wantErr(t, m.terminate(sessionRef{id: 99, gen: 1}, ForceTerminate, m.s.Now()), ErrNotFound)
}

// TerminateGameSession does not apply to FleetIQ game servers.
func TestTerminateFleetIQRejected(t *testing.T) {
	m := build(t, claims(time.Hour, trace(0), sim.Fixed{D: 30 * time.Minute}, iqFleet("g", 1, 1, 0)))
	runTo(t, m, time.Minute)
	wantErr(t, m.terminate(m.refOf(liveSessions(m)[0]), ForceTerminate, m.s.Now()), ErrInvalidRequest)
	cfg := claims(time.Hour, trace(0), sim.Fixed{D: 30 * time.Minute}, iqFleet("g", 1, 1, 0))
	cfg.Timeline = []Action{{At: time.Minute, Fleet: 0, Mode: ForceTerminate, Share: 1}}
	if _, err := Run(cfg, 0, Options{}); !errorsIsInvalid(err) {
		t.Fatalf("timeline termination on FleetIQ: %v, want ErrInvalidConfig", err)
	}
}

// The timeline terminates a share of the fleet's sessions; the policy
// terminates sessions older than TerminateOlderThan at the first check
// after that age.
func TestTimelineAndPolicy(t *testing.T) {
	cfg := viaQueue(2*time.Hour, 0, every(0, time.Second, 10), sim.Fixed{D: 90 * time.Minute}, managedFleet("f", 2, 5))
	cfg.Timeline = []Action{{At: 10 * time.Minute, Fleet: 0, Mode: ForceTerminate, Share: 1}}
	if r := mustRun(t, cfg, 0).Locations[0]; r.Terminations[ReasonForceTerminated] != 10 {
		t.Fatalf("FORCE share 1: %v", r.Terminations)
	}
	cfg.Timeline[0].Share = 0
	if r := mustRun(t, cfg, 0).Locations[0]; r.Terminations[ReasonForceTerminated] != 0 || r.Terminations[ReasonNone] != 10 {
		t.Fatalf("FORCE share 0: %v", r.Terminations)
	}
	cfg.Timeline[0].Share = 0.5
	if r := mustRun(t, cfg, 0).Locations[0]; r.Terminations[ReasonForceTerminated] == 0 || r.Terminations[ReasonForceTerminated] == 10 {
		t.Fatalf("FORCE share 0.5: %v", r.Terminations)
	}

	cfg.Timeline = nil
	cfg.Fleets[0].TerminateOlderThan, cfg.Fleets[0].TerminateMode = 30*time.Minute, ForceTerminate
	var ends []float64
	_, err := Run(cfg, 0, Options{CheckInvariants: true, OnSessionEnd: func(r SessionRecord) {
		if r.Reason == ReasonForceTerminated {
			ends = append(ends, r.EndSeconds)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	// Placed at 0–9 s: older than 30 min at the check at 31 min.
	if len(ends) != 10 || ends[0] != 31*60 || ends[9] != 31*60 {
		t.Fatalf("policy ended %d sessions at %v, want 10 at 1860 s", len(ends), ends)
	}
}

// Spot: the notice reaches every process exactly SpotNotice (120 s) before
// the reclaim; from the notice the instance takes no new game session and a
// replacement launches; at the reclaim its sessions end INTERRUPTED.
func TestSpotNotice(t *testing.T) {
	f := managedFleet("f", 1, 3)
	f.CapacityType, f.Spot.InterruptionRatePerHour = Spot, 0.5
	cfg := viaQueue(20*time.Hour, 0, every(0, time.Second, 3), sim.Fixed{D: 19 * time.Hour}, f)
	var ends []SessionRecord
	m := buildOpt(t, cfg, Options{CheckInvariants: true, OnSessionEnd: func(r SessionRecord) { ends = append(ends, r) }})
	l := m.locs[0]
	in := &l.insts[0]
	notice := in.interruptAt
	if notice == sim.Never || notice < sim.At(10*time.Second) {
		t.Fatalf("seed gives no usable interruption (notice at %v)", notice)
	}
	runJust(t, m, notice.Duration())
	if in.noticed || l.procs[0].notified || l.launching != 0 {
		t.Fatal("notified early")
	}
	runTo(t, m, notice.Duration())
	reclaim := in.reclaimAt
	if reclaim.Sub(notice) != 120*time.Second {
		t.Fatalf("reclaim %v after notice %v, want 120 s", reclaim, notice)
	}
	for p := range 3 {
		if pr := l.procs[p]; !pr.notified || pr.notifiedAt != notice {
			t.Fatalf("process %d not notified at the notice", p)
		}
	}
	if l.usable(0) || l.launching != 1 {
		t.Fatalf("after notice: usable %v, launching %d (want a replacement)", l.usable(0), l.launching)
	}
	runJust(t, m, reclaim.Duration())
	if len(ends) != 0 {
		t.Fatalf("sessions ended before the reclaim: %v", ends)
	}
	runTo(t, m, reclaim.Duration())
	if len(ends) != 3 {
		t.Fatalf("%d sessions ended at the reclaim, want 3", len(ends))
	}
	for _, e := range ends {
		if e.Reason != ReasonInterrupted || e.Status != GameTerminated || e.EndSeconds != reclaim.Seconds() {
			t.Fatalf("session end %+v, want TERMINATED INTERRUPTED at %v", e, reclaim.Seconds())
		}
	}
	got := m.result().Locations[0]
	if got.Interruptions != 1 || got.Terminations[ReasonInterrupted] != 3 || got.SpotInstanceSeconds != got.InstanceSeconds {
		t.Fatalf("interruptions %d terminations %v spot %v of %v instance-seconds", got.Interruptions, got.Terminations, got.SpotInstanceSeconds, got.InstanceSeconds)
	}
}

// FleetIQ: an instance whose Spot pool is not viable is DRAINING; claims
// use its servers only with ClaimDraining and only while no ACTIVE
// instance has one free. A noticed instance (SPOT_TERMINATING) is never
// claimed.
func TestFleetIQDraining(t *testing.T) {
	for _, allow := range []bool{false, true} {
		m, l := drainingGroup(t, allow)
		now := sim.At(time.Minute) // the replacement is still launching
		id := m.sessions.New()
		s := &m.sessions.Items[id]
		s.demand, s.queue, s.attr, s.loc, s.proc, s.from, s.arrival, s.counted = 0, -1, 0, -1, -1, -1, now, true
		m.claim(id, now)
		m.checkInvariants(now)
		if got := !m.sessions.Items[id].Free && m.sessions.Items[id].phase == phPlaced; got != allow {
			t.Fatalf("ClaimDraining %v: claimed on the DRAINING instance = %v", allow, got)
		}
		if !allow && l.res.OutOfCapacity != 1 {
			t.Fatalf("out of capacity %d, want 1", l.res.OutOfCapacity)
		}
	}
	f := iqFleet("g", 1, 2, 0)
	f.Balancing, f.ClaimDraining, f.Spot.InterruptionRatePerHour = SpotOnly, true, 0.5
	m := build(t, claims(20*time.Hour, trace(30*time.Hour), sim.Fixed{D: time.Minute}, f))
	notice := m.locs[0].insts[0].interruptAt
	if notice == sim.Never {
		t.Fatal("no interruption drawn")
	}
	runTo(t, m, notice.Duration())
	id := m.sessions.New()
	s := &m.sessions.Items[id]
	s.demand, s.queue, s.attr, s.loc, s.proc, s.from, s.arrival, s.counted = 0, -1, 0, -1, -1, -1, notice, true
	m.claim(id, notice)
	if !m.sessions.Items[id].Free {
		t.Fatal("claimed a server on a SPOT_TERMINATING instance")
	}
}

// Lost end signals (S003): expiry runs from the game instance's last
// access, not from the end of play. With no access during play
// (AccessInterval 0) the last access is the start of play: 10-minute games
// with a 30-minute expiry hold their process 20 minutes after play, then
// end EXPIRED, not as normal terminations.
func TestLostEndExpiry(t *testing.T) {
	f := managedFleet("f", 5, 5)
	f.LostEndShare, f.StaleExpiry = 1, 30*time.Minute
	cfg := viaQueue(4*time.Hour, 0, every(0, time.Minute, 20), sim.Fixed{D: 10 * time.Minute}, f)
	r := mustRun(t, cfg, 0).Locations[0]
	if r.LostEnds != 20 || r.ExpiredGames != 20 {
		t.Fatalf("lost %d expired %d, want 20 each", r.LostEnds, r.ExpiredGames)
	}
	if r.Terminations[ReasonNone] != 0 || r.Terminations[ReasonExpired] != 20 {
		t.Fatalf("terminations %v: want 0 normal and 20 EXPIRED (the last reason)", r.Terminations)
	}
	if math.Abs(r.ExpiredGameSeconds-20*1200) > 1e-6 {
		t.Fatalf("expired game seconds %v, want %v (expiry 30 min after the start of play)", r.ExpiredGameSeconds, 20*1200)
	}
	if math.Abs(r.ActiveSessionSeconds-20*600) > 1e-6 {
		t.Fatalf("active session seconds %v, want %v", r.ActiveSessionSeconds, 20*600)
	}
}

// Billing: per second at the capacity type's price, the minimum billed
// duration for instances released early, idle cost as the idle share.
func TestBilling(t *testing.T) {
	f := managedFleet("f", 2, 4)
	f.PriceOnDemand, f.MinBilled = 3.6, time.Minute
	cfg := viaQueue(time.Hour, 0, every(0, time.Second, 4), sim.Fixed{D: 15 * time.Minute}, f)
	r := mustRun(t, cfg, 0).Locations[0]
	if r.InstanceSeconds != 7200 || r.ProcessSlotSeconds != 8*3600 || math.Abs(r.CostUSD-7.2) > 1e-9 {
		t.Fatalf("instance-seconds %v slot-seconds %v cost %v", r.InstanceSeconds, r.ProcessSlotSeconds, r.CostUSD)
	}
	if want := 7.2 * r.IdleProcessSeconds / r.ProcessSlotSeconds; math.Abs(r.IdleCostUSD-want) > 1e-9 || math.Abs(r.IdleProcessSeconds-(8*3600-4*900)) > 1e-6 {
		t.Fatalf("idle cost %v (want %v), idle seconds %v", r.IdleCostUSD, want, r.IdleProcessSeconds)
	}
	// A Spot instance launched for a waiting request at the 60 s evaluation
	// and scaled in, still launching, at the 120 s one pays the 2-minute
	// minimum: 60 s held + 60 s extra at 0.01 USD/s.
	f = managedFleet("s", 0, 1)
	f.CapacityType, f.PriceSpot, f.MinBilled = Spot, 36, 2*time.Minute
	f.Scaling = Scaling{Policy: ScalingTargetTracking, MaxInstances: 1, TargetPercent: 50}
	cfg = viaQueue(time.Hour, 90*time.Second, trace(0), sim.Fixed{D: 10 * time.Second}, f)
	r = mustRun(t, cfg, 0).Locations[0]
	if r.SpotInstanceSeconds != 60 || r.ExtraBilledInstanceSeconds != 60 || math.Abs(r.CostUSD-1.2) > 1e-9 || r.ScalingActions != 2 {
		t.Fatalf("spot seconds %v extra %v cost %v scaling actions %d", r.SpotInstanceSeconds, r.ExtraBilledInstanceSeconds, r.CostUSD, r.ScalingActions)
	}
}

func errorsIsInvalid(err error) bool { return errors.Is(err, ErrInvalidConfig) }

// A process that frees up goes to the oldest PENDING request among the
// queues that list its location, whatever the queue.
func TestQueueOldestFirst(t *testing.T) {
	cfg := viaQueue(time.Hour, time.Hour, trace(0), sim.Fixed{D: 10 * time.Minute}, managedFleet("f", 1, 1))
	cfg.Queues = append(cfg.Queues, QueueConfig{Name: "q2", Timeout: time.Hour, Destinations: cfg.Queues[0].Destinations})
	cfg.Demands = append(cfg.Demands,
		DemandConfig{Name: "late", Queue: 0, Fleet: -1, Arrivals: trace(2 * time.Second), Players: 1, GameLength: sim.Fixed{D: time.Minute}},
		DemandConfig{Name: "early", Queue: 1, Fleet: -1, Arrivals: trace(time.Second), Players: 1, GameLength: sim.Fixed{D: time.Minute}})
	placed := map[string]float64{}
	_, err := Run(cfg, 0, Options{CheckInvariants: true, OnSessionEnd: func(r SessionRecord) { placed[r.Demand] = r.PlacedSeconds }})
	if err != nil {
		t.Fatal(err)
	}
	if placed["early"] != 600 || placed["late"] != 660 {
		t.Fatalf("placed at %v; want early at 600 s, late at 660 s", placed)
	}
}

// Stale expiry, case by case (S003). 10-minute games, every end signal
// lost, StaleExpiry 30 min, fixed delays: every figure is exact.
func TestStaleExpirySemantics(t *testing.T) {
	const n = 20
	run := func(mod func(*FleetConfig), length time.Duration) LocationResult {
		f := managedFleet("f", 5, 5)
		f.LostEndShare, f.StaleExpiry = 1, 30*time.Minute
		mod(&f)
		cfg := viaQueue(4*time.Hour, 0, every(0, time.Minute, n), sim.Fixed{D: length}, f)
		return mustRun(t, cfg, 0).Locations[0]
	}
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-6 {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	// Accessed every 4 min from the start of play: the last access before
	// the end (10 min) is at 8 min, so the game expires at 38 min and holds
	// its process 28 min after play.
	r := run(func(f *FleetConfig) { f.AccessInterval = 4 * time.Minute }, 10*time.Minute)
	if r.ExpiredGames != n || r.Terminations[ReasonExpired] != n || r.Terminations[ReasonNone] != 0 || r.ExpiredInPlay != 0 {
		t.Errorf("syncs every 4m: expired %d (in play %d), terminations %v", r.ExpiredGames, r.ExpiredInPlay, r.Terminations)
	}
	near("syncs every 4m: expired game seconds", r.ExpiredGameSeconds, n*28*60)
	near("syncs every 4m: stale instance seconds", r.StaleGameInstanceSeconds, n*28*60)

	// Disabled: lost games hold their process to the horizon (4 h).
	r = run(func(f *FleetConfig) { f.DisableStaleExpiration = true }, 10*time.Minute)
	if r.ExpiredGames != 0 || r.Terminations[ReasonExpired] != 0 {
		t.Errorf("expiry disabled: expired %d, terminations %v", r.ExpiredGames, r.Terminations)
	}
	var want float64
	for k := range n {
		want += (4*time.Hour - time.Duration(k)*time.Minute - 10*time.Minute).Seconds()
	}
	near("expiry disabled: expired game seconds", r.ExpiredGameSeconds, want)

	// The process is freed at the end of play: only the stale instance
	// remains, for 20 min (no access during play), and costs no process.
	r = run(func(f *FleetConfig) { f.LostEndFreesProcess = true }, 10*time.Minute)
	if r.ExpiredGames != n || r.Terminations[ReasonExpired] != n || r.Terminations[ReasonNone] != 0 {
		t.Errorf("process freed: expired %d, terminations %v", r.ExpiredGames, r.Terminations)
	}
	near("process freed: expired game seconds", r.ExpiredGameSeconds, 0)
	near("process freed: stale instance seconds", r.StaleGameInstanceSeconds, n*20*60)

	// A 40-minute game never accessed during play expires in play at 30 min;
	// accessed every minute, it never does and its lost end expires 30 min
	// after its last access, at its end.
	r = run(func(f *FleetConfig) {}, 40*time.Minute)
	if r.ExpiredInPlay != n || r.ExpiredGames != n || r.LostEnds != 0 {
		t.Errorf("no access in play: expired in play %d of %d, lost ends %d", r.ExpiredInPlay, r.ExpiredGames, r.LostEnds)
	}
	near("no access in play: active seconds", r.ActiveSessionSeconds, n*30*60)
	r = run(func(f *FleetConfig) { f.AccessInterval = time.Minute }, 40*time.Minute)
	if r.ExpiredInPlay != 0 || r.ExpiredGames != n || r.LostEnds != n {
		t.Errorf("access every minute: expired in play %d, expired %d, lost %d", r.ExpiredInPlay, r.ExpiredGames, r.LostEnds)
	}
	near("access every minute: active seconds", r.ActiveSessionSeconds, n*40*60)
	near("access every minute: expired game seconds", r.ExpiredGameSeconds, n*30*60)
}
