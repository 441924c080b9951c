package fleets

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/capsim/capsim/sim"
)

// Options change how a replication is run, not what is simulated.
type Options struct {
	// CheckInvariants verifies the model's invariants after every event and
	// fails the run with an error wrapping ErrInvariant on the first
	// violation (tests; costs O(instances × processes + sessions) per event).
	CheckInvariants bool
	// OnSessionEnd, if set, receives every request that reaches a final
	// state (placed or not), in virtual-time order.
	OnSessionEnd func(SessionRecord)
	// Progress and TimeseriesDir: see sim.RunOptions.
	sim.RunOptions
}

// SessionRecord describes one finished request and, if it was placed, its
// game session (times in seconds; -1 when the step never happened).
type SessionRecord struct {
	Demand, Fleet, Location string // Fleet and Location empty if never placed
	Placement               PlacementStatus
	Status                  GameSessionStatus // of the game session; GameTerminated for an unplaced request
	Reason                  GameSessionReason
	Expired                 bool // the end signal was lost and the game expired
	Requeued                bool // a request made again by players whose game a Spot reclaim ended
	ArrivalSeconds          float64
	PlacedSeconds           float64
	EndSeconds              float64
}

// ErrInvariant is wrapped by the error Run returns when Options.CheckInvariants
// finds a violated invariant.
var ErrInvariant = errors.New("fleets: invariant violated")

// ErrInvalidConfig is wrapped by the errors Run returns for a configuration
// it cannot simulate.
var ErrInvalidConfig = errors.New("fleets: invalid configuration")

// event kinds
const (
	evArrival     int32 = iota // ID demand
	evRequest                  // ID session, Arg gen<<8 | rq*: a waiting request's timer
	evSession                  // ID session, Arg gen<<8 | w*: a placed session's timer
	evDupEnd                   // ID location, Arg session<<32 | gen: the second copy of an end signal
	evLaunched                 // ID location, Arg instance<<32 | instance gen
	evProcReady                // ID location, Arg process
	evSpotNotice               // ID location, Arg instance<<32 | instance gen
	evReclaim                  // ID location, Arg instance<<32 | instance gen
	evScale                    // ID location: a scaling evaluation
	evPolicy                   // ID fleet: the TerminateOlderThan check
	evAction                   // ID timeline action
	evStale                    // ID location: a stale game instance without a process expires
	evInterrupt                // ID location, Arg instance<<32 | instance gen: a Spot instance's own interruption
	evViability                // ID location, Arg pool: the pool's Spot viability switches
	evReclaimPool              // ID location, Arg pool: a correlated reclaim
	evRequeue                  // ID demand, Arg location: interrupted players request placement again
)

type fleet struct {
	idx  int
	cfg  FleetConfig // defaults applied
	locs []int       // indices into model.locs, in Locations order
	rng  *rand.Rand  // TerminateGameSession share draws
}

type demand struct {
	cfg        *DemandConfig
	idx        int
	queue      int   // -1 for a FleetIQ demand
	fleet      int   // FleetIQ group, -1 for a queue demand
	locs       []int // queue destinations or the group's locations, in priority order
	order      []int // indices into locs in the order the queue tries them (latency.go)
	first      int   // location outcomes of unplaced requests are counted at
	gen        sim.ArrivalGen
	rng        *rand.Rand // arrivals and per-request draws
	rngDirect  *rand.Rand // direct claims: whether a claim names a server, and which
	rngRequeue *rand.Rand // requeued requests: whether, when, and their own draws
	nextLength time.Duration
}

type model struct {
	cfg      *Config
	opt      Options
	run      *sim.Run       // scheduler, horizon, warm-up, buckets, spill files
	s        *sim.Scheduler // run.S
	fleets   []fleet
	locs     []*location
	queues   []queue
	demands  []demand
	sessions sim.Slab[session, *session]
	requests int64
	err      error
}

// Run simulates replication rep of cfg and returns what it measured. The
// same cfg and rep always give the same Result: time is integer virtual
// nanoseconds and every draw comes from a stream named for its entity
// ("demand/<name>", "demand/<name>/direct|requeue", "fleet/<name>/terminate",
// "fleet/<name>/<location>/instances|processes|sessions|ends",
// "fleet/<name>/<location>/<instance type>/viability|reclaim|spot"). It returns an error wrapping
// ErrInvalidConfig for a configuration it cannot run, sim.ErrEventBudget
// when MaxEvents runs out, ErrInvariant when Options.CheckInvariants finds a
// violation. Zero values take the defaults listed with DefaultQueueTimeout.
//
// The model's rules are the package documentation, in doc.go.
func Run(cfg *Config, rep int, opt Options) (*Result, error) {
	m, err := newModel(cfg, rep, opt)
	if err != nil {
		return nil, err
	}
	return sim.Finish(m.run, rep, func() error { return m.err }, m.result)
}

func newModel(cfg *Config, rep int, opt Options) (*model, error) {
	if err := validate(cfg); err != nil {
		return nil, err
	}
	run := sim.NewRun(sim.RunSpec{Horizon: cfg.Horizon, Warmup: cfg.Warmup, MaxEvents: uint64(cfg.MaxEvents),
		Step: cfg.TimeseriesStep, Progress: opt.Progress, ProgressEvery: sim.ProgressEvery})
	m := &model{cfg: cfg, opt: opt, run: run, s: run.S}
	m.fleets = make([]fleet, len(cfg.Fleets))
	for fi := range cfg.Fleets {
		f := &m.fleets[fi]
		*f = fleet{idx: fi, cfg: withDefaults(cfg.Fleets[fi]),
			rng: sim.NewStream(cfg.Seed, rep, "fleet/"+cfg.Fleets[fi].Name+"/terminate")}
		for _, ln := range f.cfg.Locations {
			l := newLocation(m, &f.cfg, fi, len(m.locs), ln, rep)
			f.locs = append(f.locs, l.idx)
			m.locs = append(m.locs, l)
		}
	}
	m.queues = make([]queue, len(cfg.Queues))
	for qi := range cfg.Queues {
		qc := &cfg.Queues[qi]
		q := &m.queues[qi]
		q.idx, q.timeout = qi, qc.Timeout
		if q.timeout <= 0 {
			q.timeout = DefaultQueueTimeout
		}
		for _, d := range qc.Destinations {
			li := m.findLocation(d.Fleet, d.Location)
			q.dests = append(q.dests, li)
			l := m.locs[li]
			if !containsInt(l.queues, qi) {
				l.queues = append(l.queues, qi)
			}
		}
	}
	m.demands = make([]demand, len(cfg.Demands))
	for i := range cfg.Demands {
		dc := &cfg.Demands[i]
		d := &m.demands[i]
		*d = demand{cfg: dc, idx: i, queue: dc.Queue, fleet: -1, gen: dc.Arrivals.NewGen(),
			rng: sim.NewStream(cfg.Seed, rep, "demand/"+dc.Name), rngDirect: sim.NewStream(cfg.Seed, rep, "demand/"+dc.Name+"/direct"),
			rngRequeue: sim.NewStream(cfg.Seed, rep, "demand/"+dc.Name+"/requeue")}
		if dc.Queue >= 0 {
			for _, li := range m.queues[dc.Queue].dests {
				d.locs = append(d.locs, li)
			}
		} else {
			d.fleet = dc.Fleet
			d.locs = m.fleets[dc.Fleet].locs
		}
		d.first = d.locs[0]
		d.order = m.orderDestinations(d)
		m.scheduleArrival(d, 0)
	}
	// Capacity at t=0: initial instances are ACTIVE with ready processes.
	for _, l := range m.locs {
		l.start(m)
	}
	for fi := range m.fleets {
		if m.fleets[fi].cfg.TerminateOlderThan > 0 {
			m.s.At(sim.At(PolicyCheckInterval), m, sim.Event{Kind: evPolicy, ID: int32(fi)})
		}
	}
	for i, a := range cfg.Timeline {
		m.s.At(sim.At(a.At), m, sim.Event{Kind: evAction, ID: int32(i)})
	}
	if err := m.openTimeseries(rep); err != nil {
		return nil, err
	}
	m.run.Sample(m.sample)
	return m, nil
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func (m *model) findLocation(fi int, name string) int {
	for _, li := range m.fleets[fi].locs {
		if m.locs[li].name == name {
			return li
		}
	}
	return -1
}

// Handle dispatches every event of the model.
func (m *model) Handle(now sim.Time, ev sim.Event) {
	switch ev.Kind {
	case evArrival:
		m.arrive(&m.demands[ev.ID], now)
	case evRequest:
		m.requestTimer(ev.ID, ev.Arg, now)
	case evSession:
		m.sessionTimer(ev.ID, ev.Arg, now)
	case evDupEnd:
		m.duplicateEnd(m.locs[ev.ID], int32(ev.Arg>>32), uint32(ev.Arg), now)
	case evLaunched:
		l := m.locs[ev.ID]
		if i, ok := l.instanceEvent(m, ev.Arg); ok {
			l.launched(m, i, now)
		}
	case evProcReady:
		m.locs[ev.ID].processReady(m, int32(ev.Arg), now)
	case evSpotNotice:
		l := m.locs[ev.ID]
		if i, ok := l.instanceEvent(m, ev.Arg); ok {
			l.spotNotice(m, i, now)
		}
	case evReclaim:
		l := m.locs[ev.ID]
		if i, ok := l.instanceEvent(m, ev.Arg); ok {
			l.reclaim(m, i, now)
		}
	case evScale:
		m.locs[ev.ID].evaluate(m, now)
	case evPolicy:
		m.terminatePolicy(&m.fleets[ev.ID], now)
	case evAction:
		m.apply(&m.cfg.Timeline[ev.ID], now)
	case evStale:
		m.staleExpired(m.locs[ev.ID], now)
	case evInterrupt:
		l := m.locs[ev.ID]
		if i, ok := l.instanceEvent(m, ev.Arg); ok {
			l.interrupt(m, i, false, now)
		}
	case evViability:
		m.locs[ev.ID].viabilityChange(m, int(ev.Arg), now)
	case evReclaimPool:
		m.locs[ev.ID].correlatedReclaim(m, int(ev.Arg), now)
	case evRequeue:
		m.requeued(&m.demands[ev.ID], int32(ev.Arg), now)
	}
	if m.opt.CheckInvariants && m.err == nil {
		m.checkInvariants(now)
	}
}

// fail records the first invariant violation; Run returns it.
func (m *model) fail(format string, args ...any) {
	if m.err == nil {
		m.err = fmt.Errorf("%w at %v: %s", ErrInvariant, m.s.Now(), fmt.Sprintf(format, args...))
	}
}

// timerSession returns session id for its timer of argument arg if the
// timer is still its own (same generation, phase ph); else it fails the run
// (a stale timer) and returns nil.
func (m *model) timerSession(id int32, arg int64, ph uint8, what string) *session {
	s := &m.sessions.Items[id]
	if s.Free || s.Gen != uint32(arg>>8) || s.phase != ph {
		m.fail("stale %s timer for session %d", what, id)
		return nil
	}
	s.timer = sim.EventID{}
	return s
}

func (m *model) after(now sim.Time) bool { return m.run.After(now) }

func (m *model) scheduleArrival(d *demand, now sim.Time) {
	at, length, ok := d.gen.Next(d.rng, now)
	if !ok || at >= m.run.Horizon {
		return
	}
	d.nextLength = length
	m.s.At(at, m, sim.Event{Kind: evArrival, ID: int32(d.idx)})
}

func (m *model) result() *Result {
	r := &Result{Events: m.s.Fired(), Requests: m.requests}
	res := make([]LocationResult, len(m.locs))
	for i, l := range m.locs {
		res[i] = l.result(m, m.s.Now())
	}
	// Requests still without a final status at the horizon.
	for i := range m.sessions.Items {
		s := &m.sessions.Items[i]
		if s.Free || !s.counted || s.pstatus != PlacementPending {
			continue
		}
		at := s.attr
		if s.loc >= 0 {
			at = s.loc
		}
		res[at].Placements++
		res[at].ByStatus[PlacementPending]++
	}
	r.Locations = res
	return r
}

// sample draws d from r; a nil distribution is zero.
func sample(d sim.Dist, r *rand.Rand) time.Duration {
	if d == nil {
		return 0
	}
	return d.Sample(r)
}
