package scenarios

import (
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/capsim/capsim/models/fleets"
)

// AssumptionEnds is one assumption of the table moved, in a scenario, to
// two values: the low and the high end of its range or, for an enum or a
// boolean, the value in force (Low, which changes nothing) and its first
// alternative (High). Each end is a list of overrides, as [Scenario.Set]
// takes them: one path for a `[service]` key, one per demand for a
// `[demand.client]` key (the change applies to every demand), one per
// fleet that buys Spot for a `[fleet.spot]` key.
type AssumptionEnds struct {
	Spec      AssumptionSpec
	Low, High AssumptionEnd
}

// AssumptionEnd is one end: a label ("20s", "median 20s", "0.1",
// "\"spread\"") and the overrides that set it (none if the end is the value
// in force).
type AssumptionEnd struct {
	Label string
	Paths []string
	TOML  []string // the value for each path, as a TOML literal
}

// AssumptionEnds lists, in table order, every assumption of the table
// that has a plausible range or alternatives, moved to its ends in sc.
// Fixed values without alternatives are left out, as are `[demand.client]`
// keys in a scenario without demands, `[fleet.spot]` keys in one without a
// fleet that buys Spot, and ends that would change nothing
// (a distribution without a scale, such as an empirical one).
func (sc *Scenario) AssumptionEnds() []AssumptionEnds {
	var out []AssumptionEnds
	for _, a := range assumptionTable {
		targets := sc.assumptionTargets(a)
		if len(targets) == 0 {
			continue
		}
		var e AssumptionEnds
		var ok bool
		switch {
		case !a.Range.Fixed && a.Range.Low != nil:
			e, ok = rangeEnds(a, targets)
		case len(a.Range.Alternatives) > 0:
			e, ok = alternativeEnds(a, targets)
		}
		if ok {
			out = append(out, e)
		}
	}
	return out
}

// target is one field an assumption sets: its path and current value.
type target struct {
	path string
	cur  reflect.Value
}

func (sc *Scenario) assumptionTargets(a AssumptionSpec) []target {
	var out []target
	switch a.Section {
	case "service":
		return []target{{"service." + a.Key, fieldByTag(reflect.ValueOf(sc.Service), a.Key)}}
	case "fleet.spot":
		for i := range sc.Fleets {
			if f := &sc.Fleets[i]; fleetBuysSpot(f) {
				out = append(out, target{"fleet[" + strconv.Itoa(i) + "].spot." + a.Key, fieldByTag(reflect.ValueOf(f.Spot), a.Key)})
			}
		}
		return out
	}
	for i := range sc.Demands {
		out = append(out, target{"demand[" + strconv.Itoa(i) + "].client." + a.Key,
			fieldByTag(reflect.ValueOf(sc.Demands[i].Client), a.Key)})
	}
	return out
}

// rangeEnds moves each target to the range's ends: a duration or number
// as is, a distribution's scale only.
func rangeEnds(a AssumptionSpec, targets []target) (AssumptionEnds, bool) {
	e := AssumptionEnds{Spec: a}
	changed := false
	for _, end := range []struct {
		v   any
		out *AssumptionEnd
	}{{a.Range.Low, &e.Low}, {a.Range.High, &e.High}} {
		end.out.Label = strings.Trim(formatSetting(reflect.ValueOf(end.v)), `"`)
		if d, isDist := targets[0].cur.Interface().(DistSpec); isDist {
			end.out.Label = strings.TrimSpace(scaleName(d) + " " + end.out.Label)
		}
		for _, t := range targets {
			v := end.v
			if d, isDist := t.cur.Interface().(DistSpec); isDist {
				if d.Dist == "empirical" { // no scale to move
					continue
				}
				v = d.WithScale(end.v.(time.Duration))
			}
			if reflect.DeepEqual(v, t.cur.Interface()) {
				continue
			}
			changed = true
			end.out.Paths = append(end.out.Paths, t.path)
			end.out.TOML = append(end.out.TOML, TOMLValue(v))
		}
	}
	return e, changed
}

func scaleName(d DistSpec) string {
	return map[string]string{"lognormal": "median", "exponential": "mean", "gamma": "mean", "fixed": "value"}[d.Dist]
}

// alternativeEnds keeps the value in force as the low end and sets the
// first of the default and the alternatives that differs from it as the
// high end (of the first target: demands may differ).
func alternativeEnds(a AssumptionSpec, targets []target) (AssumptionEnds, bool) {
	cur := targets[0].cur.Interface()
	for _, v := range append([]any{a.Default}, a.Range.Alternatives...) {
		if reflect.DeepEqual(v, cur) {
			continue
		}
		e := AssumptionEnds{Spec: a, Low: AssumptionEnd{Label: label(cur)}, High: AssumptionEnd{Label: label(v)}}
		for _, t := range targets {
			if !reflect.DeepEqual(v, t.cur.Interface()) {
				e.High.Paths = append(e.High.Paths, t.path)
				e.High.TOML = append(e.High.TOML, TOMLValue(v))
			}
		}
		return e, true
	}
	return AssumptionEnds{}, false
}

func label(v any) string {
	s := strings.Trim(formatSetting(reflect.ValueOf(v)), `"`)
	if s == "0s" {
		return "0 (off)"
	}
	return s
}

// TOMLValue writes a setting's value (a duration, number, string, boolean
// or DistSpec) as a TOML literal that [Scenario.Set] reads back to it.
func TOMLValue(v any) string {
	switch x := v.(type) {
	case time.Duration:
		return strconv.Quote(x.String())
	case float64:
		return tomlFloat(x)
	case string:
		return strconv.Quote(x)
	case bool:
		return strconv.FormatBool(x)
	case DistSpec:
		parts := []string{"dist = " + strconv.Quote(x.Dist)}
		for _, f := range []struct {
			k string
			d time.Duration
		}{{"value", x.Value}, {"mean", x.Mean}, {"median", x.Median}} {
			if f.d != 0 {
				parts = append(parts, f.k+" = "+strconv.Quote(f.d.String()))
			}
		}
		if x.Sigma != 0 {
			parts = append(parts, "sigma = "+tomlFloat(x.Sigma))
		}
		if x.Shape != 0 {
			parts = append(parts, "shape = "+tomlFloat(x.Shape))
		}
		if x.File != "" {
			parts = append(parts, "file = "+strconv.Quote(x.File))
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	}
	return formatSetting(reflect.ValueOf(v))
}

func tomlFloat(f float64) string {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEn") {
		s += ".0"
	}
	return s
}

// fleetBuysSpot reports whether a fleet as written buys Spot: a managed
// fleet of capacity type SPOT, or a FleetIQ group under SPOT_ONLY or
// SPOT_PREFERRED.
func fleetBuysSpot(f *Fleet) bool {
	if f.Kind == string(fleets.KindFleetIQ) {
		return f.Balancing != string(fleets.OnDemandOnly)
	}
	return f.CapacityType == string(fleets.Spot)
}
