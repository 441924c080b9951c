package optimize

import (
	"math"
	"strings"
	"testing"

	"github.com/capsim/capsim/scenarios"
)

// TestDefaultVars: on the default scenario (two locations with target_idle
// and maximum), each location varies always_on, target_idle and maximum in
// tenancy steps, maximum's top leaves room for the others' tops and the
// search starts there; a location in always-on form varies always_on only.
func TestDefaultVars(t *testing.T) {
	sc, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	nan := math.NaN()
	vars, err := DefaultVars(sc, Targets{FailureRatio: 0.01, P95Seconds: nan})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"always_on", "target_idle", "maximum", "always_on", "target_idle", "maximum"}
	if len(vars) != len(want) {
		t.Fatalf("%d variables, want %d: %+v", len(vars), len(want), vars)
	}
	for i, v := range vars {
		if !strings.HasSuffix(v.Path, "."+want[i]) || v.Step != 2 || v.Lo%2 != 0 || v.Hi%2 != 0 || v.Hi <= v.Lo {
			t.Errorf("variable %d: %+v, want %s in steps of 2", i, v, want[i])
		}
	}
	for l := 0; l < 2; l++ {
		on, idle, top := vars[3*l], vars[3*l+1], vars[3*l+2]
		if top.Hi != on.Hi+idle.Hi || top.Start != top.Hi || top.Lo != 2 || idle.Hi < 8 || on.Lo != 0 || idle.Start != 2 {
			t.Errorf("location %d: always_on %+v, target_idle %+v, maximum %+v", l, on, idle, top)
		}
	}
	for _, p := range []string{"stream_group[0].location[0].target_idle", "stream_group[0].location[0].maximum",
		"stream_group[0].location[1].target_idle", "stream_group[0].location[1].maximum"} {
		if err := sc.Set(p, "0"); err != nil {
			t.Fatal(err)
		}
	}
	if vars, err = DefaultVars(sc, Targets{FailureRatio: 0.01, P95Seconds: nan}); err != nil || len(vars) != 2 {
		t.Fatalf("always-on form: %+v, %v; want always_on only", vars, err)
	}
}
