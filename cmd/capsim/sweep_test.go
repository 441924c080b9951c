package main

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/capsim/capsim/experiment/store"
	"github.com/capsim/capsim/internal/testutil"
)

// sweepArgs is a small sweep of the default scenario: a 3 × 2 grid, one
// column invalid (always_on 11 is not a multiple of the tenancy 2).
func sweepArgs(out string) []string {
	return []string{"sweep", "--replications", "3", "--horizon", "3h",
		"--vary", "stream_group[0].location[0].target_idle=0..4:2",
		"--vary", "stream_group[0].location[0].always_on=10,11,20",
		"--require", "total.placement_latency_seconds.p95<=30", "--require", "total.placement_failure_ratio<=0.01",
		"--out", out}
}

// A sweep killed after k points (a hook stops it as a kill would, before
// its outputs are written) and rerun writes the same files, byte for byte,
// as a sweep never interrupted; the rerun runs only the points left.
func TestSweepResume(t *testing.T) {
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole")
	if code, _, errOut := capsim(t, append(sweepArgs(whole), "--workers", "1")...); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	for _, k := range []int{1 + rng.IntN(5), 1 + rng.IntN(5)} {
		out := filepath.Join(dir, "resumed-"+string(rune('0'+k)))
		sweepAfterPoint = func(saved int) error {
			if saved == k {
				return store.ErrStopped
			}
			return nil
		}
		code, _, _ := capsim(t, sweepArgs(out)...)
		sweepAfterPoint = nil
		if code == 0 {
			t.Fatalf("stop after %d: exit 0", k)
		}
		if _, err := os.Stat(filepath.Join(out, "sweep.csv")); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("stop after %d: sweep.csv written (%v)", k, err)
		}
		ran := 0
		sweepAfterPoint = func(int) error { ran++; return nil }
		code, _, errOut := capsim(t, sweepArgs(out)...)
		sweepAfterPoint = nil
		if code != 0 {
			t.Fatalf("rerun: exit %d: %s", code, errOut)
		}
		if ran > 6-k {
			t.Errorf("stop after %d: the rerun ran %d points, at most %d were left", k, ran, 6-k)
		}
		sameTrees(t, whole, out, "after a resume")
	}
}

// Invalid points are skipped and named on stderr and in sweep.json; the
// sweep goes on. sweep.csv is a golden file (go test -run TestSweepCSV
// -update rewrites it).
func TestSweepCSV(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sw")
	code, stdout, stderr := capsim(t, sweepArgs(out)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, v := range []string{"0", "2", "4"} {
		want := "skipping point stream_group[0].location[0].target_idle=" + v + ", stream_group[0].location[0].always_on=11"
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if !strings.Contains(stdout, "6 points, 3 skipped") {
		t.Errorf("stdout:\n%s", stdout)
	}
	// The table shows every metric a requirement names, not only cost and p95.
	if head, _, _ := strings.Cut(stdout, "\n"); !strings.Contains(head, "latency p95 (s)") ||
		!strings.Contains(head, "total.placement_failure_ratio") || strings.Count(head, "placement_latency") != 0 {
		t.Errorf("the table's header %q lacks a required metric, or repeats p95 latency", head)
	}
	for _, f := range []string{"sweep-pareto.png", "sweep-pareto.svg", "sweep-heatmap-latency.png", "sweep-heatmap-cost.svg"} {
		if _, err := os.Stat(filepath.Join(out, "plots", f)); err != nil {
			t.Errorf("plots/%s: %v", f, err)
		}
	}
	js, _ := os.ReadFile(filepath.Join(out, "sweep.json"))
	if strings.Count(string(js), `"error": `) != 3 {
		t.Errorf("sweep.json does not list the 3 skipped points")
	}
	checkSweepGolden(t, out, "sweep.csv")
}

// With fleets, sweep.csv has a row per fleet location and one for the
// fleet total, with the fleet metrics' columns (golden
// testdata/sweep/sweep-fleets.csv).
func TestSweepCSVFleets(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sw")
	code, _, stderr := capsim(t, "sweep", "--replications", "2", "--horizon", "3h", "--vary", "fleet[0].scaling.buffer_size=4,8",
		"--require", "fleet_total.placement_latency_seconds.p95<=10", "--out", out, "../../scenarios/examples/fleet-buffer.toml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	csv, _ := os.ReadFile(filepath.Join(out, "sweep.csv"))
	for _, want := range []string{",fleet,kind,", ",instances.max.mean,", "\n4,fleets[0],,eu-central-1,,lobby-fleet,ec2,", "\n8,fleet_total,"} {
		if !strings.Contains(string(csv), want) {
			t.Errorf("sweep.csv lacks %q", want)
		}
	}
	checkSweepGolden(t, out, "sweep-fleets.csv")
}

// checkSweepGolden compares out/sweep.csv with testdata/sweep/name, or
// with -update rewrites that.
func checkSweepGolden(t *testing.T, out, name string) {
	t.Helper()
	got, err := os.ReadFile(filepath.Join(out, "sweep.csv"))
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "sweep", name)
	if want := testutil.Golden(t, golden, got, *update); !slices.Equal(want, got) {
		t.Errorf("%s differs (-update rewrites it):\n%s", golden, diff(t, want, got))
	}
}

// The sweep's point equals a run with the same --set, metric by metric.
func TestSweepPointMatchesRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sw")
	if code, _, errOut := capsim(t, "sweep", "--replications", "3", "--horizon", "3h", "--vary",
		"stream_group[0].location[1].target_idle=4", "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	code, runJSON, _ := capsim(t, "run", "--replications", "3", "--horizon", "3h", "--set",
		"stream_group[0].location[1].target_idle=4", "--json")
	if code != 0 {
		t.Fatal("run failed")
	}
	js, _ := os.ReadFile(filepath.Join(out, "sweep.json"))
	for _, key := range []string{`"cost_usd": {`, `"p95": {`, `"requests": {`} {
		i, j := strings.Index(runJSON, key), strings.Index(string(js), key)
		if i < 0 || j < 0 {
			t.Fatalf("%s missing", key)
		}
		a, b := runJSON[i:i+120], string(js)[j:j+120]
		if fa, fb := strings.Fields(a), strings.Fields(b); fa[2] != `"mean":` || fa[3] != fb[3] {
			t.Errorf("%s: run %q, sweep %q", key, a, b)
		}
	}
}
