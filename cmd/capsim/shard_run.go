package main

import (
	"fmt"
	"io"
	"os"

	"github.com/capsim/capsim/experiment"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/simrun"
)

// newRunJob is what a run's outputs show of the scenario besides the
// summary: whether it has stream groups, the placement timeouts its
// latency plots mark, the service assumptions its report lists, and the
// assertions judged on it (the scenario's [[assert]], then --assert).
func newRunJob(sc *scenarios.Scenario, cfg *streams.Config, af assertFlags) *runJob {
	rj := &runJob{HasGroups: len(cfg.Groups) > 0, Timeouts: timeouts(cfg), Assumptions: assumptions(sc), AssertOn: af.on}
	rj.Assert = af.texts(sc)
	return rj
}

// repInfo is what every stored replication of the sharded run job must
// match.
func repInfo(job *shardJob, s experiment.Shard) experiment.RepInfo {
	return experiment.RepInfo{CapsimVersion: job.CapsimVersion, ScenarioSHA256: job.Meta.ScenarioSHA256,
		Seed: job.Meta.Seed, Replications: job.Meta.Replications, Shard: s}
}

// runShard runs shard s of a run's replications (a contiguous range) into
// the store --out: the job file claimed (or checked), each replication
// not stored yet simulated with its timeseries spilled into the store and
// saved whole as it finishes, then the shard's report.
func runShard(s *shardFrom, r *simrun.Resolved, f runFlags, rj *runJob, reproduce string, stdout, stderr io.Writer) error {
	st, err := experiment.OpenRunStore(f.out) // no Clean: other shards may be writing
	if err != nil {
		return storeError(err)
	}
	sc := r.Scenario
	job := &shardJob{Format: jobFormat, Command: "run", CapsimVersion: Version, Shards: s.Count,
		Meta: scenarioMeta(sc), Reproduce: reproduce, Run: rj}
	if err := claimJob(st.WriteFile, f.out, job); err != nil {
		return err
	}
	info := repInfo(job, s.Shard)
	lo, hi := s.Range(sc.Simulation.Replications)
	var todo []int
	for rep := lo; rep < hi; rep++ {
		if !st.HasRep(rep, info) {
			todo = append(todo, rep)
		}
	}
	bar := newProgress(stderr, f.quiet)
	bar.plan(len(todo), sc.Simulation.Horizon)
	_, err = simrun.Replicate(len(todo), simrun.Options{Workers: f.workers}, func(i int) (struct{}, error) {
		defer bar.finished(i)
		return struct{}{}, saveReplication(st, r, todo[i], info, bar.tick(i))
	})
	bar.finish()
	if err != nil {
		return err
	}
	rep := experiment.ShardReport{Done: hi - lo - len(todo), Ran: len(todo), Bytes: st.RepBytes(lo, hi)}
	return finishShard(st.WriteFile, s, rep, "replications", f.out, stdout)
}

// saveReplication runs replication rep, its timeseries spilled into a
// scratch directory of the store, and stores it.
func saveReplication(st *experiment.Store, r *simrun.Resolved, rep int, info experiment.RepInfo, progress func(sim.Time)) error {
	tmp, err := st.RepTemp(rep)
	if err != nil {
		return err
	}
	x, err := r.Run(rep, simrun.RepOptions{Progress: progress, SpillDir: tmp})
	if err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if shardAfterRep != nil {
		shardAfterRep(rep)
	}
	return st.SaveRep(tmp, rep, info, experiment.Rep{Streams: x.Streams, Fleets: x.Fleets})
}

// shardAfterRep, if set (by tests), is called after each replication of
// a sharded run, before it is saved.
var shardAfterRep func(rep int)

// mergeRun writes the outputs of a sharded run from its replications in
// dir: the files capsim run --out writes, then its manifest, and prints
// its tables; it judges the run's assertions as run does (exit status 3
// after the outputs if one fails).
func mergeRun(dir string, job *shardJob, stdout io.Writer) error {
	st := &experiment.Store{Dir: dir}
	reps, err := experiment.MergeReps(st, repInfo(job, experiment.Shard{Count: job.Shards}))
	if err != nil {
		return mergeError(dir, err)
	}
	both := make([]simrun.Replication, len(reps))
	for i, r := range reps {
		both[i] = simrun.Replication{Streams: r.Streams, Fleets: r.Fleets}
	}
	results, fresults := simrun.Split(both)
	summary, err := reports.NewSummary(job.Meta, results, fresults)
	if err != nil {
		return err
	}
	gate, err := judgeJob(job.Run, summary)
	if err != nil {
		return err
	}
	st.Clean()
	var files []string
	create := func(name string, write func(io.Writer) error) error {
		files = append(files, name)
		return st.WriteFile(name, write)
	}
	if err := writeRunFiles(create, job.Run, summary, results, fresults, nil, job.Reproduce); err != nil {
		return err
	}
	if err := writeManifest(st.WriteFile, "run", files); err != nil {
		return err
	}
	if err := printRun(stdout, job.Run.HasGroups, summary); err != nil {
		return err
	}
	return gate
}

// judgeJob judges the assertions of a sharded run on its summary as run
// does: the gate (exit status 3) if one fails; err, a usage error naming
// the job file, if one does not parse or names a metric the run has not
// (the job file edited by hand), before any output is written.
func judgeJob(rj *runJob, s *reports.Summary) (gate, err error) {
	reqs, err := simrun.SummaryNamespace(s).Requirements(rj.Assert, func(i int, err error) error {
		return &usageError{fmt.Sprintf("%s: assertion %q: %v", jobName, rj.Assert[i], err)}
	})
	if err != nil {
		return nil, err
	}
	if gate, err = simrun.Gate(s, reqs, rj.AssertOn == "bound"); err != nil {
		return nil, &usageError{fmt.Sprintf("%s: %v", jobName, err)}
	}
	return gate, nil
}
