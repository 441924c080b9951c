package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/capsim/capsim/experiment/shard"
)

// ErrMerge is wrapped by every error of [MergeShards] and [Missing]: shards
// that do not belong together, overlap, or are missing.
var ErrMerge = errors.New("cannot merge")

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
	if err := missing(shard.PlanUnits(reps, count), count, func(u shard.Unit) bool {
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

// missing returns an error wrapping [ErrMerge] that lists the shards
// (of count) owning a unit of plan that have does not hold, or nil.
func missing(plan []shard.Unit, count int, have func(shard.Unit) bool) error {
	var idx []int
	for u, unit := range plan {
		if have(unit) {
			continue
		}
		if s := shard.Owner(u, len(plan), count); !slices.Contains(idx, s) {
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
