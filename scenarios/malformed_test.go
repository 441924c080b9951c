package scenarios_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/scenarios"
)

// minimalTOML is the shared smallest valid scenario; every malformed case
// below breaks one thing in it. Its line map is on testutil.MinimalTOML;
// text appended to it starts on line 21.
var minimalTOML = testutil.MinimalTOML

// traceTOML is minimalTOML whose demand replays the arrivals of the file
// t.csv beside the scenario (line 19).
var traceTOML = strings.Replace(minimalTOML, `{ process = "poisson", rate_per_hour = 10 }`, `{ process = "trace", file = "t.csv" }`, 1)

// fleetTOML is a valid GameLift Servers block; a case with fleet set appends
// it to minimalTOML (after the case's edits, before its append). Lines:
//
//	22 [[fleet]]           31   [fleet.scaling]       44 [[fleet_demand]]
//	23   name              32     policy              45   name
//	24   kind              33     target_percent      46   queue
//	25   locations         34     min_instances       47   arrivals
//	26   instance_type     35     max_instances       48   players
//	27   price_on_demand   37 [[queue]]  38 name      49   game_length
//	28   processes_per_i.  39   destinations = [
//	29   max_players       40     us-east-1  41 us-west-2
//
// Text appended after it starts on line 50.
const fleetTOML = `
[[fleet]]
name = "f"
kind = "ec2"
locations = ["us-east-1", "us-west-2"]
instance_type = "c5.large"
price_on_demand = 0.107
processes_per_instance = 4
max_players = 8

  [fleet.scaling]
  policy = "target_tracking"
  target_percent = 20
  min_instances = 1
  max_instances = 10

[[queue]]
name = "q"
destinations = [
  { fleet = "f", location = "us-east-1" },
  { fleet = "f", location = "us-west-2" },
]

[[fleet_demand]]
name = "matches"
queue = "q"
arrivals = { process = "poisson", rate_per_hour = 30 }
players = 8
game_length = { dist = "exponential", mean = "15m" }
`

// fleetIQTOML appended after fleetTOML adds a FleetIQ group (lines 51–56)
// and a demand claiming on it (lines 58–61); text after it starts on line 62.
const fleetIQTOML = `
[[fleet]]
name = "gsg"
kind = "fleetiq"
locations = ["us-east-1"]
instance_definitions = [{ instance_type = "c5.large", price_on_demand = 0.085, price_spot = 0.034 },
  { instance_type = "c5a.large", weighted_capacity = 2, price_on_demand = 0.154, price_spot = 0.062 }]

[[fleet_demand]]
fleet = "gsg"
arrivals = { process = "poisson", rate_per_hour = 30 }
game_length = { dist = "exponential", mean = "10m" }
`

func buildTOML(name, text string, fsys fstest.MapFS) error {
	if fsys == nil {
		fsys = fstest.MapFS{}
	}
	sc, err := scenarios.Parse(name, []byte(text), fsys)
	if err != nil {
		return err
	}
	_, err = sc.Build()
	return err
}

func TestMinimalScenarioBuilds(t *testing.T) {
	sc, err := scenarios.Parse("min.toml", []byte(minimalTOML), fstest.MapFS{})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	cfg, err := sc.Build()
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if len(cfg.Groups) != 1 || len(cfg.Groups[0].Locations) != 1 || len(cfg.Demands) != 1 {
		t.Fatalf("unexpected config shape: %+v", cfg)
	}
	if got := cfg.Groups[0].Locations[0].PriceUSDPerHour; !(got > 0) {
		t.Errorf("gen4n_high in eu-central-1 should take the shipped price, got %v", got)
	}
}

// edit replaces the single occurrence of old with new in minimalTOML.
type edit struct{ old, new string }

// addWest appends a price for eu-west-1 (lines 22-25) and a timeline action
// adding it at 1h (lines 27-31) to minimalTOML; the activation delay is the
// default fixed 5m. Text appended after it starts on line 32.
const addWest = "\n[[price]]\nclass = \"gen4n_high\"\nlocation = \"eu-west-1\"\nusd_per_hour = 0.6\n" +
	"\n[[timeline]]\nat = \"1h\"\naction = \"AddStreamGroupLocations\"\nstream_group = \"g\"\nlocations = [{ name = \"eu-west-1\", always_on = 2 }]\n"

type malformedCase struct {
	name   string
	edits  []edit
	append string       // text added after minimalTOML (starts on line 21)
	files  fstest.MapFS // files beside the scenario
	path   string       // FieldError.Path of the expected error
	frag   string       // fragment of its message
	line   int          // its line (0: none)
	col    int          // its column (syntax errors only)
	n      int          // number of FieldErrors expected (0: 1)
	fleet  []edit       // with fleetTOML appended, after these edits of it
	iq     []edit       // with fleetTOML and fleetIQTOML (after these edits of it) appended
}

// fl appends the fleet block with edits; iq appends the FleetIQ block too.
func fl(pairs ...string) []edit {
	out := []edit{}
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, edit{pairs[i], pairs[i+1]})
	}
	return out
}

func e(old, new string) []edit { return []edit{{old, new}} }

var malformedCases = []malformedCase{
	// --- decoding: syntax, unknown keys, types
	{name: "syntax error", edits: e(`horizon = "2h"`, `horizon = "2h`),
		path: "simulation.horizon", frag: "syntax error", line: 4, col: 14},
	{name: "duplicate key", edits: e("name = \"min\"\n\n", "name = \"min\"\nname = \"again\"\n"),
		path: "name", frag: "already been defined", line: 2, col: 14},
	{name: "unknown top-level key", edits: e("name = \"min\"\n\n", "name = \"min\"\ntitle = \"x\"\n"),
		path: "title", frag: "unknown key", line: 2},
	{name: "unknown table with suggestion", edits: e("[simulation]", "[simulaton]"),
		path: "simulaton", frag: `unknown key (did you mean "simulation"?)`, line: 3},
	{name: "unknown key in location with suggestion", edits: e("always_on = 2", "alwayson = 2"),
		path: "stream_group[0].location[0].alwayson", frag: `did you mean "always_on"?`, line: 14},
	{name: "unknown key in inline table", edits: e("rate_per_hour = 10 }", "rate_per_hour = 10, burst = 3 }"),
		path: "demand[0].arrivals.burst", frag: "unknown key", line: 19},
	// a duration string Go cannot read says why and how to fix it, with the units
	{name: "duration string \"50\"", edits: e(`warmup = "10m"`, `warmup = "50"`),
		path: "simulation.warmup", frag: `invalid duration "50": a duration needs a unit: write "50s", "50m" or "50h" (units: ns, us, ms, s, m, h)`, line: 5},
	{name: "duration string \"5d\"", edits: e(`warmup = "10m"`, `warmup = "5d"`),
		path: "simulation.warmup", frag: `invalid duration "5d": unknown unit "d" (units: ns, us, ms, s, m, h); a day is "24h"`, line: 5},
	{name: "duration string \"5 minutes\"", edits: e(`warmup = "10m"`, `warmup = "5 minutes"`),
		path: "simulation.warmup", frag: `unknown unit`, line: 5},
	{name: "duration string \"20 m\"", edits: e(`warmup = "10m"`, `warmup = "20 m"`),
		path: "simulation.warmup", frag: `invalid duration "20 m": write it without spaces, "20m"`, line: 5},
	{name: "duration string \"\"", edits: e(`warmup = "10m"`, `warmup = ""`),
		path: "simulation.warmup", frag: `an empty duration: write a number and a unit, e.g. "90s"`, line: 5},
	{name: "duration string \"soon\"", edits: e(`warmup = "10m"`, `warmup = "soon"`),
		path: "simulation.warmup", frag: `invalid duration "soon": want a duration like "90s" or "1h30m", a number and a unit (units: ns, us, ms, s, m, h)`, line: 5},
	{name: "duration string \"3000000h\"", edits: e(`warmup = "10m"`, `warmup = "3000000h"`),
		path: "simulation.warmup", frag: `beyond the longest duration`, line: 5},
	{name: "duration string true", edits: e(`warmup = "10m"`, `warmup = true`),
		path: "simulation.warmup", frag: `wrong type: expected a duration string like "90s" or "5h", got a boolean`, line: 5},
	// the last bytes are a quoted key ending in a backslash: this panicked in the line scanner
	{name: "quoted key ending in a backslash", append: `"\`,
		path: "demand", frag: "syntax error: invalid escape", line: 21, col: 2},
	// a quoted key ending in "]" read as an index and panicked in parentPath
	{name: "quoted key with brackets", append: "\n\"a]\" = 1\n",
		path: `demand[0]."a]"`, frag: "unknown key", line: 22},
	{name: "string for an int", edits: e("replications = 2", `replications = "ten"`),
		path: "simulation.replications", frag: "wrong type: expected an integer, got a string", line: 6},
	{name: "float for an int", edits: e("replications = 2", "replications = 1e9"),
		path: "simulation.replications", frag: "wrong type: expected an integer, got a float", line: 6},
	// BurntSushi/toml reads a bare integer duration as nanoseconds: capsim rejects it.
	{name: "a number for an array of tables", edits: e("name = \"min\"\n\n", "name = \"min\"\nprice = 5\n"),
		path: "price", frag: "wrong type: expected an array of tables, got an integer", line: 2},
	{name: "a string for a list of locations", edits: e("stream_group = \"g\"\n", "stream_group = \"g\"\nlocations = \"eu-central-1\"\n"),
		path: "demand[0].locations", frag: "wrong type: expected an array of strings, got a string", line: 19},
	{name: "a float for the seed", edits: e("replications = 2", "replications = 2\nseed = 1.5"),
		path: "simulation.seed", frag: "wrong type: expected a non-negative integer, got a float", line: 7},
	{name: "a number for a table", edits: e("arrivals = { process = \"poisson\", rate_per_hour = 10 }", "arrivals = 10"),
		path: "demand[0].arrivals", frag: "wrong type: expected a table, got an integer", line: 19},
	{name: "integer duration needs a unit", edits: e(`horizon = "2h"`, "horizon = 5"),
		path: "simulation.horizon", frag: "a duration needs a unit", line: 4},
	{name: "type error inside an array of tables keeps its indices", edits: e("always_on = 2", `always_on = "two"`),
		path: "stream_group[0].location[0].always_on", frag: "expected an integer, got a string", line: 14},
	{name: "negative seed", edits: e("replications = 2", "replications = 2\nseed = -1"),
		path: "simulation.seed", frag: "must be ≥ 0, got -1", line: 7},

	// --- capacity
	{name: "capacity not a multiple of tenancy", edits: e("always_on = 2", "always_on = 3"),
		path: "stream_group[0].location[0].always_on", frag: "not a whole multiple of the tenancy 2 of class gen4n_high", line: 14},
	{name: "negative capacity", edits: e("always_on = 2", "always_on = -2"),
		path: "stream_group[0].location[0].always_on", frag: "must be ≥ 0, got -2", line: 14},
	{name: "on_demand with maximum", edits: e("always_on = 2\n\n", "on_demand = 2\n  maximum = 4\n"),
		path: "stream_group[0].location[0].on_demand", frag: "cannot be used with target_idle or maximum", line: 14},
	{name: "on_demand with target_idle", edits: e("always_on = 2\n\n", "target_idle = 2\n  on_demand = 2\n"),
		path: "stream_group[0].location[0].on_demand", frag: "cannot be used with target_idle or maximum", line: 15, n: 2},
	{name: "target_idle without maximum", edits: e("always_on = 2\n\n", "always_on = 2\n  target_idle = 2\n"),
		path: "stream_group[0].location[0].target_idle", frag: "needs a maximum", line: 15},
	{name: "target_idle with no room above always_on", edits: e("always_on = 2\n\n", "always_on = 2\n  target_idle = 2\n  maximum = 2\n"),
		path: "stream_group[0].location[0].target_idle", frag: "target_idle 2 can never be honoured: maximum 2 equals always_on 2", line: 15},
	{name: "maximum below always_on", edits: e("always_on = 2\n\n", "always_on = 4\n  maximum = 2\n"),
		path: "stream_group[0].location[0].maximum", frag: "maximum 2 is below always_on 4", line: 15},
	{name: "unknown class", edits: e(`class = "gen4n_high"`, `class = "gen9n_mega"`),
		path: "stream_group[0].class", frag: `unknown stream class "gen9n_mega"; the closest are gen4n_high, gen5n_high, gen6n_high ('capsim classes' lists all`, line: 10},
	{name: "misspelt class", edits: e(`class = "gen4n_high"`, `class = "gen4n_hihg"`),
		path: "stream_group[0].class", frag: `unknown stream class "gen4n_hihg"; did you mean "gen4n_high"? ('capsim classes' lists all`, line: 10},
	{name: "duplicate location", edits: e("always_on = 2\n", "always_on = 2\n  [[stream_group.location]]\n  name = \"eu-central-1\"\n"),
		path: "stream_group[0].location[1].name", frag: `location "eu-central-1" appears twice in stream group "g"`, line: 16},
	{name: "duplicate stream group", append: "\n[[stream_group]]\nname = \"g\"\nclass = \"gen4n_high\"\n  [[stream_group.location]]\n  name = \"eu-central-1\"\n",
		path: "stream_group[1].name", frag: `stream group "g" is defined twice`, line: 23},

	// --- prices
	{name: "missing price", edits: []edit{{`class = "gen4n_high"`, `class = "gen5n_high"`}, {`name = "eu-central-1"`, `name = "us-west-2"`}},
		path: "stream_group[0].location[0]", frag: "no price for class gen5n_high in us-west-2", line: 12},
	{name: "negative price", append: "\n[[price]]\nclass = \"gen4n_high\"\nlocation = \"eu-central-1\"\nusd_per_hour = -0.5\n",
		path: "price[0].usd_per_hour", frag: "must be ≥ 0, got -0.5", line: 25},

	{name: "absurd price", append: "\n[[price]]\nclass = \"gen4n_high\"\nlocation = \"eu-central-1\"\nusd_per_hour = 1e308\n",
		path: "price[0].usd_per_hour", frag: "1e+308 USD per hour is beyond the limit of 1e+06", line: 25},
	{name: "infinite price", append: "\n[[price]]\nclass = \"gen4n_high\"\nlocation = \"eu-central-1\"\nusd_per_hour = inf\n",
		path: "price[0].usd_per_hour", frag: "+Inf USD per hour is beyond the limit of 1e+06", line: 25},
	{name: "fleet: absurd price", fleet: fl("price_on_demand = 0.107", "price_on_demand = 1e308"),
		path: "fleet[0].price_on_demand", frag: "1e+308 USD per instance-hour is beyond the limit of 1e+06", line: 27},

	// --- demand
	{name: "unknown stream group in demand", edits: e(`stream_group = "g"`, `stream_group = "h"`),
		path: "demand[0].stream_group", frag: `unknown stream group "h"`, line: 18},
	{name: "unknown location in demand", edits: e("stream_group = \"g\"\n", "stream_group = \"g\"\nlocations = [\"eu-central-1\", \"eu-west-9\"]\n"),
		path: "demand[0].locations[1]", frag: `location "eu-west-9" is not in stream group "g" (nor added by the timeline); the group's locations: eu-central-1`, line: 19},
	{name: "misspelt location in demand", edits: e("stream_group = \"g\"\n", "stream_group = \"g\"\nlocations = [\"eu-centrl-1\"]\n"),
		path: "demand[0].locations[0]", frag: `location "eu-centrl-1" is not in stream group "g" (nor added by the timeline); did you mean "eu-central-1"?`, line: 19},
	{name: "misspelt stream group in demand", edits: e(`stream_group = "g"`, `stream_group = "G"`),
		path: "demand[0].stream_group", frag: `unknown stream group "G" (did you mean "g"?)`, line: 18},
	{name: "unknown key in a spike lists the keys", edits: e("rate_per_hour = 10 }", `rate_per_hour = 10, spikes = [{ at = "1h", peak_per_hour = 5 }] }`),
		path: "demand[0].arrivals.spikes[0].at", frag: "unknown key; valid keys in demand[0].arrivals.spikes[0]: start, ramp, hold, decay, peak_per_hour", line: 19},
	{name: "unknown top-level key lists the keys", edits: e("name = \"min\"\n\n", "name = \"min\"\nzzz = 1\n"),
		path: "zzz", frag: "unknown key; valid top-level keys: name, description, simulation, stream_group, demand,", line: 2},
	{name: "unknown player region", edits: e("stream_group = \"g\"\n", "stream_group = \"g\"\nplayer_region = \"europe-centrl\"\n"),
		path: "demand[0].player_region", frag: `unknown player region "europe-centrl" (did you mean "europe-central"?)`, line: 19},
	{name: "max_latency without a player region", edits: e("stream_group = \"g\"\n", "stream_group = \"g\"\nmax_latency = \"60ms\"\n"),
		path: "demand[0].max_latency", frag: "max_latency needs player_region", line: 19},
	{name: "latency threshold zero", edits: e("replications = 2", "replications = 2\nlatency_threshold = \"0s\""),
		path: "simulation.latency_threshold", frag: "must be a positive duration", line: 7},
	{name: "missing trace file", edits: e(`{ process = "poisson", rate_per_hour = 10 }`, `{ process = "trace", file = "nope.csv" }`),
		path: "demand[0].arrivals.file", frag: `cannot read "nope.csv"`, line: 19},
	{name: "trace with unsorted times", edits: e(`{ process = "poisson", rate_per_hour = 10 }`, `{ process = "trace", file = "t.csv" }`),
		files: fstest.MapFS{"t.csv": {Data: []byte("at\n10\n60\n30\n")}},
		path:  "demand[0].arrivals.file", frag: "t.csv:4: arrivals must be sorted by time", line: 19},
	{name: "trace without at header", edits: e(`{ process = "poisson", rate_per_hour = 10 }`, `{ process = "trace", file = "t.csv" }`),
		files: fstest.MapFS{"t.csv": {Data: []byte("time,session_length\n10,60\n")}},
		path:  "demand[0].arrivals.file", frag: `header has no "at" column`, line: 19},
	{name: "trace path leaving the scenario's directory", edits: e(`{ process = "poisson", rate_per_hour = 10 }`, `{ process = "trace", file = "../t.csv" }`),
		path: "demand[0].arrivals.file", frag: `"../t.csv": a file is named by a path relative to the scenario's directory that stays inside it`, line: 19},
	{name: "absolute trace path", edits: e(`{ process = "poisson", rate_per_hour = 10 }`, `{ process = "trace", file = "/etc/t.csv" }`),
		path: "demand[0].arrivals.file", frag: `absolute paths and ".." are not allowed`, line: 19},
	{name: "empirical path leaving the scenario's directory", edits: e(`{ dist = "exponential", mean = "20m" }`, `{ dist = "empirical", file = "data/../../l.csv" }`),
		path: "demand[0].session_length.file", frag: "relative to the scenario's directory", line: 20},
	{name: "hourly with 23 values", edits: e("rate_per_hour = 10 }", "hourly = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] }"),
		path: "demand[0].arrivals.hourly", frag: "needs exactly 24 hourly rates (hour 0 to 23), got 23", line: 19},
	{name: "unknown arrival process", edits: e(`process = "poisson"`, `process = "weibull"`),
		path: "demand[0].arrivals.process", frag: `unknown arrival process "weibull" (valid: poisson, trace)`, line: 19},
	{name: "absurd rate", edits: e("rate_per_hour = 10 }", "rate_per_hour = 1e12 }"),
		path: "demand[0].arrivals", frag: "beyond the limit of 200000000", line: 19, n: 2},

	// --- durations and distributions
	{name: "warm-up longer than horizon", edits: e(`horizon = "2h"`, `horizon = "5m"`),
		path: "simulation.warmup", frag: "warm-up 10m0s must be shorter than the horizon 5m0s", line: 5},
	{name: "zero horizon", edits: e(`horizon = "2h"`, `horizon = "0s"`),
		path: "simulation.horizon", frag: "must be positive, got 0s", line: 4},
	{name: "negative duration", edits: e(`mean = "20m"`, `mean = "-5m"`),
		path: "demand[0].session_length.mean", frag: "must be positive, got -5m0s", line: 20},
	{name: "zero-mean exponential", edits: e(`mean = "20m"`, `mean = "0s"`),
		path: "demand[0].session_length.mean", frag: "must be positive, got 0s", line: 20},
	{name: "gamma lengths that are all 0", edits: e(`{ dist = "exponential", mean = "20m" }`, `{ dist = "gamma", mean = "20m", shape = 1e-300 }`),
		path: "demand[0].session_length.shape", frag: "draws a length of 0 with probability 1 (at most 1e-06 allowed): a session must last; raise the shape", line: 20},
	{name: "fixed session length 0s", edits: e(`{ dist = "exponential", mean = "20m" }`, `{ dist = "fixed", value = "0s" }`),
		path: "demand[0].session_length.value", frag: "a length must be positive, got 0s", line: 20},
	{name: "empirical session lengths of 0", edits: e(`{ dist = "exponential", mean = "20m" }`, `{ dist = "empirical", file = "z.csv" }`),
		files: fstest.MapFS{"z.csv": {Data: []byte("length\n0s\n0\n")}},
		path:  "demand[0].session_length.file", frag: "z.csv: every length must be positive, got 0s", line: 20},
	{name: "lognormal lengths mostly under a nanosecond", edits: e(`{ dist = "exponential", mean = "20m" }`, `{ dist = "lognormal", median = "1ns", sigma = 2 }`),
		path: "demand[0].session_length.median", frag: "draws a length of 0 with probability 0.36", line: 20},
	{name: "fleet: game length 0s", fleet: fl(`game_length = { dist = "exponential", mean = "15m" }`, `game_length = { dist = "fixed", value = "0s" }`),
		path: "fleet_demand[0].game_length.value", frag: "a length must be positive, got 0s", line: 49},
	{name: "empty list of locations", edits: e("stream_group = \"g\"\n", "stream_group = \"g\"\nlocations = []\n"),
		path: "demand[0].locations", frag: `an empty list names no location; leave locations out to use every location of stream group "g"`, line: 19},
	{name: "weibull shape too small", edits: e(`{ dist = "exponential", mean = "20m" }`, `{ dist = "weibull", mean = "20m", shape = 0.01 }`),
		path: "demand[0].session_length.shape", frag: "must be between 0.05 and 100, got 0.01", line: 20},
	{name: "weibull with a median", edits: e(`{ dist = "exponential", mean = "20m" }`, `{ dist = "weibull", mean = "20m", median = "20m", shape = 1 }`),
		path: "demand[0].session_length.median", frag: "median does not apply to the weibull distribution (it takes mean, shape)", line: 20},
	{name: "unknown distribution", edits: e(`dist = "exponential"`, `dist = "pareto"`),
		path: "demand[0].session_length.dist", frag: `unknown distribution "pareto" (valid: fixed, exponential, lognormal, gamma, weibull, empirical)`, line: 20},
	{name: "parameter that does not apply", edits: e(`mean = "20m" }`, `mean = "20m", sigma = 0.5 }`),
		path: "demand[0].session_length.sigma", frag: "sigma does not apply to", line: 20},

	// --- client
	{name: "probability above 1", append: "\n[demand.client]\nno_show_probability = 1.5\n",
		path: "demand[0].client.no_show_probability", frag: "must be a probability between 0 and 1, got 1.5", line: 23},
	{name: "connection_timeout 0", append: "\n[demand.client]\nconnection_timeout = \"0s\"\n",
		path: "demand[0].client.connection_timeout", frag: "1s–3600s, got 0s", line: 23},
	{name: "connection_timeout 2h", append: "\n[demand.client]\nconnection_timeout = \"2h\"\n",
		path: "demand[0].client.connection_timeout", frag: "1s–3600s, got 2h0m0s", line: 23},
	{name: "session_length_limit 48h", append: "\n[demand.client]\nsession_length_limit = \"48h\"\n",
		path: "demand[0].client.session_length_limit", frag: "1s–86400s, got 48h0m0s", line: 23},
	{name: "unknown end_reason", append: "\n[demand.client]\nend_reason = \"bored\"\n",
		path: "demand[0].client.end_reason", frag: `apiTerminated or applicationExit, got "bored"`, line: 23},

	// --- service
	{name: "unknown billing_unit", append: "\n[service]\nbilling_unit = \"per_minute\"\n",
		path: "service.billing_unit", frag: `unknown billing unit "per_minute" (valid: per_instance, per_stream)`, line: 23},
	{name: "unknown packing policy", append: "\n[service]\npacking = \"random\"\n",
		path: "service.packing", frag: `unknown packing policy "random" (valid: fill_first,`, line: 23},
	{name: "negative cold start delay", append: "\n[service]\nsession_start_delay_cold = { dist = \"fixed\", value = \"-5s\" }\n",
		path: "service.session_start_delay_cold.value", frag: "must not be negative", line: 23},

	// --- GPU quota
	{name: "gpu quota unknown generation", append: "\n[[gpu_quota]]\nlocation = \"eu-central-1\"\ngeneration = \"gen9\"\ngpus = 4\n",
		path: "gpu_quota[0].generation", frag: `unknown GPU generation "gen9" (valid: gen4n, gen5n, gen6n, gen6e)`, line: 24},
	{name: "gpu quota negative", append: "\n[[gpu_quota]]\nlocation = \"eu-central-1\"\ngeneration = \"gen4n\"\ngpus = -1\n",
		path: "gpu_quota[0].gpus", frag: "must be between 0 and", line: 25},
	{name: "gpu quota location nobody uses", append: "\n[[gpu_quota]]\nlocation = \"us-east-1\"\ngeneration = \"gen4n\"\ngpus = 4\n",
		path: "gpu_quota[0].location", frag: "no stream group of generation gen4n is ever in us-east-1", line: 23},
	{name: "gpu quota location misspelled", append: "\n[[gpu_quota]]\nlocation = \"eu-centrl-1\"\ngeneration = \"gen4n\"\ngpus = 4\n",
		path: "gpu_quota[0].location", frag: `"eu-centrl-1" is not a GameLift Streams location; did you mean "eu-central-1"?`, line: 23},

	// --- locations as the service has them (A19, A20)
	{name: "location misspelled", edits: e(`name = "eu-central-1"`, `name = "eu-cenral-1"`),
		path: "stream_group[0].location[0].name", frag: `"eu-cenral-1" is not a GameLift Streams location; did you mean "eu-central-1"?`, line: 13},
	{name: "remote location as primary", edits: []edit{{`name = "eu-central-1"`, `name = "eu-west-1"`}, {`class = "gen4n_high"`, `class = "gen5n_high"`}},
		append: "\n[[price]]\nclass = \"gen5n_high\"\nlocation = \"eu-west-1\"\nusd_per_hour = 0.5\n",
		path:   "stream_group[0].location[0].name", frag: "eu-west-1 cannot be a stream group's primary location (its first)", line: 13},
	{name: "class family not offered", edits: []edit{{`class = "gen4n_high"`, `class = "gen6n_high"`}, {"always_on = 2\n", "always_on = 2\n\n  [[stream_group.location]]\n  name = \"eu-west-1\"\n"}},
		append: "\n[[price]]\nclass = \"gen6n_high\"\nlocation = \"eu-central-1\"\nusd_per_hour = 0.5\n",
		path:   "stream_group[0].location[1].name", frag: "eu-west-1 does not offer gen6* stream classes such as gen6n_high (A19)", line: 17},
	{name: "price location misspelled", append: "\n[[price]]\nclass = \"gen4n_high\"\nlocation = \"us-wset-2\"\nusd_per_hour = 0.5\n",
		path: "price[0].location", frag: `did you mean "us-west-2"?`, line: 24},
	{name: "gpu quota twice", append: "\n[[gpu_quota]]\nlocation = \"eu-central-1\"\ngeneration = \"gen4n\"\ngpus = 4\n\n[[gpu_quota]]\nlocation = \"eu-central-1\"\ngeneration = \"gen4n\"\ngpus = 8\n",
		path: "gpu_quota[1]", frag: "GPU quota for gen4n in eu-central-1 is given twice", line: 27},
	{name: "gpu quota unknown key", append: "\n[[gpu_quota]]\nlocation = \"eu-central-1\"\ngeneration = \"gen4n\"\ninstances = 4\n",
		path: "gpu_quota[0].instances", frag: "unknown key", line: 25},
	{name: "per-location gpu_quota moved to [[gpu_quota]]", edits: e("always_on = 2", "always_on = 2\n  gpu_quota = 4"),
		path: "stream_group[0].location[0].gpu_quota", frag: `use [[gpu_quota]] location = "eu-central-1" generation = "gen4n" gpus = N`, line: 15},

	// --- stream-group lifetime
	{name: "recreate_every not below the lifetime", edits: e(`class = "gen4n_high"`, "class = \"gen4n_high\"\nrecreate_every = \"9000h\""),
		path: "stream_group[0].recreate_every", frag: "not shorter than service.stream_group_lifetime", line: 11},
	{name: "recreate_every negative", edits: e(`class = "gen4n_high"`, "class = \"gen4n_high\"\nrecreate_every = \"-504h\""),
		path: "stream_group[0].recreate_every", frag: "must not be negative", line: 11},
	{name: "negative stream_group_lifetime", append: "\n[service]\nstream_group_lifetime = \"-1h\"\n",
		path: "service.stream_group_lifetime", frag: "must not be negative", line: 23},

	// --- simulation limits
	{name: "zero replications", edits: e("replications = 2", "replications = 0"),
		path: "simulation.replications", frag: "must be between 1 and 100000, got 0", line: 6},
	{name: "absurd replications", edits: e("replications = 2", "replications = 1_000_000_000"),
		path: "simulation.replications", frag: "must be between 1 and 100000, got 1000000000", line: 6},
	{name: "total work over the limit", edits: []edit{{"replications = 2", "replications = 100_000"}, {"rate_per_hour = 10 }", "rate_per_hour = 10000 }"}},
		path: "simulation.max_total_requests", frag: "about 2e+09 requests in all (2e+04 per replication × 100000 replications) is beyond simulation.max_total_requests = 1000000000;", line: 3},
	{name: "total work over a lowered limit", edits: e("replications = 2\n", "replications = 2\nmax_total_requests = 30\n"),
		path: "simulation.max_total_requests", frag: "about 40 requests in all (20 per replication × 2 replications) is beyond simulation.max_total_requests = 30", line: 7},
	{name: "negative max_total_requests", edits: e("replications = 2\n", "replications = 2\nmax_total_requests = -1\n"),
		path: "simulation.max_total_requests", frag: "must not be negative", line: 7},
	{name: "too many spikes", edits: e("rate_per_hour = 10 }", "rate_per_hour = 10, spikes = ["+strings.Repeat(`{ start = "1h", ramp = "1m", peak_per_hour = 1 }, `, 201)+"] }"),
		path: "demand[0].arrivals.spikes", frag: "201 spikes is beyond the limit of 200 per demand", line: 19},
	{name: "spikes too costly to draw", edits: e("rate_per_hour = 10 }", "rate_per_hour = 10, spikes = ["+strings.Repeat(`{ start = "1h", ramp = "1m", peak_per_hour = 1e6 }, `, 100)+"] }"),
		path: "demand[0].arrivals.spikes", frag: "100 spikes with peaks summing to 1e+08 per hour over 2h0m0s make about 2e+10 spike-rate evaluations per replication, beyond the limit of 2e+09", line: 19},
	{name: "timeseries points over the limit", edits: e("replications = 2\n\n", "replications = 2\ntimeseries_step = \"100us\"\n"),
		path: "simulation.timeseries_step", frag: "beyond the limit of 20000000; use a longer step", line: 7},

	// --- timeline
	{name: "unknown timeline action", append: "\n[[timeline]]\nat = \"1h\"\naction = \"Scale\"\nstream_group = \"g\"\n",
		path: "timeline[0].action", frag: `unknown action "Scale" (valid: UpdateStreamGroup,`, line: 24},
	{name: "timeline at beyond horizon", append: "\n[[timeline]]\nat = \"3h\"\naction = \"TerminateStreamSession\"\nstream_group = \"g\"\nshare = 0.5\n",
		path: "timeline[0].at", frag: "3h0m0s is outside the simulated time [0, 2h0m0s)", line: 23},
	{name: "remove primary location", append: "\n[[timeline]]\nat = \"1h\"\naction = \"RemoveStreamGroupLocations\"\nstream_group = \"g\"\nlocation_names = [\"eu-central-1\"]\n",
		path: "timeline[0].location_names[0]", frag: `the primary location "eu-central-1" cannot be removed`, line: 26},
	{name: "update location not present yet", append: "\n[[timeline]]\nat = \"1h\"\naction = \"UpdateStreamGroup\"\nstream_group = \"g\"\nlocations = [\n  { name = \"eu-central-1\", always_on = 4 },\n  { name = \"eu-west-1\", always_on = 2 },\n]\n",
		path: "timeline[0].locations[1].name", frag: `location "eu-west-1" is not in stream group "g" at 1h0m0s; its locations then: eu-central-1`, line: 28},
	{name: "update while a location is activating", append: addWest + "\n[[timeline]]\nat = \"1h1m\"\naction = \"UpdateStreamGroup\"\nstream_group = \"g\"\nlocations = [{ name = \"eu-west-1\", always_on = 4 }]\n",
		path: "timeline[1].at", frag: `UpdateStreamGroup needs an ACTIVE stream group (S004), but "g" is UPDATING_LOCATIONS at 1h1m0s: location "eu-west-1" added at 1h0m0s (timeline[0]) may be ACTIVATING until 1h5m0s`, line: 34},
	{name: "add while a location is activating", append: addWest + "\n[[price]]\nclass = \"gen4n_high\"\nlocation = \"eu-west-2\"\nusd_per_hour = 0.6\n\n[[timeline]]\nat = \"1h5m\"\naction = \"AddStreamGroupLocations\"\nstream_group = \"g\"\nlocations = [{ name = \"eu-west-2\", always_on = 2 }]\n",
		path: "timeline[1].at", frag: `AddStreamGroupLocations needs an ACTIVE stream group (S004), but "g" is UPDATING_LOCATIONS at 1h5m0s`, line: 39},
	{name: "remove while activating", append: addWest + "\n[[timeline]]\nat = \"1h2m\"\naction = \"RemoveStreamGroupLocations\"\nstream_group = \"g\"\nlocation_names = [\"eu-west-1\"]\n",
		path: "timeline[1].location_names[0]", frag: `location "eu-west-1" added at 1h0m0s (timeline[0]) may be ACTIVATING until 1h5m0s (service.activation_delay up to 5m0s, its value): an ACTIVATING location cannot be removed yet (S004)`, line: 37},
	{name: "terminate share 0", append: "\n[[timeline]]\nat = \"1h\"\naction = \"TerminateStreamSession\"\nstream_group = \"g\"\nshare = 0\n",
		path: "timeline[0].share", frag: "needs a share of running sessions in (0, 1], got 0", line: 26},
	{name: "terminate share missing", append: "\n[[timeline]]\nat = \"1h\"\naction = \"TerminateStreamSession\"\nstream_group = \"g\"\n",
		path: "timeline[0].share", frag: "needs a share", line: 22},

	// --- GameLift Servers: decoding
	{name: "fleet: unknown key with suggestion", fleet: fl("max_players = 8", "max_player = 8"),
		path: "fleet[0].max_player", frag: `unknown key (did you mean "max_players"?)`, line: 29},
	{name: "fleet: unknown key in an inline destination", fleet: fl(`{ fleet = "f", location = "us-east-1" }`, `{ fleet = "f", locaton = "us-east-1" }`),
		path: "queue[0].destinations[0].locaton", frag: `unknown key (did you mean "location"?)`, line: 40},
	{name: "fleet: unknown table with suggestion", fleet: fl("[fleet.scaling]", "[fleet.scalling]"),
		path: "fleet[0].scalling", frag: `unknown key (did you mean "scaling"?)`, line: 31},
	{name: "fleet: unknown array of tables with suggestion", fleet: fl("[[fleet_demand]]", "[[fleet_demands]]"),
		path: "fleet_demands", frag: `unknown key (did you mean "fleet_demand"?)`, line: 44},
	// The rest is validated with the bad value left out (its default, 1):
	// the demand's 8 players are then too many, reported too.
	{name: "fleet: string for an int", fleet: fl("max_players = 8", `max_players = "eight"`),
		path: "fleet[0].max_players", frag: "expected an integer, got a string", line: 29, n: 2},

	// --- GameLift Servers: fleets
	{name: "fleet: 51 processes per instance", fleet: fl("processes_per_instance = 4", "processes_per_instance = 51"),
		path: "fleet[0].processes_per_instance", frag: "must be 1–50 (at most 50 concurrent server processes per instance, G1), got 51", line: 28},
	{name: "fleet: unknown kind", fleet: fl(`kind = "ec2"`, `kind = "ec3"`),
		path: "fleet[0].kind", frag: `unknown fleet kind "ec3" (valid: ec2, container, anywhere, fleetiq); did you mean "ec2"?`, line: 24},
	{name: "fleet: capacity type in the wrong case", fleet: fl("price_on_demand = 0.107\n", "price_on_demand = 0.107\ncapacity_type = \"spot\"\n"),
		path: "fleet[0].capacity_type", frag: `unknown capacity type "spot" (valid: ON_DEMAND, SPOT); did you mean "SPOT"?`, line: 28},
	{name: "fleet: activation_timeout 601s", fleet: fl("max_players = 8\n", "max_players = 8\nactivation_timeout = \"601s\"\n"),
		path: "fleet[0].activation_timeout", frag: "GameSessionActivationTimeoutSeconds must be 1s–600s (G1), got 10m1s", line: 30},
	{name: "fleet: lost_end_share 1.5", fleet: fl("max_players = 8\n", "max_players = 8\nlost_end_share = 1.5\n"),
		path: "fleet[0].lost_end_share", frag: "must be a share between 0 and 1, got 1.5", line: 30},
	{name: "fleet: missing price", fleet: fl("price_on_demand = 0.107\n", ""),
		path: "fleet[0].price_on_demand", frag: `fleet "f" uses On-Demand instances and has no price_on_demand: capsim ships no GameLift Servers prices`, line: 22},
	{name: "fleet: Spot without a Spot price", fleet: fl("price_on_demand = 0.107\n", "price_on_demand = 0.107\ncapacity_type = \"SPOT\"\n"),
		path: "fleet[0].price_spot", frag: `fleet "f" uses Spot instances and has no price_spot`, line: 22},
	{name: "fleet: Spot price above On-Demand", fleet: fl("price_on_demand = 0.107\n", "price_on_demand = 0.107\ncapacity_type = \"SPOT\"\nprice_spot = 0.2\n"),
		path: "fleet[0].price_spot", frag: "Spot price 0.2 is above the On-Demand price 0.107: Spot never exceeds On-Demand (G13)", line: 29},
	{name: "fleet: access_interval longer than stale_expiry", fleet: fl("max_players = 8\n", "max_players = 8\nstale_expiry = \"30m\"\naccess_interval = \"45m\"\n"),
		path: "fleet[0].access_interval", frag: "access_interval 45m0s is longer than stale_expiry 30m0s", line: 31},
	{name: "fleet: negative access_interval", fleet: fl("max_players = 8\n", "max_players = 8\naccess_interval = \"-1m\"\n"),
		path: "fleet[0].access_interval", frag: "must not be negative, got -1m0s", line: 30},
	{name: "fleet: stale_expiry with expiry disabled", fleet: fl("max_players = 8\n", "max_players = 8\nenable_stale_expiration = false\nstale_expiry = \"2h\"\n"),
		path: "fleet[0].stale_expiry", frag: "stale_expiry goes with enable_stale_expiration = true (S003)", line: 31},
	{name: "fleet: claim_hold is fixed", fleet: fl("max_players = 8\n", "max_players = 8\nclaim_hold = \"30s\"\n"),
		path: "fleet[0].claim_hold", frag: "fixed by the service (S002)", line: 30},
	{name: "fleet: FleetIQ group in two Regions", iq: fl(`locations = ["us-east-1"]`, `locations = ["us-east-1", "us-west-2"]`),
		path: "fleet[1].locations", frag: "a FleetIQ game server group lives in one Region", line: 54},

	// --- GameLift Servers: scaling
	{name: "fleet: buffer_percent 100", fleet: fl("policy = \"target_tracking\"\n  target_percent = 20", "policy = \"buffer\"\n  buffer_percent = 100\n  min_replicas = 1\n  max_replicas = 40"),
		path: "fleet[0].scaling.buffer_percent", frag: "buffer_percent 100", line: 33},
	{name: "fleet: buffer min_replicas below buffer_size", fleet: fl("policy = \"target_tracking\"\n  target_percent = 20", "policy = \"buffer\"\n  buffer_size = 8\n  min_replicas = 4\n  max_replicas = 40"),
		path: "fleet[0].scaling.min_replicas", frag: "min_replicas 4", line: 34},
	{name: "fleet: target_percent 100", fleet: fl("target_percent = 20", "target_percent = 100"),
		path: "fleet[0].scaling.target_percent", frag: "needs a PercentAvailableGameSessions target in (0, 100) percent, got 100", line: 33},
	{name: "fleet: buffer key with target tracking", fleet: fl("target_percent = 20\n", "target_percent = 20\n  buffer_size = 8\n"),
		path: "fleet[0].scaling.buffer_size", frag: `buffer_size goes with policy = "buffer", not "target_tracking"`, line: 34},
	{name: "fleet: min_instances above max", fleet: fl("min_instances = 1", "min_instances = 12"),
		path: "fleet[0].scaling.min_instances", frag: "min_instances 12 is above max_instances 10", line: 34},
	{name: "fleet: scale_in_after_inactivity 4m", fleet: fl("max_instances = 10\n", "max_instances = 10\n  scale_to_zero = true\n  scale_in_after_inactivity = \"4m\"\n"),
		path: "fleet[0].scaling.scale_in_after_inactivity", frag: "ScaleInAfterInactivityMinutes must be 5m–1440m (G12), got 4m0s", line: 37},

	// --- GameLift Servers: queues and demand
	{name: "fleet: queue destination to an unknown fleet", fleet: fl(`{ fleet = "f", location = "us-west-2" }`, `{ fleet = "g", location = "us-west-2" }`),
		path: "queue[0].destinations[1].fleet", frag: `unknown fleet "g" (did you mean "f"?)`, line: 41},
	{name: "fleet: queue destination to an unknown location", fleet: fl(`{ fleet = "f", location = "us-west-2" }`, `{ fleet = "f", location = "eu-west-9" }`),
		path: "queue[0].destinations[1].location", frag: `location "eu-west-9" is not in fleet "f" (its locations: us-east-1, us-west-2)`, line: 41},
	{name: "fleet: queue destination to a FleetIQ group", fleet: fl(`{ fleet = "f", location = "us-west-2" }`, `{ fleet = "gsg" }`),
		append: fleetIQTOML, path: "queue[0].destinations[1].fleet", frag: `fleet "gsg" is a FleetIQ game server group: it is claimed directly (ClaimGameServer), not placed through a queue`, line: 41},
	{name: "fleet: players above max_players", fleet: fl("\nplayers = 8", "\nplayers = 12"),
		path: "fleet_demand[0].players", frag: `players 12 is above max_players 8 of fleet "f" (reached through queue "q")`, line: 48},
	{name: "fleet: unknown queue", fleet: fl(`queue = "q"`, `queue = "qq"`),
		path: "fleet_demand[0].queue", frag: `unknown queue "qq" (did you mean "q"?)`, line: 46},
	{name: "fleet: demand without queue or fleet", fleet: fl("queue = \"q\"\n", ""),
		path: "fleet_demand[0]", frag: "a fleet demand needs queue", line: 44},
	{name: "fleet: FleetIQ demand with a queue", iq: fl(`fleet = "gsg"`, "fleet = \"gsg\"\nqueue = \"q\""),
		path: "fleet_demand[1].queue", frag: "give queue (placements through a queue) or fleet (claims on a FleetIQ group), not both", line: 60},
	{name: "fleet: FleetIQ demand on a managed fleet", iq: fl(`fleet = "gsg"`, `fleet = "f"`),
		path: "fleet_demand[1].fleet", frag: `fleet "f" is of kind ec2: its game sessions are placed through a queue`, line: 59},
	{name: "fleet: claim filter without ACTIVE", iq: fl(`fleet = "gsg"`, "fleet = \"gsg\"\ninstance_statuses = [\"DRAINING\"]"),
		path: "fleet_demand[1].instance_statuses", frag: "FilterOption.InstanceStatuses must contain ACTIVE (S002), got [DRAINING]", line: 60},
	{name: "fleet: unknown instance status", iq: fl(`fleet = "gsg"`, "fleet = \"gsg\"\ninstance_statuses = [\"ACTIVE\", \"draining\"]"),
		path: "fleet_demand[1].instance_statuses[1]", frag: `unknown instance status "draining" (valid: ACTIVE, DRAINING); did you mean "DRAINING"?`, line: 60},
	{name: "fleet: direct_claim_share 1.2", iq: fl(`fleet = "gsg"`, "fleet = \"gsg\"\ndirect_claim_share = 1.2"),
		path: "fleet_demand[1].direct_claim_share", frag: "must be a share between 0 and 1, got 1.2", line: 60},
	{name: "fleet: direct claims through a queue", fleet: fl(`queue = "q"`, "queue = \"q\"\ndirect_claim_share = 0.2"),
		path: "fleet_demand[0].direct_claim_share", frag: "direct_claim_share goes with claims on a FleetIQ group", line: 47},
	{name: "fleet: missing game_length", fleet: fl("game_length = { dist = \"exponential\", mean = \"15m\" }\n", ""),
		path: "fleet_demand[0].game_length", frag: "missing: how long a game runs", line: 44},

	// --- GameLift Servers: timeline
	{name: "fleet: terminate share 1.5", fleet: fl(),
		append: "\n[[fleet_timeline]]\nat = \"1h\"\naction = \"TerminateGameSession\"\nfleet = \"f\"\nmode = \"FORCE_TERMINATE\"\nshare = 1.5\n",
		path:   "fleet_timeline[0].share", frag: "TerminateGameSession needs a share of the fleet's game sessions in (0, 1], got 1.5", line: 56},
	{name: "fleet: unknown termination mode", fleet: fl(),
		append: "\n[[fleet_timeline]]\nat = \"1h\"\naction = \"TerminateGameSession\"\nfleet = \"f\"\nmode = \"FORCE\"\nshare = 0.5\n",
		path:   "fleet_timeline[0].mode", frag: `unknown termination mode "FORCE" (valid: TRIGGER_ON_PROCESS_TERMINATE, FORCE_TERMINATE)`, line: 55},
	{name: "fleet: terminate on a FleetIQ group", iq: fl(),
		append: "\n[[fleet_timeline]]\nat = \"1h\"\naction = \"TerminateGameSession\"\nfleet = \"gsg\"\nmode = \"FORCE_TERMINATE\"\nshare = 0.5\n",
		path:   "fleet_timeline[0].fleet", frag: "TerminateGameSession works on EC2, container and Anywhere fleets (S000)", line: 66},
}

func (tc malformedCase) text(t *testing.T) string {
	t.Helper()
	text := minimalTOML
	for _, ed := range tc.edits {
		if n := strings.Count(text, ed.old); n != 1 {
			t.Fatalf("edit %q matches %d times in the minimal scenario", ed.old, n)
		}
		text = strings.Replace(text, ed.old, ed.new, 1)
	}
	block := func(base string, edits []edit) string {
		for _, ed := range edits {
			if n := strings.Count(base, ed.old); n != 1 {
				t.Fatalf("edit %q matches %d times in the fleet block", ed.old, n)
			}
			base = strings.Replace(base, ed.old, ed.new, 1)
		}
		return base
	}
	if tc.fleet != nil || tc.iq != nil {
		text += block(fleetTOML, tc.fleet)
	}
	if tc.iq != nil {
		text += block(fleetIQTOML, tc.iq)
	}
	return text + tc.append
}

func TestMalformedScenarios(t *testing.T) {
	if len(malformedCases) < 30 {
		t.Fatalf("only %d cases", len(malformedCases))
	}
	for _, tc := range malformedCases {
		t.Run(tc.name, func(t *testing.T) {
			text := tc.text(t)
			err := buildTOML("bad.toml", text, tc.files)
			if err == nil {
				t.Fatalf("no error for:\n%s", text)
			}
			if !errors.Is(err, scenarios.ErrInvalid) {
				t.Fatalf("error does not match ErrInvalid: %v", err)
			}
			var ve *scenarios.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error is %T, not *ValidationError: %v", err, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.path) || !strings.Contains(msg, tc.frag) {
				t.Errorf("message lacks path %q or fragment %q:\n%s", tc.path, tc.frag, msg)
			}
			var fe *scenarios.FieldError
			for _, x := range ve.Errs {
				if x.Path == tc.path {
					fe = x
					break
				}
			}
			if fe == nil {
				t.Fatalf("no FieldError with path %q:\n%s", tc.path, msg)
			}
			if !strings.Contains(fe.Msg, tc.frag) {
				t.Errorf("FieldError %q: message %q lacks %q", fe.Path, fe.Msg, tc.frag)
			}
			if fe.Line != tc.line {
				t.Errorf("FieldError %q: line %d, want %d", fe.Path, fe.Line, tc.line)
			}
			if fe.Column != tc.col {
				t.Errorf("FieldError %q: column %d, want %d", fe.Path, fe.Column, tc.col)
			}
			if fe.File != "bad.toml" {
				t.Errorf("FieldError %q: file %q, want bad.toml", fe.Path, fe.File)
			}
			if want := max(tc.n, 1); len(ve.Errs) != want {
				t.Errorf("%d errors, want %d:\n%s", len(ve.Errs), want, msg)
			}
			if tc.line > 0 && !strings.Contains(fe.Error(), fmt.Sprintf("bad.toml:%d", tc.line)) {
				t.Errorf("Error() %q does not name bad.toml:%d", fe.Error(), tc.line)
			}
		})
	}
}

// fieldErrors parses and builds text and returns its field errors.
func fieldErrors(t *testing.T, text string) []*scenarios.FieldError {
	t.Helper()
	return validationErrs(t, buildTOML("bad.toml", text, nil))
}

// validationErrs returns the field errors of err, which must be a
// *ValidationError that matches ErrInvalid.
func validationErrs(t *testing.T, err error) []*scenarios.FieldError {
	t.Helper()
	var ve *scenarios.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a *ValidationError, got %v", err)
	}
	if !errors.Is(err, scenarios.ErrInvalid) {
		t.Fatalf("error does not match ErrInvalid: %v", err)
	}
	return ve.Errs
}

// set applies each (path, value) override to sc, failing the test if one
// is refused.
func set(t *testing.T, sc *scenarios.Scenario, sets ...[2]string) {
	t.Helper()
	for _, kv := range sets {
		if err := sc.Set(kv[0], kv[1]); err != nil {
			t.Fatalf("Set(%s, %s): %v", kv[0], kv[1], err)
		}
	}
}

func checkErrs(t *testing.T, errs []*scenarios.FieldError, want []malformedCase) {
	t.Helper()
	if len(errs) != len(want) {
		t.Fatalf("%d errors, want %d: %v", len(errs), len(want), &scenarios.ValidationError{Errs: errs})
	}
	for i, w := range want {
		fe := errs[i]
		if fe.Path != w.path || fe.Line != w.line || !strings.Contains(fe.Msg, w.frag) {
			t.Errorf("error %d = %q (line %d), want path %q line %d containing %q", i, fe.Error(), fe.Line, w.path, w.line, w.frag)
		}
	}
}

// TestSeveralProblemsAtOnce: every problem is reported at once, in document
// order, a value of the wrong kind (a duration without its unit) among them
// and not echoed by the checks of the field it was meant for.
func TestSeveralProblemsAtOnce(t *testing.T) {
	text := strings.NewReplacer(
		`warmup = "10m"`, "warmup = 10",
		"replications = 2", "replications = 0",
		"always_on = 2", "always_on = 3",
		`mean = "20m"`, `mean = "0s"`,
	).Replace(minimalTOML)
	errs := fieldErrors(t, text)
	checkErrs(t, errs, []malformedCase{
		{path: "simulation.warmup", line: 5, frag: `a duration needs a unit: write "10s"`},
		{path: "simulation.replications", line: 6, frag: "must be between 1 and"},
		{path: "stream_group[0].location[0].always_on", line: 14, frag: "not a whole multiple"},
		{path: "demand[0].session_length.mean", line: 20, frag: "must be positive"},
	})
	msg := (&scenarios.ValidationError{Errs: errs}).Error()
	if !strings.HasPrefix(msg, "4 problems:\n") {
		t.Errorf("message does not start with the count:\n%s", msg)
	}
}

// The errors come in document order even when the tables are not in the
// order the builder checks them ([service] and [[timeline]] after [[demand]]).
func TestProblemsInDocumentOrder(t *testing.T) {
	text := strings.NewReplacer("replications = 2", "replications = 0", "always_on = 2", "always_on = 3").Replace(minimalTOML) +
		"\n[service]\npacking = \"random\"\n"
	checkErrs(t, fieldErrors(t, text), []malformedCase{
		{path: "simulation.replications", line: 6, frag: "must be between 1 and"},
		{path: "stream_group[0].location[0].always_on", line: 14, frag: "not a whole multiple"},
		{path: "service.packing", line: 23, frag: "unknown packing policy"},
	})
}

func parseMinimal(t *testing.T) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Parse("min.toml", []byte(minimalTOML), fstest.MapFS{})
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func TestSetErrors(t *testing.T) {
	for _, tc := range []struct {
		path, value string
		frag        string
	}{
		{"simulation.sed", "3", `unknown field (did you mean "seed"?)`},
		{"stream_group[0].location[0].alwayson", "4", `did you mean "always_on"?`},
		{"stream_group[0].locations[0]", `{ name = "x" }`, `unknown field (did you mean "stream_group[0].location[0]"?)`},
		{"stream_group[0].locatons[0].alwayson", "4", `unknown field (did you mean "stream_group[0].location[0].always_on"?)`},
		{"demand[0].arrivals.spikes[0].at", `"1h"`, "unknown field; valid keys in demand[0].arrivals.spikes[0]: start, ramp, hold, decay, peak_per_hour"},
		{"simulation.zzz.horizon", `"1h"`, "unknown field; valid keys in simulation: horizon, warmup, seed,"},
		{"nosuch", "1", "unknown field"},
		{"stream_group[0].location[5].always_on", "4", "location has 1 entries; index 5 is out of range"},
		{"stream_group[1].name", `"x"`, "index 1 is out of range"},
		{"stream_group[x].name", `"x"`, "bad index"},
		{"simulation[0].seed", "1", "simulation is not a list"},
		{"simulation.replications", "many", `cannot use "many" here`},
		{"simulation.replications", "2.5", `cannot use "2.5" here`},
		{"simulation.horizon", "soon", `invalid duration "soon": want a duration like 90s or 1h30m, a number and a unit (units: ns, us, ms, s, m, h)`},
		{"simulation.warmup", "90", "a duration needs a unit: write 90s, 90m or 90h"},
		{"service.allocation_delay_linux.median", "90", "a duration needs a unit: write 90s, 90m or 90h"},
		{"service.maximum_includes_always_on", "maybe", `cannot use "maybe" here`},
		{"simulation.seed", "-1", "must be ≥ 0, got -1"},
		{"simulation.seed", "1.5", `cannot use "1.5" here: want a non-negative integer`},
		{"stream_group", "5", "want an array of inline tables like [{ key = value }]"},
		{"demand[0].locations", "5", "want an array of strings"},
	} {
		t.Run(tc.path+"="+tc.value, func(t *testing.T) {
			sc := parseMinimal(t)
			before := sc.SHA256()
			err := sc.Set(tc.path, tc.value)
			if err == nil {
				t.Fatal("no error")
			}
			checkErrs(t, validationErrs(t, err), []malformedCase{{path: tc.path, line: 0, frag: tc.frag}})
			if !strings.Contains(err.Error(), "--set") {
				t.Errorf("message does not say it is a --set: %v", err)
			}
			if sc.SHA256() != before || len(sc.Overrides()) != 0 {
				t.Errorf("a failed Set changed the scenario")
			}
		})
	}
}

func TestSetAndClone(t *testing.T) {
	sc := parseMinimal(t)
	orig := sc.SHA256()
	if orig != parseMinimal(t).SHA256() {
		t.Fatal("SHA256 differs between two parses of the same text")
	}
	c := sc.Clone()
	if c.SHA256() != orig {
		t.Fatal("Clone changed the hash")
	}
	set(t, c, [][2]string{
		{"stream_group[0].location[0].always_on", "4"},
		{"simulation.horizon", "3h"}, // bare duration: taken as a string
		{"service.idle_release_delay", `"10m"`},
		{"demand[0].client.no_show_probability", "0.1"},
		{"demand[0].session_start_delay", `{ dist = "fixed", value = "5s" }`},
	}...)
	// Slices are not shared with the original.
	c.StreamGroups[0].Locations[0].Name = "changed-through-clone"
	c.Demands[0].Locations = append(c.Demands[0].Locations, "x")
	if sc.StreamGroups[0].Locations[0].Name != "eu-central-1" || len(sc.Demands[0].Locations) != 0 {
		t.Fatal("the clone shares slices with the original")
	}
	c.StreamGroups[0].Locations[0].Name = "eu-central-1"
	c.Demands[0].Locations = nil

	if c.SHA256() == orig {
		t.Error("overrides did not change the hash")
	}
	if sc.SHA256() != orig {
		t.Error("changing the clone changed the original's hash")
	}
	if got := sc.StreamGroups[0].Locations[0]; got.AlwaysOn != 2 || got.Name != "eu-central-1" {
		t.Errorf("original location changed: %+v", got)
	}
	if sc.Simulation.Horizon.String() != "2h0m0s" || sc.Service.IdleReleaseDelay.String() != "5m0s" || sc.Demands[0].SessionStartDelay != nil {
		t.Errorf("original changed: horizon %v, idle_release_delay %v, session_start_delay %v",
			sc.Simulation.Horizon, sc.Service.IdleReleaseDelay, sc.Demands[0].SessionStartDelay)
	}
	if len(sc.Overrides()) != 0 {
		t.Errorf("original has overrides %v", sc.Overrides())
	}
	if got := c.Overrides(); len(got) != 5 || got[0] != "stream_group[0].location[0].always_on=4" {
		t.Errorf("clone overrides = %q", got)
	}
	if c.Simulation.Horizon.String() != "3h0m0s" || c.StreamGroups[0].Locations[0].AlwaysOn != 4 ||
		c.Service.IdleReleaseDelay.String() != "10m0s" || c.Demands[0].Client.NoShowProbability != 0.1 ||
		c.Demands[0].SessionStartDelay == nil || c.Demands[0].SessionStartDelay.Dist != "fixed" {
		t.Errorf("overrides not applied: %+v", c)
	}
	if _, err := c.Build(); err != nil {
		t.Errorf("clone with valid overrides does not build: %v", err)
	}
	if _, err := sc.Build(); err != nil {
		t.Errorf("original does not build after the clone changed: %v", err)
	}

	// A value set with Set that Build rejects has no line: it is not in the file.
	bad := sc.Clone()
	set(t, bad, [2]string{"stream_group[0].location[0].always_on", "3"})
	_, err := bad.Build()
	checkErrs(t, validationErrs(t, err), []malformedCase{{path: "stream_group[0].location[0].always_on", line: 0, frag: "not a whole multiple"}})
}

// The activation window validation assumes ends at the activation delay's
// bound, inclusive (an action at that time runs before the activation):
// the value of a fixed delay, the 99.9th percentile of an unbounded one.
func TestActivationWindow(t *testing.T) {
	update := func(at string) string {
		return "\n[[timeline]]\nat = \"" + at + "\"\naction = \"UpdateStreamGroup\"\nstream_group = \"g\"\nlocations = [{ name = \"eu-west-1\", always_on = 4 }]\n"
	}
	for _, tc := range []struct {
		service, at string
		ok          bool
	}{
		{"", "1h5m", false},  // fixed 5m: the very end of the window
		{"", "1h5m1s", true}, // after it
		// exponential mean 1m: 99.9th percentile 6m54.5s
		{"\n[service]\nactivation_delay = { dist = \"exponential\", mean = \"1m\" }\n", "1h6m54s", false},
		{"\n[service]\nactivation_delay = { dist = \"exponential\", mean = \"1m\" }\n", "1h6m55s", true},
	} {
		err := buildTOML("w.toml", minimalTOML+addWest+update(tc.at)+tc.service, nil)
		if tc.ok && err != nil {
			t.Errorf("update at %s%s: %v", tc.at, tc.service, err)
		}
		if !tc.ok && (err == nil || !strings.Contains(err.Error(), "UPDATING_LOCATIONS")) {
			t.Errorf("update at %s%s: got %v, want an UPDATING_LOCATIONS error", tc.at, tc.service, err)
		}
	}
}
