package schedule

import (
	"testing"
	"time"

	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
	"reflect"
)

// planText writes hour 0's settings as the locations' own and an
// UpdateStreamGroup wherever a location's settings change: raises lead
// their hour, the rest at the hour, only the locations that change; the
// text validates and a plan that never changes has no timeline.
func TestScheduleText(t *testing.T) {
	base := scenarios.DefaultTOML()
	sc, err := scenarios.Parse("default.toml", base, nil)
	if err != nil {
		t.Fatal(err)
	}
	locs, _, err := locations(sc)
	if err != nil {
		t.Fatal(err)
	}
	plan := staticPlan(locs)
	text, err := planText(base, locs, plan, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := scenarios.Parse("best.toml", text, nil); err != nil || len(got.Timeline) != 0 {
		t.Fatalf("static plan: %d timeline actions (%v), want none", len(got.Timeline), err)
	}
	for h := 7; h < 20; h++ { // us-east-1: target_idle up at 7:00, down at 20:00
		plan.TargetIdle[1][h] += 4
	}
	plan.AlwaysOn[0][0] += 6 // eu-central-1: 6 more at 0:00 (the start and 24:00), back at 1:00
	text, err = planText(base, locs, plan, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	got, err := scenarios.Parse("best.toml", text, nil)
	if err != nil {
		t.Fatal(err)
	}
	if l := got.StreamGroups[0].Locations[0]; l.AlwaysOn != locs[0].AlwaysOn+6 {
		t.Errorf("eu-central-1 starts at always_on %d, want hour 0's %d", l.AlwaysOn, locs[0].AlwaysOn+6)
	}
	want := []struct {
		at         time.Duration
		loc        string
		ao, ti, mx int
	}{
		{time.Hour, "eu-central-1", locs[0].AlwaysOn, locs[0].TargetIdle, locs[0].Maximum},
		{7*time.Hour - 5*time.Minute, "us-east-1", locs[1].AlwaysOn, locs[1].TargetIdle + 4, locs[1].Maximum},
		{20 * time.Hour, "us-east-1", locs[1].AlwaysOn, locs[1].TargetIdle, locs[1].Maximum},
		{24*time.Hour - 5*time.Minute, "eu-central-1", locs[0].AlwaysOn + 6, locs[0].TargetIdle, locs[0].Maximum},
	}
	if len(got.Timeline) != len(want) {
		t.Fatalf("%d timeline actions, want %d:\n%s", len(got.Timeline), len(want), text)
	}
	for i, w := range want {
		a := got.Timeline[i]
		if a.At != w.at || a.Action != "UpdateStreamGroup" || len(a.Locations) != 1 {
			t.Errorf("action %d: %v %s with %d locations, want UpdateStreamGroup at %v of %s", i, a.At, a.Action, len(a.Locations), w.at, w.loc)
			continue
		}
		if l := a.Locations[0]; l.Name != w.loc || l.AlwaysOn != w.ao || l.TargetIdle != w.ti || l.Maximum != w.mx {
			t.Errorf("action %d at %v: %+v, want %s %d/%d/%d", i, a.At, l, w.loc, w.ao, w.ti, w.mx)
		}
	}
}

// TestInMemoryIsTheText: the plan the search simulates, edited in memory
// (apply), is the scenario Text writes: the same resolved scenario (hash)
// and, run, the same replication, bit for bit.
func TestInMemoryIsTheText(t *testing.T) {
	base := scenarios.DefaultTOML()
	static, err := scenarios.Parse("default.toml", base, nil)
	testutil.NoErr(t, err)
	testutil.NoErr(t, static.SetAll([]string{"simulation.horizon=30h", "simulation.replications=2"}))
	staticText, err := scenarios.EditText(base, []string{"simulation.horizon", "simulation.replications"}, []string{`"30h"`, "2"})
	testutil.NoErr(t, err)
	locs, _, err := locations(static)
	testutil.NoErr(t, err)
	plan := staticPlan(locs)
	for h := 3; h < 15; h++ {
		plan.AlwaysOn[0][h] += 2
		plan.TargetIdle[1][h+5] += 4
		plan.Maximum[1][h] += 10
	}
	mem, err := apply(static, locs, plan, 5*time.Minute)
	testutil.NoErr(t, err)
	text, err := planText(staticText, locs, plan, 5*time.Minute)
	testutil.NoErr(t, err)
	parsed, err := scenarios.Parse("best.toml", text, nil)
	testutil.NoErr(t, err)
	file, err := simrun.Resolve(parsed, simrun.Hourly)
	testutil.NoErr(t, err)
	if mem.Hash != file.Hash || len(mem.Scenario.Timeline) == 0 {
		t.Fatalf("in memory %s (%d actions), written %s", mem.Hash, len(mem.Scenario.Timeline), file.Hash)
	}
	a, err := mem.Run(1, simrun.RepOptions{})
	testutil.NoErr(t, err)
	b, err := file.Run(1, simrun.RepOptions{})
	testutil.NoErr(t, err)
	va, vb := a.Values(mem.MeasuredSeconds()), b.Values(file.MeasuredSeconds())
	if !reflect.DeepEqual(va, vb) {
		t.Errorf("the replications differ: %v vs %v", va[len(va)-1], vb[len(vb)-1])
	}
}
