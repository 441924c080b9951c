package benchout

import (
	"fmt"
	"math"
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
	if err := sc.SetAll(sets); err != nil {
		return nil, err
	}
	return sc, nil
}

// Replication is one replication's results: every scope (each stream
// group location, their total, each fleet location, the fleets' total)
// with each declared metric's value, and per model the sessions simulated
// and the simulator's wall time.
type Replication struct {
	Index  int
	Scopes []experiment.Scope
	// Sessions are the stream session requests (warm-up included) of the
	// stream groups ("streams") and the placement requests and claims of
	// the fleets ("fleets"); Elapsed the wall time each model's run took.
	Sessions map[string]int64
	Elapsed  map[string]time.Duration
}

// NsPerSession is the model's ("streams" or "fleets") wall time per
// session in the replication, NaN without sessions.
func (r Replication) NsPerSession(model string) float64 {
	if r.Sessions[model] <= 0 {
		return math.NaN()
	}
	return float64(r.Elapsed[model].Nanoseconds()) / float64(r.Sessions[model])
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
	r := Replication{Index: rep, Sessions: map[string]int64{}, Elapsed: map[string]time.Duration{}}
	start := time.Now()
	sr, err := streams.Run(cfg, rep, streams.Options{})
	if err != nil {
		return r, sc.ExplainRunError(err, uint64(cfg.MaxEvents), 0)
	}
	r.Sessions["streams"], r.Elapsed["streams"] = sr.Sessions, time.Since(start)
	var fr *fleets.Result
	if fcfg != nil {
		start = time.Now()
		if fr, err = fleets.Run(fcfg, rep, fleets.Options{}); err != nil {
			return r, sc.ExplainRunError(fmt.Errorf("fleets: %w", err), 0, uint64(fcfg.MaxEvents))
		}
		r.Sessions["fleets"], r.Elapsed["fleets"] = fr.Requests, time.Since(start)
	}
	r.Scopes = experiment.ReplicationScopes(sr, fr, measured)
	return r, nil
}
