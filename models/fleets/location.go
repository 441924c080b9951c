package fleets

import (
	"math/rand/v2"

	"github.com/capsim/capsim/sim"
)

// instance states
const (
	instFree uint8 = iota
	instLaunching
	instActive
)

// instance is one instance of a fleet location, of one instance pool
// (definition) and bought On-Demand or Spot. An ACTIVE instance is usable
// for new game sessions unless it drains: scale-in marked it (drain:
// removed once it holds no session), a Spot interruption notice came
// (noticed: FleetIQ's SPOT_TERMINATING, reclaimed at reclaimAt) or FleetIQ
// replaces it (replacing: DRAINING, F3, ended once it holds no session): a
// Spot instance whose pool stopped being viable (F2), or, with
// RebalanceToSpot, an On-Demand fallback instance once Spot is viable again.
type instance struct {
	state       uint8
	drain       bool
	noticed     bool
	replacing   bool
	spot        bool
	correlated  bool  // its interruption is a correlated reclaim
	notice      uint8 // how its interruption notice came (noticeOnTime ...)
	pool        int16 // index into location.ipools
	gen         uint32
	sessions    int32 // processes holding a session (busy or stuck)
	launchedAt  sim.Time
	interruptAt sim.Time    // its own interruption, drawn when ACTIVE (Never: none before the horizon)
	reclaimAt   sim.Time    // Never unless an interruption is under way
	timer       sim.EventID // launch, then interruption, notice, reclaim
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
	poolNone     int8 = -1
	poolActive   int8 = 0 // on usable instances
	poolDraining int8 = 1 // on FleetIQ DRAINING (not viable Spot) instances, claimable only if the claim allows DRAINING
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

// location is one location of one fleet: its instance pools, instances
// and processes, its controller state and its measurements. Instance i owns
// the process slots procs[i*stride : i*stride+stride]; the first
// ipools[pool].procs of them are its processes, the rest stay procDead.
type location struct {
	idx, fleet int
	name       string
	fc         *FleetConfig
	stride     int  // process slots per instance record: the most any pool's instances hold
	usesSpot   bool // the fleet may buy Spot (SPOT capacity type, SPOT_ONLY or SPOT_PREFERRED)
	ipools     []instPool
	rngInst    *rand.Rand // launch delays
	rngProc    *rand.Rand // process start and restart delays
	rngSess    *rand.Rand // activation, client connect, shutdown draws
	rngEnd     *rand.Rand // end-signal fates

	insts    []instance
	procs    []process
	freeInst sim.FreeList
	pool     [2][]int32 // idle processes by idle pool (poolActive, poolDraining)
	queues   []int      // queues listing this location
	cut      []int32    // scratch: instances a correlated reclaim may take
	requeue  []int32    // scratch: demands of the game sessions a reclaim ends

	// instances by state; capacity units launching or usable (have);
	// processes by state on ACTIVE instances; game sessions by state
	launching, active, draining      int
	haveUnits                        int
	starting, idle, busy, stuck      int
	activating, running, terminating int
	lingering                        int
	desired                          int // in capacity units
	lastRequest                      sim.Time
	instG, spotG, slotG, activeG     sim.Gauge
	idleG, stuckG, expiredG, staleG  sim.Gauge
	poolsG, notViableG, shortG       sim.Gauge // Spot pools; of which not viable; capacity units short for lack of viable Spot
	staleDetached                    int       // stale game instances whose process was freed
	extraSeconds                     float64   // minimum-billing instance-seconds after the warm-up
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
	l := &location{idx: idx, fleet: fi, name: name, fc: fc, usesSpot: usesSpot(fc),
		rngInst: sim.NewStream(seed, rep, path+"instances"),
		rngProc: sim.NewStream(seed, rep, path+"processes"),
		rngSess: sim.NewStream(seed, rep, path+"sessions"),
		rngEnd:  sim.NewStream(seed, rep, path+"ends"),
	}
	l.newPools(m, path, rep)
	l.res = LocationResult{Fleet: fc.Name, Location: name, Kind: fc.Kind, Latency: sim.NewSketch(), RTT: sim.NewSketch()}
	m.run.Watch(&l.instG, &l.spotG, &l.slotG, &l.activeG, &l.idleG, &l.stuckG, &l.expiredG, &l.staleG,
		&l.poolsG, &l.notViableG, &l.shortG)
	if m.run.Steps > 0 {
		l.tsRow = make([]float64, RowWidth)
		l.tsInt = sim.NewBucketIntegrals(&l.instG, &l.activeG, &l.idleG)
	}
	return l
}

// start draws each Spot pool's viability, puts the initial capacity in
// place, ACTIVE with ready processes (what can be launched: none from a
// Spot pool that is not viable), and starts the controller.
func (l *location) start(m *model) {
	sc := &l.fc.Scaling
	l.startPools(m)
	l.desired = sc.InitialInstances
	for l.haveUnits < sc.InitialInstances {
		k, spot, ok := l.pick()
		if !ok {
			break
		}
		i := l.newInstance(m, k, spot, 0)
		l.activate(m, i, 0, true)
	}
	l.shortG.Set(0, int64(max(0, l.desired-l.haveUnits)))
	switch sc.Policy {
	case ScalingTargetTracking:
		m.s.At(sim.At(sc.EvaluationInterval), m, sim.Event{Kind: evScale, ID: int32(l.idx)})
	case ScalingBuffer:
		m.s.At(sim.At(sc.BufferInterval), m, sim.Event{Kind: evScale, ID: int32(l.idx)})
	}
}

// have is the capacity launching or usable, in capacity units.
func (l *location) have() int { return l.haveUnits }

// procRange is the process slots of instance i's processes.
func (l *location) procRange(i int32) (lo, hi int32) {
	lo = i * int32(l.stride)
	return lo, lo + int32(l.ipools[l.insts[i].pool].procs)
}

// instOf is the instance a process slot belongs to.
func (l *location) instOf(p int32) int32 { return p / int32(l.stride) }

func (l *location) weight(i int32) int { return l.ipools[l.insts[i].pool].weight }

func (l *location) usable(i int32) bool {
	in := &l.insts[i]
	return in.state == instActive && !in.drain && !in.noticed && !in.replacing
}

// toDraining takes a usable instance out of the usable capacity (before
// it is marked drain, noticed or replacing).
func (l *location) toDraining(i int32) {
	if !l.usable(i) {
		return
	}
	l.active--
	l.draining++
	l.haveUnits -= l.weight(i)
}

// poolOf is the idle pool a ready process of instance i belongs in: none on
// an instance draining for scale-in or noticed of its interruption
// (SPOT_TERMINATING: no new game servers, F3).
func (l *location) poolOf(i int32) int8 {
	in := &l.insts[i]
	switch {
	case in.state != instActive || in.drain || in.noticed:
		return poolNone
	case in.replacing:
		return poolDraining
	}
	return poolActive
}

// newInstance takes an instance record of pool k, On-Demand or Spot,
// LAUNCHING and billed from now.
func (l *location) newInstance(m *model, k int, spot bool, now sim.Time) int32 {
	i, grow := l.freeInst.Take(len(l.insts))
	if grow {
		l.insts = append(l.insts, instance{})
		for range l.stride {
			l.procs = append(l.procs, process{sess: -1, pool: poolNone})
		}
	}
	in := &l.insts[i]
	*in = instance{state: instLaunching, spot: spot, pool: int16(k), gen: in.gen + 1, launchedAt: now,
		interruptAt: sim.Never, reclaimAt: sim.Never}
	l.launching++
	l.haveUnits += l.ipools[k].weight
	l.instG.Add(now, 1)
	l.ipools[k].billed(spot).Add(now, 1)
	if spot {
		l.spotG.Add(now, 1)
	}
	return i
}

// launch requests a new instance from the pool pick chooses; it is ACTIVE
// after InstanceLaunchDelay. It reports false when nothing can be launched
// (SPOT_ONLY, or a managed Spot fleet, while Spot is not viable).
func (l *location) launch(m *model, now sim.Time) bool {
	k, spot, ok := l.pick()
	if !ok {
		return false
	}
	i := l.newInstance(m, k, spot, now)
	in := &l.insts[i]
	at := now.Add(sample(l.fc.InstanceLaunchDelay, l.rngInst))
	in.timer = m.s.At(at, m, sim.Event{Kind: evLaunched, ID: int32(l.idx), Arg: int64(i)<<32 | int64(in.gen)})
	return true
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
	lo, hi := l.procRange(i)
	l.slotG.Add(now, int64(hi-lo))
	for p := lo; p < hi; p++ {
		if ready {
			l.starting++ // processReady counts it over to idle
			l.procs[p].state = procStarting
			l.processReady(m, p, now)
		} else {
			l.startProcess(m, p, now, 0)
		}
	}
	if in.spot {
		l.scheduleInterruption(m, i, now)
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
	switch {
	case in.state == instLaunching:
		l.launching--
		l.haveUnits -= l.weight(i)
	default:
		l.stopProcesses(m, i, r, now)
		if l.usable(i) {
			l.active--
			l.haveUnits -= l.weight(i)
		} else {
			l.draining--
		}
	}
	ip := &l.ipools[in.pool]
	if least := l.fc.MinBilled; least > 0 && m.after(now) {
		if life := now.Sub(in.launchedAt); life < least {
			ip.extra(in.spot, (least - life).Seconds())
			l.extraSeconds += (least - life).Seconds()
		}
	}
	l.instG.Add(now, -1)
	ip.billed(in.spot).Add(now, -1)
	if in.spot {
		l.spotG.Add(now, -1)
	}
	in.state = instFree
	in.drain, in.noticed, in.replacing = false, false, false
	in.reclaimAt = sim.Never
	l.freeInst.Put(i)
}

// stopProcesses ends the sessions of ACTIVE instance i with reason r and
// stops its processes.
func (l *location) stopProcesses(m *model, i int32, r GameSessionReason, now sim.Time) {
	lo, hi := l.procRange(i)
	for p := lo; p < hi; p++ {
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
	l.slotG.Add(now, -int64(hi-lo))
}
