package scenarios

import (
	"errors"
	"flag"
	"math"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestReferenceCoversEveryKey fails when a key of the schema has no entry
// in the documentation table (or an entry without meaning or default),
// and when the table documents a key the schema does not have.
func TestReferenceCoversEveryKey(t *testing.T) {
	documented := map[string]bool{}
	n := 0
	for _, s := range Reference() {
		if s.Intro == "" {
			t.Errorf("section %s has no intro in reference_sections.md", s.Title)
		}
		for _, k := range s.Keys {
			n++
			if k.Meaning == "" {
				t.Errorf("%s (%s): no meaning: add it to fieldDocs (reference_docs_*.go)", k.Path, s.Title)
			}
			if k.Default == "" {
				t.Errorf("%s (%s): no default: the code has none, so fieldDocs must say (\"required\", \"none\", ...)", k.Path, s.Title)
			}
		}
	}
	var walk func(t reflect.Type)
	seen := map[reflect.Type]bool{}
	walk = func(rt reflect.Type) {
		if seen[rt] {
			return
		}
		seen[rt] = true
		for _, f := range tomlFields(rt) {
			documented[rt.Name()+"."+f.key] = true
			if st := tableType(f.typ); st != nil {
				walk(st)
			}
		}
	}
	walk(reflect.TypeOf(Scenario{}))
	for k := range fieldDocs {
		if !documented[k] {
			t.Errorf("fieldDocs documents %s, which is no key of the schema", k)
		}
	}
	if n != len(documented) || n < 200 {
		t.Errorf("the reference has %d keys, the schema %d", n, len(documented))
	}
}

var updateDocs = flag.Bool("update", false, "rewrite docs/scenario-reference.md")

// TestScenarioReference keeps docs/scenario-reference.md the generated
// reference: go test ./scenarios -run TestScenarioReference -update
// rewrites it.
func TestScenarioReference(t *testing.T) {
	const file = "../docs/scenario-reference.md"
	want := ReferenceMarkdown()
	got, err := os.ReadFile(file)
	if string(got) == want {
		return
	}
	if *updateDocs {
		if err := os.WriteFile(file, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if err != nil {
		t.Fatalf("%v (go test ./scenarios -run TestScenarioReference -update writes it)", err)
	}
	t.Fatalf("%s is stale: go test ./scenarios -run TestScenarioReference -update rewrites it", file)
}

// TestReferenceExample checks the annotated example: it validates, and it
// has every table of the format.
func TestReferenceExample(t *testing.T) {
	sc, err := Parse("reference.toml", []byte(ReferenceTOML()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := sc.Validate(); err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, p := range sc.src.lines.order {
		used[stripIndices(p)] = true
	}
	for _, s := range Reference() {
		for _, p := range s.Paths {
			if p != "" && !used[p] && !strings.HasPrefix(p, "timeline.locations") {
				// every table at its first place at least
				if p == s.Paths[0] {
					t.Errorf("the annotated example has no %s (%s)", p, s.Title)
				}
			}
		}
	}
	if strings.Count(ReferenceTOML(), "#") < 40 {
		t.Errorf("the annotated example has few comments")
	}
}

// TestExplainKey checks capsim validate --explain's lookups: full paths
// with or without indices, last keys, tables, a key of several tables and
// unknown keys with did-you-mean.
func TestExplainKey(t *testing.T) {
	for _, tc := range []struct {
		key  string
		want []string
	}{
		{"demand[0].arrivals.spikes[0].peak_per_hour", []string{"demand.arrivals.spikes.peak_per_hour", "requests per hour", "adds", "> 0"}},
		{"peak_per_hour", []string{"demand.arrivals.spikes.peak_per_hour", "also at:   fleet_demand.arrivals.spikes.peak_per_hour"}},
		{"spikes.peak_per_hour", []string{"demand.arrivals.spikes.peak_per_hour"}},
		{"[[price]]", []string{"price", "array of tables", "usd_per_hour"}},
		{"price.usd_per_hour", []string{"USD per billing-unit hour", "per_instance", "tenancy"}},
		{"service.allocation_delay_linux", []string{"lognormal median 1m30s sigma 0.5", "median 45s – 5m", "A5"}},
		{"median", []string{"distributions", "lognormal"}},
		{"stream_group[0].location[1].always_on", []string{"streams", "tenancy"}},
		{"fleet.scaling.target_percent", []string{"percent", "(0, 100)"}},
		{"simulation.seed", []string{"default:   1"}},
		{"name", []string{"The scenario's name", "see also:  stream_group.name", "demand.name"}},
	} {
		got, err := ExplainKey(tc.key)
		if err != nil {
			t.Errorf("ExplainKey(%q): %v", tc.key, err)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("ExplainKey(%q) lacks %q:\n%s", tc.key, w, got)
			}
		}
	}
	for _, tc := range []struct{ key, want string }{
		{"peak_per_hr", `did you mean demand.arrivals.spikes.peak_per_hour, fleet_demand.arrivals.spikes.peak_per_hour?`},
		{"location", "several tables"},
		{"demand.arivals", `did you mean demand.arrivals, fleet_demand.arrivals?`},
		{"zzzzzzzzzzzz", "docs/scenario-reference.md lists every key"},
	} {
		_, err := ExplainKey(tc.key)
		if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ExplainKey(%q) = %v, want an ErrInvalid with %q", tc.key, err, tc.want)
		}
	}
}

// boundsScenarios names, for each table whose keys have machine-readable
// bounds, a scenario holding it and the path of one instance of it.
var boundsScenarios = map[string]struct{ example, prefix string }{
	"Simulation":   {"", "simulation"},
	"Service":      {"", "service"},
	"Client":       {"", "demand[0].client"},
	"Arrivals":     {"launch-spike", "demand[0].arrivals"},
	"Fleet":        {"managed-target-tracking", "fleet[0]"},
	"FleetScaling": {"managed-target-tracking", "fleet[0].scaling"},
	"FleetSpot":    {"fleetiq-spot", "fleet[0].spot"},
	"Queue":        {"managed-target-tracking", "queue[0]"},
	"FleetDemand":  {"managed-target-tracking", "fleet_demand[0]"},
}

// TestReferenceBounds checks the reference's allowed ranges against
// validation: for every key with bounds, a scenario with the key at each
// bound has no problem at that key, and one just beyond a bound has one.
func TestReferenceBounds(t *testing.T) {
	checked := 0
	for typ, docs := range docsByType() {
		for key, d := range docs {
			if d.bounds == nil {
				continue
			}
			where, ok := boundsScenarios[typ]
			if !ok {
				t.Errorf("%s.%s has bounds but no scenario to check them in (boundsScenarios)", typ, key)
				continue
			}
			path := where.prefix + "." + key
			ft := fieldType(t, typ, key)
			for _, c := range boundCases(d.bounds, ft) {
				bad := problemAt(t, where.example, path, c.value)
				if bad != !c.ok {
					t.Errorf("%s = %s: problem %v, want %v (the reference says %s)", path, c.value, bad, !c.ok, d.allowed)
				}
				checked++
			}
		}
	}
	if checked < 40 {
		t.Errorf("only %d bound cases checked", checked)
	}
}

// docsByType groups fieldDocs by table type name.
func docsByType() map[string]map[string]fieldDoc {
	out := map[string]map[string]fieldDoc{}
	for k, d := range fieldDocs {
		typ, key, _ := strings.Cut(k, ".")
		if out[typ] == nil {
			out[typ] = map[string]fieldDoc{}
		}
		out[typ][key] = d
	}
	return out
}

// fieldType finds the Go type of key in the table type named typ.
func fieldType(t *testing.T, typ, key string) reflect.Type {
	t.Helper()
	for _, v := range []any{Simulation{}, Service{}, Client{}, Arrivals{}, Fleet{}, FleetScaling{}, FleetSpot{}, Queue{}, FleetDemand{}} {
		rt := reflect.TypeOf(v)
		if rt.Name() != typ {
			continue
		}
		for _, f := range tomlFields(rt) {
			if f.key == key {
				return f.typ
			}
		}
	}
	t.Fatalf("no field %s.%s", typ, key)
	return nil
}

type boundCase struct {
	value string
	ok    bool
}

// boundCases are the values at and just beyond each side of b, written
// for a field of type ft as --set takes them.
func boundCases(b *bounds, ft reflect.Type) []boundCase {
	format := func(x float64) string {
		switch {
		case ft == durationType:
			return (time.Duration(math.Round(x * 1e9))).String()
		case ft.Kind() == reflect.Float64:
			return strconv.FormatFloat(x, 'g', -1, 64)
		}
		return strconv.FormatInt(int64(x), 10)
	}
	step := func(x float64) float64 {
		switch {
		case ft == durationType:
			return 1e-9
		case ft.Kind() == reflect.Float64:
			return max(math.Abs(x), 1) * 1e-9
		}
		return 1
	}
	var out []boundCase
	if b.lo != nil {
		lo := *b.lo
		if b.loOpen {
			out = append(out, boundCase{format(lo), false}, boundCase{format(lo + step(lo)), true})
		} else {
			out = append(out, boundCase{format(lo), true}, boundCase{format(lo - step(lo)), false})
		}
	}
	if b.hi != nil {
		hi := *b.hi
		out = append(out, boundCase{format(hi), !b.hiOpen}, boundCase{format(hi + step(hi)), false})
	}
	return out
}

// problemAt reports whether the scenario (the default, or the embedded
// example) with path set to value has a problem at path.
func problemAt(t *testing.T, example, path, value string) bool {
	t.Helper()
	var sc *Scenario
	var err error
	if example == "" {
		sc, err = Default()
	} else {
		sc, err = Example(example)
	}
	if err != nil {
		t.Fatal(err)
	}
	err = sc.Set(path, value)
	if err == nil {
		err = sc.Validate()
	}
	var ve *ValidationError
	if err != nil && !errors.As(err, &ve) {
		t.Fatalf("%s = %s: %v", path, value, err)
	}
	if ve == nil {
		return false
	}
	for _, fe := range ve.Errs {
		if fe.Path == path {
			return true
		}
	}
	return false
}
