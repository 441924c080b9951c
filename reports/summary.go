package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
)

// Meta describes the run a [Summary] comes from. It is copied verbatim into
// the summary.
type Meta struct {
	Scenario       string  // scenario name
	ScenarioSHA256 string  // hex SHA-256 of the scenario file's bytes
	Seed           uint64  // root seed
	Replications   int     // number of replications
	HorizonSeconds float64 // simulated horizon, seconds from the scenario start
	WarmupSeconds  float64 // warm-up excluded from the measurements, seconds
	CapsimVersion  string  // version of the capsim binary
}

// Summary is the summary.json document. Its schema is stable and documented
// in SCHEMA.md; every Estimate is serialised as {"mean":x,"ci95":h} with null
// for an undefined value.
type Summary struct {
	Scenario       string            `json:"scenario"`
	ScenarioSHA256 string            `json:"scenario_sha256"`
	Seed           uint64            `json:"seed"`
	Replications   int               `json:"replications"`
	HorizonSeconds float64           `json:"horizon_seconds"`
	WarmupSeconds  float64           `json:"warmup_seconds"`
	CapsimVersion  string            `json:"capsim_version"`
	Locations      []LocationSummary `json:"locations"`
	Total          Metrics           `json:"total"`
	// Fleets and FleetTotal are the GameLift Servers fleet locations (see
	// [NewSummary]); both are left out of
	// the JSON when the run has none.
	Fleets     []FleetSummary `json:"fleets,omitempty"`
	FleetTotal *FleetMetrics  `json:"fleet_total,omitempty"`
	// Warnings are notes on the run's validity (a horizon beyond the
	// stream-group lifetime, groups that expired); left out when none.
	Warnings []string `json:"warnings,omitempty"`
}

// LocationSummary is the metrics of one stream group location. Metrics is
// embedded, so its metrics appear in the same JSON object.
type LocationSummary struct {
	StreamGroup string `json:"stream_group"`
	Location    string `json:"location"`
	Class       string `json:"class"`
	Metrics
}

// ratio returns a/b, or NaN if b is 0.
func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// NewSummary combines replications of both models into a Summary: the
// stream group locations and their total from results, and the fleet
// locations and their total from fresults (left out when fresults has no
// fleet location). results[i] and fresults[i] are replication i; every
// replication must list the same locations in the same order (as the models
// guarantee). Each metric declared by streams.Metrics and fleets.Metrics is
// computed per replication and then estimated over replications in
// replication order; a replication in which a metric is undefined (a ratio
// over zero, a latency with no placed request) is skipped for that metric.
// The fleets' instance means divide by the measured period,
// meta.HorizonSeconds − meta.WarmupSeconds. It returns an error, prefixed
// "reports: ", for a nil result, replications whose locations differ, or a
// measured period that is negative or not finite with fleets. It does not
// modify results.
func NewSummary(meta Meta, results []*streams.Result, fresults []*fleets.Result) (*Summary, error) {
	if err := checkLocations(results); err != nil {
		return nil, fmt.Errorf("reports: summary: %w", err)
	}
	s := &Summary{
		Scenario: meta.Scenario, ScenarioSHA256: meta.ScenarioSHA256, Seed: meta.Seed,
		Replications: meta.Replications, HorizonSeconds: meta.HorizonSeconds,
		WarmupSeconds: meta.WarmupSeconds, CapsimVersion: meta.CapsimVersion,
		Locations: []LocationSummary{},
	}
	reps := make([][]streams.LocationResult, len(results))
	for i, r := range results {
		reps[i] = r.Locations
	}
	s.Total = estimateDefs(streamSpec, streams.Metrics, reps, -1, 0)
	s.Warnings = lifetimeWarnings(meta.HorizonSeconds, results)
	if len(results) > 0 {
		for li := range results[0].Locations {
			l0 := &results[0].Locations[li]
			s.Locations = append(s.Locations, LocationSummary{StreamGroup: l0.Group, Location: l0.Location, Class: l0.Class,
				Metrics: estimateDefs(streamSpec, streams.Metrics, reps, li, 0)})
		}
	}
	var err error
	if s.Fleets, s.FleetTotal, err = summarizeFleets(meta.HorizonSeconds-meta.WarmupSeconds, fresults); err != nil {
		return nil, err
	}
	return s, nil
}

// checkLocations reports whether results are non-nil and list the same
// locations (group, location, class) in the same order.
func checkLocations(results []*streams.Result) error {
	for i, r := range results {
		if r == nil {
			return fmt.Errorf("replication %d: nil result", i)
		}
		if len(r.Locations) != len(results[0].Locations) {
			return fmt.Errorf("replication %d has %d locations, replication 0 has %d",
				i, len(r.Locations), len(results[0].Locations))
		}
		for li := range r.Locations {
			a, b := &r.Locations[li], &results[0].Locations[li]
			if a.Group != b.Group || a.Location != b.Location || a.Class != b.Class {
				return fmt.Errorf("replication %d location %d is %s/%s (%s), replication 0 has %s/%s (%s)",
					i, li, a.Group, a.Location, a.Class, b.Group, b.Location, b.Class)
			}
		}
	}
	return nil
}

// WriteJSON writes s as indented JSON (two spaces) followed by a newline.
// Undefined estimates are written as null; map keys are sorted, so the
// output is byte-stable.
func (s *Summary) WriteJSON(w io.Writer) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("reports: summary JSON: %w", err)
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}
