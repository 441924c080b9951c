package main

import (
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// signalChildEnv makes this test binary run Main on its arguments with
// SIGINT and SIGTERM handled as capsim's main handles them: a capsim
// process a test can signal.
const signalChildEnv = "CAPSIM_TEST_SIGNAL_CHILD"

func init() {
	if os.Getenv(signalChildEnv) != "" {
		sigs := make(chan os.Signal, 1)
		signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
		go watchSignals(sigs, os.Stderr, os.Exit)
		os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
	}
}

// signalWhen starts capsim with args, sends sig once ready reports true,
// and returns its exit status; it fails the test if capsim ends first.
func signalWhen(t *testing.T, args []string, sig syscall.Signal, ready func() bool) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), signalChildEnv+"=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	deadline := time.After(2 * time.Minute)
	for !ready() {
		select {
		case <-exited:
			t.Fatalf("capsim ended (%v) before the signal: make its work longer; stderr %q", cmd.ProcessState, stderr.String())
		case <-deadline:
			cmd.Process.Kill()
			t.Fatal("not ready in 2 minutes")
		case <-time.After(2 * time.Millisecond):
		}
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	<-exited
	return cmd.ProcessState.ExitCode()
}

// scratch lists what under dir is a temporary or scratch path capsim
// makes: a .tmp- file or directory, a staging or scratch directory.
func scratch(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && (strings.HasPrefix(d.Name(), ".tmp-") || strings.Contains(d.Name(), ".capsim-")) {
			out = append(out, p)
		}
		return err
	})
	return out
}

// SIGTERM during a run's shard removes the replication it was writing
// (its .tmp- scratch directory) and every temporary file, and exits 143;
// the replications stored before stay whole, and a rerun and the merge
// finish the job.
func TestSignalDuringRunShard(t *testing.T) {
	args := []string{"run", "--replications", "12", "--horizon", "360h", "--workers", "2", "--quiet"}
	whole, out := unshardedAndDir(t, args)
	tmp := filepath.Join(out, "replications", ".tmp-*")
	code := signalWhen(t, append(args, "--out", out, "--shard", "0/2"), syscall.SIGTERM, func() bool { return count(tmp)() > 0 })
	if code != 143 {
		t.Errorf("exit %d, want 143", code)
	}
	if left := scratch(t, out); len(left) > 0 {
		t.Errorf("SIGTERM left scratch behind: %q", left)
	}
	if code, _, errOut := capsim(t, append(args, "--out", out, "--shard", "0/2")...); code != 0 {
		t.Fatalf("rerun: exit %d: %s", code, errOut)
	}
	mergeWithShard(t, args, out, "1/2", whole)
}

// SIGINT during run --sensitivity removes the sensitivity design's
// scratch store beside --out as well as the staging directory, and
// exits 130: nothing is left beside --out.
func TestSignalDuringRunSensitivity(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	blocks := filepath.Join(parent, ".out.capsim-sensitivity-*", "points", "*.json")
	code := signalWhen(t, []string{"run", "--sensitivity", "--replications", "1", "--horizon", "4h", "--workers", "4", "--quiet", "--out", out},
		syscall.SIGINT, func() bool { return count(blocks)() > 0 })
	if code != 130 {
		t.Errorf("exit %d, want 130", code)
	}
	if left := listDir(t, parent); len(left) > 0 {
		t.Errorf("SIGINT left %q beside --out", left)
	}
}
