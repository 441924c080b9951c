package experiment

import (
	"math"
	"testing"
	"time"

	"github.com/capsim/capsim/scenarios"
)

// ScheduleText writes hour 0's settings as the locations' own and an
// UpdateStreamGroup wherever a location's settings change: raises lead
// their hour, the rest at the hour, only the locations that change; the
// text validates and a plan that never changes has no timeline.
func TestScheduleText(t *testing.T) {
	base := scenarios.DefaultTOML()
	sc, err := scenarios.Parse("default.toml", base, nil)
	if err != nil {
		t.Fatal(err)
	}
	locs, _, err := scheduleLocations(sc)
	if err != nil {
		t.Fatal(err)
	}
	plan := staticPlan(locs)
	text, err := ScheduleText(base, locs, plan, 5*time.Minute)
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
	text, err = ScheduleText(base, locs, plan, 5*time.Minute)
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

// upper95 is the mean plus t(0.95, n−1)·s/√n: for 1..5, 3 + 2.1318·√2.5/√5.
func TestUpper95(t *testing.T) {
	b := upper95([]float64{1, 2, math.NaN(), 3, 4, 5})
	if want := 3 + 2.131847*math.Sqrt(2.5/5); b.N != 5 || b.Mean != 3 || math.Abs(b.Upper-want) > 1e-5 {
		t.Errorf("upper95 = %+v, want mean 3, upper %.6f over 5", b, want)
	}
	if b := upper95([]float64{7}); b.Mean != 7 || !math.IsNaN(b.Upper) || meets(b, 100) {
		t.Errorf("one replication: %+v: want no bound, meeting nothing (as --require judges)", b)
	}
	if b := upper95([]float64{math.NaN()}); b.N != 0 || !meets(b, 0) {
		t.Errorf("no replication defines it: %+v: want it to meet", b)
	}
}
