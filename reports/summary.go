package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
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
	// [SummarizeFleets] and [SummarizeFleetTotal]); both are left out of
	// the JSON when the run has none.
	Fleets     []FleetSummary `json:"fleets,omitempty"`
	FleetTotal *FleetMetrics  `json:"fleet_total,omitempty"`
	// Warnings are notes on the run's validity (a horizon beyond the
	// stream-group lifetime, groups that expired); left out when none.
	Warnings []string `json:"warnings,omitempty"`
}

// LocationSummary is the metrics of one stream group location. Metrics is
// embedded, so its fields appear in the same JSON object.
type LocationSummary struct {
	StreamGroup string `json:"stream_group"`
	Location    string `json:"location"`
	Class       string `json:"class"`
	Metrics
}

// Metrics are replication estimates of one location, or of all locations
// together. Counts are of requests arriving after the warm-up.
type Metrics struct {
	// Requests, Placed and PlacementFailures are counts per replication.
	Requests          sim.Estimate `json:"requests"`
	Placed            sim.Estimate `json:"placed"`
	PlacementFailures sim.Estimate `json:"placement_failures"`
	// PlacementFailureRatio is failures/requests (dimensionless); a
	// replication without requests is skipped.
	PlacementFailureRatio sim.Estimate `json:"placement_failure_ratio"`
	// PlacementTimeoutsWhileAllocating counts placement timeouts while an
	// instance was being allocated at this location (see
	// streams.LocationResult.PlacementTimeoutsWhileAllocating).
	PlacementTimeoutsWhileAllocating sim.Estimate `json:"placement_timeouts_while_allocating"`
	// PlacementLatencySeconds is the placement latency of placed requests.
	PlacementLatencySeconds Latency `json:"placement_latency_seconds"`
	// Utilisation is streaming slot-seconds / allocated slot-seconds
	// (dimensionless); a replication without allocated capacity is skipped.
	Utilisation sim.Estimate `json:"utilisation"`
	// AllocatedCapacityHours and IdleCapacityHours are in stream slot-hours.
	AllocatedCapacityHours sim.Estimate `json:"allocated_capacity_hours"`
	IdleCapacityHours      sim.Estimate `json:"idle_capacity_hours"`
	// CostUSD and IdleCostUSD are in US dollars.
	CostUSD     sim.Estimate `json:"cost_usd"`
	IdleCostUSD sim.Estimate `json:"idle_cost_usd"`
	// FailuresByReason has one entry per ERROR reason and
	// TerminationsByReason one per TERMINATED reason, keyed by the reason as
	// the service spells it; every reason is present, zeros included.
	FailuresByReason     map[string]sim.Estimate `json:"failures_by_reason"`
	TerminationsByReason map[string]sim.Estimate `json:"terminations_by_reason"`
	// Optional, left out when zero in every replication (lifecycle.go):
	// ColdStarts counts sessions that were first on an instance allocated
	// above always-on; QuotaStalledAllocations counts instance allocations
	// that waited for the GPU quota and QuotaStallInstanceHours their wait;
	// RecreationOverlap* is the always-on capacity (stream slot-hours) and
	// cost (USD, included in cost_usd) of recreated groups while the old
	// group still existed.
	ColdStarts                     *sim.Estimate `json:"cold_starts,omitempty"`
	QuotaStalledAllocations        *sim.Estimate `json:"quota_stalled_allocations,omitempty"`
	QuotaStallInstanceHours        *sim.Estimate `json:"quota_stall_instance_hours,omitempty"`
	RecreationOverlapCapacityHours *sim.Estimate `json:"recreation_overlap_capacity_hours,omitempty"`
	RecreationOverlapCostUSD       *sim.Estimate `json:"recreation_overlap_cost_usd,omitempty"`
}

// Latency is the estimates of a latency distribution, in seconds. Mean is
// exact; the quantiles carry the sketch's relative error of at most 1%
// (sim.SketchRelativeAccuracy). A replication with no placed request is
// skipped.
type Latency struct {
	Mean sim.Estimate `json:"mean"`
	P50  sim.Estimate `json:"p50"`
	P95  sim.Estimate `json:"p95"`
	P99  sim.Estimate `json:"p99"`
}

// sample is one replication's raw measurements of a location or of the total.
type sample struct {
	requests, placed, failures float64
	timeoutsAllocating         float64
	failBy, termBy             [streams.NumReasons]float64
	latency                    *sim.Sketch // nil if none
	streaming, allocated, idle float64     // slot-seconds
	cost, idleCost             float64     // USD

	coldStarts, quotaStalls, quotaStallSeconds, overlapSlotSeconds, overlapCost float64
}

func locationSample(l *streams.LocationResult) sample {
	s := sample{
		requests: float64(l.Requests), placed: float64(l.Placed), failures: float64(l.Failures),
		timeoutsAllocating: float64(l.PlacementTimeoutsWhileAllocating),
		latency:            l.Latency,
		streaming:          l.StreamingSlotSeconds, allocated: l.AllocatedSlotSeconds, idle: l.IdleSlotSeconds(),
		cost: l.CostUSD, idleCost: l.IdleCostUSD,
	}
	s.addLifecycle(l)
	for r := range streams.NumReasons {
		s.failBy[r] = float64(l.FailuresByReason[r])
		s.termBy[r] = float64(l.TerminationsByReason[r])
	}
	return s
}

// totalSample sums the locations of one replication, in order, merging their
// latency sketches into a fresh sketch.
func totalSample(locs []streams.LocationResult) sample {
	t := sample{latency: sim.NewSketch()}
	for i := range locs {
		l := locationSample(&locs[i])
		t.requests += l.requests
		t.placed += l.placed
		t.failures += l.failures
		t.timeoutsAllocating += l.timeoutsAllocating
		for r := range streams.NumReasons {
			t.failBy[r] += l.failBy[r]
			t.termBy[r] += l.termBy[r]
		}
		t.latency.Merge(l.latency)
		t.streaming += l.streaming
		t.allocated += l.allocated
		t.idle += l.idle
		t.cost += l.cost
		t.idleCost += l.idleCost
		t.coldStarts += l.coldStarts
		t.quotaStalls += l.quotaStalls
		t.quotaStallSeconds += l.quotaStallSeconds
		t.overlapSlotSeconds += l.overlapSlotSeconds
		t.overlapCost += l.overlapCost
	}
	return t
}

// ratio returns a/b, or NaN if b is 0.
func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

func quantile(s *sim.Sketch, q float64) float64 {
	if s == nil {
		return math.NaN()
	}
	return s.Quantile(q)
}

func mean(s *sim.Sketch) float64 {
	if s == nil {
		return math.NaN()
	}
	return s.Mean()
}

// estimate applies f to every replication's sample, in order, and returns
// the estimate over replications.
func estimate(ss []sample, f func(*sample) float64) sim.Estimate {
	xs := make([]float64, len(ss))
	for i := range ss {
		xs[i] = f(&ss[i])
	}
	return sim.NewEstimate(xs)
}

// metrics turns per-replication samples into estimates.
func metrics(ss []sample) Metrics {
	m := Metrics{
		Requests:                         estimate(ss, func(s *sample) float64 { return s.requests }),
		Placed:                           estimate(ss, func(s *sample) float64 { return s.placed }),
		PlacementFailures:                estimate(ss, func(s *sample) float64 { return s.failures }),
		PlacementFailureRatio:            estimate(ss, func(s *sample) float64 { return ratio(s.failures, s.requests) }),
		PlacementTimeoutsWhileAllocating: estimate(ss, func(s *sample) float64 { return s.timeoutsAllocating }),
		PlacementLatencySeconds: Latency{
			Mean: estimate(ss, func(s *sample) float64 { return mean(s.latency) }),
			P50:  estimate(ss, func(s *sample) float64 { return quantile(s.latency, 0.50) }),
			P95:  estimate(ss, func(s *sample) float64 { return quantile(s.latency, 0.95) }),
			P99:  estimate(ss, func(s *sample) float64 { return quantile(s.latency, 0.99) }),
		},
		Utilisation:            estimate(ss, func(s *sample) float64 { return ratio(s.streaming, s.allocated) }),
		AllocatedCapacityHours: estimate(ss, func(s *sample) float64 { return s.allocated / 3600 }),
		IdleCapacityHours:      estimate(ss, func(s *sample) float64 { return s.idle / 3600 }),
		CostUSD:                estimate(ss, func(s *sample) float64 { return s.cost }),
		IdleCostUSD:            estimate(ss, func(s *sample) float64 { return s.idleCost }),
		FailuresByReason:       map[string]sim.Estimate{},
		TerminationsByReason:   map[string]sim.Estimate{},
	}
	lifecycleMetrics(&m, ss)
	for r := streams.Reason(1); r < streams.NumReasons; r++ {
		if r.IsError() {
			m.FailuresByReason[r.String()] = estimate(ss, func(s *sample) float64 { return s.failBy[r] })
		} else {
			m.TerminationsByReason[r.String()] = estimate(ss, func(s *sample) float64 { return s.termBy[r] })
		}
	}
	return m
}

// Summarize combines replications into a Summary. results[i] is replication
// i; every replication must list the same locations in the same order (as
// the streams model guarantees). Each metric is computed per replication and
// then estimated over replications in replication order; a replication in
// which a metric is undefined (a ratio over zero, a latency with no placed
// request) is skipped for that metric. Summarize panics, with the prefix
// "reports: ", if a result is nil or the replications' locations differ,
// which are programmer errors. It does not modify results.
func Summarize(meta Meta, results []*streams.Result) *Summary {
	s := &Summary{
		Scenario: meta.Scenario, ScenarioSHA256: meta.ScenarioSHA256, Seed: meta.Seed,
		Replications: meta.Replications, HorizonSeconds: meta.HorizonSeconds,
		WarmupSeconds: meta.WarmupSeconds, CapsimVersion: meta.CapsimVersion,
		Locations: []LocationSummary{},
	}
	if err := checkLocations(results); err != nil {
		panic("reports: Summarize: " + err.Error())
	}
	totals := make([]sample, len(results))
	for i, r := range results {
		totals[i] = totalSample(r.Locations)
	}
	s.Total = metrics(totals)
	s.Warnings = lifetimeWarnings(meta.HorizonSeconds, results)
	if len(results) == 0 {
		return s
	}
	for li := range results[0].Locations {
		l0 := &results[0].Locations[li]
		ss := make([]sample, len(results))
		for i, r := range results {
			ss[i] = locationSample(&r.Locations[li])
		}
		s.Locations = append(s.Locations, LocationSummary{
			StreamGroup: l0.Group, Location: l0.Location, Class: l0.Class, Metrics: metrics(ss)})
	}
	return s
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
