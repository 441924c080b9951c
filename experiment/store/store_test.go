package store

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/experiment/shard"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/simrun"
)

// base is the default scenario, shortened.
func base(t *testing.T) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	for path, v := range map[string]string{"simulation.horizon": "3h", "simulation.warmup": "30m", "simulation.replications": "3"} {
		if err := sc.Set(path, v); err != nil {
			t.Fatal(err)
		}
	}
	return sc
}

func grid(t *testing.T, vary ...string) []design.Point {
	t.Helper()
	var axes []design.Axis
	for _, v := range vary {
		ax, err := design.ParseVary(v)
		if err != nil {
			t.Fatal(err)
		}
		axes = append(axes, ax)
	}
	ps, err := design.Grid(axes)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func reps(t *testing.T, b *Block, scope, name string) simrun.Values {
	t.Helper()
	vs, ok := b.Reps(scope, name)
	if !ok {
		t.Fatalf("no %s.%s", scope, name)
	}
	return vs
}

// Common random numbers: points that differ only in capacity see the same
// requests, replication by replication, at every location; the capacity
// does change what they cost.
func TestCommonRandomNumbers(t *testing.T) {
	prep, skipped := design.Prepare(base(t), grid(t, "stream_group[0].location[0].target_idle=0,8"))
	if len(skipped) > 0 || len(prep) != 2 {
		t.Fatalf("prepared %d, skipped %v", len(prep), skipped)
	}
	st, err := OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := Run(st, prep, Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, scope := range []string{"locations[0]", "locations[1]", "total"} {
		a, b := reps(t, blocks[0], scope, "requests"), reps(t, blocks[1], scope, "requests")
		if !slices.Equal(a, b) || a[0] == 0 {
			t.Errorf("%s requests per replication differ between points: %v vs %v", scope, a, b)
		}
	}
	if ca, cb := reps(t, blocks[0], "total", "cost_usd"), reps(t, blocks[1], "total", "cost_usd"); slices.Equal(ca, cb) {
		t.Errorf("target_idle 0 and 8 cost the same in every replication (%v): the points were not applied", ca)
	}
}

// A killed sweep resumes from the blocks it saved: the rerun runs only the
// rest, and every block is byte-identical to an uninterrupted sweep's,
// whatever the number of workers.
func TestResumeAfterStop(t *testing.T) {
	prep, _ := design.Prepare(base(t), grid(t, "stream_group[0].location[0].target_idle=0..4:2", "stream_group[0].location[1].always_on=10,20"))
	whole := t.TempDir()
	st, _ := OpenStore(whole)
	if _, err := Run(st, prep, Options{Version: "test", Workers: 1}); err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{1, 4} {
		dir := t.TempDir()
		st, _ := OpenStore(dir)
		_, err := Run(st, prep, Options{Version: "test", Workers: 3, AfterPoint: func(saved int) error {
			if saved == k {
				return ErrStopped
			}
			return nil
		}})
		if !errors.Is(err, ErrStopped) {
			t.Fatalf("stop after %d: got %v", k, err)
		}
		ran := 0
		if _, err := Run(st, prep, Options{Version: "test", Workers: 2, AfterPoint: func(int) error { ran++; return nil }}); err != nil {
			t.Fatal(err)
		}
		if ran > len(prep)-k {
			t.Errorf("stop after %d: the rerun ran %d points, at most %d were left", k, ran, len(prep)-k)
		}
		sameFiles(t, filepath.Join(whole, pointsDir), filepath.Join(dir, pointsDir))
	}
}

func sameFiles(t *testing.T, a, b string) {
	t.Helper()
	ea, _ := os.ReadDir(a)
	eb, _ := os.ReadDir(b)
	if len(ea) != len(eb) || len(ea) == 0 {
		t.Fatalf("%s has %d files, %s %d", a, len(ea), b, len(eb))
	}
	for _, e := range ea {
		x, _ := os.ReadFile(filepath.Join(a, e.Name()))
		y, err := os.ReadFile(filepath.Join(b, e.Name()))
		if err != nil || string(x) != string(y) {
			t.Errorf("%s differs between the runs (%v)", e.Name(), err)
		}
	}
}

// A point's results split into replication blocks (as shards would write
// them) load back merged, equal to the unsplit block; a gap in the blocks
// means the point is to be run.
func TestLoadMergesBlocks(t *testing.T) {
	prep, _ := design.Prepare(base(t), grid(t, "stream_group[0].location[0].target_idle=4"))
	st, _ := OpenStore(t.TempDir())
	blocks, err := Run(st, prep, Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	whole := blocks[0]
	if err := os.Remove(filepath.Join(st.Dir, blockName(whole.PointSHA256, 0, 3))); err != nil {
		t.Fatal(err)
	}
	for _, r := range [][2]int{{0, 1}, {1, 3}} {
		b := *whole
		b.From, b.To = r[0], r[1]
		b.Scopes = nil
		for _, sc := range whole.Scopes {
			sc.Metrics = append([]simrun.Series(nil), sc.Metrics...)
			for m := range sc.Metrics {
				sc.Metrics[m].Reps = sc.Metrics[m].Reps[r[0]:r[1]]
			}
			b.Scopes = append(b.Scopes, sc)
		}
		if err := st.Save(&b); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := st.Load(whole.PointSHA256, whole.Seed, 3, "test"); ok != (r[0] == 1) || err != nil {
			t.Fatalf("after block %v: loaded %v, %v", r, ok, err)
		}
	}
	got, ok, err := st.Load(whole.PointSHA256, whole.Seed, 3, "test")
	if !ok || err != nil || !reflect.DeepEqual(got.Scopes, whole.Scopes) {
		t.Errorf("merged blocks differ from the whole block (%v)", err)
	}
	if _, ok, _ := st.Load(whole.PointSHA256, whole.Seed, 3, "other-version"); ok {
		t.Errorf("blocks of another capsim version were reused")
	}
}

// A replication saved into a run store reads back with the same results,
// its latency sketches and timeseries rows bit for bit those of the
// replication run with its timeseries in memory; saving it again (a
// duplicated shard) keeps it; a merge wanting another capsim version, seed
// or shard count refuses it, and one wanting more replications names the
// shards to rerun.
func TestRunStoreRoundTrip(t *testing.T) {
	cfg, _, err := base(t).BuildAll()
	if err != nil {
		t.Fatal(err)
	}
	st, err := OpenRunStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	info := RepInfo{CapsimVersion: "v", ScenarioSHA256: "s", Seed: 1, Replications: 1, Shard: shard.Shard{Index: 0, Count: 1}}
	for range 2 {
		tmp, err := st.RepTemp(0)
		if err != nil {
			t.Fatal(err)
		}
		r, err := streams.Run(cfg, 0, streams.Options{RunOptions: sim.RunOptions{TimeseriesDir: tmp}})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SaveRep(tmp, 0, info, "job", Rep{Streams: r}); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(tmp); !os.IsNotExist(err) {
			t.Errorf("the scratch directory is left: %v", err)
		}
	}
	first, err := streams.Run(cfg, 0, streams.Options{}) // timeseries in memory
	if err != nil {
		t.Fatal(err)
	}
	reps, err := MergeReps(st, info, "job")
	if err != nil {
		t.Fatal(err)
	}
	got := reps[0].Streams
	for i := range got.Locations {
		g, w := got.Locations[i], first.Locations[i]
		if !reflect.DeepEqual(g.Latency, w.Latency) || g.CostUSD != w.CostUSD || g.Requests != w.Requests {
			t.Errorf("location %d differs read back", i)
		}
		gr, wr := g.Timeseries.NewReader(), w.Timeseries.NewReader()
		for k := range w.Timeseries.Buckets() {
			a, _ := gr.Row(k)
			b, _ := wr.Row(k)
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("location %d bucket %d: %v, saved %v", i, k, a, b)
			}
		}
	}
	for field, want := range map[string]RepInfo{
		"capsim version v, the job's is u":      {"u", "s", 1, 1, shard.Shard{Index: 0, Count: 1}},
		"seed 1, the job's is 2":                {"v", "s", 2, 1, shard.Shard{Index: 0, Count: 1}},
		"written by shard 0/1, the job has 2":   {"v", "s", 1, 1, shard.Shard{Index: 0, Count: 2}},
		"of a run of 1 replications":            {"v", "s", 1, 3, shard.Shard{Index: 0, Count: 1}},
		"scenario_sha256 s, the job's is other": {"v", "other", 1, 1, shard.Shard{Index: 0, Count: 1}},
	} {
		if _, err := MergeReps(st, want, "job"); err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("merge wanting %+v: %v, want an error naming %q", want, err, field)
		}
	}
	// Only a replication's own name counts: r0 is not r000000's.
	odd := filepath.Join(st.Dir, repsDir, "r0")
	if err := os.Rename(filepath.Join(st.Dir, repsDir, repName(0)), odd); err != nil {
		t.Fatal(err)
	}
	if _, err := MergeReps(st, info, "job"); err == nil || !strings.Contains(err.Error(), repsDir+"/r0: of no replication of this run") {
		t.Errorf("merge of a replication named r0: %v, want it refused by name", err)
	}
	if err := os.RemoveAll(odd); err != nil {
		t.Fatal(err)
	}
	if _, err := MergeReps(st, RepInfo{"v", "s", 1, 4, shard.Shard{Index: 0, Count: 2}}, "job"); err == nil || !strings.Contains(err.Error(), "2 of 2 shards missing or unfinished: 0,1") {
		t.Errorf("merge of an empty store: %v", err)
	}
}

// A block refused by a sharded sweep's merge is refused for the first of
// its version, scenario, seed, replications, shard and job that is not
// the job's, with the text the merge's error shows.
func TestBlockMismatchNamesTheFirstDifference(t *testing.T) {
	p := PlannedPoint{Hash: "h", Seed: 1, Replications: 4}
	job := SweepJob{Count: 2, Version: "v", ScenarioSHA256: "s", Key: "k"}
	ok := Block{CapsimVersion: "v", ScenarioSHA256: "s", Seed: 1, Replications: 4, Shard: &shard.Shard{Index: 1, Count: 2}, JobSHA256: "k"}
	for want, change := range map[string]func(b *Block){
		"":                                               func(b *Block) {},
		"capsim version u, the job's is v":               func(b *Block) { b.CapsimVersion, b.Seed = "u", 9 },
		"scenario_sha256 x, the job's is s":              func(b *Block) { b.ScenarioSHA256, b.Shard = "x", nil },
		"seed 2, the job's is 1":                         func(b *Block) { b.Seed, b.Replications = 2, 3 },
		"3 replications, the job's point has 4":          func(b *Block) { b.Replications, b.Shard = 3, nil },
		"written by an unsharded sweep":                  func(b *Block) { b.Shard = nil },
		"written by shard 1/3, the job has 2 shards":     func(b *Block) { b.Shard = &shard.Shard{Index: 1, Count: 3} },
		"of another job (job_sha256 j, the job file's k": func(b *Block) { b.JobSHA256 = "j" },
	} {
		b := ok
		change(&b)
		if got := b.mismatch(p, job); !strings.HasPrefix(got, want) || (want == "") != (got == "") {
			t.Errorf("block %+v: mismatch %q, want %q", b, got, want)
		}
	}
}

// Blocks keep each player region's scope, after the others; a block of
// the same version without them (written before they were kept) is run
// again rather than reused, and the rerun's block is the one an untouched
// store holds, byte for byte.
func TestBlocksKeepPlayerRegions(t *testing.T) {
	prep, _ := design.Prepare(base(t), grid(t, "stream_group[0].location[0].target_idle=0,4"))
	whole := t.TempDir()
	st, _ := OpenStore(whole)
	blocks, err := Run(st, prep, Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	sc := blocks[0].Scopes
	if last := sc[len(sc)-1]; last.Name != "regions[1]" || last.Model != "regions" || last.Region != "north-america-east" ||
		!recordsRegions(blocks[0], []string{"europe-central", "north-america-east"}) {
		t.Fatalf("the block ends with %s %s %q; want the two player regions", last.Name, last.Model, last.Region)
	}
	if v := reps(t, blocks[0], "regions[0]", "placed"); len(v) != 3 || v[0] <= 0 {
		t.Errorf("europe-central placed per replication: %v", v)
	}
	dir := t.TempDir()
	old, _ := OpenStore(dir)
	if _, err := Run(old, prep, Options{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	b, ok, err := old.Load(prep[0].Hash, 42, 3, "test")
	if err != nil || !ok {
		t.Fatalf("load: %v %v", ok, err)
	}
	b.Scopes = slices.DeleteFunc(b.Scopes, func(s simrun.Scope) bool { return s.Model == "regions" })
	if err := old.Save(b); err != nil {
		t.Fatal(err)
	}
	ran := 0
	if _, err := Run(old, prep, Options{Version: "test", AfterPoint: func(int) error { ran++; return nil }}); err != nil {
		t.Fatal(err)
	}
	if ran != 1 {
		t.Errorf("the rerun ran %d points; want the one whose block lacked the player regions", ran)
	}
	sameFiles(t, filepath.Join(whole, pointsDir), filepath.Join(dir, pointsDir))
}
