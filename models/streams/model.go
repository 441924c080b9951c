package streams

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/capsim/capsim/sim"
)

// Options change how a replication is run, not what is simulated.
type Options struct {
	// CheckInvariants verifies the model's invariants after every event and
	// fails the run on the first violation (tests; costs O(instances) per event).
	CheckInvariants bool
	// OnSessionEnd, if set, receives every session that reaches TERMINATED or
	// ERROR, in virtual-time order.
	OnSessionEnd func(SessionRecord)
	// Hourly records LocationResult.Hours: requests, failures and placement
	// latencies by the hour of the day the request arrived.
	Hourly bool
	// Progress and TimeseriesDir: see sim.RunOptions.
	sim.RunOptions
}

// SessionRecord describes one finished stream session (times in seconds).
type SessionRecord struct {
	Demand, Group, Location string // Location is empty if never placed
	Status                  Status
	Reason                  Reason
	ArrivalSeconds          float64
	PlacedSeconds           float64 // -1 if never placed
	EndSeconds              float64
}

// event kinds
const (
	evArrival int32 = iota
	evPlacementTimeout
	evSession
	evInstanceReady
	evRelease
	evActivated
	evAction
	evShortfall
	evLifetime
)

type group struct {
	name  string
	class Class
	locs  []int // indices into model.locs, primary first
}

type demand struct {
	cfg        *DemandConfig
	idx        int
	group      int
	locs       []int // priority order
	gen        sim.ArrivalGen
	rng        *rand.Rand // arrivals and per-session draws
	disconnect *rand.Rand // disconnect/reconnect chains
	startDelay sim.Dist
	nextLength int64           // length carried by the pending arrival (trace)
	rtt        []sim.SketchKey // cfg.RTT's, buckets found once (geo.go)
}

type model struct {
	cfg      *Config
	opt      Options
	run      *sim.Run       // scheduler, horizon, warm-up, buckets, spill files
	s        *sim.Scheduler // run.S
	packing  PackingPolicy
	groups   []group
	locs     []*location
	demands  []demand
	sessions sim.Slab[session, *session]
	actRng   *rand.Rand
	pools    []quotaPool
	lives    []groupLife
	regions  []regionStats // per Config.PlayerRegions (geo.go)
	arrivals int64
	touched  uint32 // sink of Prefetch's loads
	err      error
}

// Run simulates replication rep of cfg and returns what it measured.
func Run(cfg *Config, rep int, opt Options) (*Result, error) {
	m, err := newModel(cfg, rep, opt)
	if err != nil {
		return nil, err
	}
	r, err := sim.Finish(m.run, rep, func() error { return m.err }, m.result)
	items := m.sessions.Items[:0] // not &m.sessions.Items: the pool would keep m
	sessionRecords.Put(&items)
	return r, err
}

// sessionRecords holds the session slabs' storage of finished replications
// (*[]session) for the next to reuse: a replication's records grow to its
// peak of sessions in flight (tens of thousands at a large title's scale),
// and growing them again from nothing cost every replication fresh memory.
// A record is zeroed whenever the slab hands it out, so reuse changes
// nothing.
var sessionRecords sync.Pool

func newModel(cfg *Config, rep int, opt Options) (*model, error) {
	packing, err := LookupPacking(cfg.Service.Packing)
	if err != nil {
		return nil, err
	}
	run := sim.NewRun(sim.RunSpec{Horizon: cfg.Horizon, Warmup: cfg.Warmup, MaxEvents: cfg.MaxEvents,
		Step: cfg.TimeseriesStep, Progress: opt.Progress, ProgressEvery: sim.ProgressEvery})
	m := &model{
		cfg: cfg, opt: opt, run: run, s: run.S, packing: packing,
		actRng: sim.NewStream(cfg.Seed, rep, "timeline"),
	}
	m.s.SetPrefetcher(m, m)
	if items, ok := sessionRecords.Get().(*[]session); ok {
		m.sessions.Items = (*items)[:0]
	}
	for _, q := range cfg.GPUQuotas {
		m.pools = append(m.pools, quotaPool{cfg: q})
	}
	m.newRegions()
	m.addLocations(rep)
	for _, l := range m.locs {
		if l.status == LocationActive {
			l.activate(m)
		}
		if cfg.Service.ShortfallRatePerHour > 0 {
			m.scheduleShortfall(l)
		}
	}
	if err := m.addDemands(rep); err != nil {
		return nil, err
	}
	m.startLifetimes(rep)
	for i, a := range cfg.Timeline {
		m.s.At(sim.At(a.At), m, sim.Event{Kind: evAction, ID: int32(i)})
	}
	if err := m.openTimeseries(rep); err != nil {
		return nil, err
	}
	m.run.Sample(m.sample)
	return m, nil
}

// addLocations makes the locations' records: those present at the start,
// then those a timeline adds (REMOVED until then).
func (m *model) addLocations(rep int) {
	for gi, g := range m.cfg.Groups {
		m.groups = append(m.groups, group{name: g.Name, class: g.Class})
		for _, lc := range g.Locations {
			m.addLocationRecord(gi, lc, rep)
		}
	}
	for _, a := range m.cfg.Timeline {
		if a.Kind != AddStreamGroupLocations {
			continue
		}
		for _, lc := range a.Locations {
			if m.findLocation(a.Group, lc.Name) < 0 {
				m.addLocationRecord(a.Group, lc, rep).status = LocationRemoved
			}
		}
	}
}

// addDemands sets up the demands and schedules their first arrivals.
func (m *model) addDemands(rep int) error {
	cfg := m.cfg
	m.demands = make([]demand, len(cfg.Demands))
	for i := range cfg.Demands {
		dc := &cfg.Demands[i]
		d := &m.demands[i]
		*d = demand{cfg: dc, idx: i, group: dc.Group, gen: dc.Arrivals.NewGen(),
			rng:        sim.NewStream(cfg.Seed, rep, "demand/"+dc.Name),
			disconnect: sim.NewStream(cfg.Seed, rep, "demand/"+dc.Name+"/reconnects"),
			startDelay: dc.SessionStartDelay}
		if d.startDelay == nil {
			d.startDelay = cfg.Service.SessionStartDelay
		}
		names := dc.Locations
		if len(names) == 0 {
			names = []string{cfg.Groups[dc.Group].Locations[0].Name}
		}
		for _, n := range names {
			li := m.findLocation(dc.Group, n)
			if li < 0 {
				return fmt.Errorf("demand %q: location %q is not in stream group %q", dc.Name, n, cfg.Groups[dc.Group].Name)
			}
			d.locs = append(d.locs, li)
		}
		if len(d.locs) > 64 {
			return fmt.Errorf("demand %q: more than 64 locations", dc.Name)
		}
		d.rtt = rttKeys(dc.RTT)
		m.scheduleArrival(d, 0)
	}
	return nil
}

// openTimeseries gives every location its timeseries, in memory or
// spilled (Options.TimeseriesDir); without buckets there are none.
func (m *model) openTimeseries(rep int) error {
	return m.run.OpenTimeseries(len(m.locs), RowWidth, m.opt.TimeseriesDir, "streams", rep,
		func(li int, ts *sim.Timeseries, rows sim.RowWriter) { m.locs[li].ts, m.locs[li].rows = ts, rows })
}

func (m *model) addLocationRecord(gi int, lc LocationConfig, rep int) *location {
	g := &m.groups[gi]
	name := g.name + "/" + lc.Name
	l := newLocation(m, gi, len(m.locs), lc, g.class, sim.NewStream(m.cfg.Seed, rep, "location/"+name))
	if l.pool = m.poolFor(gi, lc.Name); l.pool >= 0 {
		m.pools[l.pool].locs = append(m.pools[l.pool].locs, l.idx)
	}
	if m.cfg.Service.SessionStartDelayCold != nil {
		l.coldRng = sim.NewStream(m.cfg.Seed, rep, "location/"+name+"/cold_start")
	}
	m.locs = append(m.locs, l)
	g.locs = append(g.locs, l.idx)
	return l
}

func (m *model) findLocation(gi int, name string) int {
	for _, li := range m.groups[gi].locs {
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
	case evPlacementTimeout:
		m.placementTimeout(ev.ID, uint32(ev.Arg), now)
	case evSession:
		m.sessionTimer(ev.ID, ev.Arg, now)
	case evInstanceReady:
		m.locs[ev.ID].instanceReady(m, int32(ev.Arg), now)
	case evRelease:
		m.locs[ev.ID].releaseTimer(m, int32(ev.Arg), now)
	case evActivated:
		// Only the activation of the location's current epoch: a location
		// removed while ACTIVATING (and perhaps added again) is not revived.
		if l := m.locs[ev.ID]; l.status == LocationActivating && uint32(ev.Arg) == l.epoch {
			l.activate(m)
		}
	case evAction:
		m.apply(&m.cfg.Timeline[ev.ID], now)
	case evShortfall:
		m.shortfall(m.locs[ev.ID], now)
	case evLifetime:
		m.lifetimeEvent(int(ev.ID), ev.Arg, now)
	}
	if m.opt.CheckInvariants && m.err == nil {
		m.checkInvariants(now)
	}
}

func (m *model) fail(format string, args ...any) {
	if m.err == nil {
		m.err = fmt.Errorf("invariant violated at %v: "+format, append([]any{m.s.Now()}, args...)...)
	}
}

func (m *model) scheduleArrival(d *demand, now sim.Time) {
	at, length, ok := d.gen.Next(d.rng, now)
	if !ok || at >= m.run.Horizon {
		return
	}
	d.nextLength = int64(length)
	m.s.At(at, m, sim.Event{Kind: evArrival, ID: int32(d.idx)})
}

func (m *model) scheduleShortfall(l *location) {
	at := sim.ExpAfter(l.rng, m.s.Now(), m.cfg.Service.ShortfallRatePerHour)
	if at < m.run.Horizon {
		m.s.At(at, m, sim.Event{Kind: evShortfall, ID: int32(l.idx)})
	}
}

func (m *model) shortfall(l *location, now sim.Time) {
	l.shortfallUntil = max(l.shortfallUntil, now.Add(m.cfg.Service.ShortfallDuration))
	m.scheduleShortfall(l)
}

// apply carries out a timeline action.
func (m *model) apply(a *Action, now sim.Time) {
	switch a.Kind {
	case UpdateStreamGroup:
		for _, lc := range a.Locations {
			li := m.findLocation(a.Group, lc.Name)
			if li < 0 || m.locs[li].status == LocationRemoved {
				m.fail("UpdateStreamGroup: location %q not in the group", lc.Name)
				return
			}
			m.locs[li].update(m, lc)
		}
	case AddStreamGroupLocations:
		for _, lc := range a.Locations {
			li := m.findLocation(a.Group, lc.Name)
			l := m.locs[li]
			if l.status != LocationRemoved {
				m.fail("AddStreamGroupLocations: location %q already in the group", lc.Name)
				return
			}
			l.set = lc
			l.ceiling = lc.Ceiling(m.cfg.Service.MaximumIncludesAlwaysOn, l.tenancy)
			l.status = LocationActivating
			l.epoch++
			d := m.cfg.Service.ActivationDelay.Sample(l.rng)
			m.s.At(now.Add(d), m, sim.Event{Kind: evActivated, ID: int32(l.idx), Arg: int64(l.epoch)})
		}
	case RemoveStreamGroupLocations:
		for _, n := range a.Names {
			li := m.findLocation(a.Group, n)
			if li < 0 || m.locs[li].status == LocationRemoved {
				m.fail("RemoveStreamGroupLocations: location %q not in the group", n)
				return
			}
			m.locs[li].remove(m)
		}
	case TerminateStreamSession:
		m.terminateShare(a, now)
	}
}

func (m *model) terminateShare(a *Action, now sim.Time) {
	for i := range m.sessions.Items {
		ss := &m.sessions.Items[i]
		if ss.Free || ss.loc < 0 {
			continue
		}
		if st := m.statusAt(ss, now); st == StatusTerminating || st.Terminal() {
			continue
		}
		l := m.locs[ss.loc]
		if l.group != a.Group || (len(a.Names) > 0 && !slices.Contains(a.Names, l.name)) {
			continue
		}
		if m.actRng.Float64() < a.Share {
			m.beginTerminate(int32(i), ReasonAPITerminated, now)
		}
	}
}

func (m *model) result() *Result {
	// Planned transitions reached by the horizon, of sessions still running.
	for i := range m.sessions.Items {
		if s := &m.sessions.Items[i]; !s.Free && s.loc >= 0 {
			m.record(s, m.run.Horizon, true)
		}
	}
	r := &Result{Events: m.s.Fired(), Sessions: m.arrivals, Quotas: m.quotaResults(),
		Lifetimes: m.lifetimeResults(), StreamGroupLifetime: m.cfg.Service.StreamGroupLifetime, Regions: m.regionResults()}
	for _, l := range m.locs {
		r.Locations = append(r.Locations, l.result(m, m.run.Horizon))
	}
	return r
}
