package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim/metric"
)

// TestRegionSummary: player regions get their own metrics (own-continent
// share, round trips) in summary.json and the table, and the per-location
// round-trip metrics appear only where some session had one.
func TestRegionSummary(t *testing.T) {
	rs := synthetic()
	for i, r := range rs {
		r.Regions = []streams.RegionResult{{Region: "europe-central", Placed: 10, OwnContinent: int64(8 + i), AboveThreshold: 2, RTT: sketchOf([]float64{0.017, 0.106})}}
		r.Locations[0].StreamedRTT = sketchOf([]float64{0.017, 0.106})
		r.Locations[0].AboveLatencyThreshold = 1
	}
	s := summarize(t, rs)
	if len(s.PlayerRegions) != 1 {
		t.Fatalf("%d player regions, want 1", len(s.PlayerRegions))
	}
	eu := s.PlayerRegions[0]
	if got := eu.Get("own_continent_share").Mean; got < 0.849 || got > 0.851 {
		t.Errorf("own_continent_share %g, want 0.85 (8 and 9 of 10)", got)
	}
	if got := s.Locations[0].Get("latency_above_threshold_ratio").Mean; got != 0.5 {
		t.Errorf("location latency_above_threshold_ratio %g, want 0.5", got)
	}
	var buf bytes.Buffer
	if err := s.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		PlayerRegions []map[string]any `json:"player_regions"`
		Locations     []map[string]any `json:"locations"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.PlayerRegions[0]["region"] != "europe-central" || doc.PlayerRegions[0]["streamed_rtt_seconds"] == nil {
		t.Errorf("player_regions JSON %v", doc.PlayerRegions)
	}
	if _, ok := doc.Locations[1]["streamed_rtt_seconds"]; ok {
		t.Error("a location without round trips has streamed_rtt_seconds")
	}
	var tab bytes.Buffer
	if err := WriteTable(&tab, s); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tab.String(), "streamed from own continent (%)") || !strings.Contains(tab.String(), "europe-central") {
		t.Errorf("table lacks the region table:\n%s", tab.String())
	}
}

// TestRegionLookup: regions[...] selects a player region by name or index
// (canonical: the index), a wildcard expands to every region in
// player_regions order, MetricNames lists the regions by name, and an
// unknown region, an index out of range or a summary without player
// regions is an unknown metric that says why (the closest region named).
func TestRegionLookup(t *testing.T) {
	rs := synthetic()
	for i, r := range rs {
		r.Regions = []streams.RegionResult{
			{Region: "europe-central", Placed: 10, OwnContinent: int64(8 + i), AboveThreshold: 2, RTT: sketchOf([]float64{0.017, 0.106})},
			{Region: "japan", Placed: 4, OwnContinent: 4, AboveThreshold: int64(i), RTT: sketchOf([]float64{0.012, 0.03})},
		}
	}
	s := summarize(t, rs)
	for _, name := range []string{"regions[japan].latency_above_threshold_ratio", "regions[1].latency_above_threshold_ratio"} {
		v, err := s.Metric(name)
		if err != nil || v.Mean != s.PlayerRegions[1].Get("latency_above_threshold_ratio").Mean || v.Unit != metric.Fraction ||
			v.Better != metric.LowerIsBetter {
			t.Errorf("%s = %+v, %v; want japan's %v", name, v, err, s.PlayerRegions[1].Get("latency_above_threshold_ratio"))
		}
		n, _ := metric.ParseName(name)
		if c, err := s.Canonical(n); err != nil || c.String() != "regions[1].latency_above_threshold_ratio" {
			t.Errorf("canonical %s: %v, %v", name, c, err)
		}
	}
	if v, _ := s.Metric("regions[europe-central].own_continent_share"); v.Better != metric.HigherIsBetter || v.Mean < 0.849 || v.Mean > 0.851 {
		t.Errorf("europe-central's own-continent share %+v, want 0.85, higher is better", v)
	}
	all, err := s.Expand(metric.Name{Scope: metric.Regions, Select: metric.Wildcard, Metric: "placed"})
	if err != nil || len(all) != 2 || all[0].String() != "regions[0].placed" || all[1].String() != "regions[1].placed" {
		t.Errorf("regions[*].placed expands to %v, %v", all, err)
	}
	names := s.MetricNames()
	if !slices.Contains(names, "regions[japan].streamed_rtt_seconds.p95") || slices.Contains(names, "regions[1].placed") {
		t.Errorf("MetricNames do not list the regions by name: %v", names[len(names)-4:])
	}
	for name, want := range map[string]string{
		"regions[japn].placed":           `no player region "japn" in the run (it has europe-central, japan); did you mean japan?`,
		"regions[2].placed":              "player region index 2 out of range [0, 2)",
		"regions[japan].placement_ratio": "unknown metric",
		"region[japan].placed":           "did you mean regions[japan].placed",
	} {
		if _, err := s.Metric(name); !errors.Is(err, ErrUnknownMetric) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v; want it to say %q", name, err, want)
		}
	}
	none := summarize(t, synthetic())
	for _, n := range []metric.Name{{Scope: metric.Regions, Select: "japan", Metric: "placed"}, {Scope: metric.Regions, Select: "*", Metric: "placed"}} {
		if _, err := none.Expand(n); !errors.Is(err, ErrUnknownMetric) || !strings.Contains(err.Error(), "no player regions") ||
			!strings.Contains(err.Error(), "player_region") {
			t.Errorf("%s without player regions: %v; want it to say there are none and how to give them", n, err)
		}
	}
}
