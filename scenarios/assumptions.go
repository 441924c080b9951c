package scenarios

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// serviceSources gives, for every `[service]` key, where its default comes
// from. Keys are the TOML names; README "Service assumptions" is the long
// form of this table. S004 is the GameLift Streams API text; A* and q* are
// the source keys and open questions of the project's fact sheet.
var serviceSources = map[string]string{
	"placement_timeout_always_on":         "S004 (fixed by the service)",
	"placement_timeout_on_demand_linux":   "S004; also applied to capacity above always-on (q8, assumption)",
	"placement_timeout_on_demand_windows": "S004; also applied to capacity above always-on (q8, assumption)",
	"allocation_delay_linux":              `assumption (q6): A5 "the 90-second start time", S004 "typically under 5 minutes"`,
	"allocation_delay_windows":            `assumption (q6): "Windows longer"; no public figure`,
	"activation_delay":                    `S004 "a few minutes" (no number)`,
	"idle_release_delay":                  `assumption (q7): S004 says only "released when idle"`,
	"session_start_delay":                 "assumption (q16)",
	"session_start_delay_cold":            `assumption: S004 "the default application is pre-cached on always-on compute resources, reducing stream startup times"; no figure (extra delay for the first session on capacity above always-on)`,
	"idle_timeout":                        "S004; configurable (q14)",
	"terminating_duration":                "assumption: TERMINATING holds the slot; no public figure",
	"reconnecting_duration":               "assumption",
	"billing_unit":                        "assumption (q2): sources disagree (A2 per resource, A5 per stream)",
	"min_billed_duration":                 "q3: no minimum found for Streams (GameLift Servers has 1 min, G13)",
	"packing":                             "assumption (q10)",
	"maximum_includes_always_on":          "assumption (q5)",
	"internal_error_probability":          "S004 names internalError; no rate published",
	"shortfall_rate_per_hour":             "q11: noAvailableInstances periods, no rate published",
	"shortfall_duration":                  "q11: assumption",
	"stream_group_lifetime":               `S004: "Stream groups expire when they are 365 days old" (ExpiresAt); 0 disables expiry`,
}

// Assumption is one `[service]` setting in force for a run.
type Assumption struct {
	Key     string // TOML key under [service]
	Value   string // the value in force, in TOML-like notation
	Default bool   // whether Value is capsim's default
	Source  string // where the default comes from (S004, fact-sheet keys, or "assumption")
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
		out = append(out, Assumption{
			Key:     key,
			Value:   formatSetting(cur.Field(i)),
			Default: reflect.DeepEqual(cur.Field(i).Interface(), def.Field(i).Interface()),
			Source:  serviceSources[key],
		})
	}
	return out
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
