package fleets

import (
	"math"

	"github.com/capsim/capsim/sim"
)

// How an interruption notice came (instance.notice).
const (
	noticeOnTime  uint8 = iota // Spot.Notice before the reclaim
	noticeLate                 // LateNoticeDelay after that, still before the reclaim
	noticeMissing              // not at all: the reclaim cuts the sessions without OnProcessTerminate
)

// scheduleInterruption draws when ACTIVE Spot instance i is interrupted on
// its own, at InterruptionRatePerHour from now; the interruption is the
// nominal notice time, the reclaim comes Notice later.
func (l *location) scheduleInterruption(m *model, i int32, now sim.Time) {
	in := &l.insts[i]
	at := sim.ExpAfter(l.ipools[in.pool].rngSpot, now, l.fc.Spot.InterruptionRatePerHour)
	if at < m.run.Horizon {
		in.interruptAt = at
		in.timer = m.s.At(at, m, sim.Event{Kind: evInterrupt, ID: int32(l.idx), Arg: int64(i)<<32 | int64(in.gen)})
	}
}

// interrupt starts the interruption of ACTIVE Spot instance i (its own, or
// one of a correlated reclaim): it is reclaimed Notice from now, and its
// notice comes now, late (LateNoticeDelay later, if that is still before
// the reclaim) or not at all, drawn from its pool's stream (G7: the warning
// "can arrive late or not at all").
func (l *location) interrupt(m *model, i int32, correlated bool, now sim.Time) {
	in := &l.insts[i]
	if in.timer.Valid() { // its own interruption, still to come
		m.s.Cancel(in.timer)
		in.timer = sim.EventID{}
	}
	sp := &l.fc.Spot
	ip := &l.ipools[in.pool]
	in.reclaimAt, in.correlated, in.notice = now.Add(sp.Notice), correlated, noticeOnTime
	arg := int64(i)<<32 | int64(in.gen)
	u := ip.rngSpot.Float64()
	switch {
	case u < sp.MissingNoticeShare:
		in.notice = noticeMissing
	case u < sp.MissingNoticeShare+sp.LateNoticeShare:
		in.notice = noticeLate
		if at := now.Add(sample(sp.LateNoticeDelay, ip.rngSpot)); at < in.reclaimAt {
			in.timer = m.s.At(at, m, sim.Event{Kind: evSpotNotice, ID: int32(l.idx), Arg: arg})
			return
		}
		in.notice = noticeMissing // later than the reclaim: it never helps
	default:
		l.spotNotice(m, i, now)
		return
	}
	in.timer = m.s.At(in.reclaimAt, m, sim.Event{Kind: evReclaim, ID: int32(l.idx), Arg: arg})
}

// spotNotice delivers the interruption notice: every process gets
// OnProcessTerminate, the instance is SPOT_TERMINATING (no new game
// sessions, F3), a replacement launches (the desired count is unchanged)
// and the instance is reclaimed at reclaimAt.
func (l *location) spotNotice(m *model, i int32, now sim.Time) {
	in := &l.insts[i]
	l.toDraining(i)
	in.noticed = true
	in.timer = m.s.At(in.reclaimAt, m, sim.Event{Kind: evReclaim, ID: int32(l.idx), Arg: int64(i)<<32 | int64(in.gen)})
	lo, hi := l.procRange(i)
	for p := lo; p < hi; p++ {
		if pr := &l.procs[p]; pr.state != procDead {
			pr.notified, pr.notifiedAt = true, now
		}
	}
	l.refile(i)
	l.reconcile(m, now)
}

// reclaim takes Spot instance i back: its sessions end TERMINATED,
// INTERRUPTED (those on processes that got no notice are counted as cut
// without OnProcessTerminate), the players of the sessions in play request
// placement again (requeue), and, if no notice came, its replacement
// launches now.
func (l *location) reclaim(m *model, i int32, now sim.Time) {
	in := &l.insts[i]
	r := &l.res
	counted := m.after(now)
	if counted {
		r.Interruptions++
		if in.correlated {
			r.CorrelatedInterruptions++
		}
		switch in.notice {
		case noticeLate:
			r.LateNotices++
		case noticeMissing:
			r.MissingNotices++
		}
	}
	l.requeue = l.requeue[:0]
	lo, hi := l.procRange(i)
	for p := lo; p < hi; p++ {
		pr := &l.procs[p]
		if pr.state != procBusy && pr.state != procStuck {
			continue
		}
		if !pr.notified && counted {
			r.UnwarnedSessions++
		}
		if s := &m.sessions.Items[pr.sess]; !s.stuck && !s.lingering && (s.status == GameActivating || s.status == GameActive) {
			l.requeue = append(l.requeue, s.demand)
		}
	}
	wasUsable := l.usable(i)
	l.remove(m, i, ReasonInterrupted, now)
	for _, d := range l.requeue {
		m.scheduleRequeue(&m.demands[d], l, now)
	}
	if wasUsable {
		l.reconcile(m, now)
	}
}

// scheduleViability draws the end of pool k's current viability period.
func (l *location) scheduleViability(m *model, k int, now sim.Time) {
	ip := &l.ipools[k]
	mean := l.fc.Spot.ViableMean
	if !ip.viable {
		mean = l.fc.Spot.NotViableMean
	}
	if mean <= 0 {
		return // no viability process: the state stays
	}
	at := sim.ExpAfter(ip.rngViable, now, 3600/mean.Seconds())
	if at < m.run.Horizon {
		m.s.At(at, m, sim.Event{Kind: evViability, ID: int32(l.idx), Arg: int64(k)})
	}
}

// viabilityChange switches pool k between viable and not viable. When Spot
// stops being viable, a FleetIQ group's Spot instances of the pool go
// DRAINING and end after current play (F2, F3); when it is viable again, a
// SPOT_PREFERRED group with RebalanceToSpot drains its On-Demand instances
// the same way. Their replacements, and any capacity SPOT_ONLY could not
// launch, come from reconcile.
func (l *location) viabilityChange(m *model, k int, now sim.Time) {
	ip := &l.ipools[k]
	ip.viable = !ip.viable
	if ip.viable {
		l.notViableG.Add(now, -1)
		if l.fc.Kind == KindFleetIQ && l.fc.Balancing == SpotPreferred && l.fc.Spot.RebalanceToSpot {
			l.drainWhere(m, now, func(in *instance) bool { return !in.spot }, &l.res.FallbackDrains)
		}
	} else {
		l.notViableG.Add(now, 1)
		if m.after(now) {
			l.res.NotViablePeriods++
		}
		if l.fc.Kind == KindFleetIQ {
			l.drainWhere(m, now, func(in *instance) bool { return in.spot && int(in.pool) == k }, &l.res.NonviableDrains)
		}
	}
	l.scheduleViability(m, k, now)
	l.reconcile(m, now)
}

// drainWhere puts the instances that match in FleetIQ's DRAINING (F3):
// launching ones are cancelled, ACTIVE ones (not already SPOT_TERMINATING
// or DRAINING) take no claim unless the claim allows DRAINING and end once
// they hold no session; each is counted in n (after the warm-up).
func (l *location) drainWhere(m *model, now sim.Time, match func(*instance) bool, n *int64) {
	for i := range l.insts {
		in := &l.insts[i]
		if in.state == instFree || in.noticed || in.replacing || !match(in) {
			continue
		}
		if in.state == instLaunching {
			l.remove(m, int32(i), ReasonNone, now)
			continue
		}
		l.toDraining(int32(i))
		in.replacing = true
		if m.after(now) {
			*n++
		}
		if in.sessions == 0 {
			l.remove(m, int32(i), ReasonNone, now)
			continue
		}
		l.refile(int32(i))
	}
}

// scheduleReclaim draws pool k's next correlated reclaim.
func (l *location) scheduleReclaim(m *model, k int, now sim.Time) {
	at := sim.ExpAfter(l.ipools[k].rngReclaim, now, l.fc.Spot.ReclaimRatePerHour)
	if at < m.run.Horizon {
		m.s.At(at, m, sim.Event{Kind: evReclaimPool, ID: int32(l.idx), Arg: int64(k)})
	}
}

// correlatedReclaim interrupts a share of pool k's ACTIVE Spot instances at
// once (those with no interruption under way): floor(ReclaimShare × n + U)
// of the n, U uniform in [0, 1), so that the expected number is exactly
// ReclaimShare × n; which ones is a uniform draw. All are reclaimed at the
// same instant, Notice from now.
func (l *location) correlatedReclaim(m *model, k int, now sim.Time) {
	ip := &l.ipools[k]
	l.cut = l.cut[:0]
	for i := range l.insts {
		if in := &l.insts[i]; in.state == instActive && in.spot && int(in.pool) == k && in.reclaimAt == sim.Never {
			l.cut = append(l.cut, int32(i))
		}
	}
	n := len(l.cut)
	take := min(n, int(math.Floor(l.fc.Spot.ReclaimShare*float64(n)+ip.rngReclaim.Float64())))
	for j := range take {
		r := j + ip.rngReclaim.IntN(n-j)
		l.cut[j], l.cut[r] = l.cut[r], l.cut[j]
	}
	if m.after(now) {
		l.res.ReclaimEvents++
	}
	for _, i := range l.cut[:take] {
		l.interrupt(m, i, true, now)
	}
	l.scheduleReclaim(m, k, now)
}

// scheduleRequeue: the players of a game session an interruption ended at
// l request placement again (claim again, on FleetIQ), with RequeueShare,
// RequeueDelay later; drawn from the demand's own requeue stream.
func (m *model) scheduleRequeue(d *demand, l *location, now sim.Time) {
	sp := &l.fc.Spot
	if sp.RequeueShare <= 0 || d.rngRequeue.Float64() >= sp.RequeueShare {
		return
	}
	at := now.Add(sample(sp.RequeueDelay, d.rngRequeue))
	if at < m.run.Horizon {
		m.s.At(at, m, sim.Event{Kind: evRequeue, ID: int32(d.idx), Arg: int64(l.idx)})
	}
}

// requeued is a requeued request of demand d, whose game was interrupted
// at location from: a new request (a fresh game length and cancel draw
// from the requeue stream) counted as requeued at from.
func (m *model) requeued(d *demand, from int32, now sim.Time) {
	id := m.newRequest(d, d.rngRequeue, 0, now)
	s := &m.sessions.Items[id]
	s.from = from
	if s.counted {
		r := &m.locs[from].res
		r.RequeuedRequests++
		r.RequeuedPlayers += int64(d.cfg.Players)
	}
	m.route(id, d, d.rngRequeue, now)
}
