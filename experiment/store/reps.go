package store

import (
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/capsim/capsim/experiment/shard"
	"github.com/capsim/capsim/internal/outdir"
	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
)

// A sharded run's store holds one directory per replication,
// replications/rNNNNNN: the models' results in rep.gob (every field, the
// latency sketches exactly, as sim.Sketch's binary form) and each
// location's timeseries as the models spill it (sim.SpillPath files, bit
// for bit the values), so that a merge rebuilds the replications a run
// would hold in memory and writes the same outputs from them.
const (
	runMarker = "capsim-run-store.json"
	runFormat = "capsim-run-store/1"
	repFormat = "capsim-run-rep/1"
	repFile   = "rep.gob"
)

// OpenRunStore opens dir as a sharded run's store, as [OpenStore] does a
// sweep's.
func OpenRunStore(dir string) (*Store, error) {
	return openStore(dir, runMarker, runFormat, repsDir, notStore("not a sharded run's store"))
}

// Rep is one replication of a run: both models' results (Fleets nil
// without fleets).
type Rep struct {
	Streams *streams.Result
	Fleets  *fleets.Result
}

// repData is the content of rep.gob.
type repData struct {
	Format string
	Info   RepInfo
	Rep    int
	Series []seriesRef
	Rep0   Rep
}

// seriesRef is a spilled timeseries of location Index of Model.
type seriesRef struct {
	Model       string // "streams" or "fleets", as sim.SpillPath names it
	Index       int
	StepSeconds float64
	Width, N    int
}

// RepTemp makes a scratch directory in the store for replication rep,
// for the models to spill its timeseries into (their TimeseriesDir) before
// [Store.SaveRep] stores it.
func (s *Store) RepTemp(rep int) (string, error) {
	d, err := os.MkdirTemp(filepath.Join(s.Dir, repsDir), fmt.Sprintf(".tmp-r%06d-", rep))
	if err != nil {
		return "", fmt.Errorf("experiment: store: %w", err)
	}
	return d, nil
}

func repName(rep int) string { return fmt.Sprintf("r%06d", rep) }

// SaveRep stores replication rep of a run, whose timeseries the models
// spilled into tmp (from RepTemp): the results written to tmp/rep.gob,
// every file synced, then tmp renamed to replications/rNNNNNN, so a
// replication is in the store whole or not at all. A replication stored
// already with the same info is kept (a duplicated shard computes the same
// replication) and tmp removed.
func (s *Store) SaveRep(tmp string, rep int, info RepInfo, r Rep) error {
	defer os.RemoveAll(tmp) // a no-op once renamed
	d := repData{Format: repFormat, Info: info, Rep: rep}
	var err error
	if r.Streams != nil {
		c := *r.Streams
		if c.Locations, err = strip(c.Locations, streamsSeries, "streams", tmp, rep, &d.Series); err != nil {
			return err
		}
		d.Rep0.Streams = &c
	}
	if r.Fleets != nil {
		c := *r.Fleets
		if c.Locations, err = strip(c.Locations, fleetsSeries, "fleets", tmp, rep, &d.Series); err != nil {
			return err
		}
		d.Rep0.Fleets = &c
	}
	if err := writeGob(filepath.Join(tmp, repFile), &d); err != nil {
		return err
	}
	if err := syncDir(tmp); err != nil {
		return fmt.Errorf("experiment: store: replication %d: %w", rep, err)
	}
	final := filepath.Join(s.Dir, repsDir, repName(rep))
	if err := os.Rename(tmp, final); err == nil {
		return nil
	}
	if old, err := s.readRep(rep); err == nil && old.Info == info {
		return nil // stored already, by this shard's earlier run or a duplicate
	}
	aside := tmp + "-old"                                        // a .tmp- name: Clean removes a leftover
	if _, err := outdir.Replace(tmp, final, aside); err != nil { // the stored replication back on failure
		return fmt.Errorf("experiment: store: replication %d: %w", rep, err)
	}
	_ = os.RemoveAll(aside)
	return nil
}

func streamsSeries(l *streams.LocationResult) **sim.Timeseries { return &l.Timeseries }
func fleetsSeries(l *fleets.LocationResult) **sim.Timeseries   { return &l.Timeseries }

// strip returns a copy of locs without their timeseries, each recorded in
// refs after checking that it is spilled, whole, in dir.
func strip[L any](locs []L, series func(*L) **sim.Timeseries, model, dir string, rep int, refs *[]seriesRef) ([]L, error) {
	out := append([]L(nil), locs...)
	for i := range out {
		p := series(&out[i])
		ts := *p
		if ts == nil {
			continue
		}
		ref := seriesRef{Model: model, Index: i, StepSeconds: ts.StepSeconds, Width: ts.Width(), N: ts.Buckets()}
		if !ts.Spilled() {
			return nil, fmt.Errorf("experiment: store: replication %d: %s location %d: timeseries not spilled to a file", rep, model, i)
		}
		if err := ref.check(dir, rep); err != nil {
			return nil, err
		}
		*refs = append(*refs, ref)
		*p = nil
	}
	return out, nil
}

// path is the series' file in dir.
func (r seriesRef) path(dir string, rep int) string { return sim.SpillPath(dir, r.Model, rep, r.Index) }

// check reports an error unless the series' file in dir holds N rows of
// Width values.
func (r seriesRef) check(dir string, rep int) error {
	fi, err := os.Stat(r.path(dir, rep))
	if err != nil {
		return fmt.Errorf("experiment: store: replication %d: %w", rep, err)
	}
	if want := int64(8 * r.Width * r.N); fi.Size() != want {
		return fmt.Errorf("experiment: store: replication %d: %s has %d bytes, want %d", rep, filepath.Base(r.path(dir, rep)), fi.Size(), want)
	}
	return nil
}

func writeGob(path string, v any) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("experiment: store: %w", err)
	}
	err = gob.NewEncoder(f).Encode(v)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("experiment: store: %s: %w", path, err)
	}
	return nil
}

// syncDir syncs every file in dir, then dir.
func syncDir(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range append(ents, nil) {
		path := dir
		if e != nil {
			path = filepath.Join(dir, e.Name())
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// readRep reads replication rep's rep.gob (its timeseries not opened).
func (s *Store) readRep(rep int) (*repData, error) {
	f, err := os.Open(filepath.Join(s.Dir, repsDir, repName(rep), repFile))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d := &repData{}
	if err := gob.NewDecoder(f).Decode(d); err != nil {
		return nil, fmt.Errorf("%s: %w", repName(rep), err)
	}
	if d.Format != repFormat || d.Rep != rep {
		return nil, fmt.Errorf("%s: not replication %d of format %s", repName(rep), rep, repFormat)
	}
	return d, nil
}

// HasRep reports whether the store holds replication rep whole, with info.
func (s *Store) HasRep(rep int, info RepInfo) bool {
	d, err := s.readRep(rep)
	return err == nil && d.Info == info && d.restore(filepath.Join(s.Dir, repsDir, repName(rep))) == nil
}

// restore puts the spilled timeseries back into d's results, reading
// them from dir.
func (d *repData) restore(dir string) error {
	for _, ref := range d.Series {
		if err := ref.check(dir, d.Rep); err != nil {
			return err
		}
		ts := sim.SpilledTimeseries(ref.StepSeconds, ref.Width, ref.N, ref.path(dir, d.Rep))
		switch {
		case ref.Model == "streams" && d.Rep0.Streams != nil && ref.Index < len(d.Rep0.Streams.Locations):
			d.Rep0.Streams.Locations[ref.Index].Timeseries = ts
		case ref.Model == "fleets" && d.Rep0.Fleets != nil && ref.Index < len(d.Rep0.Fleets.Locations):
			d.Rep0.Fleets.Locations[ref.Index].Timeseries = ts
		default:
			return fmt.Errorf("experiment: store: replication %d: a timeseries of no location (%s %d)", d.Rep, ref.Model, ref.Index)
		}
	}
	return nil
}

// MergeReps returns the replications of a run sharded into want.Shard.Count
// shards, read from the store in replication order (their timeseries
// files must stay while they are used). It refuses, with an error wrapping
// [ErrMerge] listing every problem, replications stored with other info
// (capsim version, scenario, seed, replications, shard count) and missing
// replications, naming the shards to rerun.
func MergeReps(st *Store, want RepInfo) ([]Rep, error) {
	ents, _ := os.ReadDir(filepath.Join(st.Dir, repsDir))
	out := make([]Rep, want.Replications)
	have := make([]bool, want.Replications)
	var problems []string
	for _, e := range ents {
		name := repsDir + "/" + e.Name()
		rep, err := strconv.Atoi(strings.TrimPrefix(e.Name(), "r"))
		if strings.HasPrefix(e.Name(), ".tmp-") {
			continue
		}
		if err != nil || e.Name() != repName(rep) || rep < 0 || rep >= want.Replications {
			problems = append(problems, name+": of no replication of this run")
			continue
		}
		d, err := st.readRep(rep)
		if err == nil {
			err = d.restore(filepath.Join(st.Dir, repsDir, e.Name()))
		}
		if err != nil {
			problems = append(problems, name+": unreadable: "+strings.TrimPrefix(err.Error(), "experiment: store: "))
			continue
		}
		if why := d.Info.mismatch(want); why != "" {
			problems = append(problems, name+": "+why)
			continue
		}
		out[rep], have[rep] = d.Rep0, true
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("experiment: %w: %s", ErrMerge, strings.Join(problems, "; "))
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

// mismatch says why a replication stored with info i is not one of the
// run want, or "".
func (i RepInfo) mismatch(want RepInfo) string {
	return i.differs(want, true, "of a run of %d replications, the job's has %d")
}

// RepBytes is the size of the stored replications [lo, hi).
func (s *Store) RepBytes(lo, hi int) int64 {
	var n int64
	for rep := lo; rep < hi; rep++ {
		ents, _ := os.ReadDir(filepath.Join(s.Dir, repsDir, repName(rep)))
		for _, e := range ents {
			if fi, err := e.Info(); err == nil {
				n += fi.Size()
			}
		}
	}
	return n
}
