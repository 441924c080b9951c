package main

import (
	"github.com/capsim/capsim/experiment/shard"
	"github.com/capsim/capsim/internal/testutil"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A run sharded by the environment needs --out, and a shard prints no
// summary (--json); both are refused with exit 2 naming the variable.
func TestShardNeedsOut(t *testing.T) {
	t.Setenv("AWS_BATCH_JOB_ARRAY_INDEX", "0")
	t.Setenv("AWS_BATCH_JOB_ARRAY_SIZE", "2")
	for _, args := range [][]string{
		fastRun,
		append(append([]string{}, fastRun...), "--json", "--out", t.TempDir()),
	} {
		code, _, errOut := capsim(t, args...)
		if code != exitInvalid || !strings.Contains(errOut, "AWS_BATCH_JOB_ARRAY_INDEX") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
}

// Inside an engine's array task, an empty engine variable is no shard,
// and --shard none runs unsharded whatever the variables say: a normal
// run or sweep whose --out holds its outputs, not a shard store.
func TestShardOptOut(t *testing.T) {
	testutil.Long(t)
	slurm := map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "3"}
	sweep := []string{"sweep", "--replications", "2", "--horizon", "3h", "--vary", "stream_group[0].location[0].target_idle=0,2"}
	for _, tc := range []struct {
		name   string
		env    map[string]string
		args   []string
		output string
	}{
		{"run, empty index", map[string]string{"JOB_COMPLETION_INDEX": "", "AWS_BATCH_JOB_ARRAY_INDEX": "", "SLURM_ARRAY_TASK_ID": ""}, fastRun, "summary.json"},
		{"run --shard none", slurm, append(slices.Clone(fastRun), "--shard", shard.None), "summary.json"},
		{"sweep, empty index", map[string]string{"SLURM_ARRAY_TASK_ID": ""}, sweep, "sweep.csv"},
		{"sweep --shard none", slurm, append(slices.Clone(sweep), "--shard", shard.None), "sweep.csv"},
	} {
		for k, v := range tc.env {
			t.Setenv(k, v)
		}
		out := filepath.Join(t.TempDir(), "out")
		code, stdout, errOut := capsim(t, append(slices.Clone(tc.args), "--quiet", "--out", out)...)
		if code != 0 || strings.Contains(stdout, "shard") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want an unsharded run", tc.name, code, stdout, errOut)
		}
		if _, err := os.Stat(filepath.Join(out, tc.output)); err != nil {
			t.Errorf("%s: no %s: %v", tc.name, tc.output, err)
		}
		if _, err := os.Stat(filepath.Join(out, shard.Name)); err == nil {
			t.Errorf("%s: --out holds a shard job file", tc.name)
		}
		for k := range tc.env {
			os.Unsetenv(k) // t.Setenv restores them when the test ends
		}
	}
}
