package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/capsim/capsim/experiment/store"
	"github.com/capsim/capsim/internal/outdir"
)

// The sweep's bar counts points whole (those found in the store too) and
// replications done, with an ETA from the replications left to run.
func TestSweepProgress(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Unix(0, 0)
	w := newSweepWatch(fakeProgress(&buf, &clock, 0, 0), "out")
	w.planned(1, 3, 12) // 1 point in the store, 3 to run: 12 replications
	clock = clock.Add(500 * time.Millisecond)
	w.progress(1, 12)
	if buf.Len() != 0 {
		t.Fatalf("drew before the 1 s delay: %q", buf.String())
	}
	clock = clock.Add(1500 * time.Millisecond) // 2 s elapsed, half done
	w.pointSaved()
	w.progress(6, 12)
	got := lastLine(&buf)
	for _, want := range []string{"2/4 points, 6/12 replications", "50% done", "2s elapsed", "ETA 2s", "[###############..............."} {
		if !strings.Contains(got, want) {
			t.Errorf("bar %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "virtual time") {
		t.Errorf("a sweep's bar speaks of virtual time: %q", got)
	}
	w.bar.finish()
	if !strings.HasSuffix(buf.String(), "\r\x1b[K") {
		t.Errorf("finish did not clear the line: %q", buf.String())
	}
	quiet := newSweepWatch(newProgress(&buf, true), "out")
	n := buf.Len()
	quiet.planned(0, 2, 4)
	quiet.progress(4, 4)
	if buf.Len() != n {
		t.Errorf("--quiet drew %q", buf.String()[n:])
	}
}

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
