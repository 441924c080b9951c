package reports

import (
	"strings"
	"testing"

	"github.com/capsim/capsim/sim"
)

// TestSpillFinding: a location that placed more sessions than it was
// asked for is explained (spill-over), one within 1% or below is not.
func TestSpillFinding(t *testing.T) {
	loc := func(name string, req, placed float64) LocationSummary {
		m, err := NewStreamMetrics(map[string]sim.Estimate{"requests": {Mean: req, N: 10}, "placed": {Mean: placed, N: 10}})
		if err != nil {
			t.Fatal(err)
		}
		return LocationSummary{Location: name, Metrics: m}
	}
	s := &Summary{Locations: []LocationSummary{loc("eu-central-1", 1538, 1484), loc("us-east-1", 831, 885), loc("ap-1", 100, 100.5)}}
	got := SpillFinding(s)
	if !strings.HasPrefix(got, "us-east-1 placed 885 sessions for 831 requests: a request counts at its demand's first location") {
		t.Errorf("SpillFinding = %q", got)
	}
	if strings.Contains(got, "eu-central-1") || strings.Contains(got, "ap-1") {
		t.Errorf("SpillFinding names a location that placed no more than asked (within 1%%): %q", got)
	}
	s.Locations = s.Locations[:1]
	if got := SpillFinding(s); got != "" {
		t.Errorf("no spill-over: %q", got)
	}
}
