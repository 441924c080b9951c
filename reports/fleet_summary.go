package reports

import (
	"fmt"
	"math"

	"github.com/capsim/capsim/models/fleets"
)

// FleetSummary is the metrics of one fleet location (a GameLift Servers
// fleet, or FleetIQ game server group, in one location). FleetMetrics is
// embedded, so its metrics appear in the same JSON object.
type FleetSummary struct {
	Fleet    string `json:"fleet"`
	Location string `json:"location"`
	Kind     string `json:"kind"` // ec2, container, anywhere or fleetiq
	FleetMetrics
}

// FleetReasonNormal is the terminations_by_reason key of game sessions that
// ended TERMINATED without a StatusReason: a normal end of game.
const FleetReasonNormal = "normal"

// FleetReasonScaledIn and FleetReasonExpired are capsim's
// terminations_by_reason keys for reasons the service does not spell: a game
// session ended because scale-in removed its instance (NoProtection), and a
// game whose instance went stale and expired (S003's EXPIRED).
const (
	FleetReasonScaledIn = "SCALED_IN"
	FleetReasonExpired  = "EXPIRED"
)

// FleetReasonName returns a GameSessionReason's terminations_by_reason key:
// the service's StatusReason spelling, or [FleetReasonNormal].
func FleetReasonName(r fleets.GameSessionReason) string { return r.SummaryKey() }

// checkMeasured rejects a measured period that is negative or not finite.
func checkMeasured(measuredSeconds float64) error {
	if !(measuredSeconds >= 0) || math.IsInf(measuredSeconds, 0) {
		return fmt.Errorf("measured period %v s is not a finite non-negative number", measuredSeconds)
	}
	return nil
}

// summarizeFleets returns one FleetSummary per fleet location, in result
// order, and their total (counts, seconds and costs summed over locations
// within each replication, latency sketches merged, instances.max
// undefined); nil, nil, nil for no results or no fleet location.
// measuredSeconds divides instance-seconds into mean instance counts (0
// leaves them undefined).
func summarizeFleets(measuredSeconds float64, results []*fleets.Result) ([]FleetSummary, *FleetMetrics, error) {
	if len(results) == 0 {
		return nil, nil, nil
	}
	if err := checkMeasured(measuredSeconds); err != nil {
		return nil, nil, fmt.Errorf("reports: fleets: %w", err)
	}
	if err := checkFleetLocations(results); err != nil {
		return nil, nil, fmt.Errorf("reports: fleets: %w", err)
	}
	if len(results[0].Locations) == 0 {
		return nil, nil, nil
	}
	reps := make([][]fleets.LocationResult, len(results))
	for i, r := range results {
		reps[i] = r.Locations
	}
	out := make([]FleetSummary, 0, len(results[0].Locations))
	for li := range results[0].Locations {
		l0 := &results[0].Locations[li]
		out = append(out, FleetSummary{Fleet: l0.Fleet, Location: l0.Location, Kind: string(l0.Kind),
			FleetMetrics: estimateDefs(fleetSpec, fleets.Metrics, reps, li, measuredSeconds)})
	}
	total := estimateDefs(fleetSpec, fleets.Metrics, reps, -1, measuredSeconds)
	return out, &total, nil
}

// checkFleetLocations reports whether results are non-nil and list the same
// fleet locations (fleet, location, kind) in the same order.
func checkFleetLocations(results []*fleets.Result) error {
	return checkSameLocations(results, "fleet location",
		func(r *fleets.Result) []fleets.LocationResult { return r.Locations },
		func(l *fleets.LocationResult) [3]string { return [3]string{l.Fleet, l.Location, string(l.Kind)} })
}
