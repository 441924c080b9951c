package progress

import (
	"fmt"
	"path/filepath"
	"sync"

	"github.com/capsim/capsim/reports"
)

// Sweep follows a sweep as it runs: the progress bar (points whole
// and replications done, with an ETA) and what an interrupt keeps, for
// the signal message. Points already whole in the store when the sweep
// starts count as done; the bar's replications and ETA are those left to
// run.
type Sweep struct {
	bar *Bar
	dir string

	mu           sync.Mutex
	kept, points int // points whole in the store; points in the design
}

// NewSweep follows a sweep with bar, its store in dir.
func NewSweep(bar *Bar, dir string) *Sweep {
	return &Sweep{bar: bar, dir: dir}
}

// Bar is the sweep's bar.
func (w *Sweep) Bar() *Bar { return w.bar }

// Planned is store.Options.Planned.
func (w *Sweep) Planned(loaded, points, replications int) {
	w.mu.Lock()
	w.kept, w.points = loaded, loaded+points
	w.mu.Unlock()
	w.bar.mu.Lock()
	defer w.bar.mu.Unlock()
	w.bar.total, w.bar.points, w.bar.pointsDone = replications, loaded+points, loaded
}

// Progress is store.Options.Progress.
func (w *Sweep) Progress(done, _ int) {
	if !w.bar.enabled {
		return
	}
	w.bar.mu.Lock()
	defer w.bar.mu.Unlock()
	w.bar.done = done
	w.bar.draw()
}

// PointSaved records one more point whole in the store.
func (w *Sweep) PointSaved() {
	w.mu.Lock()
	w.kept++
	w.mu.Unlock()
	w.bar.mu.Lock()
	defer w.bar.mu.Unlock()
	w.bar.pointsDone++
}

// InterruptNote is what a sweep stopped by a signal leaves behind.
func (w *Sweep) InterruptNote() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return fmt.Sprintf("%d of %d points are finished and kept in %s; the same command resumes the sweep, "+
		"running only the points left", w.kept, w.points, reports.TerminalSafe(filepath.Join(w.dir, "points")))
}
