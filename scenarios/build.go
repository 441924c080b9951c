package scenarios

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
)

// Limits that keep a run inside this machine's memory and time: a scenario
// beyond them is rejected, not attempted.
const (
	MaxReplications       = 100_000
	MaxLocationsPerGroup  = 100 // the API's limit per request
	MaxStreamsPerLocation = 1_000_000
	MaxArrivalsPerRun     = 200_000_000 // expected requests per replication
	MaxTimeseriesPoints   = 20_000_000  // buckets × locations × replications
	MaxConcurrentSessions = 5_000_000   // peak rate × (mean session + timeouts)
	MaxHorizon            = 100 * 365 * 24 * time.Hour
	maxTraceRecords       = 50_000_000
	MaxPriceUSDPerHour    = 1e6 // far above any instance; keeps cost sums finite
	MaxSpikesPerDemand    = 200
	// MaxSpikeWork bounds the spike rates evaluated per replication to draw
	// arrivals (thinning: candidates at the sum of all peaks, each checked
	// against every spike), about 20 s of one core.
	MaxSpikeWork = 2e9
	// DefaultMaxTotalRequests is simulation.max_total_requests when unset:
	// expected requests per replication × replications, about an hour of
	// one core at a few hundred thousand requests per second.
	DefaultMaxTotalRequests = 1_000_000_000
)

// Validate reports every problem with the scenario at once.
func (sc *Scenario) Validate() error {
	_, err := sc.Build()
	return err
}

// Build validates the scenario and resolves it into the model's configuration:
// classes looked up, prices resolved (scenario first, then the shipped table),
// distributions and traces loaded.
//
// Build also validates the GameLift Servers sections ([[fleet]], [[queue]],
// [[fleet_demand]], [[fleet_timeline]]) and reports their problems with the
// rest; BuildFleets returns their configuration. A scenario with fleets and
// no stream group builds an empty streams configuration (no groups, no
// demands) that is valid to run.
func (sc *Scenario) Build() (*streams.Config, error) {
	cfg, _, err := sc.buildAll()
	return cfg, err
}

// buildAll validates every section once and returns both models'
// configurations (the fleets one nil without fleets).
func (sc *Scenario) buildAll() (*streams.Config, *fleets.Config, error) {
	b := &builder{sc: sc, p: &problems{file: sc.src.file, ix: sc.src.lines}}
	b.p.errs = append(b.p.errs, sc.src.pending...)
	cfg := b.build()
	if err := b.p.err(); err != nil {
		return nil, nil, err
	}
	return cfg, b.fleetCfg, nil
}

type builder struct {
	sc      *Scenario
	p       *problems
	classes []streams.Class // per group; zero Class if unknown
	// resolvePrice sets a location's price or reports it missing.
	resolvePrice func(path string, class streams.Class, l *streams.LocationConfig)
	everPresent  []map[string]bool // per group: locations present at any time
	fleetCfg     *fleets.Config    // nil without [[fleet]]
	// streamsExpected is the expected requests of one replication of the
	// stream groups, computed once by limits.
	streamsExpected float64
}

func (b *builder) build() *streams.Config {
	sc, p := b.sc, b.p
	cfg := &streams.Config{}
	sim := sc.Simulation
	badHorizon := false // reported while parsing: checks against it would only echo that
	for _, fe := range sc.src.pending {
		badHorizon = badHorizon || fe.Path == "simulation.horizon"
	}
	if badHorizon {
		sim.Horizon = 0
	}
	switch {
	case badHorizon:
	case sim.Horizon <= 0:
		p.add("simulation.horizon", "must be positive, got %v", sim.Horizon)
	case sim.Horizon > MaxHorizon:
		p.add("simulation.horizon", "%v is beyond the limit of 100 years", sim.Horizon)
	}
	if sim.Warmup < 0 {
		p.add("simulation.warmup", "must not be negative, got %v", sim.Warmup)
	} else if sim.Horizon > 0 && sim.Warmup >= sim.Horizon {
		p.add("simulation.warmup", "warm-up %v must be shorter than the horizon %v", sim.Warmup, sim.Horizon)
	}
	if sim.Replications < 1 || sim.Replications > MaxReplications {
		p.add("simulation.replications", "must be between 1 and %d, got %d", MaxReplications, sim.Replications)
	}
	if sim.TimeseriesStep <= 0 {
		p.add("simulation.timeseries_step", "must be positive, got %v", sim.TimeseriesStep)
	}
	if sim.MaxEvents < 0 {
		p.add("simulation.max_events", "must not be negative (0: automatic), got %d", sim.MaxEvents)
	}
	if sim.MaxTotalRequests < 0 {
		p.add("simulation.max_total_requests", "must not be negative (0: the default %d), got %d", DefaultMaxTotalRequests, sim.MaxTotalRequests)
	}
	cfg.Horizon, cfg.Warmup, cfg.Seed = sim.Horizon, sim.Warmup, sim.Seed
	cfg.TimeseriesStep = sim.TimeseriesStep
	cfg.Service = b.service()
	b.groups(cfg)
	b.prices(cfg)
	b.timeline(cfg)
	b.gpuQuotas(cfg)
	b.demands(cfg)
	b.fleetSections(cfg)
	b.limits(cfg)
	b.fleetLimits()
	b.totalWork(cfg)
	return cfg
}

// totalWork rejects a scenario whose replications together would simulate
// more requests than simulation.max_total_requests: each replication may be
// within its own limits and the whole still run for days.
func (b *builder) totalWork(cfg *streams.Config) {
	sc := b.sc
	if len(b.p.errs) > 0 || cfg.Horizon <= 0 || sc.Simulation.Replications < 1 {
		return
	}
	perRep := b.streamsExpected
	if fc := b.fleetCfg; fc != nil {
		for _, d := range fc.Demands {
			if d.Arrivals != nil {
				perRep += d.Arrivals.ExpectedCount(fc.Horizon)
			}
		}
	}
	limit := sc.Simulation.MaxTotalRequests
	if limit == 0 {
		limit = DefaultMaxTotalRequests
	}
	reps := sc.Simulation.Replications
	if total := perRep * float64(reps); total > float64(limit) {
		b.p.add("simulation.max_total_requests", "about %.3g requests in all (%.3g per replication × %d replications) is beyond simulation.max_total_requests = %d; use fewer replications, a shorter horizon or less demand, or raise simulation.max_total_requests",
			total, perRep, reps, limit)
	}
}

func (b *builder) service() streams.Service {
	s, p := b.sc.Service, b.p
	nonNeg := func(path string, d time.Duration) {
		if d < 0 {
			p.add("service."+path, "must not be negative, got %v", d)
		}
	}
	nonNeg("placement_timeout_always_on", s.PlacementTimeoutAlwaysOn)
	nonNeg("placement_timeout_on_demand_linux", s.PlacementTimeoutOnDemandLinux)
	nonNeg("placement_timeout_on_demand_windows", s.PlacementTimeoutOnDemandWindows)
	nonNeg("idle_release_delay", s.IdleReleaseDelay)
	nonNeg("idle_timeout", s.IdleTimeout)
	nonNeg("terminating_duration", s.TerminatingDuration)
	nonNeg("reconnecting_duration", s.ReconnectingDuration)
	nonNeg("min_billed_duration", s.MinBilledDuration)
	nonNeg("shortfall_duration", s.ShortfallDuration)
	nonNeg("stream_group_lifetime", s.StreamGroupLifetime)
	out := streams.Service{
		PlacementTimeoutAlwaysOn:        s.PlacementTimeoutAlwaysOn,
		PlacementTimeoutOnDemandLinux:   s.PlacementTimeoutOnDemandLinux,
		PlacementTimeoutOnDemandWindows: s.PlacementTimeoutOnDemandWindows,
		AllocationDelayLinux:            b.dist("service.allocation_delay_linux", s.AllocationDelayLinux),
		AllocationDelayWindows:          b.dist("service.allocation_delay_windows", s.AllocationDelayWindows),
		ActivationDelay:                 b.dist("service.activation_delay", s.ActivationDelay),
		IdleReleaseDelay:                s.IdleReleaseDelay,
		SessionStartDelay:               b.dist("service.session_start_delay", s.SessionStartDelay),
		SessionStartDelayCold:           b.dist("service.session_start_delay_cold", s.SessionStartDelayCold),
		IdleTimeout:                     s.IdleTimeout,
		TerminatingDuration:             s.TerminatingDuration,
		ReconnectingDuration:            s.ReconnectingDuration,
		BillingUnit:                     streams.BillingUnit(s.BillingUnit),
		MinBilledDuration:               s.MinBilledDuration,
		Packing:                         s.Packing,
		MaximumIncludesAlwaysOn:         s.MaximumIncludesAlwaysOn,
		InternalErrorProbability:        s.InternalErrorProbability,
		ShortfallRatePerHour:            s.ShortfallRatePerHour,
		ShortfallDuration:               s.ShortfallDuration,
		StreamGroupLifetime:             s.StreamGroupLifetime,
	}
	if out.BillingUnit != streams.PerInstance && out.BillingUnit != streams.PerStream {
		p.add("service.billing_unit", "unknown billing unit %q (valid: per_instance, per_stream)", s.BillingUnit)
	}
	if _, err := streams.LookupPacking(s.Packing); err != nil {
		p.add("service.packing", "%v", err)
	}
	b.probability("service.internal_error_probability", s.InternalErrorProbability)
	b.rate("service.shortfall_rate_per_hour", s.ShortfallRatePerHour)
	return out
}

func (b *builder) probability(path string, x float64) {
	if !(x >= 0 && x <= 1) {
		b.p.add(path, "must be a probability between 0 and 1, got %g", x)
	}
}

func (b *builder) rate(path string, x float64) {
	if !(x >= 0) || math.IsInf(x, 0) {
		b.p.add(path, "must be a rate ≥ 0 per hour, got %g", x)
	}
}

func (b *builder) groups(cfg *streams.Config) {
	sc, p := b.sc, b.p
	if len(sc.StreamGroups) == 0 && len(sc.Fleets) == 0 {
		p.add("stream_group", "a scenario needs at least one [[stream_group]] or [[fleet]]")
	}
	seen := map[string]bool{}
	for gi, g := range sc.StreamGroups {
		path := fmt.Sprintf("stream_group[%d]", gi)
		if g.Name == "" {
			p.add(path+".name", "a stream group needs a name")
		} else if seen[g.Name] {
			p.add(path+".name", "stream group %q is defined twice", g.Name)
		}
		seen[g.Name] = true
		class, err := streams.LookupClass(g.Class)
		if err != nil {
			p.add(path+".class", "%v", err)
		}
		b.classes = append(b.classes, class)
		gc := streams.GroupConfig{Name: g.Name, Class: class, RecreateEvery: g.RecreateEvery}
		b.recreateEvery(path+".recreate_every", g.RecreateEvery)
		if len(g.Locations) == 0 {
			p.add(path, "stream group %q needs at least one [[stream_group.location]]", g.Name)
		}
		if len(g.Locations) > MaxLocationsPerGroup {
			p.add(path+".location", "%d locations: the API takes at most %d", len(g.Locations), MaxLocationsPerGroup)
		}
		names := map[string]bool{}
		for li, l := range g.Locations {
			lp := fmt.Sprintf("%s.location[%d]", path, li)
			if names[l.Name] {
				p.add(lp+".name", "location %q appears twice in stream group %q", l.Name, g.Name)
			}
			names[l.Name] = true
			gc.Locations = append(gc.Locations, b.location(lp, l, class, true))
		}
		cfg.Groups = append(cfg.Groups, gc)
	}
}

// location validates capacity settings as the API does and applies the
// class default capacity when none is given.
func (b *builder) location(path string, l Location, class streams.Class, classDefault bool) streams.LocationConfig {
	p, ix := b.p, b.sc.src.lines
	if l.Name == "" {
		p.add(path+".name", "a location needs a name, e.g. \"us-east-1\"")
	}
	anySet := ix.has(path+".always_on") || ix.has(path+".target_idle") || ix.has(path+".maximum") || ix.has(path+".on_demand")
	if !anySet && classDefault && class.Tenancy > 0 {
		l.AlwaysOn = class.DefaultCapacity
	}
	for _, f := range []struct {
		key string
		v   int
	}{{"always_on", l.AlwaysOn}, {"target_idle", l.TargetIdle}, {"maximum", l.Maximum}, {"on_demand", l.OnDemand}} {
		switch {
		case f.v < 0:
			p.add(path+"."+f.key, "must be ≥ 0, got %d", f.v)
		case f.v > MaxStreamsPerLocation:
			p.add(path+"."+f.key, "%d streams is beyond the limit of %d per location", f.v, MaxStreamsPerLocation)
		case class.Tenancy > 0 && f.v%class.Tenancy != 0:
			p.add(path+"."+f.key, "%d is not a whole multiple of the tenancy %d of class %s", f.v, class.Tenancy, class.Name)
		}
	}
	if ix.has(path + ".gpu_quota") {
		p.add(path+".gpu_quota", "the GPU quota is the account's, per location and GPU generation, shared by every stream group: use [[gpu_quota]] location = %q generation = %q gpus = N", l.Name, class.Generation())
	}
	if l.OnDemand > 0 && (l.TargetIdle > 0 || l.Maximum > 0) {
		p.add(path+".on_demand", "on_demand (deprecated) cannot be used with target_idle or maximum in the same location")
	}
	if b.sc.Service.MaximumIncludesAlwaysOn && l.Maximum > 0 && l.Maximum < l.AlwaysOn {
		p.add(path+".maximum", "maximum %d is below always_on %d (maximum includes always-on capacity)", l.Maximum, l.AlwaysOn)
	}
	switch {
	case l.TargetIdle > 0 && l.Maximum == 0:
		p.add(path+".target_idle", "target_idle needs a maximum above always_on to grow into")
	case l.TargetIdle > 0 && b.sc.Service.MaximumIncludesAlwaysOn && l.Maximum == l.AlwaysOn:
		// Rejected, not warned: the service keeps no on-demand capacity
		// here, so the setting is inconsistent, and a warning is easy to
		// miss in a batch of runs whose idle capacity it would misstate.
		p.add(path+".target_idle", "target_idle %d can never be honoured: maximum %d equals always_on %d (maximum includes always-on capacity), so there is no on-demand capacity to keep idle; raise maximum or set target_idle = 0",
			l.TargetIdle, l.Maximum, l.AlwaysOn)
	}
	return streams.LocationConfig{Name: l.Name, AlwaysOn: l.AlwaysOn, TargetIdle: l.TargetIdle,
		Maximum: l.Maximum, OnDemand: l.OnDemand, PriceUSDPerHour: -1}
}

// prices resolves each location's price: the scenario's [[price]] first,
// then the shipped table. A missing price is an error naming class and location.
func (b *builder) prices(cfg *streams.Config) {
	sc, p := b.sc, b.p
	type key struct{ class, loc string }
	given := map[key]float64{}
	for i, pr := range sc.Prices {
		path := fmt.Sprintf("price[%d]", i)
		if _, err := streams.LookupClass(pr.Class); err != nil {
			p.add(path+".class", "%v", err)
		}
		if pr.Location == "" {
			p.add(path+".location", "a price needs a location")
		}
		if !(pr.USDPerHour >= 0) {
			p.add(path+".usd_per_hour", "must be ≥ 0, got %g", pr.USDPerHour)
		} else if pr.USDPerHour > MaxPriceUSDPerHour {
			p.add(path+".usd_per_hour", "%g USD per hour is beyond the limit of %g", pr.USDPerHour, MaxPriceUSDPerHour)
		}
		k := key{pr.Class, pr.Location}
		if _, dup := given[k]; dup {
			p.add(path, "price for %s in %s is given twice", pr.Class, pr.Location)
		}
		given[k] = pr.USDPerHour
	}
	resolve := func(path string, class streams.Class, l *streams.LocationConfig) {
		if class.Name == "" || l.Name == "" {
			return
		}
		if v, ok := given[key{class.Name, l.Name}]; ok {
			l.PriceUSDPerHour = v
			return
		}
		if pr, ok := streams.LookupPrice(class.Name, l.Name); ok {
			l.PriceUSDPerHour = pr.USDPerHour
			return
		}
		p.add(path, "no price for class %s in %s: capsim ships only prices with a public source; add [[price]] class = %q location = %q usd_per_hour = ...",
			class.Name, l.Name, class.Name, l.Name)
	}
	for gi := range cfg.Groups {
		for li := range cfg.Groups[gi].Locations {
			resolve(fmt.Sprintf("stream_group[%d].location[%d]", gi, li), b.classes[gi], &cfg.Groups[gi].Locations[li])
		}
	}
	b.resolvePrice = resolve
}

// groupIndex returns the index of the group named name, or -1.
func (b *builder) groupIndex(name string) int {
	for i, g := range b.sc.StreamGroups {
		if g.Name == name {
			return i
		}
	}
	return -1
}

// activation is a location that AddStreamGroupLocations added and that may
// still be ACTIVATING until until (see activationBound).
type activation struct {
	name      string
	at, until time.Duration
	path      string // the adding action
}

// timeline validates actions in time order against which locations exist
// then. While a location added by the timeline may still be ACTIVATING (up
// to the activation delay's bound after the add, inclusive: an action at
// that very time runs before the activation), the group is
// UPDATING_LOCATIONS: UpdateStreamGroup and AddStreamGroupLocations, which
// need an ACTIVE group, and the removal of that location are rejected.
func (b *builder) timeline(cfg *streams.Config) {
	sc, p := b.sc, b.p
	present := make([]map[string]bool, len(sc.StreamGroups))
	b.everPresent = make([]map[string]bool, len(sc.StreamGroups))
	for gi, g := range sc.StreamGroups {
		present[gi], b.everPresent[gi] = map[string]bool{}, map[string]bool{}
		for _, l := range g.Locations {
			present[gi][l.Name], b.everPresent[gi][l.Name] = true, true
		}
	}
	order := make([]int, len(sc.Timeline))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, c int) int {
		return int(sc.Timeline[a].At - sc.Timeline[c].At)
	})
	bound, how := activationBound(cfg.Service.ActivationDelay)
	activating := make([][]activation, len(sc.StreamGroups))
	for _, i := range order {
		a := sc.Timeline[i]
		path := fmt.Sprintf("timeline[%d]", i)
		if a.At < 0 || (sc.Simulation.Horizon > 0 && a.At >= sc.Simulation.Horizon) {
			p.add(path+".at", "%v is outside the simulated time [0, %v)", a.At, sc.Simulation.Horizon)
		}
		kind, ok := streams.ParseActionKind(a.Action)
		if !ok {
			p.add(path+".action", "unknown action %q (valid: UpdateStreamGroup, AddStreamGroupLocations, RemoveStreamGroupLocations, TerminateStreamSession)", a.Action)
			continue
		}
		gi := b.groupIndex(a.StreamGroup)
		if gi < 0 {
			p.add(path+".stream_group", "unknown stream group %q", a.StreamGroup)
			continue
		}
		class := b.classes[gi]
		act := streams.Action{At: a.At, Kind: kind, Group: gi, Share: a.Share}
		// An action at the very end of the window runs before the activation.
		still := slices.DeleteFunc(activating[gi], func(x activation) bool { return x.until < a.At })
		activating[gi] = still
		if len(still) > 0 && (kind == streams.UpdateStreamGroup || kind == streams.AddStreamGroupLocations) {
			x := still[0]
			p.add(path+".at", "%s needs an ACTIVE stream group (S004), but %q is UPDATING_LOCATIONS at %v: location %q added at %v (%s) may be ACTIVATING until %v (service.activation_delay up to %v, %s)",
				a.Action, a.StreamGroup, a.At, x.name, x.at, x.path, x.until, bound, how)
		}
		switch kind {
		case streams.UpdateStreamGroup, streams.AddStreamGroupLocations:
			if len(a.Locations) == 0 {
				p.add(path+".locations", "%s needs at least one location", a.Action)
			}
			if len(a.LocationNames) > 0 {
				p.add(path+".location_names", "%s takes locations = [{ name = ..., always_on = ... }], not location_names", a.Action)
			}
			for li, l := range a.Locations {
				lp := fmt.Sprintf("%s.locations[%d]", path, li)
				lc := b.location(lp, l, class, kind == streams.AddStreamGroupLocations)
				if kind == streams.UpdateStreamGroup && !present[gi][l.Name] {
					p.add(lp+".name", "location %q is not in stream group %q at %v", l.Name, a.StreamGroup, a.At)
				}
				if kind == streams.AddStreamGroupLocations {
					if present[gi][l.Name] {
						p.add(lp+".name", "location %q is already in stream group %q at %v", l.Name, a.StreamGroup, a.At)
					}
					present[gi][l.Name], b.everPresent[gi][l.Name] = true, true
					activating[gi] = append(activating[gi], activation{name: l.Name, at: a.At, until: a.At + bound, path: path})
					if b.resolvePrice != nil {
						b.resolvePrice(lp, class, &lc)
					}
				}
				act.Locations = append(act.Locations, lc)
			}
		case streams.RemoveStreamGroupLocations:
			if len(a.LocationNames) == 0 {
				p.add(path+".location_names", "RemoveStreamGroupLocations needs location_names")
			}
			for li, n := range a.LocationNames {
				lp := fmt.Sprintf("%s.location_names[%d]", path, li)
				switch {
				case len(sc.StreamGroups[gi].Locations) > 0 && sc.StreamGroups[gi].Locations[0].Name == n:
					p.add(lp, "the primary location %q cannot be removed; set its capacity to 0 instead", n)
				case !present[gi][n]:
					p.add(lp, "location %q is not in stream group %q at %v", n, a.StreamGroup, a.At)
				default:
					for _, x := range activating[gi] {
						if x.name == n {
							p.add(lp, "location %q added at %v (%s) may be ACTIVATING until %v (service.activation_delay up to %v, %s): an ACTIVATING location cannot be removed yet (S004)",
								n, x.at, x.path, x.until, bound, how)
						}
					}
				}
				present[gi][n] = false
			}
			act.Names = a.LocationNames
		case streams.TerminateStreamSession:
			if !(a.Share > 0 && a.Share <= 1) {
				p.add(path+".share", "TerminateStreamSession needs a share of running sessions in (0, 1], got %g", a.Share)
			}
			for li, n := range a.LocationNames {
				if !b.everPresent[gi][n] {
					p.add(fmt.Sprintf("%s.location_names[%d]", path, li), "location %q is never in stream group %q", n, a.StreamGroup)
				}
			}
			act.Names = a.LocationNames
		}
		cfg.Timeline = append(cfg.Timeline, act)
	}
	// The model applies actions in slice order: keep it the time order.
	slices.SortStableFunc(cfg.Timeline, func(x, y streams.Action) int { return int(x.At - y.At) })
}
