package simrun

import (
	"errors"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/scenarios"
)

// Outputs is what a run records besides its metrics.
type Outputs int

// What a run records.
const (
	// Metrics only: no timeseries (sweeps, optimize, compare, bench, and
	// a run that writes no files).
	Metrics Outputs = iota
	// Timeseries at the scenario's step: a run that writes its outputs.
	Timeseries
	// Hourly: timeseries and the per-hour metrics (the schedule).
	Hourly
)

// Resolved is a scenario resolved once: the scenario, its hash and both
// models' configurations, with the outputs it records set.
type Resolved struct {
	Scenario *scenarios.Scenario
	Hash     string          // Scenario.SHA256()
	Streams  *streams.Config // the stream groups (no group: an empty configuration)
	Fleets   *fleets.Config  // nil without [[fleet]], or for a streams-only resolution
	outputs  Outputs
	hours    bool // record the hours of the day whatever the outputs
}

// RecordHours returns r recording the hours of the day too (the per-hour
// metrics that hours[...] names), whatever its outputs: for requirements
// and assertions on them.
func (r *Resolved) RecordHours() *Resolved {
	c := *r
	c.hours = true
	return &c
}

// Resolve builds both models' configurations of sc (validating it) with
// the outputs out. It is the one place a configuration's timeseries are
// switched off.
func Resolve(sc *scenarios.Scenario, out Outputs) (*Resolved, error) {
	cfg, fcfg, err := sc.BuildAll()
	if err != nil {
		return nil, err
	}
	return newResolved(sc, cfg, fcfg, out), nil
}

// ResolveStreams is [Resolve] of the stream groups alone (capsim compare:
// the fleets are not what it compares). Its error is Build's, which
// callers may classify (scenarios.ErrNoPrice).
func ResolveStreams(sc *scenarios.Scenario, out Outputs) (*Resolved, error) {
	cfg, err := sc.Build()
	if err != nil {
		return nil, err
	}
	return newResolved(sc, cfg, nil, out), nil
}

func newResolved(sc *scenarios.Scenario, cfg *streams.Config, fcfg *fleets.Config, out Outputs) *Resolved {
	if out == Metrics {
		cfg.TimeseriesStep = 0
		if fcfg != nil {
			fcfg.TimeseriesStep = 0
		}
	}
	return &Resolved{Scenario: sc, Hash: sc.SHA256(), Streams: cfg, Fleets: fcfg, outputs: out}
}

// MeasuredSeconds is the measured period, the horizon less the warm-up,
// in seconds: what per-period metrics divide by.
func (r *Resolved) MeasuredSeconds() float64 {
	s := r.Scenario.Simulation
	return (s.Horizon - s.Warmup).Seconds()
}

// TimeseriesBytes is the size of both models' timeseries over n
// replications (0 if they record none).
func (r *Resolved) TimeseriesBytes(n int) int64 {
	b := r.Streams.TimeseriesBytes(n)
	if r.Fleets != nil {
		b += r.Fleets.TimeseriesBytes(n)
	}
	return b
}

// ExpectedRequests is the mean number of requests one replication
// receives over the horizon, both models together: the figure
// simulation.max_total_requests bounds.
func (r *Resolved) ExpectedRequests() float64 {
	n := r.Streams.ExpectedRequests()
	if r.Fleets != nil {
		n += r.Fleets.ExpectedRequests()
	}
	return n
}

// MaxTotalRequests is sc's simulation.max_total_requests in force (its
// default when 0): the expected requests a run's replications may receive
// together, and an experiment's.
func MaxTotalRequests(sc *scenarios.Scenario) int64 {
	if n := sc.Simulation.MaxTotalRequests; n > 0 {
		return n
	}
	return scenarios.DefaultMaxTotalRequests
}

// Overrides are the command line's changes to a scenario: --seed,
// --replications and --horizon ("" where not given), then each --set
// path=value, applied in that order.
type Overrides struct {
	Seed, Replications, Horizon string
	Sets                        []string
}

// Load reads the scenario file (the embedded default scenario if file is
// "") and applies o. Its errors wrap scenarios.ErrInvalid.
func Load(file string, o Overrides) (*scenarios.Scenario, error) {
	var sc *scenarios.Scenario
	var err error
	if file == "" {
		sc, err = scenarios.Default()
	} else {
		sc, err = scenarios.Load(file)
	}
	if err != nil {
		return nil, err
	}
	return sc, o.Apply(sc)
}

// Apply applies o to sc. An error of --seed, --replications or --horizon
// names that flag, not --set.
func (o Overrides) Apply(sc *scenarios.Scenario) error {
	for _, kv := range []struct{ flag, path, v string }{
		{"--seed", "simulation.seed", o.Seed}, {"--replications", "simulation.replications", o.Replications},
		{"--horizon", "simulation.horizon", o.Horizon},
	} {
		if kv.v != "" {
			if err := sc.Set(kv.path, kv.v); err != nil {
				return nameFlag(err, kv.flag)
			}
		}
	}
	return sc.SetAll(o.Sets)
}

// nameFlag makes an error that scenarios.Set attributes to "--set" name
// the flag the user actually gave (--replications, --seed, --horizon).
func nameFlag(err error, flag string) error {
	var ve *scenarios.ValidationError
	if errors.As(err, &ve) {
		for _, fe := range ve.Errs {
			if fe.File == "--set" {
				fe.File = flag
			}
		}
	}
	return err
}
