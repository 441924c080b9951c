package scenarios_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/capsim/capsim/scenarios"
)

// TestOverridesEditBack: every override Overrides records, bare words and
// durations included, written into the file with EditText, parses back to
// the scenario with the override applied.
func TestOverridesEditBack(t *testing.T) {
	sc := parseMinimal(t)
	set(t, sc, [][2]string{
		{"simulation.horizon", "3h"}, // bare duration: taken as a string
		{"simulation.timeseries_step", "15m"},
		{"simulation.seed", "7"},
		{"stream_group[0].location[0].always_on", "4"},
	}...)
	var paths, values []string
	for _, o := range sc.Overrides() {
		p, v, _ := strings.Cut(o, "=")
		paths, values = append(paths, p), append(values, v)
	}
	if values[0] != `"3h"` || values[1] != `"15m"` || values[3] != "4" {
		t.Errorf("Overrides() = %q, want the decoded TOML literals", sc.Overrides())
	}
	sameAfterEdit(t, minimalTOML, paths, values, sc)
}

// sameAfterEdit checks that file with paths set to values by EditText
// parses and resolves to sc.
func sameAfterEdit(t *testing.T, file string, paths, values []string, sc *scenarios.Scenario) {
	t.Helper()
	text, err := scenarios.EditText([]byte(file), paths, values)
	if err != nil {
		t.Fatal(err)
	}
	got, err := scenarios.Parse("f.toml", text, fstest.MapFS{})
	if err != nil {
		t.Fatalf("edited text does not parse: %v\n%s", err, text)
	}
	if got.SHA256() != sc.SHA256() {
		t.Errorf("edited text resolves to another scenario:\n%s", text)
	}
}

// TestDataFiles: every file a scenario names, trace and empirical, sorted,
// once each however many fields name it; none for a scenario without.
func TestDataFiles(t *testing.T) {
	if got := parseMinimal(t).DataFiles(); len(got) != 0 {
		t.Errorf("minimal scenario: DataFiles() = %q, want none", got)
	}
	text := strings.NewReplacer(
		`arrivals = { process = "poisson", rate_per_hour = 10 }`, `arrivals = { process = "trace", file = "data/trace.csv" }`,
		`session_length = { dist = "exponential", mean = "20m" }`, `session_length = { dist = "empirical", file = "lengths.csv" }`,
	).Replace(minimalTOML) + "\n[service]\nsession_start_delay = { dist = \"empirical\", file = \"lengths.csv\" }\n"
	sc, err := scenarios.Parse("min.toml", []byte(text), fstest.MapFS{})
	if err != nil {
		t.Fatal(err)
	}
	if got := sc.DataFiles(); strings.Join(got, ",") != "data/trace.csv,lengths.csv" {
		t.Errorf("DataFiles() = %q, want data/trace.csv and lengths.csv", got)
	}
}

// TestEditTextEveryValue: every kind of value --set takes, written into
// files with EditText, parses back to the scenario with the overrides
// applied — arrays (the first comma used to end the value), inline tables
// replacing inline tables, a multi-line array, keys inside an inline table,
// and fields the file leaves out (under a table it has, inside an inline
// table, in a table it lacks).
func TestEditTextEveryValue(t *testing.T) {
	multiLine := strings.Replace(minimalTOML, `arrivals = { process = "poisson", rate_per_hour = 10 }`,
		"arrivals = { process = \"poisson\", hourly = [\n  10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, # night\n"+
			"  10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10 ] }", 1)
	multiLine = strings.Replace(multiLine, "arrivals = { process = \"poisson\", hourly = [\n", "arrivals.process = \"poisson\"\narrivals.hourly = [\n", 1)
	multiLine = strings.Replace(multiLine, "10 ] }", "10 ]", 1)
	hourly := "[" + strings.TrimSuffix(strings.Repeat("5, ", 24), ", ") + "]"
	for _, tc := range []struct {
		name, file string
		sets       [][2]string
	}{
		{"array of strings", minimalTOML + "\n  [[stream_group.location]]\n  name = \"us-east-1\"\n  always_on = 2\n\n[[price]]\n" +
			"class = \"gen4n_high\"\nlocation = \"us-east-1\"\nusd_per_hour = 0.6\nsource = \"test\"\n",
			[][2]string{{"demand[0].locations", `["us-east-1", "eu-central-1"]`}}},
		{"inline table for an inline table", minimalTOML,
			[][2]string{{"demand[0].arrivals", `{ process = "poisson", hourly = ` + hourly + ` }`}}},
		{"key in an inline table", minimalTOML, [][2]string{{"demand[0].arrivals.rate_per_hour", "12.5"},
			{"demand[0].session_length", `{dist="lognormal", median="30m", sigma=0.7}`}}},
		{"multi-line array", multiLine, [][2]string{{"demand[0].arrivals.hourly", hourly}}},
		{"a key the inline table lacks", minimalTOML, [][2]string{{"demand[0].session_length.mean", `"25m"`},
			{"demand[0].arrivals.spikes", `[{start="1h", ramp="10m", hold="10m", peak_per_hour=40}]`}}},
		{"a table the file lacks", minimalTOML, [][2]string{{"service.packing", "spread"},
			{"demand[0].client.disconnect_rate_per_hour", "0.5"}, {"stream_group[0].location[0].target_idle", "2"},
			{"stream_group[0].location[0].maximum", "20"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := scenarios.Parse("f.toml", []byte(tc.file), fstest.MapFS{})
			if err != nil {
				t.Fatalf("%v\n%s", err, tc.file)
			}
			set(t, sc, tc.sets...)
			var paths, values []string
			for _, o := range sc.Overrides() {
				p, v, _ := strings.Cut(o, "=")
				paths, values = append(paths, p), append(values, v)
			}
			sameAfterEdit(t, tc.file, paths, values, sc)
		})
	}
}

// TestValueText: a field's value as Set takes it, read back after Set; no
// value for a table, an index out of range, or an unknown field.
func TestValueText(t *testing.T) {
	sc := parseMinimal(t)
	set(t, sc, [2]string{"stream_group[0].location[0].always_on", "6"}, [2]string{"simulation.warmup", "15m"})
	for path, want := range map[string]string{
		"stream_group[0].location[0].always_on": "6", "simulation.warmup": "15m0s", "stream_group[0].class": "gen4n_high",
		"demand[0].arrivals.rate_per_hour": "10",
	} {
		if got, ok := sc.ValueText(path); !ok || got != want {
			t.Errorf("%s: %q %v, want %q", path, got, ok, want)
		}
	}
	for _, path := range []string{"stream_group[0]", "stream_group[3].class", "simulation.nope", "demand[0].arrivals"} {
		if got, ok := sc.ValueText(path); ok {
			t.Errorf("%s: %q, want none", path, got)
		}
	}
}
