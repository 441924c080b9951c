package store

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/experiment/shard"
	"github.com/capsim/capsim/internal/safeio"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/simrun"
)

const blockFormat = "capsim-sweep-block/2"

// Block is the results of one point for replications [From, To): a file
// points/<point_sha256>.r<From>-<To>.json of the store. It names what
// reproduces it; Scopes hold every metric's value per replication.
type Block struct {
	Format         string       `json:"format"`
	CapsimVersion  string       `json:"capsim_version"`
	Scenario       string       `json:"scenario"`
	ScenarioSHA256 string       `json:"scenario_sha256"` // the sweep's scenario, before the point
	PointSHA256    string       `json:"point_sha256"`    // the resolved scenario of the point
	Seed           uint64       `json:"seed"`
	Replications   int          `json:"replications"` // of the point, all blocks together
	From           int          `json:"from"`
	To             int          `json:"to"`
	HorizonSeconds float64      `json:"horizon_seconds"`
	WarmupSeconds  float64      `json:"warmup_seconds"`
	Point          design.Point `json:"point"`
	Shard          *shard.Shard `json:"shard,omitempty"` // the shard that wrote it; nil unsharded
	// JobSHA256 is the job the block belongs to: a sharded sweep's
	// shard.Job.Key, else the point's own (pointJob).
	JobSHA256 string         `json:"job_sha256"`
	Scopes    []simrun.Scope `json:"scopes"`
}

// pointJob is the job of an unsharded sweep's block: the point as
// simulated (its resolved scenario, seed and replications) by this capsim.
func pointJob(version, pointSHA256 string, seed uint64, replications int) string {
	return safeio.Sum(fmt.Appendf(nil, "capsim %s point %s seed %d replications %d", version, pointSHA256, seed, replications))
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

// SweepJob is what a sharded sweep's merge expects of the blocks: its
// points, shard count, capsim version, scenario and job key
// (shard.Job.Key).
type SweepJob struct {
	Points         []PlannedPoint
	Count          int
	Version        string
	ScenarioSHA256 string
	Key            string
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

// mismatch says why b is not a block of point p of the sharded sweep
// job, or "".
func (b *Block) mismatch(p PlannedPoint, job SweepJob) string {
	got := RepInfo{CapsimVersion: b.CapsimVersion, ScenarioSHA256: b.ScenarioSHA256, Seed: b.Seed, Replications: b.Replications}
	if b.Shard != nil {
		got.Shard = *b.Shard
	}
	want := RepInfo{CapsimVersion: job.Version, ScenarioSHA256: job.ScenarioSHA256, Seed: p.Seed, Replications: p.Replications,
		Shard: shard.Shard{Count: job.Count}}
	if why := got.differs(want, b.Shard != nil, "%d replications, the job's point has %d"); why != "" {
		return why
	}
	if b.JobSHA256 != job.Key {
		return fmt.Sprintf("of another job (job_sha256 %.12s, the job file's %.12s: its horizon, warm-up, design or shown assertions differ)", b.JobSHA256, job.Key)
	}
	return ""
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

func blockName(hash string, from, to int) string {
	return path.Join(pointsDir, hash+".r"+strconv.Itoa(from)+"-"+strconv.Itoa(to)+".json")
}

// parseBlockName returns the point hash and replications of a block's file
// name (without points/), or false.
func parseBlockName(name string) (hash string, from, to int, ok bool) {
	base, isJSON := strings.CutSuffix(name, ".json")
	hash, r, cut := strings.Cut(base, ".r")
	f, t, dash := strings.Cut(r, "-")
	from, err1 := strconv.Atoi(f)
	to, err2 := strconv.Atoi(t)
	if !isJSON || !cut || !dash || err1 != nil || err2 != nil || hash == "" || blockName(hash, from, to) != path.Join(pointsDir, name) {
		return "", 0, 0, false
	}
	return hash, from, to, true
}

// Save writes b as its block file, sealed.
func (s *Store) Save(b *Block) error {
	return s.writeSealed(blockName(b.PointSHA256, b.From, b.To), b)
}

// readBlock reads the block file name (a slash path under the store): an
// error wrapping safeio.ErrDamaged if its bytes are not the ones sealed,
// fs.ErrNotExist if there is none, another error if it is not a block of
// this capsim's format, its name is not its own or its values do not fit.
func (s *Store) readBlock(name string) (*Block, error) {
	data, err := s.ReadFile(name, maxBlockBytes)
	if err != nil {
		return nil, err
	}
	return parseBlock(name, data)
}

// parseBlock reads data, the bytes of the block file name.
func parseBlock(name string, data []byte) (*Block, error) {
	b := &Block{}
	if err := safeio.DecodeSealedJSON(data, b); err != nil {
		return nil, err
	}
	if b.Format != blockFormat || b.From < 0 || b.To <= b.From || b.To > b.Replications {
		return nil, fmt.Errorf("%w: not a block of format %s", safeio.ErrDamaged, blockFormat)
	}
	if name != blockName(b.PointSHA256, b.From, b.To) {
		return nil, fmt.Errorf("%w: it holds the block %s", safeio.ErrDamaged, blockName(b.PointSHA256, b.From, b.To))
	}
	for _, sc := range b.Scopes {
		for _, m := range sc.Metrics {
			if len(m.Reps) != b.To-b.From {
				return nil, fmt.Errorf("%w: %s %s has %d values", safeio.ErrDamaged, sc.Name, m.Name, len(m.Reps))
			}
		}
	}
	return b, nil
}
