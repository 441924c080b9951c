package main

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// sentinel makes a directory outside every --out DIR, holding files a
// command would write or remove if it followed a link there (a block's
// name, a temporary file, a plot), and returns it with a check that it is
// as it was.
func sentinel(t *testing.T) (dir string, untouched func(how string)) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "sentinel")
	for name, text := range map[string]string{"keep.txt": "mine\n", ".tmp-bait": "mine too\n", "sweep-pareto.png": "not a plot\n",
		"r000000/rep.gob": "not a replication\n"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	before := readTree(t, dir)
	return dir, func(how string) {
		t.Helper()
		after := readTree(t, dir)
		if !maps.EqualFunc(before, after, func(a, b []byte) bool { return string(a) == string(b) }) {
			t.Errorf("%s: the directory a planted link points to changed: %q, was %q", how, slices.Sorted(maps.Keys(after)), slices.Sorted(maps.Keys(before)))
		}
	}
}

// plant replaces dir/name (if there) with a symbolic link to target.
func plant(t *testing.T, dir, name, target string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.RemoveAll(p); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, p); err != nil {
		t.Fatal(err)
	}
}

// A symbolic link planted in a sweep's store, a sharded run's or a
// sensitivity analysis's (points/, plots/, replications/, shards/, a
// block, a replication) is refused (exit 2, naming it) by the command
// that would write there and by the merge, and nothing in the directory
// it points to is written or removed.
func TestPlantedLinksRefused(t *testing.T) {
	dir := t.TempDir()
	s, untouched := sentinel(t)
	sweepArgs := []string{"sweep", "--replications", "2", "--horizon", "3h", "--quiet", "--vary", "stream_group[0].location[0].target_idle=0,2"}
	runArgs := []string{"run", "--replications", "4", "--horizon", "3h", "--quiet"}
	sweep, sweepShards, runShards2 := filepath.Join(dir, "sweep"), filepath.Join(dir, "sweep-shards"), filepath.Join(dir, "run-shards")
	sens := filepath.Join(dir, "sens")
	mustCapsim(t, append(sweepArgs, "--out", sweep)...)
	runShards(t, sweepArgs, sweepShards, 2, 1)
	runShards(t, runArgs, runShards2, 2, 1)
	mustCapsim(t, "sensitivity", "--replications", "2", "--horizon", "3h", "--quiet", "--out", sens)
	block, _ := filepath.Glob(filepath.Join(sweepShards, "points", "*.json"))
	for _, c := range []struct {
		name, store, link string
		target            string // "" for the sentinel
		args              []string
	}{
		{"sweep points/", sweep, "points", "", append(sweepArgs, "--out", sweep)},
		{"sweep plots/", sweep, "plots", "", append(sweepArgs, "--out", sweep)},
		{"sensitivity points/", sens, "points", "", []string{"sensitivity", "--replications", "2", "--horizon", "3h", "--quiet", "--out", sens}},
		{"sweep shard points/", sweepShards, "points", "", append(sweepArgs, "--out", sweepShards, "--shard", "0/2")},
		{"sweep shard shards/", sweepShards, "shards", "", append(sweepArgs, "--out", sweepShards, "--shard", "0/2")},
		{"merge of a sweep, plots/", sweepShards, "plots", "", []string{"merge", sweepShards}},
		{"merge of a sweep, a block", sweepShards, filepath.Join("points", filepath.Base(block[0])), filepath.Join(s, "keep.txt"), []string{"merge", sweepShards}},
		{"run shard replications/", runShards2, "replications", "", append(runArgs, "--out", runShards2, "--shard", "1/2")},
		{"merge of a run, replications/", runShards2, "replications", "", []string{"merge", runShards2}},
		{"merge of a run, a replication", runShards2, filepath.Join("replications", "r000000"), filepath.Join(s, "r000000"), []string{"merge", runShards2}},
		{"merge of a run, plots/", runShards2, "plots", "", []string{"merge", runShards2}},
	} {
		copyDir := filepath.Join(dir, "copy-"+strings.NewReplacer("/", "-", " ", "-", ",", "").Replace(c.name))
		copyTree(t, c.store, copyDir)
		target := c.target
		if target == "" {
			target = s
		}
		plant(t, copyDir, c.link, target)
		args := slices.Clone(c.args)
		for i, a := range args {
			if a == c.store {
				args[i] = copyDir
			}
		}
		code, _, errOut := capsim(t, args...)
		if code != exitInvalid || !(strings.Contains(errOut, "symbolic link") || strings.Contains(errOut, "not a block file") ||
			strings.Contains(errOut, "unreadable")) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 naming the link", c.name, code, errOut)
		}
		untouched(c.name)
	}
}

// An --out DIR of a run that capsim wrote before, with a link planted in
// it, is replaced whole: the new outputs are written to a staging
// directory and the old DIR removed without following the link.
func TestRunOutReplacesPlantedLink(t *testing.T) {
	s, untouched := sentinel(t)
	out := filepath.Join(t.TempDir(), "out")
	mustCapsim(t, append(slices.Clone(fastRun), "--out", out)...)
	plant(t, out, "plots", s)
	mustCapsim(t, append(slices.Clone(fastRun), "--out", out)...)
	untouched("run over a planted plots/")
	if fi, err := os.Lstat(filepath.Join(out, "plots")); err != nil || !fi.IsDir() {
		t.Errorf("plots/ is not the run's own directory: %v, %v", fi, err)
	}
}
