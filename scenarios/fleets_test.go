package scenarios_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/scenarios"
)

func parseText(t *testing.T, text string) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Parse("f.toml", []byte(text), fstest.MapFS{})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return sc
}

func buildFleets(t *testing.T, sc *scenarios.Scenario) *fleets.Config {
	t.Helper()
	fc, err := sc.BuildFleets()
	if err != nil {
		t.Fatalf("BuildFleets: %v", err)
	}
	if fc == nil {
		t.Fatal("BuildFleets returned no configuration for a scenario with fleets")
	}
	return fc
}

// The minimal scenario with the fleet block builds both models, and the
// fleets configuration carries the resolved indices and the defaults.
func TestFleetScenarioBuilds(t *testing.T) {
	sc := parseText(t, minimalTOML+fleetTOML)
	cfg, err := sc.Build()
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if len(cfg.Groups) != 1 || len(cfg.Demands) != 1 {
		t.Fatalf("the stream side changed: %d groups, %d demands", len(cfg.Groups), len(cfg.Demands))
	}
	fc := buildFleets(t, sc)
	if fc.Horizon != 2*time.Hour || fc.Warmup != 10*time.Minute || fc.Seed != 1 || fc.TimeseriesStep != time.Minute {
		t.Errorf("simulation settings: %+v", fc)
	}
	if fc.MaxEvents <= 1_000_000 {
		t.Errorf("MaxEvents = %d, want the automatic budget above its 1e6 base", fc.MaxEvents)
	}
	if len(fc.Fleets) != 1 || len(fc.Queues) != 1 || len(fc.Demands) != 1 || len(fc.Timeline) != 0 {
		t.Fatalf("shape: %d fleets, %d queues, %d demands, %d actions", len(fc.Fleets), len(fc.Queues), len(fc.Demands), len(fc.Timeline))
	}
	f := fc.Fleets[0]
	if f.Name != "f" || f.Kind != fleets.KindEC2 || f.PriceOnDemand != 0.107 || f.ProcessesPerInstance != 4 || f.MaxPlayers != 8 {
		t.Errorf("fleet: %+v", f)
	}
	// Defaults (FLEETS.md).
	if f.MinBilled != time.Minute || f.ActivationTimeout != 300*time.Second || f.Spot.Notice != 2*time.Minute ||
		f.StaleExpiry != 24*time.Hour || f.ClaimHold != 60*time.Second || f.CapacityType != fleets.OnDemand || f.Balancing != "" {
		t.Errorf("fleet defaults: %+v", f)
	}
	for name, d := range map[string]any{"launch": f.InstanceLaunchDelay, "start": f.ProcessStartDelay, "restart": f.RestartDelay,
		"activation": f.ActivationTime, "shutdown": f.GracefulShutdown, "connect": f.ClientConnectDelay} {
		if d == nil {
			t.Errorf("%s delay is nil", name)
		}
	}
	if got := f.InstanceLaunchDelay.Mean(); got < 5*time.Minute || got > 6*time.Minute {
		t.Errorf("launch delay mean %v, want lognormal median 5m sigma 0.3 (mean ≈ 5m14s)", got)
	}
	s := f.Scaling
	if s.Policy != fleets.ScalingTargetTracking || s.TargetPercent != 20 || s.MinInstances != 1 || s.MaxInstances != 10 ||
		s.InitialInstances != 1 || s.EvaluationInterval != time.Minute || s.Protection != fleets.NoProtection ||
		s.ScaleInAfterInactivity != 30*time.Minute || s.BufferInterval != 30*time.Second {
		t.Errorf("scaling: %+v", s)
	}
	q := fc.Queues[0]
	want := []fleets.Destination{{Fleet: 0, Location: "us-east-1"}, {Fleet: 0, Location: "us-west-2"}}
	if q.Name != "q" || q.Timeout != 600*time.Second || !slices.Equal(q.Destinations, want) {
		t.Errorf("queue: %+v", q)
	}
	d := fc.Demands[0]
	if d.Name != "matches" || d.Queue != 0 || d.Fleet != -1 || d.Players != 8 || d.Arrivals == nil || d.GameLength == nil ||
		d.CancelAfter == nil || d.GameLength.Mean() != 15*time.Minute {
		t.Errorf("demand: %+v", d)
	}
	if n := d.Arrivals.ExpectedCount(fc.Horizon); n != 60 {
		t.Errorf("expected arrivals %v, want 60", n)
	}
}

// fleetOnly is fleetTOML without stream groups: line 1 is name, the fleet
// block follows.
const fleetOnly = `name = "fleets-only"
[simulation]
horizon = "3h"
warmup = "0s"
` + fleetTOML

func TestFleetOnlyScenario(t *testing.T) {
	sc := parseText(t, fleetOnly)
	cfg, err := sc.Build()
	if err != nil {
		t.Fatalf("Build of a scenario with only fleets: %v", err)
	}
	if len(cfg.Groups) != 0 || len(cfg.Demands) != 0 || len(cfg.Timeline) != 0 || cfg.Horizon != 3*time.Hour {
		t.Errorf("want an empty streams configuration, got %d groups, %d demands", len(cfg.Groups), len(cfg.Demands))
	}
	if fc := buildFleets(t, sc); fc.Horizon != 3*time.Hour || fc.Warmup != 0 {
		t.Errorf("horizon %v warm-up %v", fc.Horizon, fc.Warmup)
	}
	// A scenario without fleets has no fleets configuration and no error.
	fc, err := parseMinimal(t).BuildFleets()
	if fc != nil || err != nil {
		t.Errorf("streams-only BuildFleets = %v, %v; want nil, nil", fc, err)
	}
	// An invalid stream side fails BuildFleets too: one validation for all.
	bad := parseText(t, strings.Replace(minimalTOML, "always_on = 2", "always_on = 3", 1)+fleetTOML)
	if _, err := bad.BuildFleets(); err == nil || !strings.Contains(err.Error(), "stream_group[0].location[0].always_on") {
		t.Errorf("BuildFleets does not report the stream group's problem: %v", err)
	}
}

func TestScenarioNeedsCapacity(t *testing.T) {
	checkErrs(t, fieldErrors(t, "name = \"empty\"\n"), []malformedCase{
		{path: "stream_group", frag: "a scenario needs at least one [[stream_group]] or [[fleet]]"},
		{path: "demand", frag: "a scenario needs at least one [[demand]]"},
	})
	// Fleets without demand.
	text := fleetOnly[:strings.Index(fleetOnly, "[[fleet_demand]]")]
	checkErrs(t, fieldErrors(t, text), []malformedCase{
		{path: "fleet_demand", frag: "a scenario with fleets needs at least one [[fleet_demand]]"},
	})
}

// Problems of the fleet sections come all at once, in document order, with
// the stream side's.
func TestSeveralFleetProblemsAtOnce(t *testing.T) {
	text := strings.Replace(minimalTOML, "replications = 2", "replications = 0", 1) + strings.NewReplacer(
		`kind = "ec2"`, `kind = "container"`,
		"processes_per_instance = 4", "processes_per_instance = 0",
		"target_percent = 20", "target_percent = 0",
		`{ fleet = "f", location = "us-west-2" }`, `{ fleet = "f", location = "eu-west-9" }`,
		"\nplayers = 8", "\nplayers = 9",
	).Replace(fleetTOML)
	checkErrs(t, fieldErrors(t, text), []malformedCase{
		{path: "simulation.replications", line: 6, frag: "must be between 1 and"},
		{path: "fleet[0].processes_per_instance", line: 28, frag: "must be 1–50"},
		{path: "fleet[0].scaling.target_percent", line: 33, frag: "in (0, 100) percent, got 0"},
		{path: "queue[0].destinations[1].location", line: 41, frag: `location "eu-west-9" is not in fleet "f"`},
		{path: "fleet_demand[0].players", line: 48, frag: "players 9 is above max_players 8"},
	})
}

// A queue destination without a location stands for all the fleet's
// locations, alphabetically (G3); a FleetIQ demand resolves to its group.
func TestFleetDestinationsAndFleetIQ(t *testing.T) {
	text := minimalTOML + strings.NewReplacer(
		`locations = ["us-east-1", "us-west-2"]`, `locations = ["us-west-2", "eu-west-1", "us-east-1"]`,
		"destinations = [\n  { fleet = \"f\", location = \"us-east-1\" },\n  { fleet = \"f\", location = \"us-west-2\" },\n]",
		`destinations = [{ fleet = "f" }]`,
	).Replace(fleetTOML) + fleetIQTOML
	fc := buildFleets(t, parseText(t, text))
	want := []fleets.Destination{{Fleet: 0, Location: "eu-west-1"}, {Fleet: 0, Location: "us-east-1"}, {Fleet: 0, Location: "us-west-2"}}
	if !slices.Equal(fc.Queues[0].Destinations, want) {
		t.Errorf("destinations %+v, want %+v", fc.Queues[0].Destinations, want)
	}
	if len(fc.Fleets) != 2 || len(fc.Demands) != 2 {
		t.Fatalf("%d fleets, %d demands", len(fc.Fleets), len(fc.Demands))
	}
	g, d := fc.Fleets[1], fc.Demands[1]
	if g.Kind != fleets.KindFleetIQ || g.Balancing != fleets.SpotPreferred || g.CapacityType != "" || len(g.Instances) != 2 || g.Instances[0].PriceSpot != 0.034 || g.Instances[1].WeightedCapacity != 2 {
		t.Errorf("FleetIQ group: %+v", g)
	}
	if d.Name != "fleet-demand-2" || d.Queue != -1 || d.Fleet != 1 || d.Players != 1 {
		t.Errorf("FleetIQ demand: %+v", d)
	}
}

// Defaults fill a [fleet.scaling] table key by key, however it is written;
// a distribution given in part is the user's and is checked as such.
func TestFleetDefaultsFillPartialTables(t *testing.T) {
	for name, scaling := range map[string]string{
		"header": "\n  [fleet.scaling]\n  policy = \"none\"\n",
		"inline": "scaling = { policy = \"none\" }\n",
		"dotted": "scaling.policy = \"none\"\n",
	} {
		t.Run(name, func(t *testing.T) {
			block := fleetTOML[:strings.Index(fleetTOML, "\n  [fleet.scaling]")] + "\n" + scaling +
				fleetTOML[strings.Index(fleetTOML, "\n[[queue]]"):]
			s := buildFleets(t, parseText(t, minimalTOML+block)).Fleets[0].Scaling
			if s.Policy != fleets.ScalingNone || s.MaxInstances != 1 || s.InitialInstances != 1 ||
				s.EvaluationInterval != time.Minute || s.ScaleInAfterInactivity != 30*time.Minute || s.Protection != fleets.NoProtection {
				t.Errorf("scaling %+v", s)
			}
		})
	}
	text := minimalTOML + strings.Replace(fleetTOML, "max_players = 8\n", "max_players = 8\ninstance_launch_delay = { dist = \"lognormal\", sigma = 0.3 }\n", 1)
	checkErrs(t, fieldErrors(t, text), []malformedCase{
		{path: "fleet[0].instance_launch_delay.median", line: 30, frag: "must be positive, got 0s"},
	})
}

func TestFleetSet(t *testing.T) {
	text := minimalTOML + strings.Replace(fleetTOML, "policy = \"target_tracking\"\n  target_percent = 20",
		"policy = \"buffer\"\n  buffer_size = 4\n  min_replicas = 4\n  max_replicas = 40", 1)
	sc := parseText(t, text)
	if s := buildFleets(t, sc).Fleets[0].Scaling; s.Policy != fleets.ScalingBuffer || s.BufferSize != 4 {
		t.Fatalf("scaling %+v", s)
	}
	c := sc.Clone()
	set(t, c, [2]string{"fleet[0].scaling.buffer_size", "8"})
	// The override breaks an Agones rule on a key of the file: it is
	// reported there, with the file's line.
	_, err := c.BuildFleets()
	checkErrs(t, validationErrs(t, err), []malformedCase{{path: "fleet[0].scaling.min_replicas", line: 34, frag: "min_replicas 4 is smaller than buffer_size 8"}})
	set(t, c, [][2]string{
		{"fleet[0].scaling.min_replicas", "8"},
		{"fleet[0].locations", `["us-east-1", "us-west-2", "eu-west-1"]`},
		{"fleet[0].activation_timeout", "90s"},
		{"fleet[0].instance_launch_delay", `{ dist = "fixed", value = "2m" }`},
		{"queue[0].timeout", "120s"},
		{"fleet_demand[0].players", "6"},
	}...)
	fc := buildFleets(t, c)
	f := fc.Fleets[0]
	if f.Scaling.BufferSize != 8 || f.Scaling.MinReplicas != 8 || len(f.Locations) != 3 || f.ActivationTimeout != 90*time.Second ||
		f.InstanceLaunchDelay.Mean() != 2*time.Minute || fc.Queues[0].Timeout != 2*time.Minute || fc.Demands[0].Players != 6 {
		t.Errorf("overrides not applied: %+v", f)
	}
	if got := c.Overrides(); len(got) != 7 || got[0] != "fleet[0].scaling.buffer_size=8" {
		t.Errorf("overrides %q", got)
	}
	// The original is untouched.
	if s := buildFleets(t, sc).Fleets[0]; s.Scaling.BufferSize != 4 || len(s.Locations) != 2 || sc.SHA256() == c.SHA256() {
		t.Errorf("the clone shares state with the original: %+v", s)
	}
	// --set knows the new keys and suggests near ones.
	err = sc.Set("fleet[0].scaling.bufer_size", "8")
	if err == nil || !strings.Contains(err.Error(), `did you mean "buffer_size"?`) {
		t.Errorf("misspelt key: %v", err)
	}
	if err := sc.Set("fleet[3].name", `"x"`); err == nil || !strings.Contains(err.Error(), "index 3 is out of range") {
		t.Errorf("out of range: %v", err)
	}
	// A value set with --set that Build rejects has no line.
	bad := sc.Clone()
	set(t, bad, [2]string{"fleet[0].processes_per_instance", "60"})
	_, err = bad.Build()
	checkErrs(t, validationErrs(t, err), []malformedCase{{path: "fleet[0].processes_per_instance", line: 0}})
}

// fleetExamples are the GameLift Servers examples.
var fleetExamples = []string{"fleetiq-spot", "managed-target-tracking", "fleet-buffer", "fleet-target"}

func TestFleetExamples(t *testing.T) {
	for _, name := range fleetExamples {
		t.Run(name, func(t *testing.T) {
			sc, err := scenarios.Example(name)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := sc.Build()
			if err != nil {
				t.Fatal(err)
			}
			if len(cfg.Groups) != 0 {
				t.Errorf("%d stream groups", len(cfg.Groups))
			}
			fc := buildFleets(t, sc)
			if fc.Horizon > 25*time.Hour || sc.Simulation.Replications > 10 {
				t.Errorf("too slow for an example: horizon %v, %d replications", fc.Horizon, sc.Simulation.Replications)
			}
			for _, f := range fc.Fleets {
				priced := f.PriceOnDemand > 0 || f.PriceSpot > 0
				for _, d := range f.Instances {
					priced = priced || d.PriceOnDemand > 0 || d.PriceSpot > 0
				}
				if !priced {
					t.Errorf("fleet %s has no price", f.Name)
				}
			}
			for _, d := range fc.Demands {
				if d.Arrivals == nil || d.GameLength == nil || d.Arrivals.ExpectedCount(fc.Horizon) < 100 {
					t.Errorf("demand %s: %+v", d.Name, d)
				}
			}
			data, err := os.ReadFile("examples/" + name + ".toml")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), "assumption: replace") {
				t.Error("the example's prices are not labelled as assumptions to replace")
			}
		})
	}
	// What each example is for.
	iq := buildFleets(t, mustExample(t, "fleetiq-spot"))
	if g := iq.Fleets[0]; g.Kind != fleets.KindFleetIQ || g.Balancing != fleets.SpotPreferred || g.Spot.InterruptionRatePerHour != 0.05 || len(g.Instances) != 2 || g.Instances[1].WeightedCapacity != 2 ||
		g.Scaling.Policy != fleets.ScalingTargetTracking || iq.Demands[0].Fleet != 0 {
		t.Errorf("fleetiq-spot: %+v", g)
	}
	mt := buildFleets(t, mustExample(t, "managed-target-tracking"))
	if f := mt.Fleets[0]; f.Kind != fleets.KindEC2 || len(f.Locations) != 2 || len(mt.Queues[0].Destinations) != 2 ||
		f.Scaling.Policy != fleets.ScalingTargetTracking || f.Scaling.Protection != fleets.FullProtection ||
		f.TerminateMode != fleets.TriggerOnProcessTerminate || f.TerminateOlderThan <= 0 || f.NoProcessEndingShare <= 0 ||
		f.LostEndShare != 0.01 || f.DuplicateEndShare != 0.02 {
		t.Errorf("managed-target-tracking: %+v", f)
	}
}

func mustExample(t *testing.T, name string) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Example(name)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// fleet-buffer and fleet-target differ in their scaling policy only.
func TestBufferTargetPair(t *testing.T) {
	b, tt := mustExample(t, "fleet-buffer"), mustExample(t, "fleet-target")
	if b.Fleets[0].Scaling.Policy != "buffer" || tt.Fleets[0].Scaling.Policy != "target_tracking" {
		t.Fatalf("policies %q and %q", b.Fleets[0].Scaling.Policy, tt.Fleets[0].Scaling.Policy)
	}
	norm := func(sc *scenarios.Scenario) string {
		c := sc.Clone()
		c.Name, c.Description = "", ""
		s := &c.Fleets[0].Scaling
		// The instance limits and protection are shared; the policy keys are not.
		*s = scenarios.FleetScaling{MinInstances: s.MinInstances, MaxInstances: s.MaxInstances, InitialInstances: s.InitialInstances, Protection: s.Protection}
		data, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	if nb, nt := norm(b), norm(tt); nb != nt {
		t.Errorf("the pair differs beyond [fleet.scaling]:\n%s\n%s", nb, nt)
	}
	for file, other := range map[string]string{"fleet-buffer": "fleet-target.toml", "fleet-target": "fleet-buffer.toml"} {
		data, err := os.ReadFile("examples/" + file + ".toml")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), other) {
			t.Errorf("%s.toml's header does not name its pair %s", file, other)
		}
	}
}

// Every GameLift Servers example runs in the fleets model with its
// invariants checked after every event, within its event budget, and
// places games.
func TestFleetExamplesRun(t *testing.T) {
	for _, name := range fleetExamples {
		t.Run(name, func(t *testing.T) {
			fc := buildFleets(t, mustExample(t, name))
			res, err := fleets.Run(fc, 0, fleets.Options{CheckInvariants: true})
			if err != nil {
				t.Fatal(err)
			}
			var placed int64
			for _, l := range res.Locations {
				placed += l.ByStatus[fleets.PlacementFulfilled]
			}
			if res.Requests == 0 || placed == 0 || int64(res.Events) >= fc.MaxEvents {
				t.Errorf("%d requests, %d placed, %d events (budget %d)", res.Requests, placed, res.Events, fc.MaxEvents)
			}
		})
	}
}
