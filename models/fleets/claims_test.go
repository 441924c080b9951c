package fleets

import (
	"math"
	"testing"
	"time"

	"github.com/capsim/capsim/sim"
)

// newDirectClaim makes a claim of demand 0 arriving now, as arrive does,
// marked as naming a server.
func newDirectClaim(m *model, now sim.Time) int32 {
	id := m.sessions.New()
	s := &m.sessions.Items[id]
	s.demand, s.queue, s.attr, s.loc, s.proc, s.from, s.arrival, s.counted, s.direct = 0, -1, 0, -1, -1, -1, now, true, true
	return id
}

// serverIn returns a process of l holding a session in status st, or an
// idle one for st < 0.
func serverIn(t *testing.T, m *model, l *location, st GameSessionStatus) int32 {
	t.Helper()
	for p := range l.procs {
		pr := &l.procs[p]
		if st < 0 && pr.state == procIdle || pr.state == procBusy && m.sessions.Items[pr.sess].status == st {
			return int32(p)
		}
	}
	t.Fatalf("no server in status %d", st)
	return -1
}

// A claim naming a game server fails with ConflictException when the
// server is UTILIZED or already CLAIMED (S002), counted by cause, and the
// claim ends FAILED; an AVAILABLE server on an ACTIVE instance is claimed.
func TestDirectClaimConflicts(t *testing.T) {
	f := iqFleet("g", 1, 4, 30*time.Second)
	// Claim at 0 connects at 30s (UTILIZED); claim at 40s is CLAIMED until 70s.
	m := build(t, claims(2*time.Hour, trace(0, 40*time.Second), sim.Fixed{D: time.Hour}, f))
	l := m.locs[0]
	runTo(t, m, 45*time.Second)
	now := sim.At(45 * time.Second)
	for _, c := range []struct {
		status GameSessionStatus
		cause  ConflictCause
	}{{GameActive, ConflictUtilized}, {GameActivating, ConflictClaimed}} {
		p := serverIn(t, m, l, c.status)
		id := newDirectClaim(m, now)
		m.directClaim(id, l, p, now)
		m.checkInvariants(now)
		if m.err != nil {
			t.Fatal(m.err)
		}
		if !m.sessions.Items[id].Free || m.sessions.Items[id].pstatus != PlacementFailed {
			t.Fatalf("cause %d: claim free %v status %d, want ended FAILED", c.cause, m.sessions.Items[id].Free, m.sessions.Items[id].pstatus)
		}
		if got := l.res.DirectClaimConflicts[c.cause]; got != 1 {
			t.Fatalf("cause %d counted %d times, want 1 (%v)", c.cause, got, l.res.DirectClaimConflicts)
		}
	}
	p := serverIn(t, m, l, -1)
	id := newDirectClaim(m, now)
	m.directClaim(id, l, p, now)
	m.checkInvariants(now)
	if s := &m.sessions.Items[id]; s.Free || s.proc != p || s.status != GameActivating {
		t.Fatalf("AVAILABLE server %d: claim free %v on %d status %d, want CLAIMED on it", p, s.Free, s.proc, s.status)
	}
	if l.res.DirectClaimConflicts != [NumConflictCauses]int64{1, 1, 0} || l.res.ByStatus[PlacementFailed] != 2 {
		t.Fatalf("conflicts %v, failed %d", l.res.DirectClaimConflicts, l.res.ByStatus[PlacementFailed])
	}
}

// A named server on a DRAINING instance (its Spot pool not viable): the
// claim fails unless the filter lists DRAINING; with no filter the fleet's
// ClaimDraining decides (S002, F3). On a SPOT_TERMINATING instance it
// fails whatever the filter.
func TestDirectClaimDraining(t *testing.T) {
	for _, c := range []struct {
		name     string
		filter   []InstanceStatus
		fleetOK  bool
		conflict bool
	}{
		{"filter ACTIVE", []InstanceStatus{InstanceActive}, true, true},
		{"filter ACTIVE, DRAINING", []InstanceStatus{InstanceActive, InstanceDraining}, false, false},
		{"no filter, claim_draining off", nil, false, true},
		{"no filter, claim_draining on", nil, true, false},
	} {
		m, l := drainingGroup(t, c.fleetOK)
		m.cfg.Demands[0].InstanceStatuses = c.filter
		now := sim.At(2 * time.Minute)
		id := newDirectClaim(m, now)
		idle := serverIn(t, m, l, -1) // the idle server of the DRAINING instance
		m.directClaim(id, l, idle, now)
		m.checkInvariants(now)
		if m.err != nil {
			t.Fatal(m.err)
		}
		if got := l.res.DirectClaimConflicts[ConflictDraining] == 1; got != c.conflict {
			t.Fatalf("%s: DRAINING conflict %v, want %v", c.name, got, c.conflict)
		}
		if placed := !m.sessions.Items[id].Free; placed == c.conflict {
			t.Fatalf("%s: claimed %v, want %v", c.name, placed, !c.conflict)
		}
		// SPOT_TERMINATING: never claimable, whatever the filter.
		l.interrupt(m, 0, false, now)
		if !l.insts[0].noticed {
			t.Fatalf("%s: no notice", c.name)
		}
		if p := idle; l.procs[p].state == procIdle {
			id = newDirectClaim(m, now)
			before := l.res.DirectClaimConflicts[ConflictDraining]
			m.directClaim(id, l, p, now)
			if l.res.DirectClaimConflicts[ConflictDraining] != before+1 {
				t.Fatalf("%s: a named server on a SPOT_TERMINATING instance was claimed", c.name)
			}
		}
	}
}

// drainingGroup is a FleetIQ SPOT_PREFERRED group of one Spot instance of
// two game servers, one in play, whose pool stops being viable at 1 min:
// the instance is DRAINING (it keeps its game), an On-Demand replacement
// launches.
func drainingGroup(t *testing.T, claimDraining bool) (*model, *location) {
	t.Helper()
	f := iqFleet("g", 1, 2, 0)
	f.Balancing, f.ClaimDraining = SpotPreferred, claimDraining
	m := build(t, claims(20*time.Hour, trace(0), sim.Fixed{D: time.Hour}, f))
	l := m.locs[0]
	runTo(t, m, time.Minute)
	l.viabilityChange(m, 0, sim.At(time.Minute))
	in := &l.insts[0]
	if !in.spot || !in.replacing || in.sessions != 1 || l.launching != 1 || l.poolOf(0) != poolDraining {
		t.Fatalf("spot %v nonviable %v sessions %d launching %d pool %d", in.spot, in.replacing, in.sessions, l.launching, l.poolOf(0))
	}
	return m, l
}

// Direct claims in a run: the share of claims naming a server is
// DirectClaimShare within 4 standard errors, every conflict ends FAILED,
// and the invariants hold throughout.
func TestDirectClaimShare(t *testing.T) {
	f := iqFleet("g", 3, 4, 20*time.Second)
	cfg := claims(20*time.Hour, every(0, 30*time.Second, 2400), sim.Exponential{M: 4 * time.Minute}, f)
	cfg.Demands[0].DirectClaimShare = 0.2
	cfg.Demands[0].ClaimRetry, cfg.Demands[0].ClaimTimeout = 10*time.Second, time.Minute
	r := mustRun(t, cfg, 0).Locations[0]
	share := float64(r.DirectClaims) / float64(r.Placements)
	if se := math.Sqrt(0.2 * 0.8 / float64(r.Placements)); math.Abs(share-0.2) > 4*se {
		t.Fatalf("direct share %.4f of %d claims, want 0.2 ± %.4f", share, r.Placements, 4*se)
	}
	var conflicts int64
	for _, n := range r.DirectClaimConflicts {
		conflicts += n
	}
	if conflicts == 0 || r.DirectClaimConflicts[ConflictUtilized] == 0 || r.DirectClaimConflicts[ConflictDraining] != 0 {
		t.Fatalf("conflicts %v: want UTILIZED ones and no DRAINING (no Spot)", r.DirectClaimConflicts)
	}
	if conflicts+r.ClaimLapses != r.ByStatus[PlacementFailed] {
		t.Fatalf("%d conflicts + %d lapses != %d FAILED", conflicts, r.ClaimLapses, r.ByStatus[PlacementFailed])
	}
	t.Logf("%d claims, %d direct, conflicts %v", r.Placements, r.DirectClaims, r.DirectClaimConflicts)
}
