package scenarios

import (
	"slices"
	"strings"
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
	_, _, err := sc.BuildAll()
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
// demands) that is valid to run. A caller that needs both configurations
// calls BuildAll, which validates once.
func (sc *Scenario) Build() (*streams.Config, error) {
	cfg, _, err := sc.BuildAll()
	return cfg, err
}

// BuildAll validates every section of the scenario once, reading each trace
// or empirical file it names once however many fields name it, and returns
// both models' configurations: the stream groups' (as Build) and the fleets'
// (as BuildFleets; nil without [[fleet]]). On error both are nil.
func (sc *Scenario) BuildAll() (*streams.Config, *fleets.Config, error) {
	b := &builder{sc: sc, p: &problems{file: sc.src.file, ix: sc.src.lines}, files: newDataFiles(sc.src.fsys)}
	// The problems found while parsing count as problems from the start:
	// checks of the whole (the total work, the limits) wait for none.
	b.p.errs = append(b.p.errs, sc.src.pending...)
	cfg := b.build()
	b.p.errs = droppedEchoes(b.p.errs, len(sc.src.pending), sc.src.dropped)
	if err := b.p.err(); err != nil {
		return nil, nil, err
	}
	return cfg, b.fleetCfg, nil
}

// droppedEchoes returns errs without the problems, after the first
// pending (those found while parsing, kept), at or under a path whose
// value was left out as unusable: they would only echo it (a median left
// out is 0, "must be positive").
func droppedEchoes(errs []*FieldError, pending int, dropped []string) []*FieldError {
	if len(dropped) == 0 {
		return errs
	}
	return append(errs[:pending:pending], slices.DeleteFunc(errs[pending:], func(fe *FieldError) bool {
		for _, d := range dropped {
			if fe.Path == d || strings.HasPrefix(fe.Path, d+".") || strings.HasPrefix(fe.Path, d+"[") {
				return true
			}
		}
		return false
	})...)
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
	files           *dataFiles         // each data file read once per build
	regions         map[string]*region // player regions by name (regions.go)
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
	if sim.LatencyThreshold <= 0 {
		p.add("simulation.latency_threshold", "must be a positive duration such as \"100ms\", got %v", sim.LatencyThreshold)
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
		perRep += fc.ExpectedRequests()
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
