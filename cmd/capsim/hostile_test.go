package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/simrun"
)

// hostileCase is a command line that must be refused before anything
// runs: exit status 2, stderr naming want, nothing written to out (if
// set) and done within a few seconds.
type hostileCase struct {
	name string
	args []string
	want string
	out  string // a path that must not exist afterwards ("" for none)
}

// checkHostile runs each case and checks the refusal.
func checkHostile(t *testing.T, cases []hostileCase) {
	t.Helper()
	for _, c := range cases {
		start := time.Now()
		code, stdout, errOut := capsim(t, c.args...)
		if code != exitInvalid || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 naming %q", c.name, code, errOut, c.want)
		}
		if stdout != "" || strings.Count(errOut, "\n") > 3 {
			t.Errorf("%s: printed more than one refusal: stdout %q, stderr %q", c.name, stdout, errOut)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: refused after %v, not at once", c.name, d)
		}
		if c.out != "" {
			if _, err := os.Lstat(c.out); err == nil {
				t.Errorf("%s: %s was created", c.name, c.out)
			}
		}
	}
}

// Ranges whose arithmetic overflows, a shard count of 0, one field under
// two names or varied twice, and designs or points files beyond their
// bounds are bad input (exit 2), refused at once: never an internal error
// (exit 70), "no feasible plan" (exit 3) or a hang.
func TestHostileDesigns(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	fifo := testutil.FIFO(t, dir, "points.fifo")
	var rows strings.Builder
	rows.WriteString("stream_group[0].location[0].target_idle\n")
	for i := range 100_000 {
		fmt.Fprintf(&rows, "%d\n", 2*i)
	}
	many := writeFile(t, "many.csv", rows.String())
	twice := writeFile(t, "twice.csv",
		"stream_group[0].location[0].target_idle,stream_group[0].location[00].target_idle\n2,4\n")
	short := []string{"--replications", "2", "--horizon", "3h", "--quiet", "--out", out}
	sweep := func(args ...string) []string { return append(append([]string{"sweep"}, short...), args...) }
	optimize := func(args ...string) []string {
		return append([]string{"optimize", "--horizon", "3h", "--quiet", "--out", out,
			"--require", "total.placement_failure_ratio<=0.1"}, args...)
	}
	checkHostile(t, []hostileCase{
		{"1e28 values", sweep("--vary", "stream_group[0].location[0].target_idle=0..1e28:1"), "values; at most 10000", out},
		{"duration range overflowing", sweep("--vary", "service.idle_release_delay=-2540400h..2540400h:1h"), "values; at most 10000", out},
		{"optimize range overflowing", optimize("--vary", "stream_group[0].location[0].always_on=-9223372036854775808..9223372036854775807"),
			"--vary", out},
		{"optimize range of 1e18 values", optimize("--vary", "stream_group[0].location[0].always_on=0..1000000000000000000"),
			"at most 10000", out},
		{"sweep --shards 0", sweep("--vary", "stream_group[0].location[0].target_idle=0,2", "--shards", "0"), "--shards 0", out},
		{"run --shards 0", append(append([]string{"run"}, short...), "--shards", "0"), "--shards 0", out},
		{"two spellings in --vary", sweep("--vary", "stream_group[0].location[0].target_idle=0,2",
			"--vary", "stream_group[0].location[00].target_idle=4,6"), "stream_group[0].location[0].target_idle varied twice", out},
		{"a field inside a varied table", sweep("--vary", "demand[0].arrivals={process=\"poisson\",rate=2}",
			"--vary", "demand[0].arrivals.rate=1,2"), "is inside demand[0].arrivals", out},
		{"two spellings in a points header", sweep("--points", twice), twice + ":1: path stream_group[0].location[0].target_idle varied twice", out},
		{"optimize path twice", optimize("--vary", "stream_group[0].location[0].always_on=10..20:2",
			"--vary", "stream_group[0].location[0].always_on=10..30:2"), "varied twice", out},
		{"optimize two spellings", optimize("--vary", "stream_group[0].location[0].always_on=10..20:2",
			"--vary", "stream_group[0].location[+0].always_on=10..30:2"), "varied twice", out},
		{"points from a FIFO", sweep("--points", fifo), "a named pipe", out},
		{"points from /dev/zero", sweep("--points", "/dev/zero"), "a character device", out},
		{"points from a directory", sweep("--points", dir), "a directory", out},
		{"100,000 points", sweep("--points", many), many + ":10002: more than 10000 points", out},
	})
}

// The total-work limit of run (simulation.max_total_requests) bounds a
// sweep and a sensitivity analysis as a whole, each point being within it
// alone, and an optimize's plans (40 replications at most each), with the
// computed figure in the message, before anything runs.
func TestHostileWork(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	sc, err := simrun.Load("", simrun.Overrides{Horizon: "3h"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := simrun.Resolve(sc, simrun.Metrics)
	if err != nil {
		t.Fatal(err)
	}
	perRep := r.ExpectedRequests()
	limit := int64(perRep*5) + 1 // 2 replications a point fit; 6 points of 2 do not
	set := fmt.Sprintf("simulation.max_total_requests=%d", limit)
	base := []string{"--horizon", "3h", "--quiet", "--out", out, "--set", set}
	checkHostile(t, []hostileCase{
		{"sweep", append([]string{"sweep", "--replications", "2", "--vary", "stream_group[0].location[0].target_idle=0..10:2"}, base...),
			fmt.Sprintf("about %.3g requests in all (6 points, %.3g at most a point) is beyond simulation.max_total_requests = %d",
				perRep*12, perRep*2, limit), out},
		{"sweep shard", append([]string{"sweep", "--replications", "2", "--shard", "0/2", "--vary", "stream_group[0].location[0].target_idle=0..22:2"}, base...),
			"is beyond simulation.max_total_requests", out},
		{"sensitivity", append([]string{"sensitivity", "--replications", "2"}, base...), "is beyond simulation.max_total_requests", out},
		{"optimize", append([]string{"optimize", "--require", "total.placement_failure_ratio<=0.1", "--set", "simulation.replications=2"}, base...),
			fmt.Sprintf("about %.3g requests a plan (%.3g per replication × 40 replications", perRep*40, perRep), out},
		{"optimize's search", []string{"optimize", "--require", "total.placement_failure_ratio<=0.1", "--horizon", "3h", "--quiet", "--out", out,
			"--set", "simulation.replications=2", "--set", fmt.Sprintf("simulation.max_total_requests=%d", int64(perRep*100))},
			// where it stops depends on the search's batches (3 replications a plan first)
			fmt.Sprintf("requests in all, beyond simulation.max_total_requests = %d", int64(perRep*100)), out},
	})
	// Within the limit, the same sweep runs.
	if code, _, errOut := capsim(t, "sweep", "--replications", "2", "--vary", "stream_group[0].location[0].target_idle=0,2",
		"--horizon", "3h", "--quiet", "--out", out, "--set", set); code != 0 {
		t.Errorf("a sweep within the limit: exit %d: %s", code, errOut)
	}
}

// A requirement of a model the scenario does not have (a stream metric of
// a scenario of fleets only) is a bad requirement, exit 2 before anything
// runs, not "no feasible plan" (exit 3) after the search.
func TestRequirementOfAbsentModel(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	checkHostile(t, []hostileCase{
		{"optimize", []string{"optimize", fleetBuffer, "--require", "total.placement_latency_seconds.p95<=30", "--quiet", "--out", out},
			"has no stream group", out},
		{"sweep", []string{"sweep", fleetBuffer, "--require", "total.placement_failure_ratio<=0.1", "--quiet", "--out", out,
			"--vary", "fleet[0].scaling.min_instances=2,4"}, "has no stream group", out},
		{"run --assert", []string{"run", fleetBuffer, "--assert", "total.cost_usd<=1", "--out", out}, "has no stream group", out},
	})
}

// --out that is a regular file is refused (exit 2) by every command that
// writes there, as run refuses it, and the file is left as it was.
func TestOutRegularFile(t *testing.T) {
	file := writeFile(t, "afile", "mine\n")
	short := []string{"--replications", "2", "--horizon", "3h", "--quiet", "--out", file}
	for _, args := range [][]string{
		append([]string{"run"}, short...),
		append([]string{"run", "--shard", "0/2"}, short...),
		append([]string{"sweep", "--vary", "stream_group[0].location[0].target_idle=0,2"}, short...),
		append([]string{"sweep", "--shard", "1/2", "--vary", "stream_group[0].location[0].target_idle=0,2"}, short...),
		append([]string{"sensitivity"}, short...),
		append([]string{"optimize", "--require", "total.placement_failure_ratio<=0.1"}, short[2:]...),
		{"merge", file},
	} {
		code, _, errOut := capsim(t, args...)
		if code != exitInvalid || !strings.Contains(errOut, "not a directory") {
			t.Errorf("%s: exit %d, stderr %q; want exit 2, not a directory", strings.Join(args, " "), code, errOut)
		}
		if data, err := os.ReadFile(file); err != nil || string(data) != "mine\n" {
			t.Errorf("%s: the file was changed: %q, %v", args[0], data, err)
		}
	}
}

// A run's shard given the store of a sharded sweep (and a sweep's shard a
// run's) is refused, exit 2, and writes nothing into it: not even its
// marker.
func TestShardIntoAnotherKindOfStore(t *testing.T) {
	dir := t.TempDir()
	sweep, run := filepath.Join(dir, "sweep"), filepath.Join(dir, "run")
	sweepArgs := []string{"sweep", "--replications", "2", "--horizon", "3h", "--quiet", "--vary", "stream_group[0].location[0].target_idle=0,2"}
	runArgs := []string{"run", "--replications", "2", "--horizon", "3h", "--quiet"}
	runShards(t, sweepArgs, sweep, 2, 1)
	runShards(t, runArgs, run, 2, 1)
	for _, c := range []struct {
		args   []string
		store  string
		marker string
	}{
		{append(runArgs, "--shard", "0/2", "--out", sweep), sweep, "capsim-run-store.json"},
		{append(sweepArgs, "--shard", "0/2", "--out", run), run, "capsim-sweep.json"},
	} {
		before := readTree(t, c.store)
		code, _, errOut := capsim(t, c.args...)
		if code != exitInvalid || !strings.Contains(errOut, "no "+c.marker) {
			t.Errorf("%s shard into %s: exit %d, stderr %q", c.args[0], c.store, code, errOut)
		}
		if after := readTree(t, c.store); len(after) != len(before) {
			t.Errorf("%s shard into %s: wrote %d files", c.args[0], c.store, len(after)-len(before))
		}
	}
}
