package fleets

import (
	"math/rand/v2"
	"time"

	"github.com/capsim/capsim/sim"
)

// instance states
const (
	instFree uint8 = iota
	instLaunching
	instActive
)

// instance is one instance of a fleet location. An ACTIVE instance is usable
// for new game sessions unless it drains: scale-in marked it (drain: removed
// once it holds no session) or a Spot interruption notice came (noticed:
// reclaimed SpotNotice later; FleetIQ calls it DRAINING).
type instance struct {
	state      uint8
	drain      bool
	noticed    bool
	spot       bool
	gen        uint32
	sessions   int32 // processes holding a session (busy or stuck)
	launchedAt sim.Time
	noticeAt   sim.Time
	reclaimAt  sim.Time
	timer      sim.EventID // launch, then Spot notice, then reclaim
}

// process states
const (
	procDead     uint8 = iota // its instance is not ACTIVE
	procStarting              // launching (or restarting after a termination)
	procIdle                  // ready, no game session
	procBusy                  // holds a game session (activating, active, terminating, lingering)
	procStuck                 // holds a termination that never concludes
)

// idle pools
const (
	poolNone   int8 = -1
	poolActive int8 = 0 // on usable instances
	poolNotice int8 = 1 // on Spot-noticed instances (FleetIQ DRAINING), claimable only with ClaimDraining
)

// process is one server process (FleetIQ: game server) slot.
type process struct {
	state      uint8
	pool       int8
	notified   bool // OnProcessTerminate delivered (TRIGGER or Spot notice)
	pos        int32
	sess       int32 // session held, -1
	notifiedAt sim.Time
	timer      sim.EventID // start or restart
}

// location is one location of one fleet: its instances and processes, its
// controller state and its measurements.
type location struct {
	idx, fleet int
	name       string
	fc         *FleetConfig
	P          int
	spot       bool
	rngInst    *rand.Rand // launch delays
	rngSpot    *rand.Rand // interruption times
	rngProc    *rand.Rand // process start and restart delays
	rngSess    *rand.Rand // activation, client connect, shutdown draws
	rngEnd     *rand.Rand // end-signal fates

	insts    []instance
	procs    []process // instance i owns procs[i*P : (i+1)*P]
	freeInst sim.FreeList
	pool     [2][]int32
	queues   []int // queues listing this location

	// instances by state; processes by state on ACTIVE instances; game
	// sessions by state
	launching, active, draining      int
	starting, idle, busy, stuck      int
	activating, running, terminating int
	lingering                        int
	desired                          int
	lastRequest                      sim.Time
	instG, spotG, slotG, activeG     sim.Gauge
	idleG, stuckG, expiredG, staleG  sim.Gauge
	staleDetached                    int     // stale game instances whose process was freed
	extraOnDemand, extraSpot         float64 // minimum-billing instance-seconds after the warm-up
	res                              LocationResult
	ts                               *Timeseries
	rows                             sim.RowWriter        // ts, or its spill file
	tsInt                            *sim.BucketIntegrals // of instG, activeG, idleG
	tsRow                            []float64            // the bucket being sampled, RowWidth values
	tsRequests, tsScaling            int64
}

func newLocation(m *model, fc *FleetConfig, fi, idx int, name string, rep int) *location {
	path := "fleet/" + fc.Name + "/" + name + "/"
	seed := m.cfg.Seed
	l := &location{idx: idx, fleet: fi, name: name, fc: fc, P: fc.ProcessesPerInstance, spot: usesSpot(fc),
		rngInst: sim.NewStream(seed, rep, path+"instances"),
		rngSpot: sim.NewStream(seed, rep, path+"spot"),
		rngProc: sim.NewStream(seed, rep, path+"processes"),
		rngSess: sim.NewStream(seed, rep, path+"sessions"),
		rngEnd:  sim.NewStream(seed, rep, path+"ends"),
	}
	l.res = LocationResult{Fleet: fc.Name, Location: name, Kind: fc.Kind, Latency: sim.NewSketch(), RTT: sim.NewSketch()}
	m.run.Watch(&l.instG, &l.spotG, &l.slotG, &l.activeG, &l.idleG, &l.stuckG, &l.expiredG, &l.staleG)
	if m.run.Steps > 0 {
		l.tsRow = make([]float64, RowWidth)
		l.tsInt = sim.NewBucketIntegrals(&l.instG, &l.activeG, &l.idleG)
	}
	return l
}

// start puts the initial instances in place, ACTIVE with ready processes,
// and starts the controller.
func (l *location) start(m *model) {
	sc := &l.fc.Scaling
	l.desired = sc.InitialInstances
	for range sc.InitialInstances {
		i := l.newInstance(m, 0)
		l.activate(m, i, 0, true)
	}
	switch sc.Policy {
	case ScalingTargetTracking:
		m.s.At(sim.At(sc.EvaluationInterval), m, sim.Event{Kind: evScale, ID: int32(l.idx)})
	case ScalingBuffer:
		m.s.At(sim.At(sc.BufferInterval), m, sim.Event{Kind: evScale, ID: int32(l.idx)})
	}
}

func (l *location) have() int { return l.launching + l.active }

func (l *location) usable(i int32) bool {
	in := &l.insts[i]
	return in.state == instActive && !in.drain && !in.noticed
}

// poolOf is the idle pool a ready process of instance i belongs in.
func (l *location) poolOf(i int32) int8 {
	in := &l.insts[i]
	switch {
	case in.state != instActive || in.drain:
		return poolNone
	case in.noticed:
		return poolNotice
	}
	return poolActive
}

// newInstance takes an instance record, LAUNCHING and billed from now.
func (l *location) newInstance(m *model, now sim.Time) int32 {
	i, grow := l.freeInst.Take(len(l.insts))
	if grow {
		l.insts = append(l.insts, instance{})
		for range l.P {
			l.procs = append(l.procs, process{sess: -1, pool: poolNone})
		}
	}
	in := &l.insts[i]
	*in = instance{state: instLaunching, spot: l.spot, gen: in.gen + 1, launchedAt: now,
		noticeAt: sim.Never, reclaimAt: sim.Never}
	l.launching++
	l.instG.Add(now, 1)
	if in.spot {
		l.spotG.Add(now, 1)
	}
	return i
}

// launch requests a new instance; it is ACTIVE after InstanceLaunchDelay.
func (l *location) launch(m *model, now sim.Time) {
	i := l.newInstance(m, now)
	in := &l.insts[i]
	at := now.Add(sample(l.fc.InstanceLaunchDelay, l.rngInst))
	in.timer = m.s.At(at, m, sim.Event{Kind: evLaunched, ID: int32(l.idx), Arg: int64(i)<<32 | int64(in.gen)})
}

// instanceEvent decodes an instance event and checks it is current.
func (l *location) instanceEvent(m *model, arg int64) (int32, bool) {
	i := int32(arg >> 32)
	in := &l.insts[i]
	if in.gen != uint32(arg) || in.state == instFree {
		m.fail("%s: stale event for instance %d", l.name, i)
		return 0, false
	}
	in.timer = sim.EventID{}
	return i, true
}

func (l *location) launched(m *model, i int32, now sim.Time) {
	l.activate(m, i, now, false)
	l.serve(m, now) // processes that start at once
}

// activate makes instance i ACTIVE and starts its processes (ready at once
// for the initial instances), then draws its Spot interruption.
func (l *location) activate(m *model, i int32, now sim.Time, ready bool) {
	in := &l.insts[i]
	in.state = instActive
	l.launching--
	l.active++
	l.slotG.Add(now, int64(l.P))
	for k := range l.P {
		p := int32(int(i)*l.P + k)
		if ready {
			l.starting++ // processReady counts it over to idle
			l.procs[p].state = procStarting
			l.processReady(m, p, now)
		} else {
			l.startProcess(m, p, now, 0)
		}
	}
	if in.spot && l.fc.SpotInterruptionRatePerHour > 0 {
		at := sim.ExpAfter(l.rngSpot, now, l.fc.SpotInterruptionRatePerHour)
		if at < m.run.Horizon {
			in.noticeAt = at
			in.timer = m.s.At(at, m, sim.Event{Kind: evSpotNotice, ID: int32(l.idx), Arg: int64(i)<<32 | int64(in.gen)})
		}
	}
}

// startProcess launches a fresh process on slot p after delay; it is ready
// ProcessStartDelay later.
func (l *location) startProcess(m *model, p int32, now sim.Time, delay time.Duration) {
	pr := &l.procs[p]
	pr.state = procStarting
	pr.sess = -1
	pr.notified = false
	l.starting++
	at := now.Add(delay + sample(l.fc.ProcessStartDelay, l.rngProc))
	pr.timer = m.s.At(at, m, sim.Event{Kind: evProcReady, ID: int32(l.idx), Arg: int64(p)})
}

func (l *location) processReady(m *model, p int32, now sim.Time) {
	pr := &l.procs[p]
	if pr.state != procStarting {
		m.fail("%s: process %d ready while in state %d", l.name, p, pr.state)
		return
	}
	pr.timer = sim.EventID{}
	l.starting--
	l.makeIdle(m, p, now)
	l.serve(m, now)
}

// makeIdle turns process p ready without a session and files it in its pool.
func (l *location) makeIdle(m *model, p int32, now sim.Time) {
	pr := &l.procs[p]
	pr.state = procIdle
	pr.sess = -1
	l.idle++
	l.idleG.Add(now, 1)
	l.poolAdd(p, l.poolOf(p/int32(l.P)))
}

func (l *location) poolAdd(p int32, k int8) {
	pr := &l.procs[p]
	pr.pool = k
	if k == poolNone {
		return
	}
	pr.pos = int32(len(l.pool[k]))
	l.pool[k] = append(l.pool[k], p)
}

func (l *location) poolRemove(p int32) {
	pr := &l.procs[p]
	k := pr.pool
	if k == poolNone {
		return
	}
	b := l.pool[k]
	last := b[len(b)-1]
	b[pr.pos] = last
	l.procs[last].pos = pr.pos
	l.pool[k] = b[:len(b)-1]
	pr.pool = poolNone
}

// refile moves instance i's idle processes to the pool its state now calls for.
func (l *location) refile(i int32) {
	k := l.poolOf(i)
	for p := i * int32(l.P); p < (i+1)*int32(l.P); p++ {
		if pr := &l.procs[p]; pr.state == procIdle && pr.pool != k {
			l.poolRemove(p)
			l.poolAdd(p, k)
		}
	}
}

// takeIdle removes and returns the most recently freed idle process of pool
// k (LIFO keeps recently used instances busy and lets others empty out).
func (l *location) takeIdle(m *model, k int8, now sim.Time) int32 {
	b := l.pool[k]
	return l.take(b[len(b)-1], now)
}

// take makes idle process p busy.
func (l *location) take(p int32, now sim.Time) int32 {
	l.poolRemove(p)
	pr := &l.procs[p]
	pr.state = procBusy
	l.idle--
	l.idleG.Add(now, -1)
	l.busy++
	l.insts[p/int32(l.P)].sessions++
	return p
}

// releaseProcess is the end of process p's session: fate says what becomes
// of the process. It is the one place a busy process is given back.
func (l *location) releaseProcess(m *model, p int32, fate uint8, now sim.Time) {
	pr := &l.procs[p]
	switch pr.state {
	case procBusy:
		l.busy--
	case procStuck:
		l.stuck--
		l.stuckG.Add(now, -1)
	default:
		m.fail("%s: process %d released while in state %d (freed twice?)", l.name, p, pr.state)
		return
	}
	i := p / int32(l.P)
	in := &l.insts[i]
	in.sessions--
	pr.sess = -1
	switch fate {
	case fateIdle:
		l.makeIdle(m, p, now)
	case fateRestart:
		l.startProcess(m, p, now, sample(l.fc.RestartDelay, l.rngProc))
	case fateGone:
		pr.state = procDead
		return
	}
	if in.drain && in.sessions == 0 {
		l.remove(m, i, ReasonNone, now)
		return
	}
	if fate == fateIdle {
		l.serve(m, now)
	}
}

// remove ends instance i: its sessions end TERMINATED with reason r, its
// processes stop and its billing ends (with the minimum billed duration).
func (l *location) remove(m *model, i int32, r GameSessionReason, now sim.Time) {
	in := &l.insts[i]
	if in.timer.Valid() {
		m.s.Cancel(in.timer)
		in.timer = sim.EventID{}
	}
	if in.state == instLaunching {
		l.launching--
	} else {
		for p := i * int32(l.P); p < (i+1)*int32(l.P); p++ {
			pr := &l.procs[p]
			switch pr.state {
			case procBusy, procStuck:
				m.endSession(pr.sess, GameTerminated, r, fateGone, now)
			case procStarting:
				m.s.Cancel(pr.timer)
				pr.timer = sim.EventID{}
				l.starting--
			case procIdle:
				l.poolRemove(p)
				l.idle--
				l.idleG.Add(now, -1)
			}
			pr.state = procDead
			pr.notified = false
		}
		l.slotG.Add(now, -int64(l.P))
		if in.drain || in.noticed {
			l.draining--
		} else {
			l.active--
		}
	}
	if least := l.fc.MinBilled; least > 0 && m.after(now) {
		if life := now.Sub(in.launchedAt); life < least {
			if in.spot {
				l.extraSpot += (least - life).Seconds()
			} else {
				l.extraOnDemand += (least - life).Seconds()
			}
		}
	}
	l.instG.Add(now, -1)
	if in.spot {
		l.spotG.Add(now, -1)
	}
	in.state = instFree
	in.drain, in.noticed = false, false
	l.freeInst.Put(i)
}

// spotNotice delivers the two-minute warning: every process gets
// OnProcessTerminate, the instance takes no new game sessions (FleetIQ:
// DRAINING, claimable only with ClaimDraining), a replacement launches and
// the instance is reclaimed SpotNotice later.
func (l *location) spotNotice(m *model, i int32, now sim.Time) {
	in := &l.insts[i]
	if !in.drain {
		l.active--
		l.draining++
	}
	in.noticed = true
	in.reclaimAt = now.Add(l.fc.SpotNotice)
	in.timer = m.s.At(in.reclaimAt, m, sim.Event{Kind: evReclaim, ID: int32(l.idx), Arg: int64(i)<<32 | int64(in.gen)})
	for p := i * int32(l.P); p < (i+1)*int32(l.P); p++ {
		if pr := &l.procs[p]; pr.state != procDead {
			pr.notified, pr.notifiedAt = true, now
		}
	}
	l.refile(i)
	l.reconcile(m, now)
}

func (l *location) reclaim(m *model, i int32, now sim.Time) {
	if m.after(now) {
		l.res.Interruptions++
	}
	l.remove(m, i, ReasonInterrupted, now)
}
