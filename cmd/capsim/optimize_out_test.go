package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOptimizeBareOverrides: overrides given as bare words (--horizon 6h,
// --set simulation.timeseries_step=15m) are written into best.toml as
// TOML strings, and best.toml runs to the plan's figures.
func TestOptimizeBareOverrides(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := optimizeSmall(t, dir, "--require", failureRatio+"<=0.02", "--horizon", "6h",
		"--set", "simulation.timeseries_step=15m")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	best := filepath.Join(dir, "out", "best.toml")
	text, err := os.ReadFile(best)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`horizon = "6h"`, `timeseries_step = "15m"`} {
		if !strings.Contains(string(text), want) {
			t.Errorf("best.toml lacks %s:\n%s", want, text)
		}
	}
	o := readOptimize(t, filepath.Join(dir, "out"))
	checkBestRun(t, best, o.Evaluated[o.Best], failureRatio)
}
