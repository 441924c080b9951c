package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/testutil"
)

// killWhen starts capsim (this test binary, see shardChildEnv) with args,
// waits until done(dir) reports at least one finished unit, then kills it
// with SIGKILL; it fails the test if the process ends first.
func killWhen(t *testing.T, args []string, finished func() int) {
	t.Helper()
	cmd := startChild(t, args)
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.After(2 * time.Minute)
	for finished() < 1 {
		select {
		case err := <-exited:
			t.Fatalf("capsim ended (%v) before it could be killed: make its work longer", err)
		case <-deadline:
			cmd.Process.Kill()
			t.Fatal("nothing finished in 2 minutes")
		case <-time.After(2 * time.Millisecond):
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := <-exited
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("capsim was not killed by SIGKILL: %v", err)
	}
}

// startChild starts capsim (this test binary, see shardChildEnv) with args.
func startChild(t *testing.T, args []string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), shardChildEnv+"=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// unshardedAndDir runs args unsharded into a new directory and returns it
// and a fresh directory for the same command's shards.
func unshardedAndDir(t *testing.T, args []string) (whole, sharded string) {
	t.Helper()
	dir := t.TempDir()
	whole = filepath.Join(dir, "whole")
	if code, _, errOut := capsim(t, append(args, "--out", whole)...); code != 0 {
		t.Fatalf("unsharded: %s", errOut)
	}
	return whole, filepath.Join(dir, "sharded")
}

// count returns how many names match pattern.
func count(pattern string) func() int {
	return func() int { m, _ := filepath.Glob(pattern); return len(m) }
}

// A sweep shard killed with kill -9 loses none of the blocks it wrote
// (each reads back whole); rerun, it runs only the blocks left, and the
// merge writes the unsharded sweep's files.
func TestShardSweepKillResume(t *testing.T) {
	testutil.Long(t)
	args := []string{"sweep", "--replications", "4", "--horizon", "240h", "--workers", "1", "--quiet",
		"--vary", "stream_group[0].location[0].target_idle=0..10:2"}
	whole, out := unshardedAndDir(t, args)
	blocks := filepath.Join(out, "points", "*.json")
	kept := killLeavingWork(t, append(args, "--out", out, "--shard", "1/2"), blocks, 6)
	for _, f := range kept {
		var b struct {
			From, To int
			Scopes   []json.RawMessage
		}
		data, err := os.ReadFile(f)
		if err != nil || json.Unmarshal(data, &b) != nil || len(b.Scopes) == 0 {
			t.Errorf("%s: not a whole block after kill -9 (%v)", f, err)
		}
	}
	ran := 0
	sweepAfterPoint = func(int) error { ran++; return nil }
	code, stdout, errOut := capsim(t, append(args, "--out", out, "--shard", "1/2")...)
	sweepAfterPoint = nil
	if code != 0 {
		t.Fatalf("rerun: exit %d: %s", code, errOut)
	}
	if want := "already there"; !strings.Contains(stdout, want) {
		t.Errorf("rerun printed %q", stdout)
	}
	if ran != 6-len(kept) { // shard 1 of 2 holds 6 blocks: 3 points in 2 blocks of replications
		t.Errorf("the rerun ran %d blocks; %d of 6 were kept", ran, len(kept))
	}
	mergeWithShard(t, args, out, "0/2", whole)
}

// mergeWithShard runs the other shard of args into out, merges out and
// compares its outputs with the unsharded ones in whole.
func mergeWithShard(t *testing.T, args []string, out, shard, whole string) {
	t.Helper()
	if code, _, errOut := capsim(t, append(args, "--out", out, "--shard", shard)...); code != 0 {
		t.Fatalf("shard %s: %s", shard, errOut)
	}
	if code, _, errOut := capsim(t, "merge", out); code != 0 {
		t.Fatalf("merge: %s", errOut)
	}
	sameOutputs(t, whole, out, "merged with shard "+shard)
}

// A run shard killed with kill -9 keeps every replication it stored (each
// merges whole) and leaves no partial one in their place; rerun, it
// simulates only the replications left, and the merge writes the
// unsharded run's files.
func TestShardRunKillResume(t *testing.T) {
	testutil.Long(t)
	args := []string{"run", "--replications", "12", "--horizon", "360h", "--workers", "1", "--quiet"}
	whole, out := unshardedAndDir(t, args)
	reps := filepath.Join(out, "replications", "r*")
	kept := killLeavingWork(t, append(args, "--out", out, "--shard", "0/2"), reps, 6)
	var ran []int
	shardAfterRep = func(rep int) { ran = append(ran, rep) }
	code, _, errOut := capsim(t, append(args, "--out", out, "--shard", "0/2", "--workers", "1")...)
	shardAfterRep = nil
	if code != 0 {
		t.Fatalf("rerun: exit %d: %s", code, errOut)
	}
	if len(ran) != 6-len(kept) || (len(ran) > 0 && ran[0] != len(kept)) {
		t.Errorf("the rerun ran replications %v; %d of 6 were kept", ran, len(kept))
	}
	mergeWithShard(t, args, out, "1/2", whole)
	if tmp, _ := filepath.Glob(filepath.Join(out, "replications", ".tmp-*")); len(tmp) != 0 {
		t.Errorf("the merge left the killed shard's scratch directories: %v", tmp)
	}
}

// Two processes running the same shard at once (an engine's retry while
// the first attempt still runs) both succeed, and the merge is the
// unsharded output, for a sweep and for a run.
func TestShardDuplicatedAtOnce(t *testing.T) {
	testutil.Long(t)
	for _, args := range [][]string{
		{"sweep", "--replications", "4", "--horizon", "24h", "--quiet", "--vary", "stream_group[0].location[0].target_idle=0..6:2"},
		{"run", "--replications", "6", "--horizon", "24h", "--quiet"},
	} {
		whole, out := unshardedAndDir(t, args)
		cmds := []*exec.Cmd{startChild(t, append(args, "--out", out, "--shard", "0/2")), startChild(t, append(args, "--out", out, "--shard", "0/2"))}
		for i, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				t.Errorf("%s: attempt %d of shard 0/2: %v", args[0], i, err)
			}
		}
		mergeWithShard(t, args, out, "1/2", whole)
	}
}

// killLeavingWork runs args, kills it once a unit matching pattern is
// stored, and returns the units kept; it fails the test if all n units of
// the shard were done before the kill (then nothing is left to resume).
func killLeavingWork(t *testing.T, args []string, pattern string, n int) []string {
	t.Helper()
	killWhen(t, args, count(pattern))
	kept, _ := filepath.Glob(pattern)
	if len(kept) >= n {
		t.Fatalf("all %d units of the shard (%s) were done before the kill", len(kept), pattern)
	}
	return kept
}
