package scenarios

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
)

// applyDefaults fills every field the document did not set.
func (sc *Scenario) applyDefaults() {
	ix := sc.src.lines
	fill(ix, "simulation", reflect.ValueOf(&sc.Simulation).Elem(), reflect.ValueOf(DefaultSimulation()))
	fill(ix, "service", reflect.ValueOf(&sc.Service).Elem(), reflect.ValueOf(DefaultService()))
	for i := range sc.Demands {
		p := fmt.Sprintf("demand[%d]", i)
		d := &sc.Demands[i]
		fill(ix, p+".client", reflect.ValueOf(&d.Client).Elem(), reflect.ValueOf(DefaultClient()))
		if d.Name == "" && !ix.has(p+".name") {
			d.Name = fmt.Sprintf("demand-%d", i+1)
		}
	}
	sc.applyFleetDefaults()
	if sc.Name == "" && !ix.has("name") {
		base := filepath.Base(sc.src.file)
		sc.Name = strings.TrimSuffix(base, filepath.Ext(base))
	}
}

// fill copies each field of def into v whose path was not set.
func fill(ix *lineIndex, prefix string, v, def reflect.Value) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("toml")
		if tag == "" {
			continue
		}
		if !ix.has(prefix + "." + tag) {
			v.Field(i).Set(def.Field(i))
		}
	}
}

// applyFleetDefaults fills every fleet-side field the document did not set.
func (sc *Scenario) applyFleetDefaults() {
	ix := sc.src.lines
	for i := range sc.Fleets {
		fillDeep(ix, fmt.Sprintf("fleet[%d]", i), reflect.ValueOf(&sc.Fleets[i]).Elem(), reflect.ValueOf(DefaultFleet()))
	}
	for i := range sc.Queues {
		fillDeep(ix, fmt.Sprintf("queue[%d]", i), reflect.ValueOf(&sc.Queues[i]).Elem(), reflect.ValueOf(DefaultQueue()))
	}
	for i := range sc.FleetDemands {
		p := fmt.Sprintf("fleet_demand[%d]", i)
		d := &sc.FleetDemands[i]
		fillDeep(ix, p, reflect.ValueOf(d).Elem(), reflect.ValueOf(DefaultFleetDemand()))
		if d.Name == "" && !ix.has(p+".name") {
			d.Name = fmt.Sprintf("fleet-demand-%d", i+1)
		}
	}
}

// fillDeep copies each field of def into v whose path the document left
// alone. A table the document sets (as [fleet.scaling], an inline table or
// dotted keys) is filled key by key; a distribution it sets, even in part,
// is the user's.
func fillDeep(ix *lineIndex, prefix string, v, def reflect.Value) {
	dist := reflect.TypeOf(DistSpec{})
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("toml")
		if tag == "" {
			continue
		}
		p := prefix + "." + tag
		set := ix.has(p) || ix.hasUnder(p)
		switch ft := t.Field(i).Type; {
		case set && ft.Kind() == reflect.Struct && ft != dist:
			fillDeep(ix, p, v.Field(i), def.Field(i))
		case !set:
			v.Field(i).Set(def.Field(i))
		}
	}
}

// hasUnder reports whether the document set a key below path.
func (ix *lineIndex) hasUnder(path string) bool {
	for _, q := range ix.order {
		if strings.HasPrefix(q, path+".") || strings.HasPrefix(q, path+"[") {
			return true
		}
	}
	return false
}
