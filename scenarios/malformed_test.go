package scenarios_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/capsim/capsim/scenarios"
)

// minimalTOML is the smallest valid scenario; every malformed case below
// breaks one thing in it. Line numbers (1-based):
//
//	1 name          8 [[stream_group]]            16 [[demand]]
//	3 [simulation]  9   name                      17   name
//	4   horizon    10   class                     18   stream_group
//	5   warmup     12 [[stream_group.location]]   19   arrivals
//	6   replicat.  13   name  14 always_on        20   session_length
//
// Text appended to it starts on line 21.
const minimalTOML = `name = "min"

[simulation]
horizon = "2h"
warmup = "10m"
replications = 2

[[stream_group]]
name = "g"
class = "gen4n_high"

  [[stream_group.location]]
  name = "eu-central-1"
  always_on = 2

[[demand]]
name = "d"
stream_group = "g"
arrivals = { process = "poisson", rate_per_hour = 10 }
session_length = { dist = "exponential", mean = "20m" }
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
	{name: "string for an int", edits: e("replications = 2", `replications = "ten"`),
		path: "simulation.replications", frag: "incompatible types", line: 6},
	{name: "float for an int", edits: e("replications = 2", "replications = 1e9"),
		path: "simulation.replications", frag: "incompatible types", line: 6},
	// BurntSushi/toml reads a bare integer duration as nanoseconds: capsim rejects it.
	{name: "integer duration needs a unit", edits: e(`horizon = "2h"`, "horizon = 5"),
		path: "simulation.horizon", frag: "a duration needs a unit", line: 4},
	{name: "type error inside an array of tables keeps its indices", edits: e("always_on = 2", `always_on = "two"`),
		path: "stream_group[0].location[0].always_on", frag: "incompatible types", line: 14},
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
	{name: "maximum below always_on", edits: e("always_on = 2\n\n", "always_on = 4\n  maximum = 2\n"),
		path: "stream_group[0].location[0].maximum", frag: "maximum 2 is below always_on 4", line: 15},
	{name: "unknown class", edits: e(`class = "gen4n_high"`, `class = "gen9n_mega"`),
		path: "stream_group[0].class", frag: `unknown stream class "gen9n_mega" (known: gen4n_high, gen4n_ultra,`, line: 10},
	{name: "duplicate location", edits: e("always_on = 2\n", "always_on = 2\n  [[stream_group.location]]\n  name = \"eu-central-1\"\n"),
		path: "stream_group[0].location[1].name", frag: `location "eu-central-1" appears twice in stream group "g"`, line: 16},
	{name: "duplicate stream group", append: "\n[[stream_group]]\nname = \"g\"\nclass = \"gen4n_high\"\n  [[stream_group.location]]\n  name = \"eu-central-1\"\n",
		path: "stream_group[1].name", frag: `stream group "g" is defined twice`, line: 23},

	// --- prices
	{name: "missing price", edits: []edit{{`class = "gen4n_high"`, `class = "gen5n_high"`}, {`name = "eu-central-1"`, `name = "us-east-1"`}},
		path: "stream_group[0].location[0]", frag: "no price for class gen5n_high in us-east-1", line: 12},
	{name: "negative price", append: "\n[[price]]\nclass = \"gen4n_high\"\nlocation = \"eu-central-1\"\nusd_per_hour = -0.5\n",
		path: "price[0].usd_per_hour", frag: "must be ≥ 0, got -0.5", line: 25},

	// --- demand
	{name: "unknown stream group in demand", edits: e(`stream_group = "g"`, `stream_group = "h"`),
		path: "demand[0].stream_group", frag: `unknown stream group "h"`, line: 18},
	{name: "unknown location in demand", edits: e("stream_group = \"g\"\n", "stream_group = \"g\"\nlocations = [\"eu-central-1\", \"eu-west-9\"]\n"),
		path: "demand[0].locations[1]", frag: `location "eu-west-9" is not in stream group "g"`, line: 19},
	{name: "missing trace file", edits: e(`{ process = "poisson", rate_per_hour = 10 }`, `{ process = "trace", file = "nope.csv" }`),
		path: "demand[0].arrivals.file", frag: `cannot read "nope.csv"`, line: 19},
	{name: "trace with unsorted times", edits: e(`{ process = "poisson", rate_per_hour = 10 }`, `{ process = "trace", file = "t.csv" }`),
		files: fstest.MapFS{"t.csv": {Data: []byte("at\n10\n60\n30\n")}},
		path:  "demand[0].arrivals.file", frag: "t.csv:4: arrivals must be sorted by time", line: 19},
	{name: "trace without at header", edits: e(`{ process = "poisson", rate_per_hour = 10 }`, `{ process = "trace", file = "t.csv" }`),
		files: fstest.MapFS{"t.csv": {Data: []byte("time,session_length\n10,60\n")}},
		path:  "demand[0].arrivals.file", frag: `header has no "at" column`, line: 19},
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
	{name: "unknown distribution", edits: e(`dist = "exponential"`, `dist = "weibull"`),
		path: "demand[0].session_length.dist", frag: `unknown distribution "weibull" (valid: fixed, exponential, lognormal, gamma, empirical)`, line: 20},
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

	// --- simulation limits
	{name: "zero replications", edits: e("replications = 2", "replications = 0"),
		path: "simulation.replications", frag: "must be between 1 and 100000, got 0", line: 6},
	{name: "absurd replications", edits: e("replications = 2", "replications = 1_000_000_000"),
		path: "simulation.replications", frag: "must be between 1 and 100000, got 1000000000", line: 6},
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
		path: "timeline[0].locations[1].name", frag: `location "eu-west-1" is not in stream group "g" at 1h0m0s`, line: 28},
	{name: "terminate share 0", append: "\n[[timeline]]\nat = \"1h\"\naction = \"TerminateStreamSession\"\nstream_group = \"g\"\nshare = 0\n",
		path: "timeline[0].share", frag: "needs a share of running sessions in (0, 1], got 0", line: 26},
	{name: "terminate share missing", append: "\n[[timeline]]\nat = \"1h\"\naction = \"TerminateStreamSession\"\nstream_group = \"g\"\n",
		path: "timeline[0].share", frag: "needs a share", line: 22},
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
	err := buildTOML("bad.toml", text, nil)
	var ve *scenarios.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a *ValidationError, got %v", err)
	}
	if !errors.Is(err, scenarios.ErrInvalid) {
		t.Fatalf("error does not match ErrInvalid: %v", err)
	}
	return ve.Errs
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

func TestSeveralProblemsAtOnce(t *testing.T) {
	text := strings.NewReplacer(
		"replications = 2", "replications = 0",
		"always_on = 2", "always_on = 3",
		`mean = "20m"`, `mean = "0s"`,
	).Replace(minimalTOML)
	errs := fieldErrors(t, text)
	checkErrs(t, errs, []malformedCase{
		{path: "simulation.replications", line: 6, frag: "must be between 1 and"},
		{path: "stream_group[0].location[0].always_on", line: 14, frag: "not a whole multiple"},
		{path: "demand[0].session_length.mean", line: 20, frag: "must be positive"},
	})
	msg := (&scenarios.ValidationError{Errs: errs}).Error()
	if !strings.HasPrefix(msg, "3 problems:\n") {
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
		{"nosuch", "1", "unknown field"},
		{"stream_group[0].location[5].always_on", "4", "location has 1 entries; index 5 is out of range"},
		{"stream_group[1].name", `"x"`, "index 1 is out of range"},
		{"stream_group[x].name", `"x"`, "bad index"},
		{"simulation[0].seed", "1", "simulation is not a list"},
		{"simulation.replications", "many", `cannot use "many" here`},
		{"simulation.replications", "2.5", `cannot use "2.5" here`},
		{"simulation.horizon", "soon", "want a duration like 90s"},
		{"service.maximum_includes_always_on", "maybe", `cannot use "maybe" here`},
	} {
		t.Run(tc.path+"="+tc.value, func(t *testing.T) {
			sc := parseMinimal(t)
			before := sc.SHA256()
			err := sc.Set(tc.path, tc.value)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, scenarios.ErrInvalid) {
				t.Errorf("error does not match ErrInvalid: %v", err)
			}
			var ve *scenarios.ValidationError
			if !errors.As(err, &ve) || len(ve.Errs) != 1 {
				t.Fatalf("want one FieldError, got %v", err)
			}
			fe := ve.Errs[0]
			if fe.Path != tc.path || fe.Line != 0 || !strings.Contains(fe.Msg, tc.frag) {
				t.Errorf("got path %q line %d msg %q; want path %q, line 0, %q", fe.Path, fe.Line, fe.Msg, tc.path, tc.frag)
			}
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
	for _, kv := range [][2]string{
		{"stream_group[0].location[0].always_on", "4"},
		{"simulation.horizon", "3h"}, // bare duration: taken as a string
		{"service.idle_release_delay", `"10m"`},
		{"demand[0].client.no_show_probability", "0.1"},
		{"demand[0].session_start_delay", `{ dist = "fixed", value = "5s" }`},
	} {
		if err := c.Set(kv[0], kv[1]); err != nil {
			t.Fatalf("Set(%s, %s): %v", kv[0], kv[1], err)
		}
	}
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
	if err := bad.Set("stream_group[0].location[0].always_on", "3"); err != nil {
		t.Fatal(err)
	}
	_, err := bad.Build()
	var ve *scenarios.ValidationError
	if !errors.As(err, &ve) || len(ve.Errs) != 1 {
		t.Fatalf("want one error, got %v", err)
	}
	if fe := ve.Errs[0]; fe.Path != "stream_group[0].location[0].always_on" || fe.Line != 0 || !strings.Contains(fe.Msg, "not a whole multiple") {
		t.Errorf("got %q (line %d)", fe.Error(), fe.Line)
	}
}
