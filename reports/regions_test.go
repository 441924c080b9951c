package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/capsim/capsim/models/streams"
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
