package store

import (
	"fmt"
	"path/filepath"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/experiment/shard"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/simrun"
)

// jobError is a job file the merge cannot use (edited by hand): bad input,
// as a bad shard is.
type jobError string

func (e jobError) Error() string        { return string(e) }
func (e jobError) Is(target error) bool { return target == shard.ErrShard }

// MergedRun is a sharded run put back together: its summary (with the
// assertions judged as run judges them), its replications in order, and
// the gate (an *simrun.UnmetError if an assertion failed).
type MergedRun struct {
	Summary *reports.Summary
	Reps    []simrun.Replication
	Gate    error
}

// MergeRun reads the replications of the sharded run job from st
// ([MergeReps]: an error wrapping [ErrMerge] for a refused merge) and
// summarises and judges them. An assertion of the job file that does not
// parse or names a metric the run has not is an error wrapping
// shard.ErrShard naming the job file, before any output is written.
func MergeRun(st *Store, job *shard.Job) (*MergedRun, error) {
	reps, err := MergeReps(st, RepInfo{CapsimVersion: job.CapsimVersion, ScenarioSHA256: job.Meta.ScenarioSHA256,
		Seed: job.Meta.Seed, Replications: job.Meta.Replications, Shard: shard.Shard{Count: job.Shards}}, job.Key())
	if err != nil {
		return nil, err
	}
	m := &MergedRun{Reps: make([]simrun.Replication, len(reps))}
	for i, r := range reps {
		m.Reps[i] = simrun.Replication{Streams: r.Streams, Fleets: r.Fleets}
	}
	if m.Summary, err = simrun.Summary(job.Meta, m.Reps); err != nil {
		return nil, err
	}
	rj := job.Run
	reqs, err := simrun.SummaryNamespace(m.Summary).Requirements(rj.Assert, func(i int, err error) error {
		return jobError(fmt.Sprintf("%s: assertion %q: %v", shard.Name, rj.Assert[i], err))
	})
	if err != nil {
		return nil, err
	}
	if m.Gate, err = simrun.Gate(m.Summary, reqs, rj.AssertOn == "bound"); err != nil {
		return nil, jobError(fmt.Sprintf("%s: %v", shard.Name, err))
	}
	return m, nil
}

// MergeSweep reads the blocks of the sharded sweep job from st
// ([MergeShards]: an error wrapping [ErrMerge] for a refused merge) and
// makes the sweep's report, judged under the job's requirements (one that
// does not parse or names a metric the points have not: an error wrapping
// shard.ErrShard naming the job file).
func MergeSweep(st *Store, job *shard.Job) (*reports.Sweep, error) {
	sj := job.Sweep
	planned := make([]PlannedPoint, len(sj.Points))
	points := make([]design.Point, len(sj.Points))
	for i, p := range sj.Points {
		planned[i] = PlannedPoint{Hash: p.PointSHA256, Seed: p.Seed, Replications: p.Replications}
		points[i] = p.Point
	}
	blocks, err := MergeShards(st, SweepJob{Points: planned, Count: job.Shards, Version: job.CapsimVersion,
		ScenarioSHA256: job.Meta.ScenarioSHA256, Key: job.Key()})
	if err != nil {
		return nil, err
	}
	sw, err := Sweep(job.Meta, sj.Paths, points, blocks, sj.Skipped, nil)
	if err != nil || len(sw.Points) == 0 {
		return sw, err
	}
	reqs, err := simrun.SummaryNamespace(sw.Points[0].Summary).Requirements(sj.Require, func(_ int, err error) error {
		return jobError(fmt.Sprintf("%s: --require: %v", filepath.Join(st.Dir, shard.Name), err))
	})
	if err == nil {
		err = simrun.JudgeSweep(sw, reqs)
	}
	return sw, err
}
