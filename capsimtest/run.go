package capsimtest

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/capsim/capsim/experiment"
	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
)

// Options change the scenario a benchmark runs.
type Options struct {
	// Set overrides fields as capsim run --set does: "path=value", e.g.
	// "stream_group[0].location[0].target_idle=5" or "simulation.seed=7".
	Set []string
	// Replications overrides simulation.replications (0: the scenario's).
	Replications int
	// Workers is the number of replications run at once (0: GOMAXPROCS).
	Workers int
}

// Load reads the scenario at path (the embedded default scenario if path
// is "") and applies opts' overrides. Its errors wrap
// scenarios.ErrInvalid.
func Load(path string, opts Options) (*scenarios.Scenario, error) {
	var sc *scenarios.Scenario
	var err error
	if path == "" {
		sc, err = scenarios.Default()
	} else {
		sc, err = scenarios.Load(path)
	}
	if err != nil {
		return nil, err
	}
	sets := opts.Set
	if opts.Replications > 0 {
		sets = append([]string{fmt.Sprintf("simulation.replications=%d", opts.Replications)}, sets...)
	}
	for _, s := range sets {
		p, v, ok := strings.Cut(s, "=")
		if !ok {
			return nil, &scenarios.ValidationError{Errs: []*scenarios.FieldError{{File: "--set", Path: s, Msg: "want path=value"}}}
		}
		if err := sc.Set(strings.TrimSpace(p), strings.TrimSpace(v)); err != nil {
			return nil, err
		}
	}
	return sc, nil
}

// Replication is one replication's results: every scope (each stream
// group location, their total, each fleet location, the fleets' total)
// with each declared metric's value, and the simulator's wall time per
// session of each model (NaN without sessions).
type Replication struct {
	Index  int
	Scopes []experiment.Scope
	// StreamsNsPerSession is the stream groups' run time over the stream
	// sessions requested (warm-up included); FleetsNsPerSession the
	// fleets' over their placement requests and claims.
	StreamsNsPerSession, FleetsNsPerSession float64
}

// SimulateOptions tune [Simulate].
type SimulateOptions struct {
	Workers int // replications run at once; 0: GOMAXPROCS
	// Recover, if set, turns a panic in a replication into its error.
	Recover func(v any) error
}

// Simulate runs replications first, first+1, ..., first+n-1 of sc on
// parallel workers and returns them in that order. Metric values do not
// depend on the workers; the wall times do.
func Simulate(sc *scenarios.Scenario, first, n int, opt SimulateOptions) ([]Replication, error) {
	cfg, fcfg, err := sc.BuildAll()
	if err != nil {
		return nil, err
	}
	cfg.TimeseriesStep = 0
	if fcfg != nil {
		fcfg.TimeseriesStep = 0
	}
	measured := (sc.Simulation.Horizon - sc.Simulation.Warmup).Seconds()
	return sim.Replicate(n, sim.ReplicateOptions{Workers: opt.Workers}, func(i int) (r Replication, err error) {
		if opt.Recover != nil {
			defer func() {
				if v := recover(); v != nil {
					err = opt.Recover(v)
				}
			}()
		}
		return replicate(sc, cfg, fcfg, first+i, measured)
	})
}

func replicate(sc *scenarios.Scenario, cfg *streams.Config, fcfg *fleets.Config, rep int, measured float64) (Replication, error) {
	r := Replication{Index: rep, FleetsNsPerSession: math.NaN()}
	start := time.Now()
	sr, err := streams.Run(cfg, rep, streams.Options{})
	if err != nil {
		return r, sc.ExplainRunError(err, uint64(cfg.MaxEvents), 0)
	}
	r.StreamsNsPerSession = perSession(time.Since(start), sr.Sessions)
	var fr *fleets.Result
	if fcfg != nil {
		start = time.Now()
		if fr, err = fleets.Run(fcfg, rep, fleets.Options{}); err != nil {
			return r, sc.ExplainRunError(fmt.Errorf("fleets: %w", err), 0, uint64(fcfg.MaxEvents))
		}
		r.FleetsNsPerSession = perSession(time.Since(start), fr.Requests)
	}
	r.Scopes = experiment.ReplicationScopes(sr, fr, measured)
	return r, nil
}

func perSession(d time.Duration, sessions int64) float64 {
	if sessions <= 0 {
		return math.NaN()
	}
	return float64(d.Nanoseconds()) / float64(sessions)
}
