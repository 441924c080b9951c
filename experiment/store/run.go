package store

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/experiment/shard"
	"github.com/capsim/capsim/simrun"
)

// ErrStopped is returned by [Run] when Options.AfterPoint stopped it.
var ErrStopped = errors.New("experiment: sweep stopped")

// Options tune [Run].
type Options struct {
	Workers        int          // (point, replication) pairs run at once; 0: GOMAXPROCS
	Version        string       // capsim's version, recorded in blocks and checked on resume
	ScenarioSHA256 string       // the sweep's scenario before the points, recorded in blocks
	Shard          *shard.Shard // the shard running (RunShard), recorded in blocks; nil unsharded
	// JobSHA256 is the job the blocks belong to, recorded in them: a
	// sharded sweep's shard.Job.Key; "" unsharded (each block's point).
	JobSHA256 string
	// AfterPoint, if set, is called (serialised) after each point run is
	// saved, with the number saved so far; an error stops the sweep.
	AfterPoint func(saved int) error
	// Planned, if set, is called once before anything runs: the points
	// found whole in the store, the points to run and their replications.
	Planned func(loaded, points, replications int)
	// Progress, if set, is called (serialised) after each replication.
	Progress func(done, total int)
}

// Run returns each point's results over its scenario's replications, in
// the order of points: from the store where it holds them, else simulated
// (points × replications on parallel workers) and saved there as each
// point finishes. Points of one hash (a design's repeated or equal
// points) are simulated once and share their block. Blocks without a
// scope per player region of the point (written before blocks kept them)
// are run again. Outputs do not
// depend on the number of workers. A damaged block of a point (its bytes
// not the ones sealed) is a *[RefusedError] wrapping [ErrDamaged], before
// anything runs.
func Run(st *Store, points []design.Prepared, opt Options) ([]*Block, error) {
	files, err := st.blockFiles()
	if err != nil {
		return nil, err
	}
	out := make([]*Block, len(points))
	first := map[string]int{}
	var todo []shard.Unit
	var problems []Problem
	for i, p := range points {
		if _, ok := first[p.Hash]; ok {
			continue
		}
		first[p.Hash] = i
		sim := p.Scenario.Simulation
		b, ok, bad := st.load(files[p.Hash], p.Hash, sim.Seed, sim.Replications, opt.Version)
		problems = append(problems, bad...)
		if ok && !recordsRegions(b, p.Streams.PlayerRegions) {
			ok = false // written before blocks kept the player regions: run again
		}
		if ok {
			out[i] = b
			continue
		}
		todo = append(todo, shard.Unit{Point: i, From: 0, To: sim.Replications})
	}
	if len(problems) > 0 {
		return nil, &RefusedError{Dir: st.Dir, Problems: problems}
	}
	blocks, err := runUnits(st, points, todo, len(first)-len(todo), opt)
	if err != nil {
		return nil, err
	}
	for k, u := range todo {
		out[u.Point] = blocks[k]
	}
	for i, p := range points {
		out[i] = out[first[p.Hash]]
	}
	return out, nil
}

// recordsRegions reports whether block b has a scope for each of the
// player regions, in order: a block of this capsim does; one written
// before blocks kept them is run again, as a block of another version is.
func recordsRegions(b *Block, regions []string) bool {
	var got []string
	for _, sc := range b.Scopes {
		if sc.Model == "regions" {
			got = append(got, sc.Region)
		}
	}
	return slices.Equal(got, regions)
}

// runUnits simulates each unit's replications (on parallel workers) and
// saves its block as soon as they are all done; loaded is what Planned
// reports as found in the store.
func runUnits(st *Store, points []design.Prepared, todo []shard.Unit, loaded int, opt Options) ([]*Block, error) {
	r := newRunner(st, points, todo, opt)
	pairs := r.pairs()
	if opt.Planned != nil {
		opt.Planned(loaded, len(todo), len(pairs))
	}
	_, err := simrun.Replicate(len(pairs), simrun.Options{Workers: opt.Workers, Progress: opt.Progress},
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
	points  []design.Prepared
	todo    []shard.Unit
	opt     Options
	values  [][][][]float64  // [k][rep-From][scope][metric]
	scopes  [][]simrun.Scope // [k], from the unit's first replication
	left    []int            // replications of unit k still running
	blocks  []*Block
	stopped atomic.Bool
	mu      sync.Mutex
	saved   int
	stopErr error
}

func newRunner(st *Store, points []design.Prepared, todo []shard.Unit, opt Options) *runner {
	r := &runner{st: st, points: points, todo: todo, opt: opt, values: make([][][][]float64, len(todo)),
		scopes: make([][]simrun.Scope, len(todo)), left: make([]int, len(todo)), blocks: make([]*Block, len(todo))}
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
func (r *runner) replication(pr pair) error {
	if r.stopped.Load() {
		return ErrStopped
	}
	u := r.todo[pr.k]
	p := &r.points[u.Point]
	x, err := p.Run(u.From+pr.rep, simrun.RepOptions{})
	if err != nil {
		return err
	}
	vals := x.Values(p.MeasuredSeconds())
	r.mu.Lock()
	r.values[pr.k][pr.rep] = vals
	if pr.rep == 0 {
		r.scopes[pr.k] = x.Scopes()
	}
	r.left[pr.k]--
	last := r.left[pr.k] == 0
	r.mu.Unlock()
	if !last {
		return nil
	}
	return r.finish(pr.k)
}

// finish makes unit k's block, saves it and calls AfterPoint.
func (r *runner) finish(k int) error {
	u := r.todo[k]
	p := &r.points[u.Point]
	sim := p.Scenario.Simulation
	b := &Block{Format: blockFormat, CapsimVersion: r.opt.Version, Scenario: p.Scenario.Name,
		ScenarioSHA256: r.opt.ScenarioSHA256, PointSHA256: p.Hash, Seed: sim.Seed,
		Replications: sim.Replications, From: u.From, To: u.To, Shard: r.opt.Shard,
		HorizonSeconds: sim.Horizon.Seconds(), WarmupSeconds: sim.Warmup.Seconds(),
		Point: p.Point, JobSHA256: r.opt.JobSHA256, Scopes: r.scopes[k]}
	if b.JobSHA256 == "" {
		b.JobSHA256 = pointJob(b.CapsimVersion, b.PointSHA256, b.Seed, b.Replications)
	}
	if err := simrun.Fill(b.Scopes, r.values[k]); err != nil {
		return fmt.Errorf("experiment: point %s: %w", p.Point, err)
	}
	r.values[k] = nil // the block holds them now
	if err := r.st.Save(b); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.blocks[k] = b
	r.saved++
	if r.opt.AfterPoint != nil && r.stopErr == nil {
		if err := r.opt.AfterPoint(r.saved); err != nil {
			r.stopErr = err
			r.stopped.Store(true)
			return err
		}
	}
	return nil
}
