package experiment

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// ErrMerge is wrapped by every error of [MergeShards] and [Missing]: shards
// that do not belong together, overlap, or are missing.
var ErrMerge = errors.New("cannot merge")

// PlannedPoint is what a sharded sweep expects of a point's blocks.
type PlannedPoint struct {
	Hash         string // Prepared.Hash
	Seed         uint64
	Replications int
}

// MergeShards returns each point's results merged from the blocks the
// shards of a sweep of count shards wrote into st, in the order of points.
// It refuses, with an error wrapping [ErrMerge] that lists every problem,
// blocks of another capsim version, scenario (scenarioSHA256), seed or
// shard count, blocks of no point of the sweep, blocks whose replications
// overlap, and missing blocks (naming the shards to rerun).
func MergeShards(st *Store, points []PlannedPoint, count int, version, scenarioSHA256 string) ([]*Block, error) {
	byHash := map[string]int{}
	for i, p := range points {
		byHash[p.Hash] = i
	}
	files, _ := filepath.Glob(filepath.Join(st.Dir, pointsDir, "*.json"))
	var problems []string
	found := make([][]*Block, len(points))
	for _, f := range files {
		name := filepath.ToSlash(filepath.Join(pointsDir, filepath.Base(f)))
		b, err := readBlock(f)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: unreadable: %v", name, err))
			continue
		}
		i, ok := byHash[b.PointSHA256]
		if !ok {
			problems = append(problems, name+": of no point of this sweep (another design or scenario)")
			continue
		}
		if why := b.mismatch(points[i], count, version, scenarioSHA256); why != "" {
			problems = append(problems, name+": "+why)
			continue
		}
		found[i] = append(found[i], b)
	}
	reps := make([]int, len(points))
	for i, p := range points {
		reps[i] = p.Replications
		slices.SortFunc(found[i], func(a, b *Block) int { return a.From - b.From })
		for k := 1; k < len(found[i]); k++ {
			if a, b := found[i][k-1], found[i][k]; b.From < a.To {
				problems = append(problems, fmt.Sprintf("overlapping results: %s and %s", blockName(a.PointSHA256, a.From, a.To),
					blockName(b.PointSHA256, b.From, b.To)))
			}
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("experiment: %w: %s", ErrMerge, strings.Join(problems, "; "))
	}
	if err := missing(PlanUnits(reps, count), count, func(u Unit) bool {
		return slices.ContainsFunc(found[u.Point], func(b *Block) bool { return b.From == u.From && b.To == u.To })
	}); err != nil {
		return nil, err
	}
	out := make([]*Block, len(points))
	for i := range points {
		b, ok := merge(found[i], reps[i])
		if !ok {
			return nil, fmt.Errorf("experiment: %w: point %s: its blocks do not cover replications 0 to %d", ErrMerge, points[i].Hash, reps[i])
		}
		out[i] = b
	}
	return out, nil
}

// mismatch says why b is not a block of the sharded sweep's point p, or "".
func (b *Block) mismatch(p PlannedPoint, count int, version, scenarioSHA256 string) string {
	got := RepInfo{CapsimVersion: b.CapsimVersion, ScenarioSHA256: b.ScenarioSHA256, Seed: b.Seed, Replications: b.Replications}
	if b.Shard != nil {
		got.Shard = *b.Shard
	}
	want := RepInfo{CapsimVersion: version, ScenarioSHA256: scenarioSHA256, Seed: p.Seed, Replications: p.Replications,
		Shard: Shard{Count: count}}
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

// missing returns an error wrapping [ErrMerge] that lists the shards
// (of count) owning a unit of plan that have does not hold, or nil.
func missing(plan []Unit, count int, have func(Unit) bool) error {
	var idx []int
	for u, unit := range plan {
		if have(unit) {
			continue
		}
		if s := Owner(u, len(plan), count); !slices.Contains(idx, s) {
			idx = append(idx, s)
		}
	}
	if len(idx) == 0 {
		return nil
	}
	return &MissingError{Shards: idx, Count: count}
}

// MissingError lists the shards whose results are not (all) there.
type MissingError struct {
	Shards []int // in increasing order
	Count  int
}

func (e *MissingError) Error() string {
	s := make([]string, len(e.Shards))
	for i, x := range e.Shards {
		s[i] = strconv.Itoa(x)
	}
	return fmt.Sprintf("experiment: %v: %d of %d shards missing or unfinished: %s (rerun each with --shard I/%d, or as array tasks %s with --shards %d)",
		ErrMerge, len(e.Shards), e.Count, strings.Join(s, ","), e.Count, strings.Join(s, ","), e.Count)
}

// Unwrap makes a MissingError an [ErrMerge].
func (e *MissingError) Unwrap() error { return ErrMerge }
