package scenarios_test

import (
	"strings"
	"testing"

	"github.com/capsim/capsim/scenarios"
)

// Every end of the default scenario's assumptions is a valid override, the
// enum and boolean ends keep the value in force low, and a [demand.client]
// key is set in every demand.
func TestAssumptionEnds(t *testing.T) {
	sc, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	ends := sc.AssumptionEnds()
	byKey := map[string]scenarios.AssumptionEnds{}
	for _, e := range ends {
		byKey[e.Spec.Key] = e
		for _, end := range []scenarios.AssumptionEnd{e.Low, e.High} {
			c := sc.Clone()
			for i, p := range end.Paths {
				if err := c.Set(p, end.TOML[i]); err != nil {
					t.Fatalf("%s: set %s=%s: %v", e.Spec.Key, p, end.TOML[i], err)
				}
			}
			if _, _, err := c.BuildAll(); err != nil {
				t.Errorf("%s at %s: %v", e.Spec.Key, end.Label, err)
			}
		}
	}
	for _, fixed := range []string{"placement_timeout_always_on", "stream_group_lifetime", "connection_timeout"} {
		if _, ok := byKey[fixed]; ok {
			t.Errorf("%s is fixed and has no alternative; it is varied", fixed)
		}
	}
	a := byKey["allocation_delay_linux"]
	if a.Low.Label != "median 45s" || a.High.Label != "median 5m" || len(a.High.Paths) != 1 ||
		!strings.Contains(a.High.TOML[0], `median = "5m0s"`) || !strings.Contains(a.High.TOML[0], "sigma = 0.5") {
		t.Errorf("allocation_delay_linux ends = %+v", a)
	}
	if p := byKey["packing"]; len(p.Low.Paths) != 0 || p.High.Label != "spread" || p.High.TOML[0] != `"spread"` {
		t.Errorf("packing ends = %+v", p)
	}
	if it := byKey["idle_timeout"]; it.High.Label != "0 (off)" {
		t.Errorf("idle_timeout high = %+v", it.High)
	}
	ns := byKey["no_show_probability"]
	if len(ns.High.Paths) != len(sc.Demands) || ns.High.Paths[0] != "demand[0].client.no_show_probability" || ns.Low.TOML[0] != "0.0" {
		t.Errorf("no_show_probability ends = %+v (demands %d)", ns, len(sc.Demands))
	}
}

// The [fleet.spot] assumptions are moved on every fleet that buys Spot and
// on no other: in fleetiq-spot (a SPOT_PREFERRED group) each end is a valid
// override of fleet[0].spot; with the group On-Demand only, none is moved.
func TestAssumptionEndsFleetSpot(t *testing.T) {
	sc, err := scenarios.Example("fleetiq-spot")
	if err != nil {
		t.Fatal(err)
	}
	var spot []scenarios.AssumptionEnds
	for _, e := range sc.AssumptionEnds() {
		if e.Spec.Section == "fleet.spot" {
			spot = append(spot, e)
		}
	}
	if len(spot) < 10 {
		t.Fatalf("%d [fleet.spot] assumptions moved, want every one with a range (all but notice)", len(spot))
	}
	for _, e := range spot {
		for _, end := range []scenarios.AssumptionEnd{e.Low, e.High} {
			c := sc.Clone()
			for i, p := range end.Paths {
				if want := "fleet[0].spot." + e.Spec.Key; p != want {
					t.Fatalf("%s: path %s, want %s", e.Spec.Key, p, want)
				}
				if err := c.Set(p, end.TOML[i]); err != nil {
					t.Fatalf("%s: set %s=%s: %v", e.Spec.Key, p, end.TOML[i], err)
				}
			}
			if _, err := c.BuildFleets(); err != nil {
				t.Errorf("%s at %s: %v", e.Spec.Key, end.Label, err)
			}
		}
		if e.Spec.Key == "notice" {
			t.Error("notice is fixed by the service and has no alternative; it is varied")
		}
	}
	if err := sc.Set("fleet[0].balancing", `"ON_DEMAND_ONLY"`); err != nil {
		t.Fatal(err)
	}
	for _, e := range sc.AssumptionEnds() {
		if e.Spec.Section == "fleet.spot" {
			t.Fatalf("%s is moved on a fleet that buys no Spot", e.Spec.Key)
		}
	}
}
