package reports

import (
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/sim/metric"
)

// regionSpec lays out a player region's metrics (streams.RegionMetrics).
var regionSpec = newSpec(metric.Infos(streams.RegionMetrics))

// NewRegionMetrics is [NewStreamMetrics] for a player region.
func NewRegionMetrics(byName map[string]sim.Estimate) (Metrics, error) {
	return newMetrics(regionSpec, byName)
}

// RegionSummary is the metrics of one player region (issue 22): its placed
// sessions, the share streamed from its own continent and the players'
// round trips. Metrics is embedded: its metrics appear in the same JSON
// object.
type RegionSummary struct {
	Region string `json:"region"`
	Metrics
}

// MarshalJSON writes the region's name, then its metrics, in one object.
func (r RegionSummary) MarshalJSON() ([]byte, error) {
	return identified(r.Metrics, "region", r.Region)
}

// UnmarshalJSON reads a player region object of summary.json.
func (r *RegionSummary) UnmarshalJSON(data []byte) error {
	return decodeIdentified(data, &r.Metrics, regionSpec, map[string]*string{"region": &r.Region})
}

// regionSummaries estimates each player region's metrics over the
// replications (every replication lists the same regions).
func regionSummaries(results []*streams.Result) []RegionSummary {
	if len(results) == 0 || len(results[0].Regions) == 0 {
		return nil
	}
	reps := make([][]streams.RegionResult, len(results))
	for i, r := range results {
		reps[i] = r.Regions
	}
	out := make([]RegionSummary, len(results[0].Regions))
	for ri, r0 := range results[0].Regions {
		out[ri] = RegionSummary{Region: r0.Region, Metrics: estimateDefs(regionSpec, streams.RegionMetrics, reps, ri, 0)}
	}
	return out
}

// RegionTable is the player regions' table: one column per region.
func RegionTable(s *Summary) Table {
	heads := []string{"player region"}
	cols := make([]*Metrics, len(s.PlayerRegions))
	for i := range s.PlayerRegions {
		heads = append(heads, s.PlayerRegions[i].Region)
		cols[i] = &s.PlayerRegions[i].Metrics
	}
	return metricsTable(regionSpec, heads, cols)
}
