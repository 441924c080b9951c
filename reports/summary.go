package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
)

// Meta describes the run a [Summary] or a [Comparison] comes from. Both
// embed it, so its fields head their JSON documents.
type Meta struct {
	Scenario       string  `json:"scenario"`        // scenario name
	ScenarioSHA256 string  `json:"scenario_sha256"` // hex SHA-256 of the scenario file's bytes
	Seed           uint64  `json:"seed"`            // root seed
	Replications   int     `json:"replications"`    // number of replications
	HorizonSeconds float64 `json:"horizon_seconds"` // simulated horizon, seconds from the scenario start
	WarmupSeconds  float64 `json:"warmup_seconds"`  // warm-up excluded from the measurements, seconds
	CapsimVersion  string  `json:"capsim_version"`  // version of the capsim binary
	// BillingUnit is service.billing_unit, what every price is per
	// (per_instance or per_stream); Prices are the price each
	// stream-group location billed at and its source. Both are left out
	// of the JSON for a scenario without stream groups.
	BillingUnit string  `json:"billing_unit,omitempty"`
	Prices      []Price `json:"prices,omitempty"`
}

// Price is the price one stream-group location billed at: USD per hour
// of one billing unit (Per says which: an instance-hour of Tenancy
// streams, or a stream-hour), and where the number comes from.
type Price struct {
	StreamGroup string  `json:"stream_group"`
	Location    string  `json:"location"`
	Class       string  `json:"class"`
	USDPerHour  float64 `json:"usd_per_hour"`
	Per         string  `json:"per"`    // "instance-hour (2 streams)" or "stream-hour"
	Origin      string  `json:"origin"` // "shipped" (models/streams/prices.csv) or "scenario" ([[price]])
	Source      string  `json:"source"` // where the number comes from
	// Confidence is a shipped price's: M an AWS page or its example, L a
	// third party; "" for the scenario's own.
	Confidence string `json:"confidence,omitempty"`
}

// Summary is the summary.json document. Its schema is stable and documented
// in SCHEMA.md; every Estimate is serialised as {"mean":x,"ci95":h} with null
// for an undefined value.
type Summary struct {
	Meta
	Locations []LocationSummary `json:"locations"`
	Total     Metrics           `json:"total"`
	// Fleets and FleetTotal are the GameLift Servers fleet locations (see
	// [NewSummary]); both are left out of
	// the JSON when the run has none.
	Fleets     []FleetSummary `json:"fleets,omitempty"`
	FleetTotal *FleetMetrics  `json:"fleet_total,omitempty"`
	// Hours are the stream group locations' requests by the hour of the
	// day they arrived (see [HourSummary]), recorded only when a run is
	// asked for them; left out of the JSON otherwise.
	Hours []HourSummary `json:"hours,omitempty"`
	// PlayerRegions are the metrics of each player region demands come
	// from (regions.go); left out when none.
	PlayerRegions []RegionSummary `json:"player_regions,omitempty"`
	// GPUQuotas are the GPUs each location and generation needed against
	// its quota (quota.go); left out when the run has no stream group.
	GPUQuotas []QuotaSummary `json:"gpu_quotas,omitempty"`
	// Warnings are notes on the run's validity (a horizon beyond the
	// stream-group lifetime, groups that expired); left out when none.
	Warnings []string `json:"warnings,omitempty"`
	// Assertions are the KPI gates judged after the run (assert.go); left
	// out when none.
	Assertions []Assertion `json:"assertions,omitempty"`
}

// Assumption is one assumption in force (a `[service]` key, or a demand's
// `[demand.client]` or a fleet's `[fleet.spot]` key by its --set path), as
// a run's report lists it: its key, value and source, and whether it is
// the default.
type Assumption struct {
	Key, Value, Source string
	Default            bool
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
	s := &Summary{Meta: meta, Locations: []LocationSummary{}}
	reps := make([][]streams.LocationResult, len(results))
	for i, r := range results {
		reps[i] = r.Locations
	}
	s.Total = estimateDefs(streamSpec, streams.Metrics, reps, -1, 0)
	s.Warnings = lifetimeWarnings(meta.HorizonSeconds, results)
	s.Hours = summarizeHours(results)
	s.GPUQuotas = quotaSummaries(results)
	s.PlayerRegions = regionSummaries(results)
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
	return checkSameLocations(results, "location",
		func(r *streams.Result) []streams.LocationResult { return r.Locations },
		func(l *streams.LocationResult) [3]string { return [3]string{l.Group, l.Location, l.Class} })
}

// checkSameLocations reports whether results are non-nil and each lists the
// same locations, by key (owner, location, kind), in the same order as
// replication 0. noun names a location in the errors.
func checkSameLocations[R, L any](results []*R, noun string, locs func(*R) []L, key func(*L) [3]string) error {
	for i, r := range results {
		if r == nil {
			return fmt.Errorf("replication %d: nil result", i)
		}
		got, want := locs(r), locs(results[0])
		if len(got) != len(want) {
			return fmt.Errorf("replication %d has %d %ss, replication 0 has %d", i, len(got), noun, len(want))
		}
		for li := range got {
			if a, b := key(&got[li]), key(&want[li]); a != b {
				return fmt.Errorf("replication %d %s %d is %s/%s (%s), replication 0 has %s/%s (%s)",
					i, noun, li, a[0], a[1], a[2], b[0], b[1], b[2])
			}
		}
	}
	return nil
}

// WriteJSON writes s as indented JSON (two spaces) followed by a newline.
// Undefined estimates are written as null; map keys are sorted, so the
// output is byte-stable.
func (s *Summary) WriteJSON(w io.Writer) error {
	return writeJSON(w, "summary", s)
}

// writeJSON writes v as indented JSON (two spaces) followed by a newline;
// what names the output in an error ("summary" gives "reports: summary
// JSON: ...").
func writeJSON(w io.Writer, what string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("reports: %s JSON: %w", what, err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
