package benchout

import (
	"fmt"
	"math"
	"time"

	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
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
// is "") and applies opts' overrides (simrun.Load). Its errors wrap
// scenarios.ErrInvalid.
func Load(path string, opts Options) (*scenarios.Scenario, error) {
	o := simrun.Overrides{Sets: opts.Set}
	if opts.Replications > 0 {
		o.Sets = append([]string{fmt.Sprintf("simulation.replications=%d", opts.Replications)}, o.Sets...)
	}
	return simrun.Load(path, o)
}

// Replication is one replication's results: every scope (each stream
// group location, their total, each fleet location, the fleets' total)
// with each declared metric's value, and per model the sessions simulated
// and the simulator's wall time.
type Replication struct {
	Index  int
	Scopes []simrun.Scope
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
}

// Simulate runs replications first, first+1, ..., first+n-1 of sc on
// parallel workers (simrun.Replicate) and returns them in that order, each
// model timed. Metric values do not depend on the workers; the wall times
// do.
func Simulate(sc *scenarios.Scenario, first, n int, opt SimulateOptions) ([]Replication, error) {
	r, err := simrun.Resolve(sc, simrun.Metrics)
	if err != nil {
		return nil, err
	}
	runs, err := r.Runs(first, n, simrun.RunsOptions{Workers: opt.Workers, Clock: time.Now})
	if err != nil {
		return nil, err
	}
	out := make([]Replication, n)
	for i, x := range runs {
		out[i] = Replication{Index: first + i, Sessions: map[string]int64{"streams": x.Streams.Sessions}, Elapsed: x.Elapsed,
			Scopes: x.ScopesWithValues(r.MeasuredSeconds())}
		if x.Fleets != nil {
			out[i].Sessions["fleets"] = x.Fleets.Requests
		}
	}
	return out, nil
}
