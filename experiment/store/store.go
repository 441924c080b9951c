package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/capsim/capsim/simrun"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// ErrNotStore is wrapped by the error of [OpenStore] for a directory that
// holds other files and no store marker.
var ErrNotStore = errors.New("not a sweep store")

const (
	storeMarker = "capsim-sweep.json"
	storeFormat = "capsim-sweep-store/1"
	pointsDir   = "points"
	repsDir     = "replications" // a sharded run's replications (reps.go)
)

// Store is a sweep's directory: a marker file, points/ with one block per
// finished (point, replication range), and the sweep's final outputs. It
// grows; every file in it is written whole (to a temporary file, synced,
// renamed), so a killed sweep leaves only whole files.
type Store struct{ Dir string }

// OpenStore opens dir as a store, creating it (and its marker) if it does
// not exist or is empty. A non-empty directory without the marker is
// refused with an error wrapping [ErrNotStore].
func OpenStore(dir string) (*Store, error) {
	return openStore(dir, storeMarker, storeFormat, pointsDir, ErrNotStore)
}

// notStore is an error that is [ErrNotStore] for errors.Is, for stores
// other than a sweep's.
type notStore string

func (e notStore) Error() string        { return string(e) }
func (e notStore) Is(target error) bool { return target == ErrNotStore }

// openStore opens dir as a store marked by the file marker of format,
// with its results under sub; notAStore (wrapping ErrNotStore) names what
// a directory without the marker is not.
func openStore(dir, marker, format, sub string, notAStore error) (*Store, error) {
	s := &Store{Dir: dir}
	ents, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("experiment: store: %w", err)
	case slices.ContainsFunc(ents, notStarting):
		if _, err := os.Stat(filepath.Join(dir, marker)); err != nil {
			return nil, fmt.Errorf("experiment: store %s: %w: it holds other files and no %s", dir, notAStore, marker)
		}
		return s, os.MkdirAll(filepath.Join(dir, sub), 0o755)
	}
	if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
		return nil, fmt.Errorf("experiment: store: %w", err)
	}
	err = s.WriteFile(marker, func(w io.Writer) error {
		_, err := fmt.Fprintf(w, "{\n  \"format\": %q\n}\n", format)
		return err
	})
	return s, err
}

// notStarting reports whether e is more than another process opening the
// same store at the same moment (shards starting together) has made: its
// points directory or the marker's temporary file.
func notStarting(e os.DirEntry) bool {
	return e.Name() != pointsDir && e.Name() != repsDir && !strings.HasPrefix(e.Name(), ".tmp-")
}

// WriteFile writes name (a path under the store, its directories made as
// needed) in the store whole: to a temporary file beside it, synced, then
// renamed over name.
func (s *Store) WriteFile(name string, write func(io.Writer) error) error {
	path := filepath.Join(s.Dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("experiment: store: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(name)+"-*")
	if err != nil {
		return fmt.Errorf("experiment: store: %w", err)
	}
	defer os.Remove(f.Name()) // fails harmlessly once renamed
	if err = f.Chmod(0o644); err == nil {
		err = write(f)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("experiment: store: write %s: %w", name, err)
	}
	return nil
}

func blockName(hash string, from, to int) string {
	return filepath.Join(pointsDir, hash+".r"+strconv.Itoa(from)+"-"+strconv.Itoa(to)+".json")
}

// Save writes b as its block file.
func (s *Store) Save(b *Block) error {
	return s.WriteFile(blockName(b.PointSHA256, b.From, b.To), func(w io.Writer) error {
		data, err := json.MarshalIndent(b, "", " ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(data, '\n'))
		return err
	})
}

// Load returns the blocks of the point hash merged into one covering
// replications [0, reps), if the store has blocks of this capsim version
// and seed that tile that range exactly; otherwise false (the point is to
// be run). Blocks that do not fit are ignored.
func (s *Store) Load(hash string, seed uint64, reps int, version string) (*Block, bool) {
	files, _ := filepath.Glob(filepath.Join(s.Dir, pointsDir, hash+".r*.json"))
	var blocks []*Block
	for _, f := range files {
		b, err := readBlock(f)
		if err != nil || b.PointSHA256 != hash || b.CapsimVersion != version || b.Seed != seed || b.Replications != reps {
			continue
		}
		blocks = append(blocks, b)
	}
	slices.SortFunc(blocks, func(a, b *Block) int { return a.From - b.From })
	return merge(blocks, reps)
}

func readBlock(path string) (*Block, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	b := &Block{}
	if err := json.Unmarshal(data, b); err != nil {
		return nil, err
	}
	if b.Format != blockFormat || b.From < 0 || b.To <= b.From {
		return nil, fmt.Errorf("experiment: %s: not a block", path)
	}
	for _, sc := range b.Scopes {
		for _, m := range sc.Metrics {
			if len(m.Reps) != b.To-b.From {
				return nil, fmt.Errorf("experiment: %s: %s %s has %d values", path, sc.Name, m.Name, len(m.Reps))
			}
		}
	}
	return b, nil
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
		return x.Name == y.Name && x.Owner == y.Owner && x.Location == y.Location &&
			slices.EqualFunc(x.Metrics, y.Metrics, func(p, q simrun.Series) bool { return p.Name == q.Name })
	})
}

// Clean removes temporary files (and a run's temporary replication
// directories) a killed sweep or shard left in the store.
func (s *Store) Clean() {
	for _, d := range []string{s.Dir, filepath.Join(s.Dir, pointsDir), filepath.Join(s.Dir, "plots"), filepath.Join(s.Dir, repsDir)} {
		ents, _ := os.ReadDir(d)
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), ".tmp-") {
				os.RemoveAll(filepath.Join(d, e.Name()))
			}
		}
	}
}
