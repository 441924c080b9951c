package outdir

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// Manifest marks a directory as capsim's output. capsim replaces a
// directory given to --out only if it is absent, empty, or holds this file:
// it never deletes files it did not write.
const Manifest = "capsim-output.json"

// ErrInterrupted is returned by Dir's methods once a signal has removed
// the staging directories ([Set.Interrupt]).
var ErrInterrupted = errors.New("interrupted")

// ErrRefused is wrapped by the error of [Prepare] for a target capsim must
// not replace: not a directory, or not empty and not capsim's.
var ErrRefused = errors.New("refused")

// refused is an error of Prepare that wraps ErrRefused, its text as shown.
type refused string

func (e refused) Error() string        { return string(e) }
func (e refused) Is(target error) bool { return target == ErrRefused }

// Dir is an --out directory being written: files go to a fresh staging
// directory beside the target (same filesystem) and Commit swaps it in as
// a whole, so a reader never sees a mix of two runs or a partial run.
type Dir struct {
	set     *Set
	target  string
	staging string
	made    []string // ancestors of target prepareOut created, deepest first
	files   []string // written so far, slash-separated
	done    bool
}

// Prepare checks that target can be replaced and creates the staging
// directory, registered in set (so that a signal removes it), before
// anything is simulated: a run that cannot write its outputs fails at
// once. A target that exists must be a directory that is empty or carries
// capsim's manifest (an error wrapping [ErrRefused] otherwise).
func Prepare(set *Set, target string) (*Dir, error) {
	abs, err := filepath.Abs(target)
	if err != nil {
		return nil, fmt.Errorf("--out %s: %w", target, err)
	}
	if err := checkReplaceable(target, abs); err != nil {
		return nil, err
	}
	o := &Dir{set: set, target: abs}
	parent := filepath.Dir(abs)
	for d := parent; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || d == filepath.Dir(d) {
			break
		}
		o.made = append(o.made, d)
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("--out %s: cannot create it: %w", target, err)
	}
	o.staging, err = os.MkdirTemp(parent, "."+filepath.Base(abs)+".capsim-staging-")
	if err == nil {
		err = os.Chmod(o.staging, 0o755) // MkdirTemp makes it 0700
	}
	if err != nil {
		o.Abort()
		return nil, fmt.Errorf("--out %s: cannot write there: %w", target, err)
	}
	if !set.add(o.staging) {
		o.Abort()
		return nil, ErrInterrupted
	}
	return o, nil
}

// checkReplaceable refuses a target capsim must not replace.
func checkReplaceable(target, abs string) error {
	st, err := os.Stat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("--out %s: %w", target, err)
	}
	if !st.IsDir() {
		return refused(fmt.Sprintf("--out %s: exists and is not a directory", target))
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return fmt.Errorf("--out %s: %w", target, err)
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(abs, Manifest)); err != nil {
		return refused(fmt.Sprintf("--out %s: the directory is not empty and capsim did not write it (no %s); "+
			"name a new or empty directory, or one a previous capsim run wrote", target, Manifest))
	}
	return nil
}

// Create streams one file, by its slash-separated name, into the staging
// directory through a buffered writer.
func (o *Dir) Create(name string, write func(io.Writer) error) error {
	path := filepath.Join(o.staging, filepath.FromSlash(name))
	if dir := filepath.Dir(path); dir != o.staging {
		// Mkdir, not MkdirAll: never recreate a staging directory a signal removed.
		if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("output %s: %w", name, err)
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("output %s: %w", name, err)
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	werr := write(bw)
	if werr == nil {
		werr = bw.Flush()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("output %s: %w", name, werr)
	}
	o.files = append(o.files, name)
	return nil
}

// Commit writes the manifest (manifest, given the create function and the
// files written so far, sorted) and puts the staging directory in the
// target's place: an old target is renamed aside, the staging directory
// renamed to the target ([Replace]), then the old one deleted. Each rename
// is atomic; between the two the target is briefly absent, never mixed.
func (o *Dir) Commit(manifest func(create func(string, func(io.Writer) error) error, files []string) error) error {
	if err := manifest(o.Create, slices.Sorted(slices.Values(o.files))); err != nil {
		return err
	}
	old, err := o.set.swap(o.staging, o.target)
	if err != nil {
		return fmt.Errorf("--out %s: %w", o.target, err)
	}
	o.done = true
	if old != "" {
		os.RemoveAll(old)
		o.set.remove(old)
	}
	return nil
}

// Abort removes the staging directory and any ancestor Prepare created
// (only if still empty). It is a no-op on nil or after Commit.
func (o *Dir) Abort() {
	if o == nil || o.done {
		return
	}
	o.done = true
	if o.staging != "" {
		os.RemoveAll(o.staging)
		o.set.remove(o.staging)
	}
	for _, d := range o.made {
		os.Remove(d) // fails, harmlessly, if something else is in it
	}
}

// TempDir creates a scratch directory beside the staging directory (same
// filesystem, never part of the output), removed by a signal like the
// staging directory; the caller removes it with RemoveTemp.
func (o *Dir) TempDir(what string) (string, error) {
	d, err := os.MkdirTemp(filepath.Dir(o.target), "."+filepath.Base(o.target)+".capsim-"+what+"-")
	if err != nil {
		return "", fmt.Errorf("--out %s: %w", o.target, err)
	}
	if !o.set.add(d) {
		os.RemoveAll(d)
		return "", ErrInterrupted
	}
	return d, nil
}

// RemoveTemp removes a directory TempDir created.
func (o *Dir) RemoveTemp(d string) {
	os.RemoveAll(d)
	o.set.remove(d)
}

// Set is every directory a signal must remove: staging directories and
// old outputs being deleted. A signal and a commit never interleave.
type Set struct {
	mu          sync.Mutex
	dirs        map[string]bool
	interrupted bool
	note        func() string // see SetInterruptNote
}

// NewSet returns an empty set.
func NewSet() *Set { return &Set{dirs: map[string]bool{}} }

// add registers dir; it reports false once interrupted.
func (s *Set) add(dir string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.interrupted {
		return false
	}
	s.dirs[dir] = true
	return true
}

func (s *Set) remove(dir string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.dirs, dir)
}

// swap renames staging to target, moving an existing target aside first;
// it returns the old target's new name ("" if there was none), registered
// for removal.
func (s *Set) swap(staging, target string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.interrupted {
		return "", ErrInterrupted
	}
	old := strings.Replace(staging, ".capsim-staging-", ".capsim-old-", 1)
	s.dirs[old] = true // removed by a signal between the renames
	moved, err := Replace(staging, target, old)
	if !moved {
		delete(s.dirs, old)
	}
	if err != nil {
		return "", err
	}
	delete(s.dirs, staging)
	if !moved {
		old = ""
	}
	return old, nil
}

// Replace renames src to dst. If dst exists it is first renamed to aside
// (moved reports it), and put back if the second rename fails, so that
// dst is src or what it was, never lost: the one directory swap with
// rollback of capsim's outputs and stores.
func Replace(src, dst, aside string) (moved bool, err error) {
	if _, err := os.Lstat(dst); err == nil {
		if err := os.Rename(dst, aside); err != nil {
			return false, fmt.Errorf("moving the previous %s aside: %w", filepath.Base(dst), err)
		}
		moved = true
	}
	if err := os.Rename(src, dst); err != nil {
		if moved {
			if back := os.Rename(aside, dst); back != nil {
				err = errors.Join(err, back)
			}
		}
		return false, err
	}
	return moved, nil
}

// Interrupt removes every registered directory, refuses new ones and
// returns the interrupt note ("" without one).
func (s *Set) Interrupt() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.interrupted = true
	for d := range s.dirs {
		os.RemoveAll(d)
	}
	clear(s.dirs)
	if s.note == nil {
		return ""
	}
	return s.note()
}

// SetInterruptNote sets what an interrupt leaves behind, for the message
// printed instead of "no partial output left behind": a sweep keeps its
// finished points. note is called once, on the signal; nil restores the
// default.
func (s *Set) SetInterruptNote(note func() string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.note = note
}

// HasNote reports whether an interrupt note is set.
func (s *Set) HasNote() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.note != nil
}
