package scenarios

import (
	"strings"
	"testing"
	"time"

	"github.com/capsim/capsim/models/streams"
)

// twoRegions is a stream group in Frankfurt and us-east-1, too small at
// each for its own continent's players, so that without a cap they spill
// over the Atlantic.
const twoRegions = `
name = "two-regions"
[simulation]
horizon = "4h"
warmup = "30m"
seed = 5
replications = 3

[[stream_group]]
name = "g"
class = "gen4n_high"
  [[stream_group.location]]
  name = "eu-central-1"
  always_on = 10
  [[stream_group.location]]
  name = "us-east-1"
  always_on = 10

[[price]]
class = "gen4n_high"
location = "us-east-1"
usd_per_hour = 0.6571

[[demand]]
name = "europe"
stream_group = "g"
player_region = "europe-central"
MAXLAT
arrivals = { process = "poisson", rate_per_hour = 30 }
session_length = { dist = "exponential", mean = "30m" }

[[demand]]
name = "america"
stream_group = "g"
player_region = "north-america-east"
MAXLAT
arrivals = { process = "poisson", rate_per_hour = 30 }
session_length = { dist = "exponential", mean = "30m" }
`

func buildRegions(t *testing.T, text string) *streams.Config {
	t.Helper()
	sc, err := Parse("regions.toml", []byte(text), nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := sc.Build()
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestRegionsDeriveNearestFirst: without locations, a demand's list is every
// location of its group, nearest first, with the shipped round trips
// (anchor's Region-to-Region RTT, L1, plus the 15 ms last mile).
func TestRegionsDeriveNearestFirst(t *testing.T) {
	cfg := buildRegions(t, strings.ReplaceAll(twoRegions, "MAXLAT", ""))
	eu, na := cfg.Demands[0], cfg.Demands[1]
	if strings.Join(eu.Locations, ",") != "eu-central-1,us-east-1" || strings.Join(na.Locations, ",") != "us-east-1,eu-central-1" {
		t.Fatalf("derived lists %v and %v, want each continent's location first", eu.Locations, na.Locations)
	}
	ms := time.Millisecond
	if eu.RTT[0] != 17*ms || eu.RTT[1] != 106*ms || !eu.OwnContinent[0] || eu.OwnContinent[1] {
		t.Errorf("europe: RTT %v own %v, want [17ms 106ms] [true false]", eu.RTT, eu.OwnContinent)
	}
	if strings.Join(cfg.PlayerRegions, ",") != "europe-central,north-america-east" || eu.Region != 0 || na.Region != 1 {
		t.Errorf("regions %v, demand regions %d %d", cfg.PlayerRegions, eu.Region, na.Region)
	}
}

// TestRegionsLatencyCap is issue 22's first done-when test: two regions
// and a latency cap of 60 ms; no session is ever streamed above the cap,
// while the same demand without the cap spills over the Atlantic (so the
// check can fail).
func TestRegionsLatencyCap(t *testing.T) {
	const cap = 60 * time.Millisecond
	capped := buildRegions(t, strings.ReplaceAll(twoRegions, "MAXLAT", `max_latency = "60ms"`))
	free := buildRegions(t, strings.ReplaceAll(twoRegions, "MAXLAT", ""))
	if n := len(capped.Demands[0].Locations); n != 1 {
		t.Fatalf("capped europe list %v, want Frankfurt only", capped.Demands[0].Locations)
	}
	var spilled bool
	for rep := range 3 {
		rc, err := streams.Run(capped, rep, streams.Options{CheckInvariants: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rc.Regions {
			if r.Placed == 0 || r.OwnContinent != r.Placed {
				t.Errorf("rep %d %s: %d of %d placed on its own continent, want all", rep, r.Region, r.OwnContinent, r.Placed)
			}
			if max := time.Duration(r.RTT.Max() * float64(time.Second)); max > cap+time.Millisecond {
				t.Errorf("rep %d %s: a session streamed at %v, above the %v cap", rep, r.Region, max, cap)
			}
		}
		rf, err := streams.Run(free, rep, streams.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rf.Regions {
			spilled = spilled || r.RTT.Max() > cap.Seconds()
		}
	}
	if !spilled {
		t.Error("without the cap no session crossed the Atlantic: the scenario does not test the cap")
	}
}

func TestRegionErrors(t *testing.T) {
	for _, c := range []struct{ name, edit, frag string }{
		{"unknown region", `player_region = "europe-centrl"`, `did you mean "europe-central"?`},
		{"cap and list", `locations = ["eu-central-1"]` + "\nmax_latency = \"60ms\"", "an explicit list wins"},
		{"cap beyond reach", `max_latency = "5ms"`, "no location of stream group \"g\" is within 5ms"},
	} {
		text := strings.Replace(strings.ReplaceAll(twoRegions, "MAXLAT", ""), `player_region = "europe-central"`, `player_region = "europe-central"`+"\n"+c.edit, 1)
		if c.name == "unknown region" {
			text = strings.Replace(twoRegions, `player_region = "europe-central"`, c.edit, 1)
			text = strings.ReplaceAll(text, "MAXLAT", "")
		}
		sc, err := Parse("r.toml", []byte(text), nil)
		if err == nil {
			err = sc.Validate()
		}
		if err == nil || !strings.Contains(err.Error(), c.frag) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.frag)
		}
	}
	text := strings.ReplaceAll(twoRegions, "MAXLAT", "") + "\n[[player_region]]\nname = \"europe-central\"\n  [[player_region.latency]]\n  location = \"us-east-1\"\n  rtt = 80\n"
	sc, err := Parse("r.toml", []byte(text), nil)
	if err == nil {
		err = sc.Validate()
	}
	if err == nil || !strings.Contains(err.Error(), "player_region[0].latency[0].rtt: a duration needs a unit") {
		t.Errorf("a round trip without its unit: %v", err)
	}
	for name, why := range map[string]string{"eu[1]": "holds a bracket", "x].y": "holds a bracket", "*": "is the wildcard *", "7": "reads as an index"} {
		text := strings.ReplaceAll(twoRegions, "MAXLAT", "") + "\n[[player_region]]\nname = \"" + name + "\"\nanchor = \"eu-central-1\"\n"
		sc, err := Parse("r.toml", []byte(text), nil)
		if err == nil {
			err = sc.Validate()
		}
		if err == nil || !strings.Contains(err.Error(), "player_region[0].name: player region \""+name+"\" "+why) ||
			!strings.Contains(err.Error(), "regions[NAME]") {
			t.Errorf("region name %q: %v; want it refused as one that %s", name, err, why)
		}
	}
}

// TestRegionOverride: a [[player_region.latency]] row replaces the shipped
// round trip, and a new region needs an anchor.
func TestRegionOverride(t *testing.T) {
	text := strings.ReplaceAll(twoRegions, "MAXLAT", "") + "\n[[player_region]]\nname = \"europe-central\"\n  [[player_region.latency]]\n  location = \"us-east-1\"\n  rtt = \"8ms\"\n"
	cfg := buildRegions(t, text)
	if eu := cfg.Demands[0]; eu.Locations[0] != "us-east-1" || eu.RTT[0] != 8*time.Millisecond {
		t.Errorf("override: %v %v, want us-east-1 first at 8ms", eu.Locations, eu.RTT)
	}
	sc, _ := Parse("r.toml", []byte(strings.ReplaceAll(twoRegions, "MAXLAT", "")+"\n[[player_region]]\nname = \"mars\"\n"), nil)
	if err := sc.Validate(); err == nil || !strings.Contains(err.Error(), "give anchor") {
		t.Errorf("a new region without anchor: %v", err)
	}
}

// TestRegionsMisspelledLocationOneError: a misspelled location is one
// problem, named where it is written with a did-you-mean; the demands that
// would stream from it do not add "no round trip" errors whose fix (add
// latency rows for a location that does not exist) is wrong.
func TestRegionsMisspelledLocationOneError(t *testing.T) {
	text := strings.ReplaceAll(strings.ReplaceAll(twoRegions, "MAXLAT", ""), `"us-east-1"`, `"us-east1"`)
	sc, err := Parse("r.toml", []byte(text), nil)
	if err == nil {
		err = sc.Validate()
	}
	if err == nil || !strings.Contains(err.Error(), `"us-east1" is not a GameLift Streams location; did you mean "us-east-1"?`) {
		t.Fatalf("error %v, want the location's did-you-mean", err)
	}
	if strings.Contains(err.Error(), "no round trip") {
		t.Errorf("a misspelled location also gets latency errors that advise adding rows for it:\n%v", err)
	}
}
