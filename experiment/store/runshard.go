package store

import (
	"os"
	"path/filepath"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/experiment/shard"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/simrun"
)

// ShardReport is what a shard did: units (blocks of a sweep, replications
// of a run) found done, units run, and the size of the shard's units.
type ShardReport struct {
	Done, Ran int
	Bytes     int64
}

// RunShard simulates s's units of the plan of points and saves each
// block as it finishes. A unit whose block the store already holds, written
// by a shard of the same count with the same capsim version and seed, is
// skipped: a rerun of a shard (the engine's retry, after a kill) runs only
// what is left.
func RunShard(st *Store, points []design.Prepared, s shard.Shard, opt Options) (ShardReport, error) {
	units := shardUnits(points, s)
	var todo []shard.Unit
	var rep ShardReport
	for _, u := range units {
		p := &points[u.Point]
		sim := p.Scenario.Simulation
		b, err := readBlock(filepath.Join(st.Dir, blockName(p.Hash, u.From, u.To)))
		// Done means what merge accepts (Block.mismatch), so that a rerun
		// never skips a block the merge would refuse.
		planned := PlannedPoint{Hash: p.Hash, Seed: sim.Seed, Replications: sim.Replications}
		if err == nil && b.mismatch(planned, s.Count, opt.Version, opt.ScenarioSHA256) == "" {
			rep.Done++
			continue
		}
		todo = append(todo, u)
	}
	opt.Shard = &s
	if _, err := runUnits(st, points, todo, rep.Done, opt); err != nil {
		return rep, err
	}
	rep.Ran = len(todo)
	for _, u := range units {
		if fi, err := os.Stat(filepath.Join(st.Dir, blockName(points[u.Point].Hash, u.From, u.To))); err == nil {
			rep.Bytes += fi.Size()
		}
	}
	return rep, nil
}

// shardUnits are the units of shard s of a sweep of points.
func shardUnits(points []design.Prepared, s shard.Shard) []shard.Unit {
	reps := make([]int, len(points))
	for i, p := range points {
		reps[i] = p.Scenario.Simulation.Replications
	}
	plan := shard.PlanUnits(reps, s.Count)
	lo, hi := s.Range(len(plan))
	return plan[lo:hi]
}

// ShardReplications is how many replications of each point shard s of a
// sweep of points simulates: the work design.CheckWork bounds for it.
func ShardReplications(points []design.Prepared, s shard.Shard) []int {
	out := make([]int, len(points))
	for _, u := range shardUnits(points, s) {
		out[u.Point] += u.To - u.From
	}
	return out
}

// RepShardOptions tune [RunRepShard].
type RepShardOptions struct {
	Workers int
	// Planned, if set, is told the replications to run; Progress gives
	// the i-th of them its virtual-time hook (nil: none) and Finished is
	// called as it ends.
	Planned  func(n int)
	Progress func(i int) func(sim.Time)
	Finished func(i int)
	// AfterRep, if set (by tests), is called after each replication is
	// simulated, before it is saved.
	AfterRep func(rep int)
}

// RunRepShard runs shard s of r's replications (a contiguous range) into
// the run store st as the job info: each replication not stored yet with
// info simulated, its timeseries spilled into the store, and saved whole
// as it finishes.
func RunRepShard(st *Store, r *simrun.Resolved, s shard.Shard, info RepInfo, opt RepShardOptions) (ShardReport, error) {
	lo, hi := s.Range(r.Scenario.Simulation.Replications)
	var todo []int
	for rep := lo; rep < hi; rep++ {
		if !st.HasRep(rep, info) {
			todo = append(todo, rep)
		}
	}
	if opt.Planned != nil {
		opt.Planned(len(todo))
	}
	_, err := simrun.Replicate(len(todo), simrun.Options{Workers: opt.Workers}, func(i int) (struct{}, error) {
		if opt.Finished != nil {
			defer opt.Finished(i)
		}
		var progress func(sim.Time)
		if opt.Progress != nil {
			progress = opt.Progress(i)
		}
		return struct{}{}, st.runRep(r, todo[i], info, progress, opt.AfterRep)
	})
	if err != nil {
		return ShardReport{}, err
	}
	return ShardReport{Done: hi - lo - len(todo), Ran: len(todo), Bytes: st.RepBytes(lo, hi)}, nil
}

// runRep runs replication rep of r, its timeseries spilled into a scratch
// directory of the store, and stores it.
func (st *Store) runRep(r *simrun.Resolved, rep int, info RepInfo, progress func(sim.Time), after func(int)) error {
	tmp, err := st.RepTemp(rep)
	if err != nil {
		return err
	}
	x, err := r.Run(rep, simrun.RepOptions{Progress: progress, SpillDir: tmp})
	if err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if after != nil {
		after(rep)
	}
	return st.SaveRep(tmp, rep, info, Rep{Streams: x.Streams, Fleets: x.Fleets})
}
