package main

import (
	"io"

	"github.com/capsim/capsim/cmd/internal/progress"
	"github.com/capsim/capsim/experiment/shard"
	"github.com/capsim/capsim/experiment/store"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/reports/outputs"
	"github.com/capsim/capsim/simrun"
)

// repInfo is what every stored replication of the sharded run job must
// match.
func repInfo(job *shard.Job, s shard.Shard) store.RepInfo {
	return store.RepInfo{CapsimVersion: job.CapsimVersion, ScenarioSHA256: job.Meta.ScenarioSHA256,
		Seed: job.Meta.Seed, Replications: job.Meta.Replications, Shard: s}
}

// shardAfterRep, if set (by tests), is called after each replication of
// a sharded run, before it is saved.
var shardAfterRep func(rep int)

// runShard runs shard src of a run's replications into the store --out:
// the job file claimed (or checked), the replications of its range not
// stored yet simulated and saved whole as each finishes, then the shard's
// report.
func runShard(src *shard.Source, r *simrun.Resolved, f runFlags, rj *shard.RunJob, reproduce string, stdout, stderr io.Writer) error {
	st, err := store.OpenRunStore(f.out) // no Clean: other shards may be writing
	if err != nil {
		return storeError(err)
	}
	defer st.Close()
	st.Scratch = staged
	job := shard.NewRunJob(simrun.Meta(r.Scenario, Version), rj, src.Count, reproduce)
	if err := shard.Claim(st.WriteFile, st.ReadFile, f.out, job); err != nil {
		return err
	}
	bar := progress.New(stderr, f.quiet)
	rep, err := store.RunRepShard(st, r, src.Shard, repInfo(job, src.Shard), job.Key(), store.RepShardOptions{Workers: f.workers,
		Planned: func(n int) { bar.Plan(n, r.Scenario.Simulation.Horizon) }, Progress: bar.Tick, Finished: bar.Finished,
		AfterRep: shardAfterRep})
	bar.Finish()
	if err != nil {
		return storeError(err)
	}
	return finishShard(st.WriteFile, src, rep, "replications", f.out, stdout)
}

// mergeRun writes the outputs of a sharded run from its replications in
// st: the files capsim run --out writes, then its manifest, and prints
// its tables; it judges the run's assertions as run does (exit status 3
// after the outputs if one fails).
func mergeRun(st *store.Store, job *shard.Job, stdout io.Writer) error {
	m, err := store.MergeRun(st, job)
	if err != nil {
		return mergeError(st.Dir, job, err)
	}
	st.Clean()
	var files []string
	create := func(name string, write func(io.Writer) error) error {
		files = append(files, name)
		return st.WriteFile(name, write)
	}
	results, fresults := simrun.Split(m.Reps)
	if err := outputs.Run(create, m.Summary, results, fresults, runPage(job.Run, job.Reproduce, nil)); err != nil {
		return err
	}
	if err := writeManifest("run")(st.WriteFile, files); err != nil {
		return err
	}
	if err := reports.WriteRunTables(stdout, job.Run.HasGroups, m.Summary); err != nil {
		return err
	}
	return m.Gate
}
