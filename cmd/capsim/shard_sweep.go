package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/capsim/capsim/experiment"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
)

// newSweepJob is the job file of a sharded sweep.
func newSweepJob(sc *scenarios.Scenario, paths []string, prep []experiment.Prepared, skipped []experiment.Skipped,
	require []string, shards int, reproduce string) *shardJob {
	sj := &sweepJob{Paths: paths, Skipped: skippedPoints(skipped), Require: require}
	for _, p := range prep {
		sim := p.Scenario.Simulation
		sj.Points = append(sj.Points, jobPoint{Point: p.Point, PointSHA256: p.Hash, Seed: sim.Seed, Replications: sim.Replications})
	}
	return &shardJob{Format: jobFormat, Command: "sweep", CapsimVersion: Version, Shards: shards,
		Meta: scenarioMeta(sc), Reproduce: reproduce, Sweep: sj}
}

// preparedPoints are the points of prep.
func preparedPoints(prep []experiment.Prepared) []experiment.Point {
	out := make([]experiment.Point, len(prep))
	for i, p := range prep {
		out[i] = p.Point
	}
	return out
}

// sweepShard runs shard s of a sweep into its --out store: the job file
// claimed (or checked), the shard's blocks not yet there simulated, then
// its report shards/I-of-N.json.
func sweepShard(s *shardFrom, job *shardJob, prep []experiment.Prepared, f runFlags, stdout, stderr io.Writer) error {
	st, err := experiment.OpenStore(f.out) // no Clean: other shards may be writing
	if err != nil {
		return storeError(err)
	}
	if err := claimJob(st.WriteFile, f.out, job); err != nil {
		return err
	}
	opt, stop := sweepOptions(job.Meta.ScenarioSHA256, f, stderr)
	rep, err := experiment.RunShard(st, prep, s.Shard, opt)
	stop()
	if err != nil {
		return err
	}
	return finishShard(st.WriteFile, s, rep, "blocks", f.out, stdout)
}

// finishShard writes the shard's report and says what it did.
// noun names its units ("blocks" of a sweep, "replications" of a run).
func finishShard(create createFunc, s *shardFrom, rep experiment.ShardReport, noun, dir string, stdout io.Writer) error {
	done := shardDone{Shard: s.Shard, Source: s.source, Units: rep.Done + rep.Ran, Skipped: rep.Done, Bytes: rep.Bytes}
	if err := writeJSONFile(create, doneName(s.Shard), done); err != nil {
		return err
	}
	_, err := fmt.Fprintf(stdout, "shard %s (from %s): %d %s, %d already there, %d bytes; when all %d shards are done: capsim merge %s\n",
		s.Shard, s.source, done.Units, noun, done.Skipped, done.Bytes, s.Count, reports.TerminalSafe(shellQuote(dir)))
	return err
}

// mergeSweep writes the outputs of a sharded sweep from its blocks in st.
func mergeSweep(st *experiment.Store, job *shardJob, stdout io.Writer) error {
	sj := job.Sweep
	planned := make([]experiment.PlannedPoint, len(sj.Points))
	points := make([]experiment.Point, len(sj.Points))
	for i, p := range sj.Points {
		planned[i] = experiment.PlannedPoint{Hash: p.PointSHA256, Seed: p.Seed, Replications: p.Replications}
		points[i] = p.Point
	}
	blocks, err := experiment.MergeShards(st, planned, job.Shards, job.CapsimVersion, job.Meta.ScenarioSHA256)
	if err != nil {
		return mergeError(st.Dir, err)
	}
	sw, err := newSweep(job.Meta, sj.Paths, points, blocks, sj.Skipped, nil)
	if err != nil {
		return err
	}
	if len(sw.Points) > 0 { // the requirements, checked against a point's metrics
		reqs, err := simrun.SummaryNamespace(sw.Points[0].Summary).Requirements(sj.Require, func(_ int, err error) error {
			return &usageError{fmt.Sprintf("%s: --require: %v", filepath.Join(st.Dir, jobName), err)}
		})
		if err == nil {
			err = judgeSweep(sw, reqs)
		}
		if err != nil {
			return err
		}
	}
	if err != nil {
		return err
	}
	st.Clean()
	if err := writeSweep(st, sw, job.Reproduce); err != nil {
		return err
	}
	return printSweep(stdout, sw, st.Dir)
}
