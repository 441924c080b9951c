package manifesttest

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// repoRoot is capsim's module, three levels up.
const repoRoot = "../../.."

// fast keeps the runs of the test short; appended, they override the
// manifest's values, and every other flag of the manifest is parsed and used.
var fast = []string{"--replications", "2", "--horizon", "6h"}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// capsimBinary builds capsim from the parent module once per test run.
func capsimBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "capsim-manifesttest-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "capsim")
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/capsim")
		cmd.Dir = repoRoot
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build ./cmd/capsim: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// sandbox stands in for a container's filesystem: each mount path maps to a
// directory of the test.
type sandbox map[string]string

// local rewrites the mount paths in args to the test's directories.
func (s sandbox) local(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		for mount, dir := range s {
			if a == mount || strings.HasPrefix(a, mount+"/") {
				out[i] = dir + strings.TrimPrefix(a, mount)
			}
		}
	}
	return out
}

// engineEnv is the test's environment without any batch engine's variables,
// plus vars: what a container of the engine sees.
func engineEnv(vars ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SLURM_") && !strings.HasPrefix(kv, "AWS_BATCH_") && !strings.HasPrefix(kv, "JOB_COMPLETION_INDEX=") {
			env = append(env, kv)
		}
	}
	return append(env, vars...)
}

// capsim runs the capsim command line args (args[0] is "capsim", as in the
// manifests) with env, failing the test with its output on a non-zero exit.
func capsim(t *testing.T, args, env []string) {
	t.Helper()
	if len(args) == 0 || args[0] != "capsim" {
		t.Fatalf("command %q does not start with capsim", args)
	}
	cmd := exec.Command(capsimBinary(t), args[1:]...)
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("%q (env %q): %v\n%s", args, env[len(engineEnv()):], err, out.String())
	}
}

// runShards runs one shard per environment, at most parallel at once.
func runShards(t *testing.T, args []string, envs [][]string, parallel int) {
	t.Helper()
	var wg sync.WaitGroup
	slots := make(chan struct{}, parallel)
	for _, env := range envs {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; wg.Done() }()
			// t.Fatalf from a goroutine does not stop the test; Errorf does.
			cmd := exec.Command(capsimBinary(t), args[1:]...)
			cmd.Env = env
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("%q (env %q): %v\n%s", args, env[len(engineEnv()):], err, out)
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
}

// sameOutputs fails unless every file the unsharded run wrote in want,
// but for the store of its points (points/, whose blocks are laid out by
// shard), is in got, byte for byte.
func sameOutputs(t *testing.T, want, got string) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(want, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(want, path)
		if strings.HasPrefix(rel, "points"+string(filepath.Separator)) {
			return nil
		}
		a, _ := os.ReadFile(path)
		b, err := os.ReadFile(filepath.Join(got, rel))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("merged %s differs from the unsharded run's (%v)", rel, err)
		}
		files++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// sweep.csv, sweep.json, sweep.html, capsim-sweep.json and the plots
	if files < 5 {
		t.Fatalf("the unsharded run wrote %d files besides points/, want at least 5", files)
	}
}

// withoutFlag drops flag and its value from args.
func withoutFlag(args []string, flag string) []string {
	i := slices.Index(args, flag)
	if i < 0 {
		return args
	}
	return slices.Delete(slices.Clone(args), i, i+2)
}

// copyScenario puts the default scenario at path, as the user's ConfigMap or
// shared volume would hold theirs.
func copyScenario(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "scenarios", "default.toml"))
	if err == nil {
		err = os.MkdirAll(filepath.Dir(path), 0o755)
	}
	if err == nil {
		err = os.WriteFile(path, data, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}
