package optimize

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/scenarios"
)

// fleetTOML is testdata/fleet-vars.toml (offered load a = 60 game
// sessions, 4 processes per instance) with the [fleet.scaling] lines
// given; kind ec2 through a queue, or a FleetIQ group claimed directly.
func fleetTOML(t *testing.T, kind, scaling string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "fleet-vars.toml"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(data), "  policy = \"none\"\n", scaling+"\n", 1)
	if kind == "fleetiq" {
		text = strings.Replace(text, "kind = \"ec2\"", "kind = \"fleetiq\"", 1)
		text = strings.Replace(text, "price_on_demand = 0.1\nprice_spot = 0.05\n", "instance_definitions = [{ instance_type = \"c5.large\", "+
			"price_on_demand = 0.1, price_spot = 0.05 }, { instance_type = \"c5a.large\", price_on_demand = 0.09, price_spot = 0.05 }]\n", 1)
		text = strings.Replace(text, "[[queue]]\nname = \"q\"\ndestinations = [{ fleet = \"f\" }]\n", "", 1)
		text = strings.Replace(text, "queue = \"q\"", "fleet = \"f\"\nclaim_retry = \"5s\"\nclaim_timeout = \"60s\"", 1)
	}
	return []byte(text)
}

func fleetVarsOf(t *testing.T, kind, scaling string, tg Targets) []Var {
	t.Helper()
	sc, err := scenarios.Parse("fleet.toml", fleetTOML(t, kind, scaling), nil)
	if err != nil {
		t.Fatal(err)
	}
	vars, err := DefaultVars(sc, tg)
	if err != nil {
		t.Fatal(err)
	}
	return vars
}

// TestDefaultFleetVars: at offered load a = 60 game sessions on 4
// processes per instance, min_instances and max_instances run to
// ⌈3·60/4⌉ + 3 = 48 instances; target tracking varies target_percent over
// 5..50 in steps of 5 from the scenario's value (FleetIQ's utilisation
// target from 95 down to 50); the buffer varies buffer_size over 4..16 in
// steps of 4 (2√60 ≈ 15.5 processes, 4 steps at least), min_replicas tied;
// a fleet without scaling varies its fixed size, initial_instances. With
// a p95 target, min_instances starts at M/M/c+D's staffing (patience the
// queue's 600 s timeout), within a few instances of a/P = 15.
func TestDefaultFleetVars(t *testing.T) {
	const top = 48
	tg := NoTargets()
	tg.FleetP95Seconds = 30
	cases := []struct {
		kind, scaling string
		want          []Var // Start checked where not −1
	}{
		{"ec2", "policy = \"target_tracking\"\ntarget_percent = 20\nmin_instances = 2\nmax_instances = 50", []Var{
			{Path: "min_instances", Lo: 0, Hi: top, Step: 1, Start: -1},
			{Path: "max_instances", Lo: 1, Hi: top, Step: 1, Start: top},
			{Path: "target_percent", Lo: 5, Hi: 50, Step: 5, Start: 20}}},
		{"fleetiq", "policy = \"target_tracking\"\ntarget_percent = 75\nmin_instances = 2\nmax_instances = 50\ninitial_instances = 4", []Var{
			{Path: "min_instances", Lo: 0, Hi: top, Step: 1, Start: -1, Tied: []string{"initial_instances"}},
			{Path: "max_instances", Lo: 1, Hi: top, Step: 1, Start: top},
			{Path: "target_percent", Lo: 95, Hi: 50, Step: -5, Start: 75}}},
		{"ec2", "policy = \"buffer\"\nbuffer_size = 8\nmin_replicas = 8\nmax_replicas = 200\nmin_instances = 2\nmax_instances = 50", []Var{
			{Path: "min_instances", Lo: 0, Hi: top, Step: 1, Start: -1},
			{Path: "max_instances", Lo: 1, Hi: top, Step: 1, Start: top},
			{Path: "buffer_size", Lo: 4, Hi: 16, Step: 4, Start: 8, Tied: []string{"min_replicas"}}}},
		{"ec2", "policy = \"none\"\nmax_instances = 50\ninitial_instances = 10", []Var{
			{Path: "initial_instances", Lo: 0, Hi: top, Step: 1, Start: -1},
			{Path: "max_instances", Lo: 1, Hi: top, Step: 1, Start: top}}},
	}
	for _, c := range cases {
		vars := fleetVarsOf(t, c.kind, c.scaling, tg)
		if len(vars) != len(c.want) {
			t.Fatalf("%s %q: %d variables %+v, want %d", c.kind, c.scaling, len(vars), vars, len(c.want))
		}
		for i, w := range c.want {
			v := vars[i]
			paths := strings.Join(v.Paths(), " ")
			wantPaths := "fleet[0].scaling." + w.Path
			for _, p := range w.Tied {
				wantPaths += " fleet[0].scaling." + p
			}
			if paths != wantPaths || v.Lo != w.Lo || v.Hi != w.Hi || v.Step != w.Step || w.Start >= 0 && v.Start != w.Start {
				t.Errorf("%s %q: variable %d = %+v, want %+v", c.kind, c.scaling, i, v, w)
			}
		}
		if floor := vars[0]; !floor.StartFromTheo || floor.Start < 15 || floor.Start > 22 {
			t.Errorf("%s: %s starts at %d (from theory %v), want M/M/c+D's staffing of a = 60 on 4 processes, 15..22",
				c.kind, floor.Path, floor.Start, floor.StartFromTheo)
		}
	}
}

// TestFleetVarsApply: every default fleet plan at its start and at its
// range's ends sets the fields it names (tied ones alike) and the
// scenario accepts the start; the descending FleetIQ target maps its
// values to grid indices in order.
func TestFleetVarsApply(t *testing.T) {
	sc, err := scenarios.Parse("fleet.toml", fleetTOML(t, "fleetiq", "policy = \"target_tracking\"\ntarget_percent = 75\nmin_instances = 2\nmax_instances = 50\ninitial_instances = 4"), nil)
	if err != nil {
		t.Fatal(err)
	}
	vars, err := DefaultVars(sc, NoTargets())
	if err != nil {
		t.Fatal(err)
	}
	var start design.Point
	for _, v := range vars {
		for _, p := range v.Paths() {
			start = append(start, design.Assignment{Path: p, Value: fmt.Sprint(v.value(v.index(v.Start)))})
		}
	}
	if _, bad := design.Prepare(sc, []design.Point{start}); len(bad) > 0 {
		t.Fatalf("the start %s is invalid: %v", start, bad[0].Err)
	}
	target := vars[2]
	for k, want := range []int{95, 90, 85} {
		if got := target.value(k); got != want || target.index(want) != k || target.index(want+1) != k {
			t.Errorf("target index %d: value %d, index(%d) = %d; want %d", k, got, want, target.index(want), want)
		}
	}
	if n := target.Values(); n != 10 {
		t.Errorf("FleetIQ target has %d values, want 10 (95..50 by 5)", n)
	}
}

// TestDefaultObjective: stream groups' cost, fleets' cost, or their sum.
func TestDefaultObjective(t *testing.T) {
	def, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	fl, err := scenarios.Parse("fleet.toml", fleetTOML(t, "ec2", "policy = \"none\"\nmax_instances = 50"), nil)
	if err != nil {
		t.Fatal(err)
	}
	both := def.Clone()
	both.Fleets, both.Queues, both.FleetDemands = fl.Fleets, fl.Queues, fl.FleetDemands
	for _, c := range []struct {
		sc   *scenarios.Scenario
		want string
	}{{def, "total.cost_usd"}, {fl, "fleet_total.cost_usd"}, {both, "total.cost_usd+fleet_total.cost_usd"}} {
		if got := DefaultObjective(c.sc); got != c.want {
			t.Errorf("%s: %q, want %q", c.sc.Name, got, c.want)
		}
	}
	if _, err := DefaultVars(fl, NoTargets()); err != nil {
		t.Errorf("fleet-only scenario: %v", err)
	}
}
