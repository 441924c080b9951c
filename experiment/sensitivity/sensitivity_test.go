package sensitivity

import (
	"strconv"
	"testing"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/experiment/store"
	"github.com/capsim/capsim/scenarios"
)

// loadSensitivityScenario loads a scenario with a short horizon and few
// replications.
func loadSensitivityScenario(t *testing.T, file string, reps int, horizon string) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range [][2]string{{"simulation.replications", strconv.Itoa(reps)}, {"simulation.horizon", horizon}} {
		if err := sc.Set(s[0], s[1]); err != nil {
			t.Fatal(err)
		}
	}
	return sc
}

// TestSensitivityCRN: the baseline and a variant of a [service] assumption
// see the same requests in every replication (common random numbers), and
// the swing's CI, from paired differences, is defined.
func TestSensitivityCRN(t *testing.T) {
	sc := loadSensitivityScenario(t, "testdata/small.toml", 4, "4h")
	points, factors := OneAtATime(sc)
	prep, skipped := design.Prepare(sc, points)
	if len(skipped) > 0 {
		t.Fatalf("skipped %v", skipped[0].Err)
	}
	st, err := store.OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := store.Run(st, prep, store.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	base, _ := blocks[0].Reps("total", "requests")
	checked := 0
	for _, f := range factors {
		if f.Key != "idle_release_delay" && f.Key != "allocation_delay_linux" {
			continue
		}
		for _, k := range []int{f.Low, f.High} {
			got, ok := blocks[k].Reps("total", "requests")
			if !ok || len(got) != len(base) || k == 0 {
				t.Fatalf("%s: variant %d has requests %v", f.Key, k, got)
			}
			for r := range got {
				if got[r] != base[r] {
					t.Errorf("%s variant, replication %d: %v requests, baseline %v", f.Key, r, got[r], base[r])
				}
			}
			checked++
		}
	}
	if checked != 4 {
		t.Errorf("checked %d variants, want 4", checked)
	}
}

// TestSensitivityDirection: on cold-start.toml (no always-on, no idle
// buffer) raising allocation_delay_linux to its high end does not lower
// the placement failure ratio, and raises it above the low end's.
func TestSensitivityDirection(t *testing.T) {
	sc := loadSensitivityScenario(t, "../../scenarios/examples/cold-start.toml", 6, "25h")
	sm, err := ResolveMetrics(sc, []string{"total.placement_failure_ratio"}, func(err error) error { return err })
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s, err := Run(sc, st, sm, Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range s.Assumptions {
		if a.Key != "allocation_delay_linux" {
			continue
		}
		e := a.Effects[0]
		if e.HighDelta.Mean < 0 || !(e.Swing.Mean > 0) {
			t.Errorf("allocation_delay_linux: high − baseline %v, swing %v; want ≥ 0 and > 0", e.HighDelta, e.Swing)
		}
		if o := s.Tornado(0); s.Assumptions[o[0]].Key != "allocation_delay_linux" {
			t.Logf("largest swing: %s", s.Assumptions[o[0]].Key)
		}
		return
	}
	t.Fatal("allocation_delay_linux not varied")
}
