package reports

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim/metric"
)

func lookupSummary(t testing.TB) *Summary {
	m := testMeta()
	m.WarmupSeconds = 0
	s, err := NewSummary(m, synthetic(), syntheticFleets())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func ExampleSummary_Metric() {
	s, err := NewSummary(testMeta(), synthetic(), nil)
	if err != nil {
		panic(err)
	}
	v, err := s.Metric("total.placement_failure_ratio")
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s = %.4f ± %.4f (%s, %s)\n", v.Name, v.Mean, v.CI95, v.Unit, v.Better)
	_, err = s.Metric("total.placement_failure_ration")
	fmt.Println(err)
	// Output:
	// total.placement_failure_ratio = 0.1190 ± 0.6051 (fraction, lower is better)
	// reports: metric "total.placement_failure_ration": unknown metric; did you mean total.placement_failure_ratio or total.placement_failures?
}

// TestMetricLookup: every name MetricNames lists resolves to the estimate
// the summary holds, and the scope spellings agree.
func TestMetricLookup(t *testing.T) {
	s := lookupSummary(t)
	names := s.MetricNames()
	want := 3*len(streams.Metrics) + 3*len(fleets.Metrics) // 2 locations + total, 2 fleet locations + total
	if len(names) != want || names[0] != "locations[0].requests" || !slices.Contains(names, "fleet_total.cost_usd") {
		t.Fatalf("%d names (want %d), first %q", len(names), want, names[0])
	}
	for _, n := range names {
		if _, err := s.Metric(n); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	l := &s.Locations[1]
	byName := l.StreamGroup + "/" + l.Location
	for _, n := range []string{"locations[1].cost_usd", "locations[" + byName + "].cost_usd"} {
		v, err := s.Metric(n)
		if err != nil || v.Mean != l.Get("cost_usd").Mean || v.Unit != metric.USD || v.Better != metric.LowerIsBetter {
			t.Errorf("%s = %+v, %v; want %v", n, v, err, l.Get("cost_usd"))
		}
	}
	v, err := s.Metric("total.placement_latency_seconds.p95")
	if err != nil || v.Mean != s.Total.Get("placement_latency_seconds.p95").Mean || v.Unit != metric.Seconds {
		t.Errorf("total p95 = %+v, %v", v, err)
	}
	v, err = s.Metric("fleets[0].timed_out_ratio")
	if err != nil || v.Mean != s.Fleets[0].Get("timed_out_ratio").Mean || v.Unit != metric.Fraction {
		t.Errorf("fleet ratio = %+v, %v", v, err)
	}
	if v, err = s.Metric("fleet_total.instances.max"); err != nil || !math.IsNaN(v.Mean) {
		t.Errorf("fleet_total.instances.max = %+v, %v; want undefined", v, err)
	}
}

func TestMetricLookupErrors(t *testing.T) {
	s := lookupSummary(t)
	for name, want := range map[string]string{
		"total.cost_usdd":           "did you mean total.cost_usd",
		"locations[7].cost_usd":     "out of range",
		"locations[nowhere].x":      "no location",
		"fleets[0].requests":        "unknown metric",
		"totl.cost_usd":             "a name starts with one of total.",
		"locations[0].timed_out":    "unknown metric",
		"fleet_total.timed_out_rto": "did you mean fleet_total.timed_out_ratio",
	} {
		_, err := s.Metric(name)
		if !errors.Is(err, ErrUnknownMetric) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one containing %q", name, err, want)
		}
	}
}

// TestNewSummaryErrors: mismatched replications are an error, not a panic.
func TestNewSummaryErrors(t *testing.T) {
	rs := synthetic()
	rs[1].Locations = rs[1].Locations[:1]
	if _, err := NewSummary(testMeta(), rs, nil); err == nil || !strings.HasPrefix(err.Error(), "reports: ") {
		t.Errorf("mismatched locations: %v", err)
	}
	if _, err := NewSummary(testMeta(), []*streams.Result{nil}, nil); err == nil {
		t.Error("nil result accepted")
	}
	m := testMeta()
	m.WarmupSeconds = m.HorizonSeconds + 1
	if _, err := NewSummary(m, synthetic(), syntheticFleets()); err == nil {
		t.Error("negative measured period accepted with fleets")
	}
}

// TestUnknownMetricHint: a metric that exists, but not in the scope named,
// is answered with the scopes that have it and the scope's own metrics; a
// name close to none lists where the metrics are.
func TestUnknownMetricHint(t *testing.T) {
	s := lookupSummary(t)
	for name, want := range map[string][]string{
		"locations[0].requestz": {"did you mean locations[0].requests"},
		"fleet_total.own_continent_share": {"own_continent_share is a metric of regions[...], not of fleet_total",
			"reports/SCHEMA.md lists the metrics of fleet_total"},
		"total.p95_wait": {"reports/SCHEMA.md lists the metrics of total"},
	} {
		_, err := s.Metric(name)
		if !errors.Is(err, ErrUnknownMetric) {
			t.Errorf("%s: %v, want ErrUnknownMetric", name, err)
			continue
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %v\nlacks %q", name, err, w)
			}
		}
	}
	n, _ := metric.ParseName("hours[*].cost_usd")
	if _, err := s.Expand(n); err == nil || !strings.Contains(err.Error(), "cost_usd is a metric of total, locations[...], fleet_total, fleets[...]") ||
		!strings.Contains(err.Error(), "hours has requests, placement_failures, placement_failure_ratio") {
		t.Errorf("hours[*].cost_usd: %v", err)
	}
}
