package outdir

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
)

// Manifest marks a directory as capsim's output. capsim replaces a
// directory given to --out only if it is absent, empty, or holds this file:
// it never deletes files it did not write.
const Manifest = "capsim-output.json"

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
	root    *os.Root // the staging directory: no write follows a link out of it
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
	if err == nil {
		o.root, err = os.OpenRoot(o.staging)
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
// directory through a buffered writer. It writes through a root on the
// staging directory: a name that would leave it (by "..", or a symbolic
// link planted in it) is an error, and a directory a signal removed is
// never made again.
func (o *Dir) Create(name string, write func(io.Writer) error) error {
	if dir := path.Dir(name); dir != "." {
		// Mkdir, not MkdirAll: one level, as the outputs have it.
		if err := o.root.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("output %s: %w", name, err)
		}
	}
	f, err := o.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
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
	if err := o.stillStaging(); err != nil {
		return err
	}
	old, err := o.set.swap(o.staging, o.target)
	if err != nil {
		return fmt.Errorf("--out %s: %w", o.target, err)
	}
	o.root.Close()
	o.done = true
	if old != "" {
		os.RemoveAll(old)
		o.set.remove(old)
	}
	return nil
}

// stillStaging refuses a commit unless the staging directory's name is
// still the directory written through the root (not a link put there).
func (o *Dir) stillStaging() error {
	byName, err := os.Lstat(o.staging)
	if err == nil {
		var written fs.FileInfo
		if written, err = o.root.Stat("."); err == nil && (!byName.IsDir() || !os.SameFile(byName, written)) {
			err = errors.New("it is no longer the directory capsim wrote")
		}
	}
	if err != nil {
		return fmt.Errorf("--out %s: staging directory %s: %w", o.target, o.staging, err)
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
	if o.root != nil {
		o.root.Close()
	}
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
