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
	text, err := scenarios.EditText([]byte(minimalTOML), paths, values)
	if err != nil {
		t.Fatal(err)
	}
	got, err := scenarios.Parse("min.toml", text, fstest.MapFS{})
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
