package main

import (
	"fmt"
	"path/filepath"
	"sync"

	"github.com/capsim/capsim/reports"
)

// sweepWatch follows a sweep as it runs: the progress bar (points whole
// and replications done, with an ETA) and what an interrupt keeps, for
// the signal message. Points already whole in the store when the sweep
// starts count as done; the bar's replications and ETA are those left to
// run.
type sweepWatch struct {
	bar *progress
	dir string

	mu           sync.Mutex
	kept, points int // points whole in the store; points in the design
}

func newSweepWatch(bar *progress, dir string) *sweepWatch {
	return &sweepWatch{bar: bar, dir: dir}
}

// planned is experiment.Options.Planned.
func (w *sweepWatch) planned(loaded, points, replications int) {
	w.mu.Lock()
	w.kept, w.points = loaded, loaded+points
	w.mu.Unlock()
	w.bar.mu.Lock()
	defer w.bar.mu.Unlock()
	w.bar.total, w.bar.points, w.bar.pointsDone = replications, loaded+points, loaded
}

// progress is experiment.Options.Progress.
func (w *sweepWatch) progress(done, _ int) {
	if !w.bar.enabled {
		return
	}
	w.bar.mu.Lock()
	defer w.bar.mu.Unlock()
	w.bar.done = done
	w.bar.draw()
}

// pointSaved records one more point whole in the store.
func (w *sweepWatch) pointSaved() {
	w.mu.Lock()
	w.kept++
	w.mu.Unlock()
	w.bar.mu.Lock()
	defer w.bar.mu.Unlock()
	w.bar.pointsDone++
}

// interruptNote is what a sweep stopped by a signal leaves behind.
func (w *sweepWatch) interruptNote() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return fmt.Sprintf("%d of %d points are finished and kept in %s; the same command resumes the sweep, "+
		"running only the points left", w.kept, w.points, reports.TerminalSafe(filepath.Join(w.dir, "points")))
}
