package main

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

// manifestName marks a directory as capsim's output. capsim replaces a
// directory given to --out only if it is absent, empty, or holds this file:
// it never deletes files it did not write.
const manifestName = "capsim-output.json"

// errInterrupted is returned by outDir methods once a signal has removed
// the staging directories.
var errInterrupted = errors.New("interrupted")

// outDir is an --out directory being written: files go to a fresh staging
// directory beside the target (same filesystem) and commit swaps it in as a
// whole, so a reader never sees a mix of two runs or a partial run.
type outDir struct {
	target  string
	staging string
	made    []string // ancestors of target prepareOut created, deepest first
	files   []string // written so far, slash-separated
	done    bool
}

// prepareOut checks that target can be replaced and creates the staging
// directory, before anything is simulated: a run that cannot write its
// outputs fails at once. A target that exists must be a directory that is
// empty or carries capsim's manifest (a usage error otherwise).
func prepareOut(target string) (*outDir, error) {
	abs, err := filepath.Abs(target)
	if err != nil {
		return nil, fmt.Errorf("--out %s: %w", target, err)
	}
	if err := checkReplaceable(target, abs); err != nil {
		return nil, err
	}
	o := &outDir{target: abs}
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
		o.abort()
		return nil, fmt.Errorf("--out %s: cannot write there: %w", target, err)
	}
	if !staged.add(o.staging) {
		o.abort()
		return nil, errInterrupted
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
		return &usageError{fmt.Sprintf("--out %s: exists and is not a directory", target)}
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return fmt.Errorf("--out %s: %w", target, err)
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(abs, manifestName)); err != nil {
		return &usageError{fmt.Sprintf("--out %s: the directory is not empty and capsim did not write it (no %s); "+
			"name a new or empty directory, or one a previous capsim run wrote", target, manifestName)}
	}
	return nil
}

// create streams one file, by its slash-separated name, into the staging
// directory through a buffered writer.
func (o *outDir) create(name string, write func(io.Writer) error) error {
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

// manifest is the content of manifestName.
type manifest struct {
	CapsimVersion string   `json:"capsim_version"`
	Command       string   `json:"command"`
	Files         []string `json:"files"`
}

// writeManifest writes manifestName with create: capsim's version, the
// command and the files, sorted.
func writeManifest(create createFunc, command string, files []string) error {
	return writeJSONFile(create, manifestName, manifest{CapsimVersion: Version, Command: command, Files: slices.Sorted(slices.Values(files))})
}

// commit writes the manifest and puts the staging directory in the
// target's place: an old target is renamed aside, the staging directory
// renamed to the target, then the old one deleted. Each rename is atomic;
// between the two the target is briefly absent, never mixed.
func (o *outDir) commit(command string) error {
	if err := writeManifest(o.create, command, o.files); err != nil {
		return err
	}
	old, err := staged.swap(o.staging, o.target)
	if err != nil {
		return fmt.Errorf("--out %s: %w", o.target, err)
	}
	o.done = true
	if old != "" {
		os.RemoveAll(old)
		staged.remove(old)
	}
	return nil
}

// abort removes the staging directory and any ancestor prepareOut created
// (only if still empty). It is a no-op on nil or after commit.
func (o *outDir) abort() {
	if o == nil || o.done {
		return
	}
	o.done = true
	if o.staging != "" {
		os.RemoveAll(o.staging)
		staged.remove(o.staging)
	}
	for _, d := range o.made {
		os.Remove(d) // fails, harmlessly, if something else is in it
	}
}

// tempDir creates a scratch directory beside the staging directory (same
// filesystem, never part of the output), removed by a signal like the
// staging directory; the caller removes it with removeTemp.
func (o *outDir) tempDir(what string) (string, error) {
	d, err := os.MkdirTemp(filepath.Dir(o.target), "."+filepath.Base(o.target)+".capsim-"+what+"-")
	if err != nil {
		return "", fmt.Errorf("--out %s: %w", o.target, err)
	}
	if !staged.add(d) {
		os.RemoveAll(d)
		return "", errInterrupted
	}
	return d, nil
}

// removeTemp removes a directory tempDir created.
func (o *outDir) removeTemp(d string) {
	os.RemoveAll(d)
	staged.remove(d)
}

// stagingSet is every directory a signal must remove: staging directories
// and old outputs being deleted. A signal and a commit never interleave.
type stagingSet struct {
	mu          sync.Mutex
	dirs        map[string]bool
	interrupted bool
	note        func() string // see setInterruptNote
}

var staged = &stagingSet{dirs: map[string]bool{}}

// add registers dir; it reports false once interrupted.
func (s *stagingSet) add(dir string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.interrupted {
		return false
	}
	s.dirs[dir] = true
	return true
}

func (s *stagingSet) remove(dir string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.dirs, dir)
}

// swap renames staging to target, moving an existing target aside first;
// it returns the old target's new name ("" if there was none), registered
// for removal.
func (s *stagingSet) swap(staging, target string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.interrupted {
		return "", errInterrupted
	}
	old := ""
	if _, err := os.Lstat(target); err == nil {
		old = strings.Replace(staging, ".capsim-staging-", ".capsim-old-", 1)
		if err := os.Rename(target, old); err != nil {
			return "", fmt.Errorf("moving the previous output aside: %w", err)
		}
		s.dirs[old] = true
	}
	if err := os.Rename(staging, target); err != nil {
		if old != "" {
			os.Rename(old, target) // put the previous output back
			delete(s.dirs, old)
		}
		return "", err
	}
	delete(s.dirs, staging)
	return old, nil
}

// interrupt removes every registered directory, refuses new ones and
// returns the interrupt note ("" without one).
func (s *stagingSet) interrupt() string {
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
