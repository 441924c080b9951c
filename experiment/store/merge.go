package store

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/capsim/capsim/experiment/shard"
)

// MergeShards returns each point's results merged from the blocks the
// shards of the sweep job wrote into st, in the order of points (points
// of one hash, a design's repeated or equal points, share their blocks).
// It refuses, with a *[RefusedError] wrapping [ErrMerge] that lists
// every problem and the shards whose rerun repairs it, damaged blocks
// (their bytes not the ones sealed, or not what their names say),
// blocks of another job (capsim version, scenario, seed, shard count,
// job key), blocks of no point of the sweep, a symbolic link or anything
// but a block file in points/, blocks whose replications overlap, and
// shards' reports (shards/) damaged or of another count;
// then missing blocks (a *[MissingError] naming the shards to rerun).
func MergeShards(st *Store, job SweepJob) ([]*Block, error) {
	uniq, at := uniquePlanned(job.Points)
	reps := make([]int, len(uniq))
	for k, p := range uniq {
		reps[k] = p.Replications
	}
	plan := shard.PlanUnits(reps, job.Count)
	owner := unitOwners(uniq, plan, job.Count)
	ents, err := st.list(pointsDir, len(plan)+maxListed+1000)
	if err != nil {
		return nil, fmt.Errorf("experiment: %w: %v", ErrMerge, err)
	}
	found := make([][]*Block, len(uniq))
	problems, err := st.reportProblems(job.Count)
	if err != nil {
		return nil, err
	}
	problems = append(st.markerProblems(false), problems...)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			continue // a killed shard's; merge removes it
		}
		b, p := st.mergeBlock(e.Name(), e.Type().IsRegular(), job, at, owner)
		if p != nil {
			problems = append(problems, *p)
			continue
		}
		found[at[b.PointSHA256]] = append(found[at[b.PointSHA256]], b)
	}
	for k := range uniq {
		slices.SortFunc(found[k], func(a, b *Block) int { return a.From - b.From })
	}
	if len(problems) > 0 {
		return nil, &RefusedError{Dir: st.Dir, Merge: true, Count: job.Count, Problems: problems}
	}
	if err := missing(plan, job.Count, func(u shard.Unit) bool {
		return slices.ContainsFunc(found[u.Point], func(b *Block) bool { return b.From == u.From && b.To == u.To })
	}); err != nil {
		return nil, err
	}
	out := make([]*Block, len(job.Points))
	for i, p := range job.Points {
		k := at[p.Hash]
		b, ok := merge(found[k], reps[k])
		if !ok {
			return nil, fmt.Errorf("experiment: %w: point %s: its blocks do not cover replications 0 to %d", ErrMerge, p.Hash, reps[k])
		}
		out[i] = b
	}
	return out, nil
}

// mergeBlock reads points/name for the merge of job, or says why the
// merge refuses it. at indexes the job's distinct points by hash; owner
// gives the shard that writes a block, by its file name.
func (st *Store) mergeBlock(name string, regular bool, job SweepJob, at map[string]int, owner map[string]int) (*Block, *Problem) {
	file := path.Join(pointsDir, name)
	sh, planned := owner[file]
	if !planned {
		sh = -1
	}
	if !regular {
		return nil, &Problem{File: file, Why: "not a block file (a directory or a symbolic link)", Damaged: true, Shard: -1}
	}
	hash, _, _, ok := parseBlockName(name)
	if _, ours := at[hash]; !ok || !ours {
		return nil, &Problem{File: file, Why: "of no point of this sweep (another design or scenario)", Shard: -1}
	}
	b, err := st.readBlock(file)
	if err != nil {
		return nil, &Problem{File: file, Why: "unreadable: " + strings.TrimPrefix(err.Error(), "experiment: "), Damaged: true, Shard: sh}
	}
	if !planned { // the plan's blocks tile each point: this one overlaps them
		return nil, &Problem{File: file, Why: fmt.Sprintf("overlapping results: replications %d to %d are no block of this job's plan", b.From, b.To), Shard: -1}
	}
	if why := b.mismatch(job.Points[firstOf(job.Points, hash)], job); why != "" {
		return nil, &Problem{File: file, Why: why, Shard: sh}
	}
	return b, nil
}

// uniquePlanned are the distinct points of planned (by hash, first
// occurrences in order) and each hash's index among them.
func uniquePlanned(planned []PlannedPoint) ([]PlannedPoint, map[string]int) {
	at := map[string]int{}
	var uniq []PlannedPoint
	for _, p := range planned {
		if _, ok := at[p.Hash]; !ok {
			at[p.Hash] = len(uniq)
			uniq = append(uniq, p)
		}
	}
	return uniq, at
}

// firstOf is the index of the first point of hash in planned.
func firstOf(planned []PlannedPoint, hash string) int {
	return slices.IndexFunc(planned, func(p PlannedPoint) bool { return p.Hash == hash })
}

// unitOwners maps each planned unit's block file to the shard that
// writes it.
func unitOwners(uniq []PlannedPoint, plan []shard.Unit, count int) map[string]int {
	out := make(map[string]int, len(plan))
	for u, unit := range plan {
		out[blockName(uniq[unit.Point].Hash, unit.From, unit.To)] = shard.Owner(u, len(plan), count)
	}
	return out
}
