package main

import (
	"github.com/capsim/capsim/experiment/shard"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// shardRunArgs is a run of 8 replications (7 shards do not divide them);
// with a scenario file, that file's.
func shardRunArgs(file ...string) []string {
	return append([]string{"run", "--replications", "8", "--horizon", "6h"}, file...)
}

// A run as N shards (N = 1, 2, 3, 7) merged writes summary.json,
// timeseries.csv, the plots, report.html and the manifest of the run
// unsharded, byte for byte, and prints the same tables; so does a run of
// GameLift Servers fleets (fleet_timeseries.csv, its plots); with
// assertions, one failing, the merge judges them as run does (in
// summary.json, on stdout, exit status 3).
func TestShardRunMergeEqualsUnsharded(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		ns   []int
	}{
		{"default", shardRunArgs(), []int{1, 2, 3, 7}},
		{"fleets", shardRunArgs("../../scenarios/examples/fleet-buffer.toml"), []int{3}},
		{"assert", append(shardRunArgs(), "--assert", "total.placement_latency_seconds.p95<=0.001",
			"--assert", "total.cost_usd<=120", "--assert-on", "bound"), []int{2}},
	} {
		whole := filepath.Join(dir, tc.name+"-whole")
		wantCode, wantOut, errOut := capsim(t, append(tc.args, "--out", whole)...)
		if (tc.name == "assert") != (wantCode == exitInfeasible) || wantCode != 0 && wantCode != exitInfeasible {
			t.Fatalf("%s unsharded: exit %d: %s", tc.name, wantCode, errOut)
		}
		for _, n := range tc.ns {
			out := filepath.Join(dir, tc.name+"-sharded-"+strconv.Itoa(n))
			runShards(t, tc.args, out, n, uint64(n))
			code, gotOut, errOut := capsim(t, "merge", out)
			if code != wantCode {
				t.Fatalf("%s N=%d: merge: exit %d, the unsharded run %d: %s", tc.name, n, code, wantCode, errOut)
			}
			sameOutputs(t, whole, out, tc.name+" N="+strconv.Itoa(n))
			if gotOut != wantOut {
				t.Errorf("%s N=%d: merge printed\n%s\nthe unsharded run\n%s", tc.name, n, gotOut, wantOut)
			}
			if reps, _ := filepath.Glob(filepath.Join(out, "replications", "r*")); len(reps) != 8 {
				t.Errorf("%s N=%d: %d replications stored, want 8", tc.name, n, len(reps))
			}
		}
	}
}

// Merging a run refuses a missing shard (naming it) and a replication of
// another seed or shard count, or with a truncated timeseries, naming the
// replication; and shards of another capsim version than the merge's.
func TestShardRunMergeRefuses(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	runShards(t, shardRunArgs(), good, 3, 2)
	other := func(name string, args ...string) string {
		d := filepath.Join(dir, name)
		if code, _, errOut := capsim(t, append(append(shardRunArgs(), "--out", d), args...)...); code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, errOut)
		}
		return filepath.Join(d, "replications", "r000000")
	}
	seed := other("seed", "--shard", "0/3", "--seed", "77")
	count := other("count", "--shard", "0/2")
	for _, tc := range []struct {
		name string
		edit func(d string)
		want string
	}{
		{"missing", func(d string) { os.RemoveAll(filepath.Join(d, "replications", "r000004")) }, "1 of 3 shards missing or unfinished: 1 (rerun each with --shard I/3, or as array tasks 1 with --shards 3)"},
		{"seed", func(d string) { replaceRep(t, d, seed) }, "replications/r000000: scenario_sha256 "},
		{"count", func(d string) { replaceRep(t, d, count) }, "replications/r000000: written by shard 0/2, the job has 3 shards"},
		{"truncated", func(d string) {
			ts, _ := filepath.Glob(filepath.Join(d, "replications", "r000002", "*.f64"))
			os.Truncate(ts[0], 100)
		}, "replications/r000002: unreadable"},
	} {
		d := filepath.Join(dir, "bad-"+tc.name)
		copyTree(t, good, d)
		tc.edit(d)
		refused(t, tc.name, d, tc.want, "summary.json")
	}
	editBlock(t, filepath.Join(good, shard.Name), "capsim_version", "9.9.9")
	code, _, errOut := capsim(t, "merge", good)
	if code != exitInvalid || !strings.Contains(errOut, "the shards are of capsim 9.9.9, this is capsim "+Version) {
		t.Errorf("merge by another version: exit %d, %q", code, errOut)
	}
}

// replaceRep puts the replication directory src in place of dir's r000000.
func replaceRep(t *testing.T, dir, src string) {
	t.Helper()
	dst := filepath.Join(dir, "replications", "r000000")
	if err := os.RemoveAll(dst); err != nil {
		t.Fatal(err)
	}
	copyTree(t, src, dst)
}

// A job file edited by hand to assertions or requirements other than the
// shards' (sealed again, as a tool that knows the format would; even ones
// that do not parse) is the job file of another job: the merge refuses it
// against the stored units, exit 2 (not a failed gate, not unwritable
// outputs), naming them; nothing is written.
func TestMergeRefusesABadJobRequirement(t *testing.T) {
	dir := t.TempDir()
	run, sweep := filepath.Join(dir, "run"), filepath.Join(dir, "sweep")
	runShards(t, shardRunArgs(), run, 2, 1)
	runShards(t, shardSweepArgs(), sweep, 2, 1)
	unknown := filepath.Join(dir, "run-unknown")
	copyTree(t, run, unknown)
	editBlock(t, filepath.Join(run, shard.Name), "run.assert", []string{"total.cost_usd<=5", "total.cost_usd=5"})
	refused(t, "run", run, "replications/r000000, replications/r000001, replications/r000002, … (8 files): of another job", "summary.json")
	editBlock(t, filepath.Join(unknown, shard.Name), "run.assert", []string{"total.cost_usd<=1", "total.no_such_metric<=5"})
	refused(t, "run, unknown metric", unknown, ": of another job", "summary.json")
	editBlock(t, filepath.Join(sweep, shard.Name), "sweep.require", []string{"total.cost_usd"})
	refused(t, "sweep", sweep, "(12 files): of another job", "sweep.csv")
}
