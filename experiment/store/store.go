package store

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/capsim/capsim/experiment/shard"
	"github.com/capsim/capsim/internal/outdir"
	"github.com/capsim/capsim/internal/safeio"
)

// ErrNotStore is wrapped by the error of [OpenStore] for a directory that
// holds other files and no store marker, that is not a directory, or
// that holds a symbolic link where the store keeps its files.
var ErrNotStore = errors.New("not a sweep store")

const (
	storeMarker = "capsim-sweep.json"
	storeFormat = "capsim-sweep-store/2"
	pointsDir   = "points"
	plotsDir    = "plots"
	shardsDir   = "shards"       // a shard's report when it finished (shard.DoneDir)
	repsDir     = "replications" // a sharded run's replications (reps.go)
	jobFile     = "capsim-shard.json"
)

// A sharded run's store holds one directory per replication,
// replications/rNNNNNN: the models' results in rep.gob (every field, the
// latency sketches exactly, as sim.Sketch's binary form; sealed with its
// SHA-256) and each location's timeseries as the models spill it
// (sim.SpillPath files, bit for bit the values, each one's SHA-256 in
// rep.gob), so that a merge rebuilds the replications a run would hold in
// memory and writes the same outputs from them.
const (
	runMarker   = "capsim-run-store.json"
	runFormat   = "capsim-run-store/2"
	repFormat   = "capsim-run-rep/2"
	repFile     = "rep.gob"
	maxRepBytes = 256 << 20
)

// Limits on what a store's files may hold, checked before they are read.
const (
	maxMarkerBytes = 1 << 20
	maxBlockBytes  = 256 << 20 // a block of 100,000 replications of many locations
	maxEntries     = 1 << 20   // names in one directory of a store
)

// Store is a sweep's or a sharded run's directory: a marker file, its
// units (points/ of a sweep, replications/ of a run) and the final
// outputs. It grows; every file in it is written whole (to a temporary
// file, synced, renamed) and sealed with its SHA-256, so a killed sweep
// leaves only whole files and a damaged one is found. Every file is read
// and written through a root on Dir, which follows no symbolic link out
// of it.
type Store struct {
	Dir  string
	root *os.Root
	// Scratch, if set, is told of every temporary file and directory
	// the store makes, so that a signal removes them (outdir.Set).
	Scratch *outdir.Set
}

// OpenStore opens dir as a sweep's store, creating it (and its marker) if
// it does not exist or is empty. A non-empty directory without the
// marker, a file, a directory with a symbolic link where the store keeps
// its files, and a marker not sealed by this capsim are refused with an
// error wrapping [ErrNotStore].
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
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("experiment: store: %w", err)
		}
	case err != nil:
		return nil, fmt.Errorf("experiment: store: %w", err)
	case !fi.IsDir():
		return nil, refused(dir, fmt.Errorf("%s is not a directory", dir))
	}
	s, err := Open(dir)
	if err != nil {
		return nil, err
	}
	if err := s.claim(marker, format, sub, notAStore); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Open opens the existing store dir as it is, for a merge: nothing is
// created. A symbolic link where the store keeps its files is refused.
func Open(dir string) (*Store, error) {
	fi, err := os.Stat(dir)
	if err == nil && !fi.IsDir() {
		err = fmt.Errorf("%s is not a directory", dir)
	}
	if err != nil {
		return nil, refused(dir, err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("experiment: store: %w", err)
	}
	s := &Store{Dir: dir, root: root}
	if err := s.checkLinks(); err != nil {
		root.Close()
		return nil, err
	}
	return s, nil
}

// refused is err, why capsim will not use dir as a store, as an error
// that is ErrNotStore.
func refused(dir string, err error) error {
	return notStore(fmt.Sprintf("experiment: store %s: %v", dir, err))
}

// Close releases the store's root.
func (s *Store) Close() error { return s.root.Close() }

// checkLinks refuses a store where a file or directory it keeps is a
// symbolic link: capsim writes and removes only inside its --out DIR.
func (s *Store) checkLinks() error {
	for _, name := range []string{pointsDir, plotsDir, shardsDir, repsDir, storeMarker, runMarker, jobFile} {
		fi, err := s.root.Lstat(name)
		if err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			to, _ := s.root.Readlink(name)
			return refused(s.Dir, fmt.Errorf("%s is a symbolic link (to %s): capsim writes only inside its --out DIR and follows no link out of it; remove the link",
				filepath.Join(s.Dir, name), to))
		}
	}
	return nil
}

// claim checks the store's marker, or writes it into an empty directory
// (one that holds no more than shards starting together make: sub, the
// marker's temporary file) or a shards' store that holds its job file
// (its marker removed, being damaged), and makes sub.
func (s *Store) claim(marker, format, sub string, notAStore error) error {
	data, err := safeio.ReadFileIn(s.root, marker, maxMarkerBytes)
	written := false
	if errors.Is(err, fs.ErrNotExist) {
		again, cerr := s.claimEmpty(marker, format, sub, notAStore)
		switch {
		case cerr != nil:
			return cerr
		case again:
			// Another process (a duplicated or sibling shard) wrote the
			// marker between the read and the listing: check it.
			data, err = safeio.ReadFileIn(s.root, marker, maxMarkerBytes)
		default:
			written = true
		}
	}
	switch {
	case written:
	case err != nil:
		return refused(s.Dir, fmt.Errorf("%w: %s: %w", notAStore, marker, err))
	default:
		var m struct{ Format string }
		if err := safeio.DecodeSealedJSON(data, &m); err != nil || m.Format != format {
			return refused(s.Dir, fmt.Errorf("%w: %s is not a %s marker of this capsim (%v); name a new --out DIR, or the one this store's capsim wrote",
				notAStore, marker, format, errOr(err, "format "+m.Format)))
		}
	}
	if err := s.root.Mkdir(sub, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("experiment: store: %w", err)
	}
	return nil
}

// claimEmpty writes the marker into a directory without one, if it holds
// no more than shards starting together make (sub, temporary files) or is
// a shards' store of this kind whose marker was removed (it holds its job
// file). It reports again, without writing, when the listing finds the
// marker: another process wrote it after the caller found none.
func (s *Store) claimEmpty(marker, format, sub string, notAStore error) (again bool, err error) {
	ents, err := s.list(".", maxEntries)
	if err != nil {
		return false, fmt.Errorf("experiment: store: %w", err)
	}
	job, err := shard.ReadJob(s.ReadFile, s.Dir)
	ours := err == nil && (job.Command == "sweep") == (marker == storeMarker)
	for _, e := range ents {
		if e.Name() == marker {
			return true, nil
		}
	}
	for _, e := range ents {
		if e.Name() != sub && !strings.HasPrefix(e.Name(), ".tmp-") && !ours {
			return false, refused(s.Dir, fmt.Errorf("%w: it holds other files and no %s", notAStore, marker))
		}
	}
	return false, s.writeSealed(marker, map[string]string{"format": format})
}

// errOr is err, or what if err is nil, for a message.
func errOr(err error, what string) any {
	if err != nil {
		return err
	}
	return what
}

// list returns the entries of dir (a slash name under the store), sorted
// by name, at most max of them: a directory of more is an error, not
// read whole.
func (s *Store) list(dir string, max int) ([]fs.DirEntry, error) {
	f, err := s.root.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []fs.DirEntry
	for {
		ents, err := f.ReadDir(1024)
		out = append(out, ents...)
		if len(out) > max {
			return nil, fmt.Errorf("%s holds more than %d entries: not a store capsim wrote", path.Join(s.Dir, dir), max)
		}
		if errors.Is(err, io.EOF) || (err == nil && len(ents) == 0) {
			slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
			return out, nil
		} else if err != nil {
			return nil, err
		}
	}
}

// WriteFile writes name (a slash path under the store, its directories
// made as needed) in the store whole: to a temporary file beside it
// (registered with Scratch), synced, then renamed over name.
func (s *Store) WriteFile(name string, write func(io.Writer) error) error {
	if err := s.writeFile(name, write); err != nil {
		return fmt.Errorf("experiment: store: write %s: %w", name, err)
	}
	return nil
}

func (s *Store) writeFile(name string, write func(io.Writer) error) error {
	dir := path.Dir(name)
	if dir != "." {
		if err := s.root.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	tmp := path.Join(dir, ".tmp-"+path.Base(name)+"-"+rand.Text()[:12])
	abs := filepath.Join(s.Dir, filepath.FromSlash(tmp))
	if !s.Scratch.Track(abs) {
		return outdir.ErrInterrupted
	}
	defer s.Scratch.Forget(abs)
	f, err := s.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer s.root.Remove(tmp) // fails harmlessly once renamed
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return s.Scratch.Settle(abs, func() error { return s.root.Rename(tmp, name) })
}

// writeSealed writes v as indented JSON sealed with its SHA-256
// (safeio.WriteSealedJSON): a block, a marker.
func (s *Store) writeSealed(name string, v any) error {
	return s.WriteFile(name, func(w io.Writer) error { return safeio.WriteSealedJSON(w, v, " ") })
}

// ReadFile reads name (a slash path under the store) whole through the
// store's root if it is a regular file of at most limit bytes
// (safeio.ReadFileIn).
func (s *Store) ReadFile(name string, limit int64) ([]byte, error) {
	return safeio.ReadFileIn(s.root, name, limit)
}

// Clean removes temporary files (and a run's temporary replication
// directories) a killed sweep or shard left in the store, through its
// root: never outside it.
func (s *Store) Clean() {
	for _, d := range []string{".", pointsDir, plotsDir, repsDir, shardsDir} {
		ents, _ := s.list(d, maxEntries)
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), ".tmp-") {
				s.root.RemoveAll(path.Join(d, e.Name()))
			}
		}
	}
}

// absent reports whether err is a file's absence.
func absent(err error) bool { return errors.Is(err, fs.ErrNotExist) }
