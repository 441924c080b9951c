package outdir

import (
	"errors"
	"os"
	"strings"
	"sync"
)

// ErrInterrupted is returned by Dir's methods once a signal has removed
// the staging directories ([Set.Interrupt]).
var ErrInterrupted = errors.New("interrupted")

// Set is every directory a signal must remove: staging directories, old
// outputs being deleted, stores' temporary files and directories
// ([Set.Track]). A signal and a commit, or a temporary path's rename into
// place ([Set.Settle]), never interleave.
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

// Track registers path, a temporary file or directory of a store (a
// block, a replication being written), for a signal to remove; it
// reports false once interrupted, when path must not be made.
func (s *Set) Track(path string) bool {
	if s == nil {
		return true
	}
	return s.add(path)
}

// Settle runs finish (the rename of the temporary path into its place)
// unless a signal came first ([ErrInterrupted]: the signal removed path),
// and then forgets path: a signal never removes a path half renamed.
func (s *Set) Settle(path string, finish func() error) error {
	if s == nil {
		return finish()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.interrupted {
		return ErrInterrupted
	}
	delete(s.dirs, path)
	return finish()
}

// Forget unregisters path (a temporary path removed, or never made).
func (s *Set) Forget(path string) {
	if s != nil {
		s.remove(path)
	}
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

// Interrupt removes every registered directory, refuses new ones and
// returns the interrupt note ("" without one).
func (s *Set) Interrupt() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.interrupted = true
	for d := range s.dirs {
		// Writers may still add files inside d, and RemoveAll fails when
		// d is not empty by then; once d is gone nothing can make it
		// again (stores and outputs write through a root on it).
		for range 10 {
			if err := os.RemoveAll(d); err == nil {
				break
			}
		}
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
