package scenarios

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestServiceAssumptionsHaveSources keeps ServiceAssumptions in step with the
// Service struct: every key has a value, a source and a range.
func TestServiceAssumptionsHaveSources(t *testing.T) {
	sc, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	as := sc.ServiceAssumptions()
	if n := reflect.TypeOf(Service{}).NumField(); len(as) != n {
		t.Fatalf("%d assumptions, Service has %d fields", len(as), n)
	}
	for _, a := range as {
		if a.Source == "" {
			t.Errorf("[service] %s has no source", a.Key)
		}
		if a.Value == "" {
			t.Errorf("[service] %s has no value", a.Key)
		}
		if a.Range == "" {
			t.Errorf("[service] %s has no range", a.Key)
		}
	}
}

func TestServiceAssumptionsValues(t *testing.T) {
	sc, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if err := sc.Set("service.idle_release_delay", "90s"); err != nil {
		t.Fatal(err)
	}
	got := map[string]Assumption{}
	for _, a := range sc.ServiceAssumptions() {
		got[a.Key] = a
	}
	if a := got["placement_timeout_always_on"]; a.Value != "1m15s" || !a.Default || !strings.HasPrefix(a.Source, "S004") || a.Range != "fixed" {
		t.Errorf("placement_timeout_always_on = %+v", a)
	}
	if a := got["idle_release_delay"]; a.Value != "1m30s" || a.Default || a.Range != "1m – 10m" {
		t.Errorf("idle_release_delay after --set = %+v", a)
	}
	if a := got["allocation_delay_linux"]; a.Value != "lognormal median 1m30s sigma 0.5" || a.Range != "median 45s – 5m" || !strings.Contains(a.Source, "A5") {
		t.Errorf("allocation_delay_linux = %+v", a)
	}
	if a := got["idle_timeout"]; a.Value != "1h" || a.Range != "fixed; or `0 (off)`" {
		t.Errorf("idle_timeout = %+v, want the compact 1h", a)
	}
	if a := got["activation_delay"]; a.Value != "fixed value 5m" || a.Range != "value 2m – 10m" {
		t.Errorf("activation_delay = %+v", a)
	}
	if a := got["billing_unit"]; a.Value != `"per_instance"` || a.Range != "or `per_stream`" {
		t.Errorf("billing_unit = %+v", a)
	}
	if a := got["internal_error_probability"]; a.Range != "0 – 0.01" {
		t.Errorf("internal_error_probability = %+v", a)
	}
}

// TestAssumptionTable keeps the table and the code in step: one row per
// field of Service, Client and FleetSpot, each default equal to
// DefaultService's, DefaultClient's and DefaultFleetSpot's, and each range
// well-formed for the sensitivity analysis.
func TestAssumptionTable(t *testing.T) {
	sections := map[string]reflect.Value{
		"service":       reflect.ValueOf(DefaultService()),
		"demand.client": reflect.ValueOf(DefaultClient()),
		"fleet.spot":    reflect.ValueOf(DefaultFleetSpot()),
	}
	rows := map[string]AssumptionSpec{}
	for _, a := range Assumptions() {
		id := a.Section + "." + a.Key
		if _, dup := rows[id]; dup {
			t.Errorf("%s: two rows", id)
		}
		rows[id] = a
		if _, ok := sections[a.Section]; !ok {
			t.Errorf("%s: unknown section %q", id, a.Section)
		}
	}
	for section, def := range sections {
		typ := def.Type()
		for i := range typ.NumField() {
			key := strings.Split(typ.Field(i).Tag.Get("toml"), ",")[0]
			id := section + "." + key
			a, ok := rows[id]
			if !ok {
				t.Errorf("[%s] %s has no row in assumptionTable (assumption_table.go)", section, key)
				continue
			}
			delete(rows, id)
			if want := def.Field(i).Interface(); !reflect.DeepEqual(a.Default, want) {
				t.Errorf("[%s] %s: table default %#v, Default%s() has %#v", section, key, a.Default, typ.Name(), want)
			}
			checkRange(t, id, a)
		}
	}
	for id := range rows {
		t.Errorf("assumptionTable row %s names no field", id)
	}
}

// checkRange checks that a's range has the form Range documents.
func checkRange(t *testing.T, id string, a AssumptionSpec) {
	t.Helper()
	if len(a.Sources) == 0 && !strings.HasPrefix(a.Note, "assumption") {
		t.Errorf("%s: no source and not marked as an assumption", id)
	}
	r := a.Range
	for _, alt := range r.Alternatives {
		if reflect.TypeOf(alt) != reflect.TypeOf(a.Default) || reflect.DeepEqual(alt, a.Default) {
			t.Errorf("%s: alternative %#v must be another value of the default's type", id, alt)
		}
	}
	switch def := a.Default.(type) {
	case string, bool:
		if r.Low != nil || r.High != nil || len(r.Alternatives) == 0 {
			t.Errorf("%s: an enum has alternatives and no low/high: %+v", id, r)
		}
		if _, ok := a.Low(); ok {
			t.Errorf("%s: Low of an enum", id)
		}
	case time.Duration, DistSpec:
		scale, _ := def.(time.Duration)
		if d, ok := def.(DistSpec); ok {
			scale = d.Scale()
		}
		lo, okLo := r.Low.(time.Duration)
		hi, okHi := r.High.(time.Duration)
		if !okLo || !okHi || lo < 0 || lo > scale || scale > hi {
			t.Errorf("%s: want durations low ≤ %v ≤ high, got %v, %v", id, scale, r.Low, r.High)
		}
		if r.Fixed && (lo != scale || hi != scale) {
			t.Errorf("%s: a fixed value's range is the value itself", id)
		}
		if !r.Fixed && lo == hi {
			t.Errorf("%s: an empty range is not plausible; mark it Fixed if the service fixes it", id)
		}
		for _, end := range []func() (any, bool){a.Low, a.High} {
			v, ok := end()
			if !ok || reflect.TypeOf(v) != reflect.TypeOf(a.Default) {
				t.Errorf("%s: Low/High give %T, want %T", id, v, a.Default)
			}
		}
		if d, ok := def.(DistSpec); ok {
			v, _ := a.High()
			if got := v.(DistSpec); got.Scale() != hi || got.Sigma != d.Sigma || got.Dist != d.Dist {
				t.Errorf("%s: High() = %+v, want the default with scale %v", id, got, hi)
			}
		}
	case float64:
		lo, okLo := r.Low.(float64)
		hi, okHi := r.High.(float64)
		if !okLo || !okHi || lo < 0 || lo > def || def > hi || lo == hi {
			t.Errorf("%s: want numbers 0 ≤ low ≤ %v ≤ high, low < high, got %v, %v", id, def, r.Low, r.High)
		}
		if strings.Contains(a.Key, "probability") && hi > 1 {
			t.Errorf("%s: a probability above 1", id)
		}
	default:
		t.Errorf("%s: default of type %T has no range rule", id, def)
	}
}

// TestAssumptionTableFailsOnDrift makes sure the comparison above can fail:
// a changed default is reported.
func TestAssumptionTableFailsOnDrift(t *testing.T) {
	a, ok := lookupAssumption("service", "allocation_delay_linux")
	if !ok {
		t.Fatal("no allocation_delay_linux row")
	}
	old := DefaultService().AllocationDelayLinux
	old.Median = 45 * time.Second
	if reflect.DeepEqual(a.Default, old) {
		t.Error("the table default equals a drifted value")
	}
}

func TestAssumptionsMarkdown(t *testing.T) {
	md := AssumptionsMarkdown("service")
	for _, want := range []string{
		"| `allocation_delay_linux` | `lognormal median 1m30s sigma 0.5` | median 45s – 5m | A5, S004, A16, q6 |",
		"| `packing` | `fill_first` | or `spread` | q10 | assumption |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("service table lacks %q:\n%s", want, md)
		}
	}
	if n := strings.Count(md, "\n"); n != 2+reflect.TypeOf(Service{}).NumField() {
		t.Errorf("service table has %d lines", n)
	}
	if strings.Contains(md, "connect_delay") {
		t.Error("service table shows a client key")
	}
}

// TestAssumptionsEveryTable: a run lists every assumption in force, not
// only [service]'s: each demand's [demand.client] keys and each Spot
// fleet's [fleet.spot] keys, by their --set path (demand[*] when every
// demand has the same value), with source and range, and a value changed
// from the default marked as such.
func TestAssumptionsEveryTable(t *testing.T) {
	sc, err := Load("examples/fleetiq-spot.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := sc.Set("fleet[0].spot.viable_mean", "7h"); err != nil {
		t.Fatal(err)
	}
	got := map[string]Assumption{}
	var keys []string
	for _, a := range sc.Assumptions() {
		if _, dup := got[a.Key]; dup {
			t.Errorf("%s listed twice", a.Key)
		}
		got[a.Key] = a
		keys = append(keys, a.Key)
		if a.Source == "" || a.Value == "" || a.Range == "" {
			t.Errorf("%+v: a source, value and range each", a)
		}
	}
	if a, ok := got["fleet[*].spot.viable_mean"]; !ok || a.Value != "7h" || a.Default {
		t.Errorf("fleet[*].spot.viable_mean = %+v (listed %v), want 7h, changed", a, ok)
	}
	if a, ok := got["fleet[*].spot.not_viable_mean"]; !ok || a.Value != "2h" || a.Default {
		t.Errorf("fleet[*].spot.not_viable_mean = %+v (listed %v), want the example's 2h, changed", a, ok)
	}
	if a, ok := got["fleet[*].spot.notice"]; !ok || a.Value != "2m" || !a.Default {
		t.Errorf("fleet[*].spot.notice = %+v (listed %v), want the default 2m", a, ok)
	}
	if _, ok := got["placement_timeout_always_on"]; ok {
		t.Errorf("a scenario of fleets alone lists the stream groups' [service] keys: %v", keys)
	}

	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if err := def.Set("demand[1].client.no_show_probability", "0.07"); err != nil {
		t.Fatal(err)
	}
	var clients int
	as := def.Assumptions()
	if n := len(def.ServiceAssumptions()); len(as) <= n || as[n-1].Key != def.ServiceAssumptions()[n-1].Key {
		t.Errorf("the [service] keys come first, then the others: %v", as)
	}
	for _, a := range as {
		if a.Key == "demand[1].client.no_show_probability" && (a.Value != "0.07" || a.Default) {
			t.Errorf("%+v, want 0.07, changed", a)
		}
		if a.Key == "demand[0].client.no_show_probability" && !a.Default {
			t.Errorf("%+v, want the default", a)
		}
		if a.Key == "demand[*].client.no_show_probability" {
			t.Errorf("%+v: the demands differ, want a row each", a)
		}
		if strings.HasPrefix(a.Key, "fleet[") {
			t.Errorf("%s listed for a scenario without fleets", a.Key)
		}
		if strings.Contains(a.Key, ".client.") {
			clients++
		}
	}
	// One row per key with the same value in both demands, a row per
	// demand for the two that differ (the default scenario's second
	// demand disconnects more often; no_show_probability was set above).
	if want := countSection("demand.client") - 2 + 2*len(def.Demands); len(def.Demands) != 2 || clients != want {
		t.Errorf("%d [demand.client] rows for %d demands, want %d", clients, len(def.Demands), want)
	}
}

func countSection(section string) int {
	n := 0
	for _, a := range Assumptions() {
		if a.Section == section {
			n++
		}
	}
	return n
}
