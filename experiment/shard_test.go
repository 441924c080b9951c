package experiment

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
)

// The plan tiles every point's replications, in order, with blocks whose
// sizes differ by at most one; there are enough units for every shard when
// the replications allow it; the shards' ranges partition the units, and
// Owner agrees with them.
func TestPlanTilesTheWork(t *testing.T) {
	for _, tc := range []struct {
		reps  []int
		count int
	}{
		{[]int{3, 3, 3, 3, 3, 3}, 7}, {[]int{50}, 100}, {[]int{50, 2}, 3}, {[]int{1, 1}, 4}, {make([]int, 1000), 100},
		{[]int{10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 1, 2}, 2},
	} {
		for i := range tc.reps {
			if tc.reps[i] == 0 {
				tc.reps[i] = 5
			}
		}
		plan := PlanUnits(tc.reps, tc.count)
		next := make([]int, len(tc.reps))
		total := 0
		for _, u := range plan {
			if u.From != next[u.Point] || u.To <= u.From {
				t.Fatalf("%v/%d: unit %+v does not follow replication %d", tc.reps, tc.count, u, next[u.Point])
			}
			next[u.Point] = u.To
		}
		for i, r := range tc.reps {
			total += r
			if next[i] != r {
				t.Errorf("%v/%d: point %d covered to %d of %d", tc.reps, tc.count, i, next[i], r)
			}
		}
		if want := min(total, tc.count); len(plan) < want {
			t.Errorf("%v/%d: %d units for %d shards", tc.reps, tc.count, len(plan), tc.count)
		}
		seen := 0
		for s := range tc.count {
			lo, hi := Shard{Index: s, Count: tc.count}.Range(len(plan))
			if lo != seen {
				t.Fatalf("%v/%d: shard %d starts at %d, want %d", tc.reps, tc.count, s, lo, seen)
			}
			for u := lo; u < hi; u++ {
				if o := Owner(u, len(plan), tc.count); o != s {
					t.Errorf("unit %d: owner %d, range of shard %d", u, o, s)
				}
			}
			seen = hi
		}
		if seen != len(plan) {
			t.Errorf("%v/%d: shards cover %d of %d units", tc.reps, tc.count, seen, len(plan))
		}
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
	info := RepInfo{CapsimVersion: "v", ScenarioSHA256: "s", Seed: 1, Replications: 1, Shard: Shard{Index: 0, Count: 1}}
	for range 2 {
		tmp, err := st.RepTemp(0)
		if err != nil {
			t.Fatal(err)
		}
		r, err := streams.Run(cfg, 0, streams.Options{RunOptions: sim.RunOptions{TimeseriesDir: tmp}})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SaveRep(tmp, 0, info, Rep{Streams: r}); err != nil {
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
	reps, err := MergeReps(st, info)
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
		"capsim version v, the job's is u":      {"u", "s", 1, 1, Shard{0, 1}},
		"seed 1, the job's is 2":                {"v", "s", 2, 1, Shard{0, 1}},
		"written by shard 0/1, the job has 2":   {"v", "s", 1, 1, Shard{0, 2}},
		"of a run of 1 replications":            {"v", "s", 1, 3, Shard{0, 1}},
		"scenario_sha256 s, the job's is other": {"v", "other", 1, 1, Shard{0, 1}},
	} {
		if _, err := MergeReps(st, want); err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("merge wanting %+v: %v, want an error naming %q", want, err, field)
		}
	}
	// Only a replication's own name counts: r0 is not r000000's.
	odd := filepath.Join(st.Dir, repsDir, "r0")
	if err := os.Rename(filepath.Join(st.Dir, repsDir, repName(0)), odd); err != nil {
		t.Fatal(err)
	}
	if _, err := MergeReps(st, info); err == nil || !strings.Contains(err.Error(), repsDir+"/r0: of no replication of this run") {
		t.Errorf("merge of a replication named r0: %v, want it refused by name", err)
	}
	if err := os.RemoveAll(odd); err != nil {
		t.Fatal(err)
	}
	if _, err := MergeReps(st, RepInfo{"v", "s", 1, 4, Shard{0, 2}}); err == nil || !strings.Contains(err.Error(), "2 of 2 shards missing or unfinished: 0,1") {
		t.Errorf("merge of an empty store: %v", err)
	}
}

// A block refused by a sharded sweep's merge is refused for the first of
// its version, scenario, seed, replications and shard that is not the
// job's, with the text the merge's error shows.
func TestBlockMismatchNamesTheFirstDifference(t *testing.T) {
	job := PlannedPoint{Hash: "h", Seed: 1, Replications: 4}
	ok := Block{CapsimVersion: "v", ScenarioSHA256: "s", Seed: 1, Replications: 4, Shard: &Shard{Index: 1, Count: 2}}
	for want, change := range map[string]func(b *Block){
		"":                                           func(b *Block) {},
		"capsim version u, the job's is v":           func(b *Block) { b.CapsimVersion, b.Seed = "u", 9 },
		"scenario_sha256 x, the job's is s":          func(b *Block) { b.ScenarioSHA256, b.Shard = "x", nil },
		"seed 2, the job's is 1":                     func(b *Block) { b.Seed, b.Replications = 2, 3 },
		"3 replications, the job's point has 4":      func(b *Block) { b.Replications, b.Shard = 3, nil },
		"written by an unsharded sweep":              func(b *Block) { b.Shard = nil },
		"written by shard 1/3, the job has 2 shards": func(b *Block) { b.Shard = &Shard{Index: 1, Count: 3} },
	} {
		b := ok
		change(&b)
		if got := b.mismatch(job, 2, "v", "s"); got != want {
			t.Errorf("block %+v: mismatch %q, want %q", b, got, want)
		}
	}
}
