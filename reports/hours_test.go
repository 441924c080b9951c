package reports

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/sim/metric"
)

// withHours gives every location of results per-hour results: in hour h
// of replication i, location li had 10+h requests and (h+i+li)%3 failures,
// every placed request waiting h seconds.
func withHours(results []*streams.Result) []*streams.Result {
	for i, r := range results {
		for li := range r.Locations {
			hs := make([]streams.HourResult, streams.HoursOfDay)
			for h := range hs {
				hs[h] = streams.HourResult{Requests: int64(10 + h), Failures: int64((h + i + li) % 3), Latency: sim.NewSketch()}
				hs[h].Latency.Add(float64(h))
			}
			r.Locations[li].Hours = hs
		}
	}
	return results
}

// TestHourSummary: a summary of results that recorded hours has 24 hours
// whose failure ratio is the failures over the requests of every location
// in the hour (per replication, then estimated), readable by name and
// round-tripped through JSON; without hours, an hours[...] name says how
// hours get recorded.
func TestHourSummary(t *testing.T) {
	s, err := NewSummary(testMeta(), withHours(synthetic()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Hours) != 24 {
		t.Fatalf("%d hours, want 24", len(s.Hours))
	}
	// hour 5, 2 locations, 2 replications: rep 0 fails (5+0+0)%3 + (5+0+1)%3 = 2+0, rep 1 fails 0+1.
	want := sim.NewEstimate([]float64{2.0 / 30, 1.0 / 30})
	v, err := s.Metric("hours[5].placement_failure_ratio")
	if err != nil || math.Abs(v.Mean-want.Mean) > 1e-12 || math.Abs(v.CI95-want.CI95) > 1e-12 {
		t.Errorf("hours[5].placement_failure_ratio = %+v, %v; want %+v", v.Estimate, err, want)
	}
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back Summary
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if w, err := back.Metric("hours[5].placement_failure_ratio"); err != nil || w.Mean != v.Mean {
		t.Errorf("read back: %+v, %v", w, err)
	}
	if !strings.Contains(string(data), `"hours":[{"hour":0,"requests":`) {
		t.Errorf("summary.json hours: %.200s", data[strings.Index(string(data), `"hours"`):])
	}
	plain, err := NewSummary(testMeta(), synthetic(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plain.Metric("hours[5].placement_failure_ratio"); !errors.Is(err, ErrUnknownMetric) || !strings.Contains(err.Error(), "hours are recorded when") {
		t.Errorf("no hours recorded: %v", err)
	}
	if data, _ := json.Marshal(plain); strings.Contains(string(data), `"hours"`) {
		t.Error("a summary without hours writes \"hours\"")
	}
}

// TestExpand: a wildcard expands to every scope of its kind, canonical;
// a plain name to itself made canonical; a wildcard of a kind the summary
// lacks, or of an unknown metric, is an unknown metric; Lookup refuses a
// wildcard.
func TestExpand(t *testing.T) {
	s, err := NewSummary(testMeta(), withHours(synthetic()), syntheticFleets())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		count int
		first string
	}{
		{"locations[*].cost_usd", 2, "locations[0].cost_usd"},
		{"fleets[*].timed_out_ratio", len(s.Fleets), "fleets[0].timed_out_ratio"},
		{"hours[*].placement_latency_seconds.p95", 24, "hours[0].placement_latency_seconds.p95"},
		{"locations[eu-central-1].cost_usd", 1, "locations[1].cost_usd"},
	} {
		n, _ := metric.ParseName(tc.name)
		got, err := s.Expand(n)
		if err != nil || len(got) != tc.count || got[0].String() != tc.first {
			t.Errorf("Expand(%s) = %v, %v; want %d names from %s", tc.name, got, err, tc.count, tc.first)
		}
	}
	for _, bad := range []string{"hours[*].cost_usd", "locations[*].cost_usdd"} {
		n, _ := metric.ParseName(bad)
		if _, err := s.Expand(n); !errors.Is(err, ErrUnknownMetric) {
			t.Errorf("Expand(%s): %v, want ErrUnknownMetric", bad, err)
		}
	}
	noFleets, _ := NewSummary(testMeta(), synthetic(), nil)
	n, _ := metric.ParseName("fleets[*].timed_out_ratio")
	if _, err := noFleets.Expand(n); !errors.Is(err, ErrUnknownMetric) {
		t.Errorf("fleets[*] without fleets: %v", err)
	}
	if _, err := s.Metric("locations[*].cost_usd"); !errors.Is(err, ErrUnknownMetric) || !strings.Contains(err.Error(), "one value is wanted") {
		t.Errorf("Metric of a wildcard: %v", err)
	}
}
