package scenarios

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Assumption is one assumption of the table in force for a run: a
// `[service]` setting, a `[demand.client]` setting of one demand or a
// `[fleet.spot]` setting of one fleet that buys Spot.
type Assumption struct {
	Key     string // TOML key under [service]; the --set path of a demand's or fleet's key
	Value   string // the value in force, in TOML-like notation
	Default bool   // whether Value is capsim's default
	Source  string // where the default comes from: source keys of docs/sources.md and a note
	Range   string // the plausible range of the default, as README writes it
}

// ServiceAssumptions lists the `[service]` settings of sc in declaration
// order, with their values, whether each is the default, and its source.
func (sc *Scenario) ServiceAssumptions() []Assumption {
	def := reflect.ValueOf(DefaultService())
	cur := reflect.ValueOf(sc.Service)
	typ := cur.Type()
	out := make([]Assumption, 0, typ.NumField())
	for i := range typ.NumField() {
		key := strings.Split(typ.Field(i).Tag.Get("toml"), ",")[0]
		spec, _ := lookupAssumption("service", key)
		out = append(out, Assumption{
			Key:     key,
			Value:   formatSetting(cur.Field(i)),
			Default: reflect.DeepEqual(cur.Field(i).Interface(), def.Field(i).Interface()),
			Source:  spec.source(),
			Range:   spec.rangeText(),
		})
	}
	return out
}

// Assumptions lists every assumption of the table in force in sc: the
// `[service]` settings ([Scenario.ServiceAssumptions]), then the
// `[demand.client]` settings of the demands and the `[fleet.spot]`
// settings of the fleets that buy Spot, in table order, keyed by the path
// [Scenario.Set] takes ("demand[0].client.connect_delay"); a key with the
// same value in every demand (every Spot fleet) is one row,
// "demand[*].client.connect_delay". A value is the default when it equals
// [DefaultClient]'s or [DefaultFleetSpot]'s. A scenario of fleets alone
// lists no `[service]` keys: they are the stream groups' service.
func (sc *Scenario) Assumptions() []Assumption {
	var out []Assumption
	if len(sc.StreamGroups) > 0 {
		out = sc.ServiceAssumptions()
	}
	defaults := map[string]reflect.Value{
		"demand.client": reflect.ValueOf(DefaultClient()),
		"fleet.spot":    reflect.ValueOf(DefaultFleetSpot()),
	}
	for _, a := range assumptionTable {
		def, ok := defaults[a.Section]
		if !ok {
			continue
		}
		targets := sc.assumptionTargets(a)
		if len(targets) == 0 || !targets[0].cur.IsValid() {
			continue
		}
		d := fieldByTag(def, a.Key)
		row := func(path string, v reflect.Value) Assumption {
			return Assumption{Key: path, Value: formatSetting(v),
				Default: d.IsValid() && reflect.DeepEqual(v.Interface(), d.Interface()),
				Source:  a.source(), Range: a.rangeText()}
		}
		if same(targets) {
			owner, _, _ := strings.Cut(a.Section, ".")
			out = append(out, row(owner+"[*]."+strings.TrimPrefix(a.Section, owner+".")+"."+a.Key, targets[0].cur))
			continue
		}
		for _, t := range targets {
			out = append(out, row(t.path, t.cur))
		}
	}
	return out
}

// same reports whether every target has the first one's value.
func same(targets []target) bool {
	for _, t := range targets[1:] {
		if !reflect.DeepEqual(t.cur.Interface(), targets[0].cur.Interface()) {
			return false
		}
	}
	return true
}

// formatSetting writes a setting value as a scenario would spell it.
func formatSetting(v reflect.Value) string {
	switch x := v.Interface().(type) {
	case time.Duration:
		return compactDuration(x)
	case DistSpec:
		return x.String()
	case string:
		return strconv.Quote(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	default:
		return fmt.Sprint(x)
	}
}

// CompactDuration is d as a scenario file writes it, without trailing zero
// units: "1h", "5m", "1m30s".
func CompactDuration(d time.Duration) string { return compactDuration(d) }

// compactDuration writes d without trailing zero units: "1h", "5m", "1m30s".
func compactDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// String describes the distribution compactly, e.g. "lognormal median 1m30s
// sigma 0.52".
func (d DistSpec) String() string {
	parts := []string{d.Dist}
	add := func(name, val string) { parts = append(parts, name+" "+val) }
	if d.Value != 0 {
		add("value", compactDuration(d.Value))
	}
	if d.Mean != 0 {
		add("mean", compactDuration(d.Mean))
	}
	if d.Median != 0 {
		add("median", compactDuration(d.Median))
	}
	if d.Sigma != 0 {
		add("sigma", strconv.FormatFloat(d.Sigma, 'g', -1, 64))
	}
	if d.Shape != 0 {
		add("shape", strconv.FormatFloat(d.Shape, 'g', -1, 64))
	}
	if d.File != "" {
		add("file", strconv.Quote(d.File))
	}
	return strings.Join(parts, " ")
}
