package store

import (
	"path"
	"path/filepath"
	"slices"
	"strings"

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
// block as it finishes. A unit whose block the store already holds, of
// this job (opt.JobSHA256, shard.Job.Key) and what a merge accepts, is
// skipped: a rerun of a shard (the engine's retry, after a kill) runs only
// what is left; a block of another job in its place is simulated again
// and replaced. A damaged block of the shard (its bytes not the ones
// sealed) is a *[RefusedError] wrapping [ErrDamaged], before anything
// runs: remove it, and the rerun simulates it again.
func RunShard(st *Store, points []design.Prepared, s shard.Shard, opt Options) (ShardReport, error) {
	units := shardUnits(points, s)
	job := SweepJob{Count: s.Count, Version: opt.Version, ScenarioSHA256: opt.ScenarioSHA256, Key: opt.JobSHA256}
	var todo []shard.Unit
	var rep ShardReport
	var problems []Problem
	for _, u := range units {
		p := &points[u.Point]
		sim := p.Scenario.Simulation
		name := blockName(p.Hash, u.From, u.To)
		b, err := st.readBlock(name)
		switch {
		case absent(err):
		case err != nil:
			problems = append(problems, Problem{File: name, Why: "unreadable: " + strings.TrimPrefix(err.Error(), "experiment: "), Damaged: true, Shard: -1})
			continue
		// Done means what merge accepts (Block.mismatch), so that a rerun
		// never skips a block the merge would refuse.
		case b.mismatch(PlannedPoint{Hash: p.Hash, Seed: sim.Seed, Replications: sim.Replications}, job) == "":
			rep.Done++
			continue
		}
		todo = append(todo, u)
	}
	if len(problems) > 0 {
		return rep, &RefusedError{Dir: st.Dir, Problems: problems}
	}
	opt.Shard = &s
	if _, err := runUnits(st, points, todo, rep.Done, opt); err != nil {
		return rep, err
	}
	rep.Ran = len(todo)
	for _, u := range units {
		if fi, err := st.root.Stat(blockName(points[u.Point].Hash, u.From, u.To)); err == nil {
			rep.Bytes += fi.Size()
		}
	}
	return rep, nil
}

// shardUnits are the units of shard s of a sweep of points: the plan of
// the distinct points (by hash; a repeated or equal point is simulated
// once), each unit's Point the index of the first of its hash.
func shardUnits(points []design.Prepared, s shard.Shard) []shard.Unit {
	var reps, first []int
	seen := map[string]bool{}
	for i, p := range points {
		if !seen[p.Hash] {
			seen[p.Hash] = true
			reps = append(reps, p.Scenario.Simulation.Replications)
			first = append(first, i)
		}
	}
	plan := shard.PlanUnits(reps, s.Count)
	lo, hi := s.Range(len(plan))
	out := slices.Clone(plan[lo:hi])
	for k := range out {
		out[k].Point = first[out[k].Point]
	}
	return out
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
// the run store st as the job info of key (shard.Job.Key): each
// replication not stored yet with info and key simulated, its timeseries
// spilled into the store, and saved whole as it finishes; one of another
// job is simulated again and replaced. A damaged replication of the
// shard is a *[RefusedError] wrapping [ErrDamaged], before anything runs.
func RunRepShard(st *Store, r *simrun.Resolved, s shard.Shard, info RepInfo, key string, opt RepShardOptions) (ShardReport, error) {
	lo, hi := s.Range(r.Scenario.Simulation.Replications)
	var todo []int
	var problems []Problem
	for rep := lo; rep < hi; rep++ {
		done, err := st.HasRep(rep, info, key)
		if err != nil {
			problems = append(problems, Problem{File: repsDir + "/" + repName(rep), Why: "unreadable: " + err.Error(), Damaged: true, Shard: -1})
		} else if !done {
			todo = append(todo, rep)
		}
	}
	if len(problems) > 0 {
		return ShardReport{}, &RefusedError{Dir: st.Dir, Problems: problems}
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
		return struct{}{}, st.runRep(r, todo[i], info, key, progress, opt.AfterRep)
	})
	if err != nil {
		return ShardReport{}, err
	}
	return ShardReport{Done: hi - lo - len(todo), Ran: len(todo), Bytes: st.RepBytes(lo, hi)}, nil
}

// runRep runs replication rep of r, its timeseries spilled into a scratch
// directory of the store, and stores it.
func (st *Store) runRep(r *simrun.Resolved, rep int, info RepInfo, key string, progress func(sim.Time), after func(int)) error {
	tmp, err := st.RepTemp(rep)
	if err != nil {
		return err
	}
	x, err := r.Run(rep, simrun.RepOptions{Progress: progress, SpillDir: tmp})
	if err != nil {
		st.root.RemoveAll(path.Join(repsDir, filepath.Base(tmp)))
		st.Scratch.Forget(tmp)
		return err
	}
	if after != nil {
		after(rep)
	}
	return st.SaveRep(tmp, rep, info, key, Rep{Streams: x.Streams, Fleets: x.Fleets})
}
