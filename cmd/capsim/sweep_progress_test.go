package main

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/capsim/capsim/experiment/store"
	"github.com/capsim/capsim/internal/outdir"
)

// A signal during a sweep says what is kept and how to resume, not "no
// partial output left behind"; the same command then runs only the points
// left. The signal arrives (as watchSignals gets it) after the second
// point is saved.
func TestSweepInterruptMessage(t *testing.T) {
	resetStaged(t)
	out := filepath.Join(t.TempDir(), "sw")
	var msg bytes.Buffer
	code := -1
	sweepAfterPoint = func(saved int) error {
		if saved < 2 {
			return nil
		}
		sigs := make(chan os.Signal, 1)
		sigs <- syscall.SIGTERM
		watchSignals(sigs, &msg, func(c int) { code = c })
		return store.ErrStopped // os.Exit, in the real thing
	}
	defer func() { sweepAfterPoint = nil }()
	if c, _, _ := capsim(t, sweepArgs(out)...); c == 0 {
		t.Fatal("stopped sweep: exit 0")
	}
	want := "capsim: terminated: stopped; 2 of 6 points are finished and kept in " + filepath.Join(out, "points") +
		"; the same command resumes the sweep, running only the points left\n"
	if code != 143 || msg.String() != want {
		t.Errorf("exit %d, message\n%q, want\n%q", code, msg.String(), want)
	}
	staged = outdir.NewSet()
	ran := 0
	sweepAfterPoint = func(int) error { ran++; return nil }
	// Points in flight on other workers may still be saved after the stop.
	if c, _, errOut := capsim(t, sweepArgs(out)...); c != 0 || ran > 4 {
		t.Errorf("resume: exit %d, ran %d points, want at most 4: %s", c, ran, errOut)
	}
	if staged.HasNote() {
		t.Error("the sweep's interrupt note outlives the sweep")
	}
}
