package scenarios

import (
	"reflect"
	"strings"
	"testing"
)

// TestServiceAssumptionsHaveSources keeps serviceSources in step with the
// Service struct: every key has a source and no source is orphaned.
func TestServiceAssumptionsHaveSources(t *testing.T) {
	sc, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	as := sc.ServiceAssumptions()
	if n := reflect.TypeOf(Service{}).NumField(); len(as) != n {
		t.Fatalf("%d assumptions, Service has %d fields", len(as), n)
	}
	seen := map[string]bool{}
	for _, a := range as {
		seen[a.Key] = true
		if a.Source == "" {
			t.Errorf("[service] %s has no source", a.Key)
		}
		if a.Value == "" {
			t.Errorf("[service] %s has no value", a.Key)
		}
	}
	for k := range serviceSources {
		if !seen[k] {
			t.Errorf("source for unknown key %s", k)
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
	if a := got["placement_timeout_always_on"]; a.Value != "1m15s" || !a.Default || !strings.HasPrefix(a.Source, "S004") {
		t.Errorf("placement_timeout_always_on = %+v", a)
	}
	if a := got["idle_release_delay"]; a.Value != "1m30s" || a.Default {
		t.Errorf("idle_release_delay after --set = %+v", a)
	}
	if a := got["allocation_delay_linux"]; a.Value != "lognormal median 1m30s sigma 0.52" {
		t.Errorf("allocation_delay_linux = %+v", a)
	}
	if a := got["idle_timeout"]; a.Value != "1h" {
		t.Errorf("idle_timeout = %+v, want the compact 1h", a)
	}
	if a := got["activation_delay"]; a.Value != "fixed value 5m" {
		t.Errorf("activation_delay = %+v", a)
	}
	if a := got["billing_unit"]; a.Value != `"per_instance"` {
		t.Errorf("billing_unit = %+v", a)
	}
}
