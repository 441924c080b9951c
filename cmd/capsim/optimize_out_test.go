package main

import (
	"encoding/json"
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
	checkBestRun(t, best, o, failureRatio)
}

// TestOptimizeOutReplaced: optimize replaces --out as a whole, as run
// does: an infeasible rerun leaves no best.toml of the feasible run before
// it, and an --out that cannot be replaced (a file, a directory capsim did
// not write) is refused with exit 2 before any plan is simulated.
func TestOptimizeOutReplaced(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if code, _, stderr := optimizeSmall(t, dir, "--require", failureRatio+"<=0.02"); code != 0 {
		t.Fatalf("feasible run: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "best.toml")); err != nil {
		t.Fatalf("feasible run wrote no best.toml: %v", err)
	}
	code, _, stderr := capsim(t, "optimize", "--quiet", "--out", out, "--require", failureRatio+"<=0.01",
		"--vary", alwaysOnPath+"=2..10:2", writeTB(t, dir))
	if code != exitInfeasible {
		t.Fatalf("infeasible rerun: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "best.toml")); err == nil {
		t.Error("the infeasible rerun left the earlier run's best.toml")
	}
	var o struct{ Best *int }
	if data, err := os.ReadFile(filepath.Join(out, "optimize.json")); err != nil || json.Unmarshal(data, &o) != nil ||
		o.Best == nil || *o.Best != -1 {
		t.Errorf("optimize.json after the infeasible rerun: %v, best %v; want best -1", err, o.Best)
	}

	file := filepath.Join(dir, "a-file")
	foreign := filepath.Join(dir, "foreign")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(foreign, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{file, foreign} {
		code, _, stderr := capsim(t, "optimize", "--out", bad, "--require", failureRatio+"<=0.02",
			"--vary", alwaysOnPath+"=0..60:2", writeTB(t, dir))
		if code != 2 || !strings.Contains(stderr, "--out") || strings.Contains(stderr, "replications") {
			t.Errorf("--out %s: exit %d, stderr %q; want 2 naming --out before any plan runs", bad, code, stderr)
		}
	}
	if data, err := os.ReadFile(filepath.Join(foreign, "notes.txt")); err != nil || string(data) != "mine" {
		t.Errorf("the foreign directory was changed: %q %v", data, err)
	}
	if ents, _ := os.ReadDir(foreign); len(ents) != 1 {
		t.Errorf("the foreign directory holds %d entries, want its 1", len(ents))
	}
}

// TestOptimizeRefusesReplications: the search gives each plan its own
// replications, so --replications, which it would ignore while
// optimize.json reported it, is a usage error (exit 2) naming the flag,
// before anything runs or is written.
func TestOptimizeRefusesReplications(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := optimizeSmall(t, dir, "--require", failureRatio+"<=0.02", "--replications", "3")
	if code != 2 || stdout != "" || !strings.Contains(stderr, "optimize --replications: the search sets each plan's replications") {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 naming --replications", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); !os.IsNotExist(err) {
		t.Errorf("wrote --out (%v)", err)
	}
}
