package store

import (
	"fmt"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/experiment/shard"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/simrun"
)

const blockFormat = "capsim-sweep-block/1"

// Block is the results of one point for replications [From, To): a file
// points/<point_sha256>.r<From>-<To>.json of the store. It names what
// reproduces it; Scopes hold every metric's value per replication.
type Block struct {
	Format         string         `json:"format"`
	CapsimVersion  string         `json:"capsim_version"`
	Scenario       string         `json:"scenario"`
	ScenarioSHA256 string         `json:"scenario_sha256"` // the sweep's scenario, before the point
	PointSHA256    string         `json:"point_sha256"`    // the resolved scenario of the point
	Seed           uint64         `json:"seed"`
	Replications   int            `json:"replications"` // of the point, all blocks together
	From           int            `json:"from"`
	To             int            `json:"to"`
	HorizonSeconds float64        `json:"horizon_seconds"`
	WarmupSeconds  float64        `json:"warmup_seconds"`
	Point          design.Point   `json:"point"`
	Shard          *shard.Shard   `json:"shard,omitempty"` // the shard that wrote it; nil unsharded
	Scopes         []simrun.Scope `json:"scopes"`
}

// Reps returns the per-replication values of metric name of scope (as
// simrun.Scope and simrun.Series name them: "total",
// "placement_latency_seconds.p95"), or false if the block has no such
// series.
func (b *Block) Reps(scope, name string) (simrun.Values, bool) {
	return simrun.Find(b.Scopes, scope, name)
}

// Meta is the Meta of the point's outputs: its resolved scenario's hash,
// seed and replications.
func (b *Block) Meta() reports.Meta {
	return reports.Meta{Scenario: b.Scenario, ScenarioSHA256: b.PointSHA256, Seed: b.Seed,
		Replications: b.Replications, HorizonSeconds: b.HorizonSeconds, WarmupSeconds: b.WarmupSeconds,
		CapsimVersion: b.CapsimVersion}
}

// Summary estimates every metric of the block, as a run's summary does
// from the replications' results.
func (b *Block) Summary() (*reports.Summary, error) {
	s, err := simrun.ScopesSummary(b.Meta(), b.Scopes)
	if err != nil {
		return nil, fmt.Errorf("sweep: point %s: %w", b.PointSHA256, err)
	}
	return s, nil
}

// RepInfo is what a stored unit (a sweep's block, a run's replication)
// must match to be merged into a sharded job.
type RepInfo struct {
	CapsimVersion  string
	ScenarioSHA256 string
	Seed           uint64
	Replications   int
	Shard          shard.Shard
}

// PlannedPoint is what a sharded sweep expects of a point's blocks.
type PlannedPoint struct {
	Hash         string // design.Prepared's Hash
	Seed         uint64
	Replications int
}

// mismatch says why b is not a block of the sharded sweep's point p, or "".
func (b *Block) mismatch(p PlannedPoint, count int, version, scenarioSHA256 string) string {
	got := RepInfo{CapsimVersion: b.CapsimVersion, ScenarioSHA256: b.ScenarioSHA256, Seed: b.Seed, Replications: b.Replications}
	if b.Shard != nil {
		got.Shard = *b.Shard
	}
	want := RepInfo{CapsimVersion: version, ScenarioSHA256: scenarioSHA256, Seed: p.Seed, Replications: p.Replications,
		Shard: shard.Shard{Count: count}}
	return got.differs(want, b.Shard != nil, "%d replications, the job's point has %d")
}

// differs says why a unit (a sweep's block, a run's replication) stored
// with info got, by a shard if sharded, is not one of the sharded job
// want, or "": the first of its capsim version, scenario, seed,
// replications and shard count that is not the job's. replications
// formats got's and want's replications when they differ.
func (got RepInfo) differs(want RepInfo, sharded bool, replications string) string {
	switch {
	case got.CapsimVersion != want.CapsimVersion:
		return fmt.Sprintf("capsim version %s, the job's is %s", got.CapsimVersion, want.CapsimVersion)
	case got.ScenarioSHA256 != want.ScenarioSHA256:
		return fmt.Sprintf("scenario_sha256 %s, the job's is %s", got.ScenarioSHA256, want.ScenarioSHA256)
	case got.Seed != want.Seed:
		return fmt.Sprintf("seed %d, the job's is %d", got.Seed, want.Seed)
	case got.Replications != want.Replications:
		return fmt.Sprintf(replications, got.Replications, want.Replications)
	case !sharded:
		return "written by an unsharded sweep"
	case got.Shard.Count != want.Shard.Count:
		return fmt.Sprintf("written by shard %s, the job has %d shards", got.Shard, want.Shard.Count)
	}
	return ""
}
