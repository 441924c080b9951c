package streams

import (
	"math/bits"
	"math/rand/v2"

	"github.com/capsim/capsim/sim"
)

const (
	instFree uint8 = iota
	instAllocating
	instReady
	instOrphan // was allocating when its location was removed; freed when its allocation event fires
)

type instance struct {
	state       uint8
	armed       bool // a release timer is pending
	cold        bool // allocated above always-on; no session has run here yet
	used        int32
	bpos        int32 // position in location.buckets[used] while ready
	release     sim.EventID
	allocatedAt sim.Time
}

// location is one location of one stream group: its capacity, its FIFO of
// waiting requests and its measurements.
type location struct {
	idx, group int
	name       string
	class      Class
	tenancy    int
	status     LocationStatus
	epoch      uint32 // bumped by every add and removal; a pending activation of another epoch is void
	set        LocationConfig
	ceiling    int  // slots
	lowered    bool // an update lowered the ceiling below what is held
	rng        *rand.Rand
	allocDelay sim.Dist

	insts          []instance
	freeInst       sim.FreeList
	buckets        [][]int32 // ready instances by used slots, 0..tenancy
	counts         []int     // scratch for the packing policy, len tenancy
	ready          int
	allocating     int
	used           int      // slots holding a session
	assigned       int      // waiting requests counting on this location's capacity
	waiting        int      // live requests in queue
	unarmed        int      // empty ready instances without a release timer
	queue          sim.FIFO // waiting requests; stale once the session moved on or was placed
	shortfallUntil sim.Time
	coldRng        *rand.Rand // cold-start delays (coldstart.go)
	pool           int        // GPU quota pool (quota.go), -1: none
	stalled        int        // instance allocations waiting for quota
	stallSince     sim.Time

	// measurements
	allocG, streamG, waitG          sim.Gauge
	baseAlloc, baseStream, baseWait float64
	requests, placed, failures      int64
	timeoutsAllocating              int64
	failBy, termBy                  [NumReasons]int64
	latency                         *sim.Sketch
	toActive, toFrame               *sim.Sketch // the player's wait: to ACTIVE, to first frame
	rtt                             *sim.Sketch // round trips of sessions from player regions (geo.go)
	rttAbove                        int64
	hours                           []HourResult // Options.Hourly, else nil
	instancesStarted                int64
	coldStarts                      int64
	stalledAllocations              int64
	stallG                          sim.Gauge // instances waiting for quota
	overlapSlotSeconds              float64   // recreation overlap (lifetime.go)
	extraBilledInstanceSeconds      float64
	ts                              *Timeseries
	rows                            sim.RowWriter        // ts, or its spill file
	tsInt                           *sim.BucketIntegrals // of allocG, streamG, waitG
	tsRow                           []float64            // the bucket being sampled, RowWidth values
	tsArrivals                      int64
	tsFailBy                        [NumReasons]int64
	tsExtraBilled                   float64 // instance-seconds, since the last sample
}

func newLocation(m *model, gi, idx int, lc LocationConfig, c Class, rng *rand.Rand) *location {
	l := &location{idx: idx, group: gi, name: lc.Name, class: c, tenancy: c.Tenancy,
		status: LocationActive, set: lc, rng: rng, latency: sim.NewSketch(),
		toActive: sim.NewSketch(), toFrame: sim.NewSketch(), rtt: sim.NewSketch(),
		buckets: make([][]int32, c.Tenancy+1), counts: make([]int, c.Tenancy)}
	l.ceiling = lc.Ceiling(m.cfg.Service.MaximumIncludesAlwaysOn, l.tenancy)
	l.allocDelay = m.cfg.Service.AllocationDelayLinux
	if c.OS == Windows {
		l.allocDelay = m.cfg.Service.AllocationDelayWindows
	}
	if m.opt.Hourly {
		l.hours = newHours()
	}
	m.run.Watch(&l.allocG, &l.streamG, &l.waitG, &l.stallG)
	if m.run.Steps > 0 {
		l.tsRow = make([]float64, RowWidth)
		l.tsInt = sim.NewBucketIntegrals(&l.allocG, &l.streamG, &l.waitG)
	}
	return l
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// want is the number of instances the service aims to hold:
// min(ceiling, max(always_on, used + waiting-on-us + target_idle)), in whole instances.
func (l *location) want() int {
	if l.status != LocationActive {
		return 0
	}
	d := max(l.set.AlwaysOn, l.used+l.assigned+l.set.TargetIdle)
	d = min(d, l.ceiling)
	if t := l.tenancy; t&(t-1) == 0 && d >= 0 {
		// A tenancy of 1, 2 or 4 (most classes): a shift, the same
		// quotient, where the division was tens of cycles at every
		// reconcile (two a session).
		return (d + t - 1) >> bits.TrailingZeros(uint(t))
	}
	return ceilDiv(d, l.tenancy)
}

func (l *location) have() int      { return l.ready + l.allocating }
func (l *location) freeReady() int { return l.ready*l.tenancy - l.used }

// canTake reports whether a waiting request can count on this location:
// capacity on its way that nobody counts on yet, or room to grow.
func (l *location) canTake() bool {
	if l.status != LocationActive {
		return false
	}
	total := l.have() * l.tenancy
	return l.used+l.assigned < total || total < l.ceiling
}

// activate brings a location ACTIVE with its capacity ready at once
// (ACTIVATING covers finding and provisioning the compute).
func (l *location) activate(m *model) {
	now := m.s.Now()
	l.status = LocationActive
	for l.have() < l.want() && m.quotaTake(l) {
		l.instancesStarted++
		i := l.newInstance()
		l.insts[i].cold = l.aboveAlwaysOn()
		l.addReady(m, i, now)
	}
	l.serveQueue(m, now)
	l.reconcile(m, now)
}

func (l *location) newInstance() int32 {
	i, grow := l.freeInst.Take(len(l.insts))
	if grow {
		l.insts = append(l.insts, instance{})
	}
	l.insts[i] = instance{state: instAllocating}
	return i
}

// reconcile starts allocations up to want and arms release timers when
// there is surplus.
func (l *location) reconcile(m *model, now sim.Time) {
	if l.status != LocationActive {
		return
	}
	want := l.want()
	for l.have() < want && m.quotaTake(l) {
		i := l.newInstance()
		l.insts[i].cold = l.aboveAlwaysOn()
		l.allocating++
		l.instancesStarted++
		d := l.allocDelay.Sample(l.rng)
		m.s.At(now.Add(d), m, sim.Event{Kind: evInstanceReady, ID: int32(l.idx), Arg: int64(i)})
	}
	if l.pool >= 0 {
		l.setStalled(m, want-min(want, l.have()), now)
	}
	if l.have() > want && l.unarmed > 0 {
		l.armUnarmed(m, now)
	}
}

// armUnarmed arms the release of every empty instance without one, in
// the order of the empty bucket. unarmed counts them exactly (checkInvariants),
// so the scan stops at the last; and one alone, the usual case, is looked
// for from the end, where an instance that just became empty was put.
func (l *location) armUnarmed(m *model, now sim.Time) {
	b := l.buckets[0]
	if l.unarmed == 1 {
		for k := len(b) - 1; k >= 0; k-- {
			if i := b[k]; !l.insts[i].armed {
				l.arm(m, i, now)
				break
			}
		}
	} else {
		left := l.unarmed
		for _, i := range b {
			if !l.insts[i].armed {
				l.arm(m, i, now)
				if left--; left == 0 {
					break
				}
			}
		}
	}
	l.unarmed = 0
}

func (l *location) arm(m *model, i int32, now sim.Time) {
	in := &l.insts[i]
	in.armed = true
	in.release = m.s.At(now.Add(m.cfg.Service.IdleReleaseDelay), m, sim.Event{Kind: evRelease, ID: int32(l.idx), Arg: int64(i)})
}

func (l *location) instanceReady(m *model, i int32, now sim.Time) {
	if l.insts[i].state == instOrphan { // its location was removed meanwhile
		l.insts[i].state = instFree
		l.freeInst.Put(i)
		return
	}
	if l.shortfallUntil > now && l.status == LocationActive {
		m.s.At(l.shortfallUntil, m, sim.Event{Kind: evInstanceReady, ID: int32(l.idx), Arg: int64(i)})
		return
	}
	l.allocating--
	if l.status == LocationRemoving || l.status == LocationRemoved {
		l.insts[i].state = instFree
		l.freeInst.Put(i)
		l.maybeRemoved()
		m.quotaGive(l, now)
		return
	}
	l.addReady(m, i, now)
	l.serveQueue(m, now)
	l.reconcile(m, now)
}

// addReady makes instance i ready and empty; reconcile arms its release if
// it is surplus.
func (l *location) addReady(m *model, i int32, now sim.Time) {
	in := &l.insts[i]
	in.state = instReady
	in.used = 0
	in.allocatedAt = now
	l.bucketAdd(i)
	l.ready++
	l.unarmed++
	l.allocG.Add(now, int64(l.tenancy))
}

func (l *location) bucketAdd(i int32) {
	u := l.insts[i].used
	l.insts[i].bpos = int32(len(l.buckets[u]))
	l.buckets[u] = append(l.buckets[u], i)
}

func (l *location) bucketRemove(i int32) {
	u := l.insts[i].used
	b := l.buckets[u]
	p := l.insts[i].bpos
	last := b[len(b)-1]
	b[p] = last
	l.insts[last].bpos = p
	l.buckets[u] = b[:len(b)-1]
}

// becameEmpty handles an instance that holds no stream any more: released
// at once from a location being removed, else left for reconcile to arm.
func (l *location) becameEmpty(m *model, i int32, now sim.Time) {
	if l.status == LocationRemoving {
		l.releaseNow(m, i, now)
		return
	}
	l.unarmed++
}

func (l *location) releaseTimer(m *model, i int32, now sim.Time) {
	in := &l.insts[i]
	in.armed = false
	in.release = sim.EventID{}
	if in.state != instReady || in.used != 0 {
		m.fail("release timer fired for a busy or free instance")
		return
	}
	l.unarmed++ // the timer has fired: the instance is empty and unarmed now
	if l.have() > l.want() {
		l.releaseNow(m, i, now)
	}
}

func (l *location) releaseNow(m *model, i int32, now sim.Time) {
	in := &l.insts[i]
	if in.armed {
		m.s.Cancel(in.release)
		in.armed = false
	} else if l.status != LocationRemoving {
		l.unarmed--
	}
	if least := m.cfg.Service.MinBilledDuration; least > 0 {
		if life := now.Sub(in.allocatedAt); life < least {
			extra := (least - life).Seconds()
			l.tsExtraBilled += extra
			if now >= m.run.Warmup {
				l.extraBilledInstanceSeconds += extra
			}
		}
	}
	l.bucketRemove(i)
	in.state = instFree
	l.freeInst.Put(i)
	l.ready--
	l.allocG.Add(now, -int64(l.tenancy))
	l.maybeRemoved()
	m.quotaGive(l, now)
}

func (l *location) maybeRemoved() {
	if l.status == LocationRemoving && l.have() == 0 {
		l.status = LocationRemoved
	}
}

// take puts one stream on an instance chosen by the packing policy.
func (l *location) take(m *model, now sim.Time) int32 {
	cs := l.counts // reused: a local array would escape through the policy call
	for u := range cs {
		cs[u] = len(l.buckets[u])
	}
	u := m.packing(cs)
	b := l.buckets[u]
	i := b[len(b)-1]
	in := &l.insts[i]
	if in.used == 0 {
		if in.armed {
			m.s.Cancel(in.release)
			in.armed = false
			in.release = sim.EventID{}
		} else {
			l.unarmed--
		}
	}
	l.bucketRemove(i)
	in.used++
	l.bucketAdd(i)
	l.used++
	l.streamG.Add(now, 1)
	return i
}

// give frees one slot of instance i.
func (l *location) give(m *model, i int32, now sim.Time) {
	in := &l.insts[i]
	l.bucketRemove(i)
	in.used--
	l.bucketAdd(i)
	l.used--
	l.streamG.Add(now, -1)
	if in.used == 0 {
		l.becameEmpty(m, i, now) // before serveQueue, which may take it again
	}
	l.serveQueue(m, now)
	l.reconcile(m, now)
}

// serveQueue places waiting requests, oldest first, while slots are free.
func (l *location) serveQueue(m *model, now sim.Time) {
	for l.status == LocationActive && l.freeReady() > 0 {
		q, ok := l.queue.Peek()
		if !ok {
			return
		}
		l.queue.Pop()
		s := &m.sessions.Items[q.ID]
		if s.Free || s.Gen != q.Gen || s.loc >= 0 || s.status != StatusActivating {
			continue
		}
		m.place(q.ID, l, now)
	}
}

func (l *location) update(m *model, lc LocationConfig) {
	now := m.s.Now()
	old := l.ceiling
	lc.PriceUSDPerHour = l.set.PriceUSDPerHour
	l.set = lc
	l.ceiling = lc.Ceiling(m.cfg.Service.MaximumIncludesAlwaysOn, l.tenancy)
	if l.ceiling < old {
		l.lowered = true
	}
	l.reconcile(m, now)
}

// remove carries out RemoveStreamGroupLocations, which "will release all
// provisioned capacity for this location" (S004): running sessions end at
// once, TERMINATED with capsim's label locationRemoved (a session already
// TERMINATING keeps its reason), every instance is released or, if still
// allocating, abandoned (its GPU back to the quota), and waiting requests
// stop counting on the location.
// The location is REMOVED when remove returns; a pending activation is void.
func (l *location) remove(m *model) {
	now := m.s.Now()
	l.status = LocationRemoving
	l.epoch++
	for id := range m.sessions.Items {
		s := &m.sessions.Items[id]
		if s.Free || s.loc != int32(l.idx) {
			continue
		}
		r := ReasonLocationRemoved
		if m.statusAt(s, now) == StatusTerminating {
			r = s.reason
		}
		m.interrupt(s, now)
		m.endSession(int32(id), l, StatusTerminated, r, now) // frees the slot; an empty instance is released
	}
	for len(l.buckets[0]) > 0 {
		l.releaseNow(m, l.buckets[0][len(l.buckets[0])-1], now)
	}
	for i := range l.insts {
		if l.insts[i].state == instAllocating {
			l.insts[i].state = instOrphan
			l.allocating--
			m.quotaGive(l, now) // abandoned: its GPU is free again
		}
	}
	l.unarmed = 0
	m.unqueue(l, now)
	l.maybeRemoved()
}
