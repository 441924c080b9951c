package main

import (
	"fmt"
	"io"
	"os"

	"github.com/capsim/capsim/experiment"
	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
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
func runShard(s *shardFrom, sc *scenarios.Scenario, cfg *streams.Config, fcfg *fleets.Config, f runFlags, rj *runJob,
	reproduce string, stdout, stderr io.Writer) error {
	st, err := experiment.OpenRunStore(f.out) // no Clean: other shards may be writing
	if err != nil {
		return storeError(err)
	}
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
	_, err = sim.Replicate(len(todo), sim.ReplicateOptions{Workers: f.workers},
		guard(func(i int) (struct{}, error) {
			defer bar.finished(i)
			return struct{}{}, saveReplication(st, cfg, fcfg, todo[i], info, bar.tick(i))
		}))
	bar.finish()
	if err != nil {
		return explainRun(sc, cfg, fcfg, err)
	}
	rep := experiment.ShardReport{Done: hi - lo - len(todo), Ran: len(todo), Bytes: st.RepBytes(lo, hi)}
	return finishShard(st.WriteFile, s, rep, "replications", f.out, stdout)
}

// saveReplication runs replication rep, its timeseries spilled into a
// scratch directory of the store, and stores it.
func saveReplication(st *experiment.Store, cfg *streams.Config, fcfg *fleets.Config, rep int, info experiment.RepInfo,
	progress func(sim.Time)) error {
	tmp, err := st.RepTemp(rep)
	if err != nil {
		return err
	}
	r, err := runReplication(cfg, fcfg, rep, progress, tmp)
	if err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if shardAfterRep != nil {
		shardAfterRep(rep)
	}
	return st.SaveRep(tmp, rep, info, experiment.Rep{Streams: r.streams, Fleets: r.fleets})
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
	both := make([]replication, len(reps))
	for i, r := range reps {
		both[i] = replication{streams: r.Streams, fleets: r.Fleets}
	}
	results, fresults := split(both)
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
	reqs, err := parseRequirementTexts(nil, rj.Assert, func(i int, err error) error {
		return &usageError{fmt.Sprintf("%s: assertion %q: %v", jobName, rj.Assert[i], err)}
	})
	if err != nil {
		return nil, err
	}
	af := assertFlags{on: rj.AssertOn}
	if gate, err = af.judge(s, reqs); err != nil {
		return nil, &usageError{fmt.Sprintf("%s: %v", jobName, err)}
	}
	return gate, nil
}
