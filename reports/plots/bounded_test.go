package plots

import (
	"fmt"
	"runtime"
	"testing"
	"time"
)

// Bounds on rendering one entry point's figures in the degenerate tests:
// a normal call takes well under a second and a few tens of MB, so these
// are far above it and far below what a runaway loop reaches.
const (
	renderDeadline = 20 * time.Second
	renderMaxHeap  = 1 << 30 // bytes
)

// bounded runs render in a goroutine and returns its result. A render that
// outlives renderDeadline, or during which the heap grows beyond
// renderMaxHeap, panics with name: a runaway loop (an axis a few ulps wide
// once made the tick loop endless while memory grew by gigabytes) would
// otherwise hang the test binary or exhaust the machine, and the goroutine
// cannot be stopped from outside. The panic's dump shows where it looped.
func bounded(t *testing.T, name string, render func() ([]Plot, error)) ([]Plot, error) {
	t.Helper()
	type result struct {
		ps  []Plot
		err error
	}
	done := make(chan result, 1)
	go func() {
		ps, err := render()
		done <- result{ps, err}
	}()
	deadline := time.After(renderDeadline)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	var ms runtime.MemStats
	for {
		select {
		case r := <-done:
			return r.ps, r.err
		case <-deadline:
			panic(fmt.Sprintf("%s: %s: rendering did not finish in %v", t.Name(), name, renderDeadline))
		case <-tick.C:
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > renderMaxHeap {
				panic(fmt.Sprintf("%s: %s: the heap grew to %d MiB while rendering (limit %d MiB)", t.Name(), name, ms.HeapAlloc>>20, renderMaxHeap>>20))
			}
		}
	}
}
