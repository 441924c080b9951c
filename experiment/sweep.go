package experiment

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
)

// ErrStopped is returned by [Run] when Options.AfterPoint stopped it.
var ErrStopped = errors.New("experiment: sweep stopped")

// Prepared is a valid point: its resolved scenario and model
// configurations (timeseries off).
type Prepared struct {
	Point    Point
	Scenario *scenarios.Scenario
	Hash     string // Scenario.SHA256()
	cfg      *streams.Config
	fcfg     *fleets.Config
}

// simulate runs replication rep of the point: its streams model and, if
// the scenario has fleets, its fleets model, a run error explained in the
// scenario's terms (its budget, its fields).
func (p *Prepared) simulate(rep int) (*streams.Result, *fleets.Result, error) {
	sr, err := streams.Run(p.cfg, rep, streams.Options{})
	if err != nil {
		return nil, nil, p.Scenario.ExplainRunError(err, uint64(p.cfg.MaxEvents), 0)
	}
	var fr *fleets.Result
	if p.fcfg != nil {
		if fr, err = fleets.Run(p.fcfg, rep, fleets.Options{}); err != nil {
			return nil, nil, p.Scenario.ExplainRunError(fmt.Errorf("fleets: %w", err), 0, uint64(p.fcfg.MaxEvents))
		}
	}
	return sr, fr, nil
}

// Skipped is a point whose overrides or validation failed.
type Skipped struct {
	Point Point
	Err   error
}

// Prepare applies each point to a clone of base and validates it. Points
// that fail are returned in Skipped, in design order, not as an error.
func Prepare(base *scenarios.Scenario, points []Point) ([]Prepared, []Skipped) {
	var ok []Prepared
	var bad []Skipped
	for _, p := range points {
		sc := base.Clone()
		var err error
		for _, a := range p {
			if err = sc.Set(a.Path, a.Value); err != nil {
				break
			}
		}
		var cfg *streams.Config
		var fcfg *fleets.Config
		if err == nil {
			cfg, fcfg, err = sc.BuildAll()
		}
		if err != nil {
			bad = append(bad, Skipped{Point: p, Err: err})
			continue
		}
		cfg.TimeseriesStep = 0
		if fcfg != nil {
			fcfg.TimeseriesStep = 0
		}
		ok = append(ok, Prepared{Point: p, Scenario: sc, Hash: sc.SHA256(), cfg: cfg, fcfg: fcfg})
	}
	return ok, bad
}

// Options tune [Run].
type Options struct {
	Workers        int    // (point, replication) pairs run at once; 0: GOMAXPROCS
	Version        string // capsim's version, recorded in blocks and checked on resume
	ScenarioSHA256 string // the sweep's scenario before the points, recorded in blocks
	Shard          *Shard // the shard running (RunShard), recorded in blocks; nil unsharded
	// AfterPoint, if set, is called (serialised) after each point run is
	// saved, with the number saved so far; an error stops the sweep.
	AfterPoint func(saved int) error
	// Planned, if set, is called once before anything runs: the points
	// found whole in the store, the points to run and their replications.
	Planned func(loaded, points, replications int)
	// Progress, if set, is called (serialised) after each replication.
	Progress func(done, total int)
	// Recover, if set, turns a panic in a replication into its error.
	Recover func(v any) error
}

// Run returns each point's results over its scenario's replications, in
// the order of points: from the store where it holds them, else simulated
// (points × replications on parallel workers) and saved there as each
// point finishes. Outputs do not depend on the number of workers.
func Run(st *Store, points []Prepared, opt Options) ([]*Block, error) {
	out := make([]*Block, len(points))
	var todo []Unit
	for i, p := range points {
		sim := p.Scenario.Simulation
		if b, ok := st.Load(p.Hash, sim.Seed, sim.Replications, opt.Version); ok {
			out[i] = b
			continue
		}
		todo = append(todo, Unit{Point: i, From: 0, To: sim.Replications})
	}
	blocks, err := runUnits(st, points, todo, len(points)-len(todo), opt)
	if err != nil {
		return nil, err
	}
	for k, u := range todo {
		out[u.Point] = blocks[k]
	}
	return out, nil
}

// runUnits simulates each unit's replications (on parallel workers) and
// saves its block as soon as they are all done; loaded is what Planned
// reports as found in the store.
func runUnits(st *Store, points []Prepared, todo []Unit, loaded int, opt Options) ([]*Block, error) {
	r := newRunner(st, points, todo, opt)
	pairs := r.pairs()
	if opt.Planned != nil {
		opt.Planned(loaded, len(todo), len(pairs))
	}
	_, err := sim.Replicate(len(pairs), sim.ReplicateOptions{Workers: opt.Workers, Progress: opt.Progress},
		func(i int) (struct{}, error) { return struct{}{}, r.replication(pairs[i]) })
	if err != nil {
		if r.stopErr != nil {
			return nil, r.stopErr
		}
		return nil, err
	}
	return r.blocks, nil
}

// pair is replication rep (counted from the unit's From) of todo unit k.
type pair struct{ k, rep int }

type runner struct {
	st      *Store
	points  []Prepared
	todo    []Unit
	opt     Options
	values  [][][][]float64 // [k][rep-From][scope][metric]
	scopes  [][]Scope       // [k], from the unit's first replication
	left    []int           // replications of unit k still running
	blocks  []*Block
	stopped atomic.Bool
	mu      sync.Mutex
	saved   int
	stopErr error
}

func newRunner(st *Store, points []Prepared, todo []Unit, opt Options) *runner {
	r := &runner{st: st, points: points, todo: todo, opt: opt, values: make([][][][]float64, len(todo)),
		scopes: make([][]Scope, len(todo)), left: make([]int, len(todo)), blocks: make([]*Block, len(todo))}
	for k, u := range todo {
		n := u.To - u.From
		r.values[k] = make([][][]float64, n)
		r.left[k] = n
	}
	return r
}

func (r *runner) pairs() []pair {
	var out []pair
	for k := range r.todo {
		for rep := range r.values[k] {
			out = append(out, pair{k, rep})
		}
	}
	return out
}

// replication runs one pair and, if it is its unit's last, saves the unit's
// block.
func (r *runner) replication(pr pair) (err error) {
	if r.stopped.Load() {
		return ErrStopped
	}
	if r.opt.Recover != nil {
		defer func() {
			if v := recover(); v != nil {
				err = r.opt.Recover(v)
			}
		}()
	}
	u := r.todo[pr.k]
	p := &r.points[u.Point]
	rep := u.From + pr.rep
	sr, fr, err := p.simulate(rep)
	if err != nil {
		return err
	}
	sim := p.Scenario.Simulation
	vals := evalReplication(sr, fr, (sim.Horizon - sim.Warmup).Seconds())
	r.mu.Lock()
	r.values[pr.k][pr.rep] = vals
	if pr.rep == 0 {
		r.scopes[pr.k] = scopesOf(sr, fr)
	}
	r.left[pr.k]--
	last := r.left[pr.k] == 0
	r.mu.Unlock()
	if !last {
		return nil
	}
	return r.finish(pr.k)
}
