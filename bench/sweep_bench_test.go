package bench

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/experiment/store"
	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/scenarios"
)

// BenchmarkSweep runs a sweep of the embedded default scenario (one
// simulated day): 8 points of stream_group[0].location[0].target_idle,
// each with a few replications, points × replications on all cores, each
// point saved to a fresh store as `capsim sweep` does. It reports points
// per second and the cost per point-replication.
func BenchmarkSweep(b *testing.B) {
	for _, reps := range []int{2, 5} {
		b.Run("reps="+strconv.Itoa(reps), func(b *testing.B) {
			sc, err := scenarios.Default()
			testutil.NoErr(b, err)
			testutil.NoErr(b, sc.Set("simulation.replications", strconv.Itoa(reps)))
			ax, err := design.ParseVary("stream_group[0].location[0].target_idle=0..14:2")
			testutil.NoErr(b, err)
			points, err := design.Grid([]design.Axis{ax})
			testutil.NoErr(b, err)
			prep, skipped := design.Prepare(sc, points)
			if len(skipped) > 0 {
				b.Fatalf("skipped %v", skipped[0].Err)
			}
			dir, n := b.TempDir(), 0
			for b.Loop() {
				st, err := store.OpenStore(filepath.Join(dir, strconv.Itoa(n)))
				testutil.NoErr(b, err)
				_, err = store.Run(st, prep, store.Options{Version: "bench", ScenarioSHA256: sc.SHA256()})
				testutil.NoErr(b, err)
				n++
			}
			s := b.Elapsed().Seconds()
			b.ReportMetric(float64(n*len(prep))/s, "points/s")
			b.ReportMetric(s*1e3/float64(n*len(prep)*reps), "ms/point-rep")
		})
	}
}
