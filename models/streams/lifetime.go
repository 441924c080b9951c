package streams

import (
	"math/rand/v2"
	"time"

	"github.com/capsim/capsim/sim"
)

// Stream-group lifetime (facts §5, S004): a group expires
// Service.StreamGroupLifetime (365 days) after its creation; an expired group
// allows only Get and Delete and "can no longer host streams" (S004). capsim
// fails requests to an expired group, and those waiting at expiry, with
// ReasonStreamGroupExpired, and releases the group's capacity at expiry as a
// removal does (location.remove): sessions still running end TERMINATED
// with capsim's label locationRemoved.
//
// Recreation (GroupConfig.RecreateEvery, S004 advises every 3-4 weeks): at
// k × RecreateEvery a new group with the same settings is created. While it
// is ACTIVATING (Service.ActivationDelay) the old group serves every request
// and the new group's always-on capacity is already allocated; once the new
// group is ACTIVE new requests go to it and the old group is deleted when
// the last session placed on it has ended (A18: deleting stops sessions in
// progress, so capsim waits). The new group takes over the location
// records: its capacity is what the model simulates from then on, and the
// overlap, the new group's always-on capacity from its creation until the
// old group is deleted, is billed on top (LocationResult.Overlap*).
// Approximation: the old group's capacity during the drain is taken to be
// its always-on capacity, not simulated instance by instance.

// lifetime event steps (Event.Arg low byte)
const (
	lifeRecreate int64 = iota // a new group is created
	lifeSwitch                // the new group is ACTIVE
	lifeExpire                // the group of generation Arg>>8 expires
)

type groupLife struct {
	rng          *rand.Rand
	gen          int64 // recreations so far
	expired      bool
	expiredAt    sim.Time
	overlapOpen  bool
	overlapStart sim.Time
	switchAt     sim.Time // last switch: sessions placed before it are the old group's
	oldRunning   int      // sessions still running on the old group
	recreations  int64
}

// GroupLifetime is what happened to one stream group's lifetime.
type GroupLifetime struct {
	Group            string
	Recreations      int64   // new groups that became ACTIVE
	ExpiredAtSeconds float64 // -1: did not expire within the horizon
}

func (m *model) startLifetimes(rep int) {
	m.lives = make([]groupLife, len(m.groups))
	for gi := range m.groups {
		g := &m.cfg.Groups[gi]
		lf := &m.lives[gi]
		lf.expiredAt = sim.Never
		if g.RecreateEvery > 0 {
			lf.rng = sim.NewStream(m.cfg.Seed, rep, "group/"+g.Name+"/recreate")
			m.scheduleRecreate(gi, 1)
		}
		m.scheduleExpiry(gi, 0)
	}
}

func (m *model) scheduleRecreate(gi int, k int64) {
	at := sim.At(m.cfg.Groups[gi].RecreateEvery * time.Duration(k))
	if at < m.run.Horizon {
		m.s.At(at, m, sim.Event{Kind: evLifetime, ID: int32(gi), Arg: k<<8 | lifeRecreate})
	}
}

func (m *model) scheduleExpiry(gi int, createdAt sim.Time) {
	life := m.cfg.Service.StreamGroupLifetime
	if life <= 0 {
		return
	}
	if at := createdAt.Add(life); at < m.run.Horizon {
		m.s.At(at, m, sim.Event{Kind: evLifetime, ID: int32(gi), Arg: m.lives[gi].gen<<8 | lifeExpire})
	}
}

func (m *model) lifetimeEvent(gi int, arg int64, now sim.Time) {
	lf := &m.lives[gi]
	switch arg & 0xff {
	case lifeRecreate:
		if lf.expired {
			return
		}
		m.closeOverlap(gi, now) // a drain still going on: the older group is deleted now
		lf.overlapOpen, lf.overlapStart = true, now
		d := m.cfg.Service.ActivationDelay.Sample(lf.rng)
		m.s.At(now.Add(d), m, sim.Event{Kind: evLifetime, ID: int32(gi), Arg: arg&^0xff | lifeSwitch})
		m.scheduleRecreate(gi, arg>>8+1)
	case lifeSwitch:
		created := sim.At(m.cfg.Groups[gi].RecreateEvery * time.Duration(arg>>8))
		lf.gen++
		lf.recreations++
		lf.switchAt = now
		m.scheduleExpiry(gi, created)
		lf.oldRunning = 0
		for i := range m.sessions.Items {
			s := &m.sessions.Items[i]
			if !s.Free && s.loc >= 0 && m.locs[s.loc].group == gi {
				lf.oldRunning++
			}
		}
		if lf.oldRunning == 0 {
			m.closeOverlap(gi, now)
		}
	case lifeExpire:
		if arg>>8 == lf.gen && !lf.expired {
			m.expire(gi, now)
		}
	}
}

// sessionLeftGroup is called when a placed session ends: the last session of
// an old group lets it be deleted.
func (m *model) sessionLeftGroup(s *session, now sim.Time) {
	gi := m.locs[s.loc].group
	if len(m.lives) == 0 {
		return
	}
	lf := &m.lives[gi]
	if lf.overlapOpen && lf.oldRunning > 0 && s.placedAt < lf.switchAt && lf.gen > 0 {
		lf.oldRunning--
		if lf.oldRunning == 0 {
			m.closeOverlap(gi, now)
		}
	}
}

// closeOverlap ends an open overlap at now and bills it to the group's
// locations: their always-on capacity, in whole instances, over the part of
// [start, now) after the warm-up.
func (m *model) closeOverlap(gi int, now sim.Time) {
	lf := &m.lives[gi]
	if !lf.overlapOpen {
		return
	}
	lf.overlapOpen = false
	from := max(lf.overlapStart, m.run.Warmup)
	if now <= from {
		return
	}
	secs := now.Sub(from).Seconds()
	for _, li := range m.groups[gi].locs {
		l := m.locs[li]
		if l.status != LocationActive {
			continue
		}
		slots := float64(ceilDiv(l.set.AlwaysOn, l.tenancy) * l.tenancy)
		l.overlapSlotSeconds += slots * secs
	}
}

// expire makes group gi EXPIRED: waiting requests fail, later ones fail at
// once (arrive), and its locations' capacity is released as by a removal.
func (m *model) expire(gi int, now sim.Time) {
	lf := &m.lives[gi]
	lf.expired, lf.expiredAt = true, now
	m.closeOverlap(gi, now)
	for i := range m.sessions.Items {
		s := &m.sessions.Items[i]
		if s.Free || s.loc >= 0 || s.status != StatusActivating || m.demands[s.demand].group != gi {
			continue
		}
		m.leaveQueues(s, now)
		m.endSession(int32(i), m.locs[m.demands[s.demand].locs[0]], StatusError, ReasonStreamGroupExpired, now)
	}
	for _, li := range m.groups[gi].locs {
		if l := m.locs[li]; l.status == LocationActive {
			l.remove(m)
		}
	}
}

// groupExpired reports whether requests to group gi fail.
func (m *model) groupExpired(gi int) bool { return len(m.lives) > 0 && m.lives[gi].expired }

func (m *model) lifetimeResults() []GroupLifetime {
	out := make([]GroupLifetime, len(m.lives))
	for gi := range m.lives {
		lf := &m.lives[gi]
		m.closeOverlap(gi, m.run.Horizon)
		out[gi] = GroupLifetime{Group: m.groups[gi].name, Recreations: lf.recreations, ExpiredAtSeconds: -1}
		if lf.expired {
			out[gi].ExpiredAtSeconds = lf.expiredAt.Seconds()
		}
	}
	return out
}
