package experiment

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// A point's results split into replication blocks (as shards would write
// them) load back merged, equal to the unsplit block; a gap in the blocks
// means the point is to be run.
func TestLoadMergesBlocks(t *testing.T) {
	prep, _ := Prepare(base(t), grid(t, "stream_group[0].location[0].target_idle=4"))
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
			sc.Metrics = append([]Series(nil), sc.Metrics...)
			for m := range sc.Metrics {
				sc.Metrics[m].Reps = sc.Metrics[m].Reps[r[0]:r[1]]
			}
			b.Scopes = append(b.Scopes, sc)
		}
		if err := st.Save(&b); err != nil {
			t.Fatal(err)
		}
		if _, ok := st.Load(whole.PointSHA256, whole.Seed, 3, "test"); ok != (r[0] == 1) {
			t.Fatalf("after block %v: loaded %v", r, ok)
		}
	}
	got, ok := st.Load(whole.PointSHA256, whole.Seed, 3, "test")
	if !ok || !reflect.DeepEqual(got.Scopes, whole.Scopes) {
		t.Errorf("merged blocks differ from the whole block")
	}
	if _, ok := st.Load(whole.PointSHA256, whole.Seed, 3, "other-version"); ok {
		t.Errorf("blocks of another capsim version were reused")
	}
}
