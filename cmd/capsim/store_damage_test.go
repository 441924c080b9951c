package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/capsim/capsim/experiment/shard"
)

// damage is one way of damaging a stored file: a bit flipped at a byte
// (pos < 0 counts from the end) or the file cut to a length (fraction of
// it).
type damage struct {
	name string
	do   func(data []byte) []byte
}

// damages flips one bit at the first byte, one in the middle, the last
// byte, one in the seal and three more at positions drawn from seed, and
// cuts the file to nothing, to half and to all but one byte.
func damages(seed uint64, size int) []damage {
	flip := func(pos, bit int) damage {
		return damage{name: "bit " + strconv.Itoa(bit) + " of byte " + strconv.Itoa(pos), do: func(d []byte) []byte {
			d = []byte(string(d))
			d[pos] ^= 1 << bit
			return d
		}}
	}
	cut := func(n int) damage {
		return damage{name: "cut to " + strconv.Itoa(n) + " bytes", do: func(d []byte) []byte { return d[:n] }}
	}
	r := rand.New(rand.NewPCG(seed, 7))
	out := []damage{flip(0, 0), flip(size/2, 3), flip(size-1, 6), flip(size-30, 1), cut(0), cut(size / 2), cut(size - 1)}
	for range 3 {
		out = append(out, flip(r.IntN(size), r.IntN(8)))
	}
	return out
}

// storedUnits are one file of each kind a sharded sweep and a sharded run
// store, relative to their --out DIR: a block, a run's rep.gob and one of
// its spill files, the job files, the shards' reports and the markers.
func storedUnits(t *testing.T, sweep, run string) map[string]string {
	t.Helper()
	block, _ := filepath.Glob(filepath.Join(sweep, "points", "*.json"))
	spill, _ := filepath.Glob(filepath.Join(run, "replications", "r000001", "*.f64"))
	if len(block) == 0 || len(spill) == 0 {
		t.Fatalf("no block (%d) or spill file (%d)", len(block), len(spill))
	}
	return map[string]string{
		"block":              block[0],
		"sweep job file":     filepath.Join(sweep, shard.Name),
		"sweep shard report": filepath.Join(sweep, "shards", "1-of-2.json"),
		"sweep store marker": filepath.Join(sweep, "capsim-sweep.json"),
		"replication":        filepath.Join(run, "replications", "r000001", "rep.gob"),
		"spill file":         spill[0],
		"run job file":       filepath.Join(run, shard.Name),
		"run shard report":   filepath.Join(run, "shards", "0-of-2.json"),
		"run store marker":   filepath.Join(run, "capsim-run-store.json"),
	}
}

// One flipped bit, or a cut, in any kind of stored unit makes the merge
// refuse the store (exit 2, never 0 nor 1 from deep in reports), naming
// the file and the rerun that repairs it, and write no output; the store
// of a good copy still merges. A shard's rerun refuses the damage too
// (it is not taken for done), until the file is removed: then the rerun
// simulates it again and the merge writes the unsharded outputs.
func TestMergeRefusesDamage(t *testing.T) {
	dir := t.TempDir()
	sweep, run := filepath.Join(dir, "sweep"), filepath.Join(dir, "run")
	sweepArgs, runArgs := shardSweepArgs(), shardRunArgs()
	runShards(t, sweepArgs, sweep, 2, 3)
	runShards(t, runArgs, run, 2, 3)
	units := storedUnits(t, sweep, run)
	for kind, file := range units {
		orig, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		top, output := sweep, "sweep.csv"
		if strings.HasPrefix(file, run) {
			top, output = run, "summary.json"
		}
		rel, _ := filepath.Rel(top, file)
		for _, d := range damages(uint64(len(orig)), len(orig)) {
			if err := os.WriteFile(file, d.do(orig), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, errOut := capsim(t, "merge", top)
			if code != exitInvalid || !strings.Contains(errOut, filepath.ToSlash(filepath.Base(rel))) ||
				!(strings.Contains(errOut, "damaged") || strings.Contains(errOut, "not a")) || !strings.Contains(errOut, "rerun") {
				t.Errorf("%s, %s: merge exit %d, stderr %q; want exit 2 naming %s, the damage and the rerun", kind, d.name, code, errOut, rel)
			}
			if _, err := os.Stat(filepath.Join(top, output)); err == nil {
				t.Fatalf("%s, %s: a refused merge wrote %s", kind, d.name, output)
			}
		}
		if err := os.WriteFile(file, orig, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A damaged block is not taken for done by its shard's rerun.
	block := units["block"]
	data, _ := os.ReadFile(block)
	data[len(data)/3] ^= 4
	if err := os.WriteFile(block, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		code, _, errOut := capsim(t, append(sweepArgs, "--out", sweep, "--shard", strconv.Itoa(i)+"/2")...)
		if code == 0 {
			continue // the other shard: its blocks are whole
		}
		if code != exitInvalid || !strings.Contains(errOut, filepath.Base(block)) || !strings.Contains(errOut, "remove") {
			t.Errorf("shard %d/2 rerun over a damaged block: exit %d, %q", i, code, errOut)
		}
	}
	if err := os.Remove(block); err != nil {
		t.Fatal(err)
	}
	runShards(t, sweepArgs, sweep, 2, 4)
	whole := filepath.Join(dir, "whole")
	if code, _, errOut := capsim(t, append(sweepArgs, "--out", whole)...); code != 0 {
		t.Fatalf("unsharded: %s", errOut)
	}
	if code, _, errOut := capsim(t, "merge", sweep); code != 0 {
		t.Fatalf("merge after the repair: exit %d: %s", code, errOut)
	}
	sameOutputs(t, whole, sweep, "after the repair")
}

// A job file edited to another seed, horizon, replication count (negative,
// or 1e11: no allocation), shard count or --assert-on, sealed again as a
// tool that knows the format would, is refused by the merge (exit 2)
// against the units its shards stored, or as a job no shard writes;
// edited without its seal it is damaged. Nothing is written.
func TestMergeRefusesAnEditedJob(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	runShards(t, shardRunArgs(), good, 2, 5)
	for _, c := range []struct {
		field string
		value any
		want  string
	}{
		{"meta.seed", 99, "the job's is 99"},
		{"meta.horizon_seconds", 7200, "of another job"},
		{"meta.warmup_seconds", 0, "of another job"},
		{"meta.replications", -3, "meta.replications -3: want 1 to 100000"},
		{"meta.replications", 1e11, "meta.replications 100000000000: want 1 to 100000"},
		{"shards", 0, "shards 0: want 1 to 100000"},
		{"shards", 1e11, "shards 100000000000: want 1 to 100000"},
		{"run.assert_on", "median", `run.assert_on "median": want mean or bound`},
		{"meta.horizon_seconds", -1, "want 0 ≤ warm-up < horizon"},
	} {
		d := filepath.Join(dir, strings.ReplaceAll(c.field, ".", "-")+"-"+strconv.Itoa(int(toFloat(c.value))))
		copyTree(t, good, d)
		editBlock(t, filepath.Join(d, shard.Name), c.field, c.value)
		refused(t, c.field, d, c.want, "summary.json")
	}
	d := filepath.Join(dir, "unsealed")
	copyTree(t, good, d)
	job := filepath.Join(d, shard.Name)
	data, _ := os.ReadFile(job)
	i := strings.Index(string(data), `"seed": `) + len(`"seed": `)
	data[i] = "12"[(data[i]-'0'+1)%2] // another first digit
	if err := os.WriteFile(job, data, 0o644); err != nil {
		t.Fatal(err)
	}
	refused(t, "unsealed", d, shard.Name+": not a job file capsim can use: damaged", "summary.json")
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case int:
		return float64(x)
	case float64:
		return x
	}
	return 0
}

// A sweep or sensitivity analysis resumed over a store with a damaged
// block (a flipped bit, a cut) refuses it, exit 2 naming the file and the
// repair, and writes no output from it; removed, the block is simulated
// again and the outputs are those of the undamaged store, byte for byte.
func TestResumeRefusesDamage(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"sweep", "--replications", "2", "--horizon", "3h", "--quiet", "--vary", "stream_group[0].location[0].target_idle=0,2,4"},
		{"sensitivity", "--replications", "2", "--horizon", "3h", "--quiet"},
	} {
		good, out := filepath.Join(dir, args[0]+"-good"), filepath.Join(dir, args[0])
		mustCapsim(t, append(args, "--out", good)...)
		blocks, _ := filepath.Glob(filepath.Join(good, "points", "*.json"))
		for k, cut := range []bool{false, true} {
			os.RemoveAll(out)
			copyTree(t, good, out)
			for _, f := range []string{"sweep.csv", "sensitivity.csv"} {
				os.Remove(filepath.Join(out, f))
			}
			block := filepath.Join(out, "points", filepath.Base(blocks[k]))
			data, _ := os.ReadFile(block)
			if cut {
				data = data[:len(data)*2/3]
			} else {
				data[len(data)/2] ^= 0x10
			}
			if err := os.WriteFile(block, data, 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, errOut := capsim(t, append(args, "--out", out)...)
			if code != exitInvalid || !strings.Contains(errOut, filepath.Base(block)+": unreadable: damaged") ||
				!strings.Contains(errOut, "run the same command again") {
				t.Errorf("%s over a damaged block (cut %v): exit %d, stderr %q", args[0], cut, code, errOut)
			}
			for _, f := range []string{"sweep.csv", "sensitivity.csv"} {
				if _, err := os.Stat(filepath.Join(out, f)); err == nil {
					t.Errorf("%s over a damaged block wrote %s", args[0], f)
				}
			}
			if err := os.Remove(block); err != nil {
				t.Fatal(err)
			}
			mustCapsim(t, append(args, "--out", out)...)
			sameTrees(t, good, out, args[0]+" repaired")
		}
	}
}
