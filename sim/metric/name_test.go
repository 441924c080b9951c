package metric

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestParseName(t *testing.T) {
	for _, tc := range []struct {
		text  string
		want  Name
		scope string
	}{
		{"total.placement_latency_seconds.p95", Name{Scope: Total, Metric: "placement_latency_seconds.p95"}, "total"},
		{"locations[0].cost_usd", Name{Scope: Locations, Select: "0", Metric: "cost_usd"}, "locations[0]"},
		{"locations[starlight/us-east-1].cost_usd", Name{Scope: Locations, Select: "starlight/us-east-1", Metric: "cost_usd"}, "locations[starlight/us-east-1]"},
		{"fleet_total.cost_usd", Name{Scope: FleetTotal, Metric: "cost_usd"}, "fleet_total"},
		{"fleets[eu-west-1].timed_out_ratio", Name{Scope: Fleets, Select: "eu-west-1", Metric: "timed_out_ratio"}, "fleets[eu-west-1]"},
		// a metric may hold dots; the selector ends at the first "].".
		{"locations[a.b].x.y", Name{Scope: Locations, Select: "a.b", Metric: "x.y"}, "locations[a.b]"},
		{"hours[21].placement_failure_ratio", Name{Scope: HourOfDay, Select: "21", Metric: "placement_failure_ratio"}, "hours[21]"},
		{"hours[*].placement_latency_seconds.p95", Name{Scope: HourOfDay, Select: "*", Metric: "placement_latency_seconds.p95"}, "hours[*]"},
		{"locations[*].cost_usd", Name{Scope: Locations, Select: "*", Metric: "cost_usd"}, "locations[*]"},
		{"fleets[*].timed_out_ratio", Name{Scope: Fleets, Select: "*", Metric: "timed_out_ratio"}, "fleets[*]"},
		{"regions[europe-central].latency_above_threshold_ratio", Name{Scope: Regions, Select: "europe-central", Metric: "latency_above_threshold_ratio"}, "regions[europe-central]"},
		{"regions[0].streamed_rtt_seconds.p95", Name{Scope: Regions, Select: "0", Metric: "streamed_rtt_seconds.p95"}, "regions[0]"},
		{"regions[*].own_continent_share", Name{Scope: Regions, Select: "*", Metric: "own_continent_share"}, "regions[*]"},
	} {
		n, err := ParseName(tc.text)
		if err != nil || n != tc.want {
			t.Errorf("ParseName(%q) = %+v, %v; want %+v", tc.text, n, err, tc.want)
			continue
		}
		if err := readsBack(tc.text); err != nil {
			t.Error(err)
		}
		if n.String() != tc.text || n.ScopeName() != tc.scope {
			t.Errorf("%q: String %q, ScopeName %q; want the text and %q", tc.text, n.String(), n.ScopeName(), tc.scope)
		}
		if n.Scope.Fleet() != strings.HasPrefix(tc.text, "fleet") {
			t.Errorf("%q: Fleet() = %v", tc.text, n.Scope.Fleet())
		}
		if n.Wild() != strings.Contains(tc.text, "[*]") {
			t.Errorf("%q: Wild() = %v", tc.text, n.Wild())
		}
	}
}

func TestParseNameRefuses(t *testing.T) {
	for _, tc := range []struct{ text, why string }{
		{"totl.cost_usd", "no scope"},
		{"cost_usd", "no scope"},
		{"total.", "no metric after the scope"},
		{"total", "no scope"},
		{"locations[0.cost_usd", `no "]." closing the selector`},
		{"locations[].cost_usd", "an empty selector"},
		{"fleets[1].", "no metric after the scope"},
		{"hours[24].placement_failure_ratio", `hour "24" is not a whole number from 0 to 23`},
		{"hours[-1].placement_failure_ratio", `hour "-1"`},
		{"hours[07].placement_failure_ratio", `hour "07"`},
		{"hours[eu-central-1].placement_failure_ratio", "is not a whole number"},
		{"regions[].placed", "an empty selector"},
		{"regions[ ].placed", "an empty selector"},
		{"regions[europe-central.placed", `no "]." closing the selector`},
		{"regions[japan].", "no metric after the scope"},
		{"region[japan].placed", "no scope"},
		{"", "no scope"},
	} {
		_, err := ParseName(tc.text)
		if !errors.Is(err, ErrName) || !strings.Contains(err.Error(), tc.why) || !strings.Contains(err.Error(), NameGrammar) {
			t.Errorf("ParseName(%q): %v; want ErrName saying %q and the grammar", tc.text, err, tc.why)
		}
	}
}

// FuzzParseName: any text is a name or an ErrName, never a panic; a name
// reads back from its String as itself, and only a selected scope has a
// selector ([readsBack]).
func FuzzParseName(f *testing.F) {
	for _, s := range []string{"total.cost_usd", "locations[0].cost_usd", "regions[europe-central].placed", "regions[*].x.y",
		"hours[23].placement_failure_ratio", "regions[a].b].c", "regions[].x", "fleets[[0]].x", "regions[japan]."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if err := readsBack(text); err != nil {
			t.Fatal(err)
		}
	})
}

// readsBack is nil if text is refused with an ErrName or is a name that
// reads back from its String as itself, a selector where (and only where)
// its scope takes one; else what is wrong.
func readsBack(text string) error {
	n, err := ParseName(text)
	switch {
	case err != nil && !errors.Is(err, ErrName):
		return fmt.Errorf("%q: %v does not wrap ErrName", text, err)
	case err != nil:
		return nil
	case n.Metric == "" || n.Scope.Selected() == (n.Select == ""):
		return fmt.Errorf("%q read as %+v", text, n)
	}
	if again, err := ParseName(n.String()); err != nil || again != n {
		return fmt.Errorf("%q read as %+v, whose String %q reads back as %+v, %v", text, n, n.String(), again, err)
	}
	return nil
}

func TestParseSum(t *testing.T) {
	ns, err := ParseSum("total.cost_usd + fleet_total.cost_usd")
	if err != nil || len(ns) != 2 || ns[0].Scope != Total || ns[1].Scope != FleetTotal || ns[1].Metric != "cost_usd" {
		t.Fatalf("ParseSum: %+v, %v", ns, err)
	}
	if _, err := ParseSum("total.cost_usd+"); !errors.Is(err, ErrName) {
		t.Errorf("a trailing +: %v; want ErrName", err)
	}
}

func TestParseRequirement(t *testing.T) {
	for _, tc := range []struct {
		text, name, op string
		limit          float64
		str            string
	}{
		{"total.placement_latency_seconds.p95<=30", "total.placement_latency_seconds.p95", "<=", 30, "total.placement_latency_seconds.p95<=30"},
		{" total.cost_usd < 1e3 ", "total.cost_usd", "<", 1000, "total.cost_usd<1000"},
		{"locations[0].utilisation>=0.5", "locations[0].utilisation", ">=", 0.5, "locations[0].utilisation>=0.5"},
		{"fleets[x].utilisation>0.25", "fleets[x].utilisation", ">", 0.25, "fleets[x].utilisation>0.25"},
	} {
		r, err := ParseRequirement(tc.text)
		if err != nil || r.Name != tc.name || r.Op != tc.op || r.Limit != tc.limit || r.String() != tc.str {
			t.Errorf("ParseRequirement(%q) = %+v (%q), %v", tc.text, r, r.String(), err)
		}
	}
	for _, text := range []string{"total.cost_usd=3", "total.cost_usd<=", "<=3", "total.cost_usd<=NaN", "total.cost_usd"} {
		if _, err := ParseRequirement(text); !errors.Is(err, ErrRequirement) || !strings.Contains(err.Error(), "want NAME<=X") {
			t.Errorf("ParseRequirement(%q): %v; want ErrRequirement with the forms", text, err)
		}
	}
}

// A limit with a unit says how to write it: the plain number, a
// percentage as its fraction.
func TestParseRequirementLimitWithUnit(t *testing.T) {
	for _, tc := range []struct{ text, unit, write string }{
		{"total.placement_latency_seconds.p95<=30s", "s", "write total.placement_latency_seconds.p95<=30"},
		{"total.placement_failure_ratio <= 1%", "%", "write total.placement_failure_ratio<=0.01"},
		{"total.cost_usd<2.5USD", "USD", "write total.cost_usd<2.5"},
	} {
		_, err := ParseRequirement(tc.text)
		var le *LimitError
		if !errors.As(err, &le) || !errors.Is(err, ErrRequirement) || le.Unit != tc.unit || !strings.Contains(err.Error(), tc.write) {
			t.Errorf("ParseRequirement(%q): %v; want a LimitError (unit %q) saying %q", tc.text, err, tc.unit, tc.write)
		}
	}
}

func TestRequirementMeets(t *testing.T) {
	for _, tc := range []struct {
		op   string
		x    float64
		want bool
	}{
		{"<=", 1, true}, {"<=", 1.5, false}, {"<", 1, false}, {"<", 0.5, true},
		{">=", 1, true}, {">=", 0.5, false}, {">", 1, false}, {">", 2, true},
		{"<=", math.NaN(), false}, {">", math.NaN(), false},
	} {
		r := Requirement{Name: "total.x", Op: tc.op, Limit: 1}
		if got := r.Meets(tc.x); got != tc.want {
			t.Errorf("%s %v meets 1: %v; want %v", tc.op, tc.x, got, tc.want)
		}
	}
}
