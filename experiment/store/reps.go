package store

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/capsim/capsim/internal/outdir"
	"github.com/capsim/capsim/internal/safeio"
	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
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

// repData is the content of rep.gob, before its seal.
type repData struct {
	Format    string
	Info      RepInfo
	JobSHA256 string // the job it belongs to: shard.Job.Key
	Rep       int
	Series    []seriesRef
	Rep0      Rep
}

// seriesRef is a spilled timeseries of location Index of Model.
type seriesRef struct {
	Model       string // "streams" or "fleets", as sim.SpillPath names it
	Index       int
	StepSeconds float64
	Width, N    int
	SHA256      string // of the file's bytes
}

// RepTemp makes a scratch directory in the store for replication rep,
// for the models to spill its timeseries into (their TimeseriesDir) before
// [Store.SaveRep] stores it; it returns its path, registered with
// Scratch.
func (s *Store) RepTemp(rep int) (string, error) {
	name := path.Join(repsDir, fmt.Sprintf(".tmp-r%06d-%s", rep, rand.Text()[:12]))
	abs := filepath.Join(s.Dir, filepath.FromSlash(name))
	if !s.Scratch.Track(abs) {
		return "", outdir.ErrInterrupted
	}
	if err := s.root.Mkdir(name, 0o755); err != nil {
		s.Scratch.Forget(abs)
		return "", fmt.Errorf("experiment: store: %w", err)
	}
	return abs, nil
}

func repName(rep int) string { return fmt.Sprintf("r%06d", rep) }

// SaveRep stores replication rep of a run of the job key, whose
// timeseries the models spilled into tmp (from RepTemp): the results
// written to tmp/rep.gob, sealed, with each spill file's SHA-256, every
// file synced, then tmp renamed to replications/rNNNNNN, so a replication
// is in the store whole or not at all. A replication stored already,
// whole and of the same job, is kept (a duplicated shard computes the
// same replication) and tmp removed.
func (s *Store) SaveRep(tmp string, rep int, info RepInfo, key string, r Rep) error {
	rel := path.Join(repsDir, filepath.Base(tmp))
	defer s.Scratch.Forget(tmp)
	defer s.root.RemoveAll(rel) // fails harmlessly once renamed
	d := repData{Format: repFormat, Info: info, JobSHA256: key, Rep: rep}
	var err error
	if r.Streams != nil {
		c := *r.Streams
		if c.Locations, err = strip(s, c.Locations, streamsSeries, "streams", rel, rep, &d.Series); err != nil {
			return err
		}
		d.Rep0.Streams = &c
	}
	if r.Fleets != nil {
		c := *r.Fleets
		if c.Locations, err = strip(s, c.Locations, fleetsSeries, "fleets", rel, rep, &d.Series); err != nil {
			return err
		}
		d.Rep0.Fleets = &c
	}
	if err := s.writeRep(path.Join(rel, repFile), &d); err != nil {
		return fmt.Errorf("experiment: store: replication %d: %w", rep, err)
	}
	final := path.Join(repsDir, repName(rep))
	return s.Scratch.Settle(tmp, func() error {
		if err := s.root.Rename(rel, final); err == nil {
			return nil
		}
		if old, err := s.readRep(rep); err == nil && old.Info == info && old.JobSHA256 == key {
			return nil // stored already, whole, by this shard's earlier run or a duplicate
		}
		aside := rel + "-old" // a .tmp- name: Clean removes a leftover
		if _, err := outdir.ReplaceIn(s.root, rel, final, aside); err != nil {
			return fmt.Errorf("experiment: store: replication %d: %w", rep, err)
		}
		return s.root.RemoveAll(aside)
	})
}

// writeRep writes d, gob-encoded and sealed, to name, and syncs it and
// every other file of its directory, then the directory.
func (s *Store) writeRep(name string, d *repData) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(d); err != nil {
		return err
	}
	f, err := s.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(safeio.Seal(buf.Bytes()))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return s.syncDir(path.Dir(name))
}

func streamsSeries(l *streams.LocationResult) **sim.Timeseries { return &l.Timeseries }
func fleetsSeries(l *fleets.LocationResult) **sim.Timeseries   { return &l.Timeseries }

// strip returns a copy of locs without their timeseries, each recorded in
// refs, with its SHA-256, after checking that it is spilled, whole, in
// dir (a slash name under the store).
func strip[L any](s *Store, locs []L, series func(*L) **sim.Timeseries, model, dir string, rep int, refs *[]seriesRef) ([]L, error) {
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
		sum, err := s.sumFile(ref.name(dir, rep), ref.bytes())
		if err != nil {
			return nil, fmt.Errorf("experiment: store: replication %d: %w", rep, err)
		}
		ref.SHA256 = sum
		*refs = append(*refs, ref)
		*p = nil
	}
	return out, nil
}

// name is the series' file in dir (a slash name under the store).
func (r seriesRef) name(dir string, rep int) string {
	return path.Join(dir, filepath.Base(sim.SpillPath("", r.Model, rep, r.Index)))
}

// bytes is the size of the series' file: N rows of Width float64s.
func (r seriesRef) bytes() int64 { return 8 * int64(r.Width) * int64(r.N) }

// sumFile returns the SHA-256 of name, which must be a regular file of
// size bytes.
func (s *Store) sumFile(name string, size int64) (string, error) {
	fi, err := s.root.Lstat(name)
	if err != nil {
		return "", err
	}
	if !fi.Mode().IsRegular() || fi.Size() != size {
		return "", fmt.Errorf("%s: %d bytes (%v), want a file of %d", path.Base(name), fi.Size(), fi.Mode().Type(), size)
	}
	f, err := s.root.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if n, err := io.Copy(h, io.LimitReader(f, size+1)); err != nil || n != size {
		return "", fmt.Errorf("%s: read %d bytes of %d: %v", path.Base(name), n, size, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// syncDir syncs every file in dir (a slash name under the store), then
// dir.
func (s *Store) syncDir(dir string) error {
	ents, err := s.list(dir, maxEntries)
	if err != nil {
		return err
	}
	for _, e := range append(ents, nil) {
		name := dir
		if e != nil {
			name = path.Join(dir, e.Name())
		}
		f, err := s.root.Open(name)
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

// readRep reads and checks replication rep: its rep.gob (sealed, of this
// format and replication) and every file of its directory (a spill file
// of rep.gob's, whole, its SHA-256 the one recorded, and nothing else).
// Its timeseries are not opened. A replication not stored is
// fs.ErrNotExist; any other error wraps safeio.ErrDamaged.
func (s *Store) readRep(rep int) (*repData, error) {
	dir := path.Join(repsDir, repName(rep))
	fi, err := s.root.Lstat(dir)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%w: not a directory (%v)", safeio.ErrDamaged, fi.Mode().Type())
	}
	data, err := s.ReadFile(path.Join(dir, repFile), maxRepBytes)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", safeio.ErrDamaged, err) // err names the file
	}
	d, err := parseRep(rep, data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", safeio.ErrDamaged, repFile, strings.TrimPrefix(err.Error(), safeio.ErrDamaged.Error()+": "))
	}
	if err := s.checkRepFiles(dir, d); err != nil {
		return nil, fmt.Errorf("%w: %v", safeio.ErrDamaged, err)
	}
	return d, nil
}

// parseRep reads data, the bytes of replication rep's rep.gob: sealed,
// of this format and replication.
func parseRep(rep int, data []byte) (*repData, error) {
	body, err := safeio.Unseal(data)
	if err != nil {
		return nil, err
	}
	d := &repData{}
	if err := gob.NewDecoder(bytes.NewReader(body)).Decode(d); err != nil {
		return nil, err
	}
	if d.Format != repFormat || d.Rep != rep {
		return nil, fmt.Errorf("not replication %d of format %s", rep, repFormat)
	}
	return d, nil
}

// checkRepFiles checks that dir holds rep.gob and d's spill files, each
// whole with its recorded SHA-256, and nothing else.
func (s *Store) checkRepFiles(dir string, d *repData) error {
	want := map[string]seriesRef{}
	for _, ref := range d.Series {
		want[path.Base(ref.name(dir, d.Rep))] = ref
	}
	ents, err := s.list(dir, len(want)+2)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if _, ok := want[e.Name()]; !ok && e.Name() != repFile {
			return fmt.Errorf("it holds %s, which it did not store", e.Name())
		}
	}
	for name, ref := range want {
		sum, err := s.sumFile(path.Join(dir, name), ref.bytes())
		if err != nil {
			return err
		}
		if sum != ref.SHA256 {
			return fmt.Errorf("%s: its bytes do not match the SHA-256 stored for it", name)
		}
	}
	return nil
}
