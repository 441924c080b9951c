package main

import (
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/capsim/capsim/internal/outdir"
	"github.com/capsim/capsim/internal/safeio"
)

// shardChildEnv makes this test binary run Main on its arguments: a capsim
// process a test can kill -9.
const shardChildEnv = "CAPSIM_TEST_SHARD_CHILD"

func init() {
	if os.Getenv(shardChildEnv) != "" {
		os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
	}
}

// shardSweepArgs is sweepArgs' design without --out: 6 valid points of 3
// replications, 3 invalid ones.
func shardSweepArgs() []string {
	a := sweepArgs("x")
	return a[:len(a)-2]
}

// runShards runs shards 0..n-1 of args into dir, in an order shuffled by
// seed (the engine runs them in any order), and fails the test if one fails.
func runShards(t *testing.T, args []string, dir string, n int, seed uint64) {
	t.Helper()
	order := rand.New(rand.NewPCG(seed, 1)).Perm(n)
	for _, i := range order {
		sh := strconv.Itoa(i) + "/" + strconv.Itoa(n)
		if code, _, errOut := capsim(t, append(args, "--out", dir, "--shard", sh)...); code != 0 {
			t.Fatalf("shard %s: exit %d: %s", sh, code, errOut)
		}
	}
}

// sameOutputs checks that every file of the unsharded output whole, but
// the results store's own (points/), is in merged with the same bytes.
func sameOutputs(t *testing.T, whole, merged, how string) {
	t.Helper()
	want, got := readTree(t, whole), readTree(t, merged)
	n := 0
	for name, data := range want {
		if strings.HasPrefix(name, "points/") {
			continue
		}
		n++
		if g, ok := got[name]; !ok {
			t.Errorf("%s: %s missing", how, name)
		} else if string(g) != string(data) {
			t.Errorf("%s: %s differs from the unsharded one", how, name)
		}
	}
	if n < 5 {
		t.Errorf("%s: only %d outputs compared", how, n)
	}
}

// A sweep run as N shards (N = 1, 2, 3, 7: 7 does not divide its 6 points
// and cuts their replications into blocks) and merged writes the files of
// the sweep run unsharded, byte for byte, and prints the same table.
func TestShardSweepMergeEqualsUnsharded(t *testing.T) {
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole")
	code, wantOut, errOut := capsim(t, append(shardSweepArgs(), "--out", whole)...)
	if code != 0 {
		t.Fatalf("unsharded: exit %d: %s", code, errOut)
	}
	for _, n := range []int{1, 2, 3, 7} {
		out := filepath.Join(dir, "sharded-"+strconv.Itoa(n))
		runShards(t, shardSweepArgs(), out, n, uint64(n))
		code, gotOut, errOut := capsim(t, "merge", out)
		if code != 0 {
			t.Fatalf("N=%d: merge: exit %d: %s", n, code, errOut)
		}
		sameOutputs(t, whole, out, "N="+strconv.Itoa(n))
		if strings.ReplaceAll(gotOut, out, whole) != wantOut {
			t.Errorf("N=%d: merge printed\n%s\nthe unsharded sweep\n%s", n, gotOut, wantOut)
		}
		blocks, _ := filepath.Glob(filepath.Join(out, "points", "*.json"))
		if want := map[int]int{1: 6, 2: 12, 3: 12, 7: 18}[n]; len(blocks) != want {
			t.Errorf("N=%d: %d blocks, want %d (points × replication blocks)", n, len(blocks), want)
		}
	}
}

// editBlock rewrites one field of the sealed JSON file path (a block, the
// job file) and seals it again, as a tool that knows the format would: a
// file of another job, not a damaged one. A field a.b is field b of
// object a.
func editBlock(t *testing.T, path, field string, value any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "sha256")
	obj, keys := m, strings.Split(field, ".")
	for _, k := range keys[:len(keys)-1] {
		var ok bool
		if obj, ok = obj[k].(map[string]any); !ok {
			t.Fatalf("%s: no object %q", path, k)
		}
	}
	obj[keys[len(keys)-1]] = value
	if data, err = json.MarshalIndent(m, "", " "); err == nil {
		data, err = safeio.SealJSON(data)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyTree copies the files of src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	for name, data := range readTree(t, src) {
		p := filepath.Join(dst, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Merge refuses, exit 2 and naming what is wrong, a missing shard (listing
// its index), blocks of another seed, scenario, capsim version or shard
// count, and overlapping blocks; a shard of another job is refused when it
// starts. Nothing is written by a refused merge.
func TestShardSweepMergeRefuses(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	runShards(t, shardSweepArgs(), good, 3, 1)
	blocks, _ := filepath.Glob(filepath.Join(good, "points", "*.r1-3.json"))
	if len(blocks) == 0 {
		t.Fatal("no block r1-3")
	}
	block := filepath.Join("points", filepath.Base(blocks[0]))
	missing := filepath.Join(dir, "missing")
	for _, i := range []string{"0/7", "2/7", "3/7", "5/7", "6/7"} {
		if code, _, errOut := capsim(t, append(shardSweepArgs(), "--out", missing, "--shard", i)...); code != 0 {
			t.Fatalf("shard %s: %s", i, errOut)
		}
	}
	cases := []struct {
		name, dir string
		edit      func(dir string)
		want      string
	}{
		{"missing", missing, func(string) {}, "2 of 7 shards missing or unfinished: 1,4"},
		{"seed", "", func(d string) { editBlock(t, filepath.Join(d, block), "seed", 99) }, block + ": seed 99"},
		{"version", "", func(d string) { editBlock(t, filepath.Join(d, block), "capsim_version", "0.0.1") }, "capsim version 0.0.1"},
		{"scenario", "", func(d string) { editBlock(t, filepath.Join(d, block), "scenario_sha256", "ab12") }, "scenario_sha256 ab12"},
		{"count", "", func(d string) {
			editBlock(t, filepath.Join(d, block), "shard", map[string]int{"index": 1, "count": 4})
		}, "written by shard 1/4, the job has 3 shards"},
		{"overlap", "", func(d string) {
			over := filepath.Join(d, strings.Replace(block, ".r1-3", ".r0-2", 1))
			data, _ := os.ReadFile(filepath.Join(d, block))
			os.WriteFile(over, data, 0o644)
			editBlock(t, over, "from", 0)
			editBlock(t, over, "to", 2)
		}, strings.Replace(block, ".r1-3", ".r0-2", 1) + ": overlapping results"},
		{"shard report", "", func(d string) { os.WriteFile(filepath.Join(d, "shards", "0-of-5.json"), []byte("{}"), 0o644) },
			"shards/0-of-5.json: shards of another shard count"},
	}
	for _, tc := range cases {
		d := tc.dir
		if d == "" {
			d = filepath.Join(dir, tc.name)
			copyTree(t, good, d)
		}
		tc.edit(d)
		refused(t, tc.name, d, tc.want, "sweep.csv")
	}
	// A rerun of the shards replaces what merge refused (it counts as done
	// only what merge accepts), and the merge then goes through.
	for _, name := range []string{"seed", "version", "scenario"} {
		d := filepath.Join(dir, name)
		runShards(t, shardSweepArgs(), d, 3, 2)
		if code, _, errOut := capsim(t, "merge", d); code != 0 {
			t.Errorf("%s: after rerunning the shards, merge: exit %d: %s", name, code, errOut)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--shard", "0/2"}, "its shards is 3, this shard's 2"},
		{[]string{"--shard", "0/3", "--seed", "5"}, "its scenario_sha256 is"},
		{[]string{"--shard", "0/3", "--replications", "2"}, "its scenario_sha256 is"},
		{[]string{"--shard", "0/3", "--require", "total.cost_usd<=1"}, "its sweep design (points, requirements"},
	} {
		code, _, errOut := capsim(t, append(append(shardSweepArgs(), "--out", good), tc.args...)...)
		if code != exitInvalid || !strings.Contains(errOut, "holds shards of another job: "+tc.want) {
			t.Errorf("%v: exit %d, stderr %q", tc.args, code, errOut)
		}
	}
}

// refused checks that capsim merge dir exits 2 with want on stderr and
// does not write output.
func refused(t *testing.T, name, dir, want, output string) {
	t.Helper()
	code, _, errOut := capsim(t, "merge", dir)
	if code != exitInvalid || !strings.Contains(errOut, want) {
		t.Errorf("%s: exit %d, stderr %q; want exit 2 naming %q", name, code, errOut, want)
	}
	if _, err := os.Stat(filepath.Join(dir, output)); err == nil {
		t.Errorf("%s: a refused merge wrote %s", name, output)
	}
}

// A sweep whose scenario file is named by a relative path in one shard
// and by an absolute one in another (another working directory) is one
// job, though the error text of a skipped point names the file as given:
// both shards are accepted, and the merge writes the unsharded sweep's
// files, the skipped point with them.
func TestShardSweepScenarioPath(t *testing.T) {
	rel := "../../scenarios/examples/trace-replay.toml"
	abs, err := filepath.Abs(rel)
	if err != nil {
		t.Fatal(err)
	}
	args := func(file string) []string {
		return []string{"sweep", file, "--replications", "2", "--quiet", "--vary", "stream_group[0].location[0].always_on=2,4,30"}
	}
	whole, out := unshardedAndDir(t, args(rel))
	for i, file := range []string{rel, abs} {
		sh := strconv.Itoa(i) + "/2"
		if code, _, errOut := capsim(t, append(args(file), "--out", out, "--shard", sh)...); code != 0 {
			t.Fatalf("shard %s naming %s: exit %d: %s", sh, file, code, errOut)
		}
	}
	if code, _, errOut := capsim(t, "merge", out); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, errOut)
	}
	sameOutputs(t, whole, out, "relative and absolute path")
	data, err := os.ReadFile(filepath.Join(out, "sweep.json"))
	if err != nil || !strings.Contains(string(data), "maximum 20 is below always_on 30") {
		t.Errorf("the merged sweep.json does not list the skipped point always_on=30 (%v)", err)
	}
}

// The manifest and the shard files are written by one function: indented
// JSON, HTML characters escaped, a final newline; the manifest's files
// sorted. The bytes are pinned here, as every --out directory has them.
func TestWriteManifestBytes(t *testing.T) {
	var buf strings.Builder
	create := func(name string, write func(io.Writer) error) error {
		if name != outdir.Manifest {
			t.Errorf("wrote %s, want %s", name, outdir.Manifest)
		}
		return write(&buf)
	}
	if err := writeManifest("run")(create, []string{"summary.json", "plots/a<&>.svg"}); err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"capsim_version\": \"" + Version + "\",\n  \"command\": \"run\",\n  \"files\": [\n" +
		"    \"plots/a\\u003c\\u0026\\u003e.svg\",\n    \"summary.json\"\n  ]\n}\n"
	if buf.String() != want {
		t.Errorf("manifest\n%q\nwant\n%q", buf.String(), want)
	}
}

// A design with a repeated point (target_idle 2 twice) or two equal ones
// (60s and 1m: one scenario, one hash) merges from its shards into the
// unsharded sweep's files, every point listed; each distinct point is
// simulated once.
func TestShardSweepRepeatedPoints(t *testing.T) {
	args := []string{"sweep", "--replications", "2", "--horizon", "3h", "--quiet",
		"--vary", "stream_group[0].location[0].target_idle=2,2,4", "--vary", "service.idle_release_delay=60s,1m"}
	whole, out := unshardedAndDir(t, args)
	for _, n := range []int{1, 2, 3} {
		d := out + strconv.Itoa(n)
		runShards(t, args, d, n, uint64(n))
		if code, _, errOut := capsim(t, "merge", d); code != 0 {
			t.Fatalf("%d shards: merge: exit %d: %s", n, code, errOut)
		}
		sameOutputs(t, whole, d, strconv.Itoa(n)+" shards")
		csv, _ := os.ReadFile(filepath.Join(d, "sweep.csv"))
		if rows := strings.Count(string(csv), "\n"); rows != 1+6*3 {
			t.Errorf("%d shards: sweep.csv has %d lines, want a header and 6 points of 3 scopes", n, rows)
		}
	}
	if blocks, _ := filepath.Glob(filepath.Join(whole, "points", "*.json")); len(blocks) != 2 {
		t.Errorf("the unsharded sweep stored %d blocks, want 2 (two distinct points)", len(blocks))
	}
}
