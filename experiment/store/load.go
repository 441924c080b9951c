package store

import (
	"path"
	"slices"
	"strings"

	"github.com/capsim/capsim/simrun"
)

// blockFiles lists points/ once: each point hash's block files, by name.
// Names that are not a block's (another tool's files) are not read.
func (s *Store) blockFiles() (map[string][]string, error) {
	ents, err := s.list(pointsDir, maxEntries)
	if absent(err) {
		return nil, nil
	} else if err != nil {
		return nil, refused(s.Dir, err)
	}
	out := map[string][]string{}
	for _, e := range ents {
		if hash, _, _, ok := parseBlockName(e.Name()); ok {
			out[hash] = append(out[hash], e.Name())
		}
	}
	return out, nil
}

// Load returns the blocks of the point hash merged into one covering
// replications [0, reps), if the store has blocks of this capsim version
// and seed that tile that range exactly; otherwise false (the point is to
// be run). Blocks of another version, seed or replication count are
// ignored (a rerun replaces them); a damaged one is a *[RefusedError]
// wrapping [ErrDamaged].
func (s *Store) Load(hash string, seed uint64, reps int, version string) (*Block, bool, error) {
	files, err := s.blockFiles()
	if err != nil {
		return nil, false, err
	}
	b, ok, problems := s.load(files[hash], hash, seed, reps, version)
	if len(problems) > 0 {
		return nil, false, &RefusedError{Dir: s.Dir, Problems: problems}
	}
	return b, ok, nil
}

// load is Load of the block files names of hash (in points/), the
// damaged ones returned as problems.
func (s *Store) load(names []string, hash string, seed uint64, reps int, version string) (*Block, bool, []Problem) {
	var blocks []*Block
	var problems []Problem
	for _, name := range names {
		file := path.Join(pointsDir, name)
		b, err := s.readBlock(file)
		if absent(err) {
			continue // removed since listed
		} else if err != nil {
			problems = append(problems, Problem{File: file, Why: "unreadable: " + strings.TrimPrefix(err.Error(), "experiment: "), Damaged: true, Shard: -1})
			continue
		}
		if b.CapsimVersion != version || b.Seed != seed || b.Replications != reps ||
			(b.Shard == nil && b.JobSHA256 != pointJob(version, hash, seed, reps)) {
			continue
		}
		blocks = append(blocks, b)
	}
	if len(problems) > 0 {
		return nil, false, problems
	}
	slices.SortFunc(blocks, func(a, b *Block) int { return a.From - b.From })
	b, ok := merge(blocks, reps)
	return b, ok, nil
}

// merge joins blocks sorted by From into one covering [0, reps), taking a
// chain of adjacent blocks from 0; false if there is none.
func merge(blocks []*Block, reps int) (*Block, bool) {
	var chain []*Block
	next := 0
	for _, b := range blocks {
		if b.From == next && b.To <= reps && (len(chain) == 0 || compatible(b, chain[0])) {
			chain = append(chain, b)
			next = b.To
		}
	}
	if next != reps || len(chain) == 0 {
		return nil, false
	}
	out := *chain[0]
	out.From, out.To = 0, reps
	out.Scopes = slices.Clone(out.Scopes)
	for s := range out.Scopes {
		out.Scopes[s].Metrics = slices.Clone(out.Scopes[s].Metrics)
		for m := range out.Scopes[s].Metrics {
			var all simrun.Values
			for _, b := range chain {
				all = append(all, b.Scopes[s].Metrics[m].Reps...)
			}
			out.Scopes[s].Metrics[m].Reps = all
		}
	}
	return &out, true
}

// compatible reports whether two blocks of a point list the same scopes
// and metrics.
func compatible(a, b *Block) bool {
	return slices.EqualFunc(a.Scopes, b.Scopes, func(x, y simrun.Scope) bool {
		return x.Name == y.Name && x.Owner == y.Owner && x.Location == y.Location && x.Region == y.Region &&
			slices.EqualFunc(x.Metrics, y.Metrics, func(p, q simrun.Series) bool { return p.Name == q.Name })
	})
}
