package reports

import (
	"encoding/json"
	"fmt"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/sim/metric"
)

// HourSummary is what the stream group locations measured, all of them
// together, of the requests that arrived in one hour of the day (UTC, over
// every day after the warm-up, counted where [LocationSummary] counts
// them): the per-hour metrics declared by streams.HourMetrics. A run
// records them only when asked (a requirement or assertion on hours[...]);
// summary.json then lists 24, in "hours". Metrics is embedded, so its
// metrics appear in the same JSON object.
type HourSummary struct {
	Hour int `json:"hour"`
	Metrics
}

var hourSpec = newSpec(metric.Infos(streams.HourMetrics))

// NewHourMetrics is [NewStreamMetrics] for an hour of the day.
func NewHourMetrics(byName map[string]sim.Estimate) (Metrics, error) {
	return newMetrics(hourSpec, byName)
}

// summarizeHours returns the 24 hours of the day over results, all
// locations together, or nil if the results did not record them.
func summarizeHours(results []*streams.Result) []HourSummary {
	if len(results) == 0 || len(results[0].Locations) == 0 || results[0].Locations[0].Hours == nil {
		return nil
	}
	out := make([]HourSummary, streams.HoursOfDay)
	reps := make([][]streams.HourResult, len(results))
	for h := range out {
		for i, r := range results {
			reps[i] = reps[i][:0]
			for li := range r.Locations {
				reps[i] = append(reps[i], r.Locations[li].Hours[h])
			}
		}
		out[h] = HourSummary{Hour: h, Metrics: estimateDefs(hourSpec, streams.HourMetrics, reps, -1, 0)}
	}
	return out
}

// MarshalJSON writes the hour, then its metrics, in one object.
func (h HourSummary) MarshalJSON() ([]byte, error) {
	return h.Metrics.appendMembers(fmt.Appendf(nil, `{"hour":%d`, h.Hour), true)
}

// UnmarshalJSON reads an hour object of summary.json.
func (h *HourSummary) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	if v, ok := raw["hour"]; ok {
		if err := json.Unmarshal(v, &h.Hour); err != nil {
			return fmt.Errorf("hour: %w", err)
		}
	}
	return h.Metrics.decode(hourSpec, raw)
}
