package fleets

import (
	"math"

	"github.com/capsim/capsim/sim"
)

func ceilDiv(a, b int) int { return (a + b - 1) / b }

func clamp(n, lo, hi int) int { return max(lo, min(n, hi)) }

// requested notes a request that lists l. Under SCALE_TO_AND_FROM_ZERO it
// is activity (the minimum stays at least 1 for ScaleInAfterInactivity) and,
// at zero capacity, it raises the desired count to 1 at once (G12).
func (l *location) requested(m *model, now sim.Time) {
	l.lastRequest = now
	sc := &l.fc.Scaling
	if sc.Policy == ScalingTargetTracking && sc.ScaleToZero && l.desired == 0 {
		l.setDesired(m, 1, now)
		l.reconcile(m, now)
	}
}

// setDesired changes the desired instance count; a change is a scaling action.
func (l *location) setDesired(m *model, n int, now sim.Time) {
	if n == l.desired {
		return
	}
	l.desired = n
	if m.after(now) {
		l.res.ScalingActions++
	}
	l.tsScaling++
}

// evaluate is one run of the location's controller; see targetInstances
// and bufferInstances.
func (l *location) evaluate(m *model, now sim.Time) {
	sc := &l.fc.Scaling
	every := sc.EvaluationInterval
	var n int
	switch sc.Policy {
	case ScalingTargetTracking:
		lo := sc.MinInstances
		if sc.ScaleToZero {
			if now.Sub(l.lastRequest) >= sc.ScaleInAfterInactivity {
				lo = 0
			} else {
				lo = max(lo, 1)
			}
		}
		n = clamp(l.targetInstances(m), lo, sc.MaxInstances)
	case ScalingBuffer:
		every = sc.BufferInterval
		var limited bool
		n, limited = l.bufferInstances()
		if limited && m.after(now) {
			l.res.BufferLimited++
		}
	}
	l.setDesired(m, n, now)
	l.reconcile(m, now)
	m.s.At(now.Add(every), m, sim.Event{Kind: evScale, ID: int32(l.idx)})
}

// targetInstances is target tracking's desired capacity, in capacity units
// (instances, when every weight is 1), before the clamp, over the usable
// (ACTIVE, not draining) instances.
//
// Managed fleets track PercentAvailableGameSessions = idle ready process
// slots / all process slots × 100. With P processes per capacity unit, O
// processes occupied on usable instances (a game session in any state, or a
// stuck termination) and W PENDING requests counting on this location, the
// fewest instances n with (n×P − O − W)/(n×P) ≥ T/100 are
// n = ceil((O+W) / (P×(1−T/100))). A queue's PENDING requests count on its
// first destination that is this location or a target-tracking location
// still below its maximum.
//
// FleetIQ tracks PercentUtilizedGameServers: with U servers UTILIZED (a game
// being played, or lingering after a lost end signal), the fewest n with
// U/(n×P) ≤ T/100 are n = ceil(U / (P×T/100)).
func (l *location) targetInstances(m *model) int {
	sc := &l.fc.Scaling
	occupied, utilized := 0, 0
	for i := range l.insts {
		if !l.usable(int32(i)) {
			continue
		}
		in := &l.insts[i]
		occupied += int(in.sessions)
		if l.fc.Kind == KindFleetIQ && in.sessions > 0 {
			lo, hi := l.procRange(int32(i))
			for p := lo; p < hi; p++ {
				if pr := &l.procs[p]; pr.state == procBusy && m.sessions.Items[pr.sess].status == GameActive {
					utilized++
				}
			}
		}
	}
	P := float64(l.fc.ProcessesPerInstance) // per capacity unit
	var x float64
	if l.fc.Kind == KindFleetIQ {
		x = float64(utilized) / (P * sc.TargetPercent / 100)
	} else {
		x = float64(occupied+l.pendingFor(m)) / (P * (1 - sc.TargetPercent/100))
	}
	return int(math.Ceil(x - 1e-9))
}

// pendingFor counts the PENDING requests that count on l for capacity.
func (l *location) pendingFor(m *model) int {
	n := 0
	for _, qi := range l.queues {
		q := &m.queues[qi]
		if q.pending == 0 {
			continue
		}
		for _, d := range q.dests {
			dl := m.locs[d]
			if d == l.idx {
				n += q.pending
				break
			}
			if dl.fc.Scaling.Policy == ScalingTargetTracking && dl.desired < dl.fc.Scaling.MaxInstances {
				break
			}
		}
	}
	return n
}

// bufferInstances is the Agones buffer policy (K2) on this location's game
// servers: replicas = bufferReplicas(allocated), capacity units =
// ceil(replicas / P) within [MinInstances, MaxInstances], P processes per
// unit. Allocated is
// Agones' Status.AllocatedReplicas: game servers holding a game session
// that is ACTIVATING or ACTIVE (FleetIQ: CLAIMED or UTILIZED) or lingering
// after a lost end signal (the server never left Allocated). A session
// TERMINATING, or stuck there, is not counted: its game server is on its
// way to Shutdown, and Agones' applyBufferPolicy reads only
// AllocatedReplicas (pkg/fleetautoscalers/fleetautoscalers.go).
func (l *location) bufferInstances() (int, bool) {
	sc := &l.fc.Scaling
	replicas, limited := bufferReplicas(sc, l.allocated())
	return clamp(ceilDiv(replicas, l.fc.ProcessesPerInstance), sc.MinInstances, sc.MaxInstances), limited
}

// allocated counts the location's Allocated game servers (see
// bufferInstances).
func (l *location) allocated() int { return l.activating + l.running + l.lingering }

// protects reports whether scale-in must spare instances with game
// sessions: FullProtection (G10), and always under the buffer policy, which
// like Agones never removes allocated game servers (K5, K7).
func (l *location) protects() bool {
	return l.fc.Scaling.Protection == FullProtection || l.fc.Scaling.Policy == ScalingBuffer
}

// reconcile brings the usable and launching capacity to the desired
// count, in capacity units. Scale-out first takes back instances draining
// for scale-in, then launches what pick allows (nothing from Spot pools that
// are not viable under SPOT_ONLY or on a managed Spot fleet: that shortfall
// is measured, and filled when Spot is viable again). Scale-in never goes
// below the desired capacity (an instance of weight w is removed only
// while w units are in excess) and removes launching instances (newest
// first), then usable instances without game sessions (On-Demand before
// Spot), then those with the fewest (On-Demand first among equals):
// protected, they drain (no new sessions, removed once empty);
// unprotected, they are removed and their sessions end TERMINATED with
// ReasonScaledIn (counted in ScaleInTerminations too).
func (l *location) reconcile(m *model, now sim.Time) {
	defer func() { l.shortG.Set(now, int64(max(0, l.desired-l.have()))) }()
	want := l.desired
	if l.have() < want {
		taken := false
		for i := 0; i < len(l.insts) && l.draining > 0 && l.have() < want; i++ {
			if in := &l.insts[i]; in.state == instActive && in.drain && !in.noticed && !in.replacing {
				in.drain = false
				l.draining--
				l.active++
				l.haveUnits += l.weight(int32(i))
				l.refile(int32(i))
				taken = true
			}
		}
		for l.have() < want && l.launch(m, now) {
		}
		if taken {
			l.serve(m, now)
		}
		return
	}
	l.scaleIn(m, l.have()-want, now)
}

// scaleIn removes or drains instances worth at most excess capacity units,
// in reconcile's order.
func (l *location) scaleIn(m *model, excess int, now sim.Time) {
	for excess > 0 {
		best := int32(-1)
		for i := range l.insts {
			if in := &l.insts[i]; in.state == instLaunching && l.weight(int32(i)) <= excess && (best < 0 || in.launchedAt >= l.insts[best].launchedAt) {
				best = int32(i)
			}
		}
		if best < 0 {
			break
		}
		excess -= l.weight(best)
		l.remove(m, best, ReasonNone, now)
	}
	for _, spot := range []bool{false, true} {
		for i := len(l.insts) - 1; i >= 0 && excess > 0; i-- {
			if in := &l.insts[i]; l.usable(int32(i)) && in.spot == spot && in.sessions == 0 && l.weight(int32(i)) <= excess {
				excess -= l.weight(int32(i))
				l.remove(m, int32(i), ReasonNone, now)
			}
		}
	}
	for excess > 0 {
		best := l.fewestSessions(excess)
		if best < 0 {
			return
		}
		excess -= l.weight(best)
		if l.protects() {
			l.toDraining(best)
			l.insts[best].drain = true
			l.refile(best)
			continue
		}
		if m.after(now) {
			l.res.ScaleInTerminations += int64(l.insts[best].sessions)
		}
		l.remove(m, best, ReasonScaledIn, now)
	}
}

// fewestSessions is the usable instance of weight at most excess with the
// fewest game sessions, On-Demand first among equals; -1 if none.
func (l *location) fewestSessions(excess int) int32 {
	best := int32(-1)
	for i := range l.insts {
		in := &l.insts[i]
		if !l.usable(int32(i)) || l.weight(int32(i)) > excess {
			continue
		}
		if best < 0 {
			best = int32(i)
			continue
		}
		if b := &l.insts[best]; in.sessions < b.sessions || (in.sessions == b.sessions && b.spot && !in.spot) {
			best = int32(i)
		}
	}
	return best
}
