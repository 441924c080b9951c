package store

import (
	"fmt"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/capsim/capsim/experiment/shard"
	"github.com/capsim/capsim/internal/safeio"
	"github.com/capsim/capsim/sim"
)

// HasRep reports whether the store holds replication rep whole, with
// info, of the job key: false if it holds none, or one of another job
// (a rerun replaces it); an error wrapping safeio.ErrDamaged if what it
// holds is damaged.
func (s *Store) HasRep(rep int, info RepInfo, key string) (bool, error) {
	d, err := s.readRep(rep)
	if absent(err) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return d.Info == info && d.JobSHA256 == key, nil
}

// restore puts the spilled timeseries back into d's results, to be read
// from their files in the store's directory dir.
func (d *repData) restore(s *Store, dir string) error {
	for _, ref := range d.Series {
		ts := sim.SpilledTimeseries(ref.StepSeconds, ref.Width, ref.N, filepath.Join(s.Dir, filepath.FromSlash(ref.name(dir, d.Rep))))
		switch {
		case ref.Model == "streams" && d.Rep0.Streams != nil && ref.Index < len(d.Rep0.Streams.Locations):
			d.Rep0.Streams.Locations[ref.Index].Timeseries = ts
		case ref.Model == "fleets" && d.Rep0.Fleets != nil && ref.Index < len(d.Rep0.Fleets.Locations):
			d.Rep0.Fleets.Locations[ref.Index].Timeseries = ts
		default:
			return fmt.Errorf("%w: a timeseries of no location (%s %d)", safeio.ErrDamaged, ref.Model, ref.Index)
		}
	}
	return nil
}

// MergeReps returns the replications of a run sharded into
// want.Shard.Count shards, of the job key, read from the store in
// replication order (their timeseries files must stay while they are
// used). It refuses, with a *[RefusedError] listing every problem and the
// shards whose rerun repairs it, damaged replications (rep.gob or a
// spill file not the bytes sealed, a file it did not store), replications
// stored with other info (capsim version, scenario, seed, replications,
// shard count) or of another job, anything else in replications/, and
// shards' reports (shards/) damaged or of another count;
// then missing replications (a *[MissingError] naming the shards to
// rerun).
func MergeReps(st *Store, want RepInfo, key string) ([]Rep, error) {
	ents, err := st.list(repsDir, want.Replications+maxListed+1000)
	if err != nil && !absent(err) {
		return nil, fmt.Errorf("experiment: %w: %v", ErrMerge, err)
	}
	out := make([]Rep, want.Replications)
	have := make([]bool, want.Replications)
	problems, err := st.reportProblems(want.Shard.Count)
	if err != nil {
		return nil, err
	}
	problems = append(st.markerProblems(true), problems...)
	for _, e := range ents {
		name := repsDir + "/" + e.Name()
		if strings.HasPrefix(e.Name(), ".tmp-") {
			continue
		}
		rep, err := strconv.Atoi(strings.TrimPrefix(e.Name(), "r"))
		if err != nil || e.Name() != repName(rep) || rep < 0 || rep >= want.Replications {
			problems = append(problems, Problem{File: name, Why: "of no replication of this run", Shard: -1})
			continue
		}
		owner := shard.Owner(rep, want.Replications, want.Shard.Count)
		d, err := st.readRep(rep)
		if err == nil {
			err = d.restore(st, path.Join(repsDir, e.Name()))
		}
		if err != nil {
			problems = append(problems, Problem{File: name, Why: "unreadable: " + strings.TrimPrefix(err.Error(), "experiment: store: "), Damaged: true, Shard: owner})
			continue
		}
		if why := d.mismatch(want, key); why != "" {
			problems = append(problems, Problem{File: name, Why: why, Shard: owner})
			continue
		}
		out[rep], have[rep] = d.Rep0, true
	}
	if len(problems) > 0 {
		return nil, &RefusedError{Dir: st.Dir, Merge: true, Count: want.Shard.Count, Problems: problems}
	}
	plan := make([]shard.Unit, want.Replications)
	for i := range plan {
		plan[i] = shard.Unit{From: i, To: i + 1}
	}
	if err := missing(plan, want.Shard.Count, func(u shard.Unit) bool { return have[u.From] }); err != nil {
		return nil, err
	}
	return out, nil
}

// mismatch says why a replication stored as d is not one of the run
// want of the job key, or "".
func (d *repData) mismatch(want RepInfo, key string) string {
	if why := d.Info.differs(want, true, "of a run of %d replications, the job's has %d"); why != "" {
		return why
	}
	if d.JobSHA256 != key {
		return fmt.Sprintf("of another job (job_sha256 %.12s, the job file's %.12s: its horizon, warm-up or shown assertions differ)", d.JobSHA256, key)
	}
	return ""
}

// RepBytes is the size of the stored replications [lo, hi).
func (s *Store) RepBytes(lo, hi int) int64 {
	var n int64
	for rep := lo; rep < hi; rep++ {
		dir := path.Join(repsDir, repName(rep))
		ents, _ := s.list(dir, maxEntries)
		for _, e := range ents {
			if fi, err := s.root.Lstat(path.Join(dir, e.Name())); err == nil {
				n += fi.Size()
			}
		}
	}
	return n
}
