package scenarios

import (
	"flag"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// fleetDocTables reads FLEETS.md: for each "## `[table]`" section, its rows
// as key -> default cell.
func fleetDocTables(t *testing.T) map[string]map[string]string {
	t.Helper()
	data, err := os.ReadFile("FLEETS.md")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	var cur map[string]string
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "## ") {
			cur = nil
			if h, ok := strings.CutPrefix(line, "## `"); ok {
				cur = map[string]string{}
				out[strings.TrimSuffix(h, "`")] = cur
			}
			continue
		}
		if cur == nil || !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(line, "|")
		if len(cells) < 4 {
			t.Errorf("FLEETS.md: short row %q", line)
			continue
		}
		key := strings.Trim(strings.TrimSpace(cells[1]), "`")
		cur[key] = strings.TrimSpace(cells[2])
	}
	return out
}

// TestFleetKeysDocumented keeps FLEETS.md in step with the TOML types: every
// key has a row in its table, no row names a key that does not exist, and
// each default cell shows the value DefaultFleet and friends apply.
func TestFleetKeysDocumented(t *testing.T) {
	docs := fleetDocTables(t)
	for _, tc := range []struct {
		table string
		def   any
	}{
		{"[[fleet]]", DefaultFleet()},
		{"[fleet.scaling]", DefaultFleetScaling()},
		{"[fleet.spot]", DefaultFleetSpot()},
		{"[[queue]]", DefaultQueue()},
		{"[[fleet_demand]]", DefaultFleetDemand()},
		{"[[fleet_timeline]]", FleetTimelineAction{}},
	} {
		rows, ok := docs[tc.table]
		if !ok {
			t.Errorf("FLEETS.md has no section ## `%s`", tc.table)
			continue
		}
		v := reflect.ValueOf(tc.def)
		var keys []string
		for i := range v.NumField() {
			key := v.Type().Field(i).Tag.Get("toml")
			if key == "scaling" { // its own table
				continue
			}
			keys = append(keys, key)
			cell, ok := rows[key]
			if !ok {
				t.Errorf("%s: key %s is not documented in FLEETS.md", tc.table, key)
				continue
			}
			if key == "initial_instances" || key == "name" { // computed: max(min_instances, 1), fleet-demand-N
				continue
			}
			want := docValue(v.Field(i))
			switch {
			case want == "":
				if !strings.Contains(cell, "—") {
					t.Errorf("%s %s: no default, but FLEETS.md says %q", tc.table, key, cell)
				}
			case v.Field(i).IsZero():
				if !strings.Contains(cell, "`"+want+"`") && !strings.Contains(cell, "—") {
					t.Errorf("%s %s: default %s, FLEETS.md says %q", tc.table, key, want, cell)
				}
			case !strings.Contains(cell, want):
				t.Errorf("%s %s: default %s, FLEETS.md says %q", tc.table, key, want, cell)
			}
		}
		for key := range rows {
			if !slices.Contains(keys, key) {
				t.Errorf("FLEETS.md documents %s %s, which is not a key", tc.table, key)
			}
		}
	}
}

// docValue is a default as FLEETS.md writes it; "" for a value with no
// default (a zero distribution or table, a zero price).
func docValue(v reflect.Value) string {
	switch x := v.Interface().(type) {
	case string:
		if x == "" {
			return `""`
		}
		return x
	case time.Duration, DistSpec, int, float64, bool:
		return formatSetting(v)
	}
	return "" // tables and lists
}

var updateDocs = flag.Bool("update", false, "rewrite FLEETS.md's generated blocks")

// TestFleetsDocGenerated keeps FLEETS.md's [fleet.spot] table the
// assumption table's: the block between "<!-- generated:
// fleet-spot-assumptions -->" and "<!-- end -->" is
// AssumptionsMarkdown("fleet.spot"); go test ./scenarios -run
// TestFleetsDocGenerated -update rewrites it.
func TestFleetsDocGenerated(t *testing.T) {
	data, err := os.ReadFile("FLEETS.md")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?s)(<!-- generated: fleet-spot-assumptions -->\n)(.*?)(<!-- end -->)`)
	m := re.FindSubmatch(data)
	if m == nil {
		t.Fatal("FLEETS.md has no generated block fleet-spot-assumptions")
	}
	want := AssumptionsMarkdown("fleet.spot")
	if string(m[2]) == want {
		return
	}
	if !*updateDocs {
		t.Fatalf("FLEETS.md's [fleet.spot] table is stale (go test ./scenarios -run TestFleetsDocGenerated -update rewrites it):\n--- FLEETS.md\n%s--- now\n%s", m[2], want)
	}
	out := re.ReplaceAll(data, []byte("${1}"+strings.ReplaceAll(want, "$", "$$")+"${3}"))
	if err := os.WriteFile("FLEETS.md", out, 0o644); err != nil {
		t.Fatal(err)
	}
}
