package reports

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/sim"
)

// FleetSummary is the metrics of one fleet location (a GameLift Servers
// fleet, or FleetIQ game server group, in one location). FleetMetrics is
// embedded, so its fields appear in the same JSON object.
type FleetSummary struct {
	Fleet    string `json:"fleet"`
	Location string `json:"location"`
	Kind     string `json:"kind"` // ec2, container, anywhere or fleetiq
	FleetMetrics
}

// FleetMetrics are replication estimates of one fleet location, or of all
// fleet locations together. Counts are of what happened after the warm-up,
// per replication. Placement outcomes are counted where the model counts
// them: at the location a request was placed, or, when it was not placed,
// at its queue's first destination (FleetIQ: its group's first location).
type FleetMetrics struct {
	// Placements are placement requests (FleetIQ: claims) that arrived
	// after the warm-up; Fulfilled, TimedOut, Cancelled, Failed and
	// Pending count their final statuses (Pending: still pending at the
	// horizon).
	Placements sim.Estimate `json:"placements"`
	Fulfilled  sim.Estimate `json:"fulfilled"`
	TimedOut   sim.Estimate `json:"timed_out"`
	Cancelled  sim.Estimate `json:"cancelled"`
	Failed     sim.Estimate `json:"failed"`
	Pending    sim.Estimate `json:"pending"`
	// TimedOutRatio is timed_out / placements (dimensionless); a
	// replication without placements is skipped.
	TimedOutRatio sim.Estimate `json:"timed_out_ratio"`
	// OutOfCapacity counts FleetIQ claim attempts that found no server.
	OutOfCapacity sim.Estimate `json:"out_of_capacity"`
	// DirectClaims counts FleetIQ claims naming a game server; the
	// DirectConflict* fields those that failed with ConflictException
	// because the server was UTILIZED, already CLAIMED, or on a DRAINING
	// instance the filter does not allow (S002).
	DirectClaims            sim.Estimate `json:"direct_claims"`
	DirectConflictsUtilized sim.Estimate `json:"direct_claim_conflicts_utilized"`
	DirectConflictsClaimed  sim.Estimate `json:"direct_claim_conflicts_claimed"`
	DirectConflictsDraining sim.Estimate `json:"direct_claim_conflicts_draining"`
	// PlacementLatencySeconds is request to FULFILLED (FleetIQ: to claimed).
	PlacementLatencySeconds Latency `json:"placement_latency_seconds"`
	// Instances is the number of instances held (billed, any state).
	Instances FleetInstances `json:"instances"`
	// Utilisation is game-session-seconds / process-slot-seconds on ACTIVE
	// instances (dimensionless); a replication without process slots is
	// skipped.
	Utilisation sim.Estimate `json:"utilisation"`
	// Process-hours: ready processes without a game session; processes
	// held by a termination that never concludes; processes held by games
	// whose end signal was lost, from the game's real end until freed
	// (0 when lost ends free the process).
	IdleProcessHours             sim.Estimate `json:"idle_process_hours"`
	StuckTerminatingProcessHours sim.Estimate `json:"stuck_terminating_process_hours"`
	// ExpiredGames counts games that ended EXPIRED (stale expiry, S003);
	// ExpiredInPlay those of them that expired while still in play.
	ExpiredGames            sim.Estimate `json:"expired_games"`
	ExpiredInPlay           sim.Estimate `json:"expired_in_play"`
	ExpiredGameProcessHours sim.Estimate `json:"expired_game_process_hours"`
	// StaleGameInstanceHours: game instances whose end signal was lost,
	// from the game's real end until they expire, whether or not they
	// hold a process (what lost ends cost in process-hours if they do).
	StaleGameInstanceHours sim.Estimate `json:"stale_game_instance_hours"`
	// Counts of incidents.
	Interruptions sim.Estimate `json:"interruptions"` // Spot instances reclaimed
	ClaimLapses   sim.Estimate `json:"claim_lapses"`  // FleetIQ claims that lapsed
	// ScaleInTerminations counts game sessions ended because scale-in
	// removed their instance (terminations_by_reason.SCALED_IN; not
	// FORCE_TERMINATED).
	ScaleInTerminations sim.Estimate `json:"scale_in_terminations"`
	TerminateRejected   sim.Estimate `json:"terminate_rejected"` // TerminateGameSession calls rejected
	DuplicateEnds       sim.Estimate `json:"duplicate_ends"`     // end signals delivered twice
	LostEnds            sim.Estimate `json:"lost_ends"`          // end signals lost
	ScalingActions      sim.Estimate `json:"scaling_actions"`    // changes of the desired instance count
	BufferLimited       sim.Estimate `json:"buffer_limited"`     // buffer evaluations clamped by min/max replicas
	// CostUSD and IdleCostUSD are in US dollars.
	CostUSD     sim.Estimate `json:"cost_usd"`
	IdleCostUSD sim.Estimate `json:"idle_cost_usd"`
	// TerminationsByReason counts game sessions that ended TERMINATED, one
	// entry per reason, keyed as the service spells StatusReason
	// (INTERRUPTED, TRIGGERED_ON_PROCESS_TERMINATE, FORCE_TERMINATED),
	// "normal" for a game that ended normally (no StatusReason), capsim's
	// SCALED_IN for sessions ended by scale-in and EXPIRED for games whose
	// instance expired (S003); every key is always present.
	TerminationsByReason map[string]sim.Estimate `json:"terminations_by_reason"`
	// Errors counts game sessions that ended in ERROR (activation timeout).
	Errors sim.Estimate `json:"errors"`
}

// FleetInstances is the instance count of a fleet location: Mean is the
// time average over the measured period (instance-seconds / measured
// seconds, Spot included), SpotMean the part of it on Spot, Max the most
// held at once. In the total, Mean and SpotMean are sums over locations and
// Max is undefined (the locations' peaks need not coincide).
type FleetInstances struct {
	Mean     sim.Estimate `json:"mean"`
	SpotMean sim.Estimate `json:"spot_mean"`
	Max      sim.Estimate `json:"max"`
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
func FleetReasonName(r fleets.GameSessionReason) string {
	switch r {
	case fleets.ReasonNone:
		return FleetReasonNormal
	case fleets.ReasonInterrupted:
		return "INTERRUPTED"
	case fleets.ReasonTriggeredOnProcessTerminate:
		return "TRIGGERED_ON_PROCESS_TERMINATE"
	case fleets.ReasonForceTerminated:
		return "FORCE_TERMINATED"
	case fleets.ReasonScaledIn:
		return FleetReasonScaledIn
	case fleets.ReasonExpired:
		return FleetReasonExpired
	}
	return "REASON_" + strconv.Itoa(int(r))
}

// fleetSample is one replication's raw measurements of a fleet location or
// of the total.
type fleetSample struct {
	placements    float64
	byStatus      [fleets.NumPlacementStatuses]float64
	outOfCapacity float64
	direct        float64
	conflicts     [fleets.NumConflictCauses]float64
	latency       *sim.Sketch // nil if none
	term          [fleets.NumGameSessionReasons]float64
	errors        float64
	terminateRej  float64
	duplicateEnds float64
	lostEnds      float64
	expiredGames  float64
	expiredInPlay float64
	interruptions float64
	claimLapses   float64
	scaleIn       float64
	// seconds of the unit
	instance, spot, slots, active, idle, stuck, expired, stale float64
	maxInstances                                               float64 // NaN in the total
	scaling, bufferLimited                                     float64
	cost, idleCost                                             float64
}

func fleetLocationSample(l *fleets.LocationResult) fleetSample {
	s := fleetSample{
		placements: float64(l.Placements), outOfCapacity: float64(l.OutOfCapacity), latency: l.Latency,
		direct: float64(l.DirectClaims),
		errors: float64(l.Errors), terminateRej: float64(l.TerminateRejected),
		duplicateEnds: float64(l.DuplicateEnds), lostEnds: float64(l.LostEnds),
		expiredGames: float64(l.ExpiredGames), expiredInPlay: float64(l.ExpiredInPlay), interruptions: float64(l.Interruptions),
		claimLapses: float64(l.ClaimLapses), scaleIn: float64(l.ScaleInTerminations),
		instance: l.InstanceSeconds, spot: l.SpotInstanceSeconds, slots: l.ProcessSlotSeconds,
		active: l.ActiveSessionSeconds, idle: l.IdleProcessSeconds, stuck: l.StuckTerminatingSeconds,
		expired: l.ExpiredGameSeconds, stale: l.StaleGameInstanceSeconds, maxInstances: float64(l.MaxInstances),
		scaling: float64(l.ScalingActions), bufferLimited: float64(l.BufferLimited),
		cost: l.CostUSD, idleCost: l.IdleCostUSD,
	}
	for st := range fleets.NumPlacementStatuses {
		s.byStatus[st] = float64(l.ByStatus[st])
	}
	for r := range fleets.NumGameSessionReasons {
		s.term[r] = float64(l.Terminations[r])
	}
	for c := range fleets.NumConflictCauses {
		s.conflicts[c] = float64(l.DirectClaimConflicts[c])
	}
	return s
}

// fleetTotalSample sums the fleet locations of one replication, in order,
// merging their latency sketches into a fresh sketch.
func fleetTotalSample(locs []fleets.LocationResult) fleetSample {
	t := fleetSample{latency: sim.NewSketch(), maxInstances: math.NaN()}
	for i := range locs {
		l := fleetLocationSample(&locs[i])
		t.placements += l.placements
		for st := range fleets.NumPlacementStatuses {
			t.byStatus[st] += l.byStatus[st]
		}
		t.outOfCapacity += l.outOfCapacity
		t.direct += l.direct
		for c := range fleets.NumConflictCauses {
			t.conflicts[c] += l.conflicts[c]
		}
		t.latency.Merge(l.latency)
		for r := range fleets.NumGameSessionReasons {
			t.term[r] += l.term[r]
		}
		t.errors += l.errors
		t.terminateRej += l.terminateRej
		t.duplicateEnds += l.duplicateEnds
		t.lostEnds += l.lostEnds
		t.expiredGames += l.expiredGames
		t.expiredInPlay += l.expiredInPlay
		t.interruptions += l.interruptions
		t.claimLapses += l.claimLapses
		t.scaleIn += l.scaleIn
		t.instance += l.instance
		t.spot += l.spot
		t.slots += l.slots
		t.active += l.active
		t.idle += l.idle
		t.stuck += l.stuck
		t.expired += l.expired
		t.stale += l.stale
		t.scaling += l.scaling
		t.bufferLimited += l.bufferLimited
		t.cost += l.cost
		t.idleCost += l.idleCost
	}
	return t
}

// fleetEstimate applies f to every replication's sample, in order.
func fleetEstimate(ss []fleetSample, f func(*fleetSample) float64) sim.Estimate {
	xs := make([]float64, len(ss))
	for i := range ss {
		xs[i] = f(&ss[i])
	}
	return sim.NewEstimate(xs)
}

// fleetMetrics turns per-replication samples into estimates; measured is
// the measured period in seconds (0: instance means undefined).
func fleetMetrics(ss []fleetSample, measured float64) FleetMetrics {
	e := func(f func(*fleetSample) float64) sim.Estimate { return fleetEstimate(ss, f) }
	status := func(st fleets.PlacementStatus) sim.Estimate {
		return e(func(s *fleetSample) float64 { return s.byStatus[st] })
	}
	m := FleetMetrics{
		Placements:              e(func(s *fleetSample) float64 { return s.placements }),
		Fulfilled:               status(fleets.PlacementFulfilled),
		TimedOut:                status(fleets.PlacementTimedOut),
		Cancelled:               status(fleets.PlacementCancelled),
		Failed:                  status(fleets.PlacementFailed),
		Pending:                 status(fleets.PlacementPending),
		TimedOutRatio:           e(func(s *fleetSample) float64 { return ratio(s.byStatus[fleets.PlacementTimedOut], s.placements) }),
		OutOfCapacity:           e(func(s *fleetSample) float64 { return s.outOfCapacity }),
		DirectClaims:            e(func(s *fleetSample) float64 { return s.direct }),
		DirectConflictsUtilized: e(func(s *fleetSample) float64 { return s.conflicts[fleets.ConflictUtilized] }),
		DirectConflictsClaimed:  e(func(s *fleetSample) float64 { return s.conflicts[fleets.ConflictClaimed] }),
		DirectConflictsDraining: e(func(s *fleetSample) float64 { return s.conflicts[fleets.ConflictDraining] }),
		PlacementLatencySeconds: Latency{
			Mean: e(func(s *fleetSample) float64 { return mean(s.latency) }),
			P50:  e(func(s *fleetSample) float64 { return quantile(s.latency, 0.50) }),
			P95:  e(func(s *fleetSample) float64 { return quantile(s.latency, 0.95) }),
			P99:  e(func(s *fleetSample) float64 { return quantile(s.latency, 0.99) }),
		},
		Instances: FleetInstances{
			Mean:     e(func(s *fleetSample) float64 { return ratio(s.instance, measured) }),
			SpotMean: e(func(s *fleetSample) float64 { return ratio(s.spot, measured) }),
			Max:      e(func(s *fleetSample) float64 { return s.maxInstances }),
		},
		Utilisation:                  e(func(s *fleetSample) float64 { return ratio(s.active, s.slots) }),
		IdleProcessHours:             e(func(s *fleetSample) float64 { return s.idle / 3600 }),
		StuckTerminatingProcessHours: e(func(s *fleetSample) float64 { return s.stuck / 3600 }),
		ExpiredGames:                 e(func(s *fleetSample) float64 { return s.expiredGames }),
		ExpiredInPlay:                e(func(s *fleetSample) float64 { return s.expiredInPlay }),
		ExpiredGameProcessHours:      e(func(s *fleetSample) float64 { return s.expired / 3600 }),
		StaleGameInstanceHours:       e(func(s *fleetSample) float64 { return s.stale / 3600 }),
		Interruptions:                e(func(s *fleetSample) float64 { return s.interruptions }),
		ClaimLapses:                  e(func(s *fleetSample) float64 { return s.claimLapses }),
		ScaleInTerminations:          e(func(s *fleetSample) float64 { return s.scaleIn }),
		TerminateRejected:            e(func(s *fleetSample) float64 { return s.terminateRej }),
		DuplicateEnds:                e(func(s *fleetSample) float64 { return s.duplicateEnds }),
		LostEnds:                     e(func(s *fleetSample) float64 { return s.lostEnds }),
		ScalingActions:               e(func(s *fleetSample) float64 { return s.scaling }),
		BufferLimited:                e(func(s *fleetSample) float64 { return s.bufferLimited }),
		CostUSD:                      e(func(s *fleetSample) float64 { return s.cost }),
		IdleCostUSD:                  e(func(s *fleetSample) float64 { return s.idleCost }),
		TerminationsByReason:         map[string]sim.Estimate{},
		Errors:                       e(func(s *fleetSample) float64 { return s.errors }),
	}
	for r := range fleets.NumGameSessionReasons {
		m.TerminationsByReason[FleetReasonName(r)] = e(func(s *fleetSample) float64 { return s.term[r] })
	}
	return m
}

// checkMeasured rejects a measured period that is negative or not finite.
func checkMeasured(measuredSeconds float64) error {
	if !(measuredSeconds >= 0) || math.IsInf(measuredSeconds, 0) {
		return fmt.Errorf("measured period %v s is not a finite non-negative number", measuredSeconds)
	}
	return nil
}

// SummarizeFleets combines replications into one [FleetSummary] per fleet
// location, in result order (fleet then location). results[i] is
// replication i; every replication must list the same fleet locations
// (fleet, location, kind) in the same order, as the fleets model
// guarantees. measuredSeconds is the measured period, horizon minus
// warm-up; it divides the instance-seconds into a mean instance count (0
// leaves that mean undefined). Each metric is computed per replication and
// then estimated over replications in replication order; a replication in
// which a metric is undefined (a ratio over zero, a latency with nothing
// fulfilled) is skipped for that metric. It returns nil, nil for no
// results or no fleet location, and an error, with the prefix
// "reports: ", for a nil result, mismatched replications or a bad
// measuredSeconds. It does not modify results.
func SummarizeFleets(measuredSeconds float64, results []*fleets.Result) ([]FleetSummary, error) {
	if err := checkMeasured(measuredSeconds); err != nil {
		return nil, fmt.Errorf("reports: fleets: %w", err)
	}
	if err := checkFleetLocations(results); err != nil {
		return nil, fmt.Errorf("reports: fleets: %w", err)
	}
	if len(results) == 0 || len(results[0].Locations) == 0 {
		return nil, nil
	}
	out := make([]FleetSummary, 0, len(results[0].Locations))
	for li := range results[0].Locations {
		l0 := &results[0].Locations[li]
		ss := make([]fleetSample, len(results))
		for i, r := range results {
			ss[i] = fleetLocationSample(&r.Locations[li])
		}
		out = append(out, FleetSummary{Fleet: l0.Fleet, Location: l0.Location, Kind: string(l0.Kind),
			FleetMetrics: fleetMetrics(ss, measuredSeconds)})
	}
	return out, nil
}

// SummarizeFleetTotal is [SummarizeFleets] for all fleet locations
// together: within each replication, counts, seconds and costs are summed
// over locations and the latency sketches merged (exactly) before the
// metric is taken, so ratios are ratios of sums; instances.max is
// undefined. It returns nil, nil for no results or no fleet location, and
// the errors of SummarizeFleets.
func SummarizeFleetTotal(measuredSeconds float64, results []*fleets.Result) (*FleetMetrics, error) {
	if err := checkMeasured(measuredSeconds); err != nil {
		return nil, fmt.Errorf("reports: fleets: %w", err)
	}
	if err := checkFleetLocations(results); err != nil {
		return nil, fmt.Errorf("reports: fleets: %w", err)
	}
	if len(results) == 0 || len(results[0].Locations) == 0 {
		return nil, nil
	}
	ss := make([]fleetSample, len(results))
	for i, r := range results {
		ss[i] = fleetTotalSample(r.Locations)
	}
	m := fleetMetrics(ss, measuredSeconds)
	return &m, nil
}

// checkFleetLocations reports whether results are non-nil and list the same
// fleet locations (fleet, location, kind) in the same order.
func checkFleetLocations(results []*fleets.Result) error {
	for i, r := range results {
		if r == nil {
			return fmt.Errorf("replication %d: nil result", i)
		}
		if len(r.Locations) != len(results[0].Locations) {
			return fmt.Errorf("replication %d has %d fleet locations, replication 0 has %d",
				i, len(r.Locations), len(results[0].Locations))
		}
		for li := range r.Locations {
			a, b := &r.Locations[li], &results[0].Locations[li]
			if a.Fleet != b.Fleet || a.Location != b.Location || a.Kind != b.Kind {
				return fmt.Errorf("replication %d fleet location %d is %s/%s (%s), replication 0 has %s/%s (%s)",
					i, li, a.Fleet, a.Location, a.Kind, b.Fleet, b.Location, b.Kind)
			}
		}
	}
	return nil
}

// fleetRow is one metric of the fleet table.
type fleetRow struct {
	label string
	unit  unit
	get   func(*FleetMetrics) sim.Estimate // nil: a heading row
	// sparse rows are shown only if their mean is non-zero (and defined)
	// in some column.
	sparse bool
}

func nonZeroSomewhere(cols []*FleetMetrics, get func(*FleetMetrics) sim.Estimate) bool {
	for _, m := range cols {
		if e := get(m); e.Mean != 0 && !math.IsNaN(e.Mean) {
			return true
		}
	}
	return false
}

// FleetTable returns the transposed fleet table: one row per metric (label
// first, unit in the label) and one column per fleet location
// ("fleet/location (kind)"), plus a "total" column if total is not nil.
// Cells read "mean ± 95% CI half-width"; "n/a" marks an undefined metric.
// Rows of incidents that only some fleets can have (pending, out of
// capacity, errors, stuck and expired games, Spot, FleetIQ claims, the API,
// signals, buffer clamps) and termination reasons appear only if non-zero in
// some column; a heading row (empty cells) introduces the terminations.
func FleetTable(fs []FleetSummary, total *FleetMetrics) Table {
	cols := make([]*FleetMetrics, 0, len(fs)+1)
	heads := []string{"metric"}
	for i := range fs {
		cols = append(cols, &fs[i].FleetMetrics)
		heads = append(heads, fmt.Sprintf("%s/%s (%s)", fs[i].Fleet, fs[i].Location, fs[i].Kind))
	}
	if total != nil {
		cols = append(cols, total)
		heads = append(heads, "total")
	}
	rows := []fleetRow{
		{label: "placements", unit: unitCount, get: func(m *FleetMetrics) sim.Estimate { return m.Placements }},
		{label: "  fulfilled", unit: unitCount, get: func(m *FleetMetrics) sim.Estimate { return m.Fulfilled }},
		{label: "  timed out", unit: unitCount, get: func(m *FleetMetrics) sim.Estimate { return m.TimedOut }},
		{label: "  cancelled", unit: unitCount, get: func(m *FleetMetrics) sim.Estimate { return m.Cancelled }},
		{label: "  failed", unit: unitCount, get: func(m *FleetMetrics) sim.Estimate { return m.Failed }},
		{label: "  pending at the horizon", unit: unitCount, sparse: true, get: func(m *FleetMetrics) sim.Estimate { return m.Pending }},
		{label: "timed-out ratio (%)", unit: unitPercent, get: func(m *FleetMetrics) sim.Estimate { return m.TimedOutRatio }},
		{label: "out of capacity (claim attempts)", unit: unitCount, sparse: true, get: func(m *FleetMetrics) sim.Estimate { return m.OutOfCapacity }},
		{label: "direct claims (named server)", unit: unitCount, sparse: true, get: func(m *FleetMetrics) sim.Estimate { return m.DirectClaims }},
		{label: "  conflict: UTILIZED", unit: unitCount, sparse: true, get: func(m *FleetMetrics) sim.Estimate { return m.DirectConflictsUtilized }},
		{label: "  conflict: CLAIMED", unit: unitCount, sparse: true, get: func(m *FleetMetrics) sim.Estimate { return m.DirectConflictsClaimed }},
		{label: "  conflict: DRAINING", unit: unitCount, sparse: true, get: func(m *FleetMetrics) sim.Estimate { return m.DirectConflictsDraining }},
		{label: "latency mean (s)", unit: unitSig3, get: func(m *FleetMetrics) sim.Estimate { return m.PlacementLatencySeconds.Mean }},
		{label: "latency p50 (s)", unit: unitSig3, get: func(m *FleetMetrics) sim.Estimate { return m.PlacementLatencySeconds.P50 }},
		{label: "latency p95 (s)", unit: unitSig3, get: func(m *FleetMetrics) sim.Estimate { return m.PlacementLatencySeconds.P95 }},
		{label: "latency p99 (s)", unit: unitSig3, get: func(m *FleetMetrics) sim.Estimate { return m.PlacementLatencySeconds.P99 }},
		{label: "instances, mean", unit: unitSig3, get: func(m *FleetMetrics) sim.Estimate { return m.Instances.Mean }},
		{label: "  of which Spot", unit: unitSig3, sparse: true, get: func(m *FleetMetrics) sim.Estimate { return m.Instances.SpotMean }},
		{label: "instances, max", unit: unitCount, get: func(m *FleetMetrics) sim.Estimate { return m.Instances.Max }},
		{label: "utilisation (%)", unit: unitPercent, get: func(m *FleetMetrics) sim.Estimate { return m.Utilisation }},
		{label: "idle processes (process-h)", unit: unitSig3, get: func(m *FleetMetrics) sim.Estimate { return m.IdleProcessHours }},
		{label: "stuck terminating (process-h)", unit: unitSig3, sparse: true, get: func(m *FleetMetrics) sim.Estimate { return m.StuckTerminatingProcessHours }},
		{label: "expired games", unit: unitCount, sparse: true, get: func(m *FleetMetrics) sim.Estimate { return m.ExpiredGames }},
		{label: "  of which in play", unit: unitCount, sparse: true, get: func(m *FleetMetrics) sim.Estimate { return m.ExpiredInPlay }},
		{label: "expired games (process-h)", unit: unitSig3, sparse: true, get: func(m *FleetMetrics) sim.Estimate { return m.ExpiredGameProcessHours }},
		{label: "stale game instances (h)", unit: unitSig3, sparse: true, get: func(m *FleetMetrics) sim.Estimate { return m.StaleGameInstanceHours }},
		{label: "game session errors", unit: unitCount, sparse: true, get: func(m *FleetMetrics) sim.Estimate { return m.Errors }},
		{label: "Spot interruptions", unit: unitCount, sparse: true, get: func(m *FleetMetrics) sim.Estimate { return m.Interruptions }},
		{label: "claim lapses", unit: unitCount, sparse: true, get: func(m *FleetMetrics) sim.Estimate { return m.ClaimLapses }},
		{label: "games ended by scale-in", unit: unitCount, sparse: true, get: func(m *FleetMetrics) sim.Estimate { return m.ScaleInTerminations }},
		{label: "terminate calls rejected", unit: unitCount, sparse: true, get: func(m *FleetMetrics) sim.Estimate { return m.TerminateRejected }},
		{label: "duplicate end signals", unit: unitCount, sparse: true, get: func(m *FleetMetrics) sim.Estimate { return m.DuplicateEnds }},
		{label: "lost end signals", unit: unitCount, sparse: true, get: func(m *FleetMetrics) sim.Estimate { return m.LostEnds }},
		{label: "scaling actions", unit: unitCount, get: func(m *FleetMetrics) sim.Estimate { return m.ScalingActions }},
		{label: "buffer clamped by min/max", unit: unitCount, sparse: true, get: func(m *FleetMetrics) sim.Estimate { return m.BufferLimited }},
		{label: "cost (USD)", unit: unitUSD, get: func(m *FleetMetrics) sim.Estimate { return m.CostUSD }},
		{label: "idle cost (USD)", unit: unitUSD, get: func(m *FleetMetrics) sim.Estimate { return m.IdleCostUSD }},
	}
	var term []fleetRow
	for r := range fleets.NumGameSessionReasons {
		name := FleetReasonName(r)
		term = append(term, fleetRow{label: "  " + name, unit: unitCount, sparse: true,
			get: func(m *FleetMetrics) sim.Estimate {
				e, ok := m.TerminationsByReason[name]
				if !ok {
					return sim.Estimate{Mean: math.NaN(), CI95: math.NaN()}
				}
				return e
			}})
	}
	keep := func(rs []fleetRow) []fleetRow {
		var out []fleetRow
		for _, r := range rs {
			if !r.sparse || nonZeroSomewhere(cols, r.get) {
				out = append(out, r)
			}
		}
		return out
	}
	rows = keep(rows)
	if term = keep(term); len(term) > 0 {
		rows = append(rows, fleetRow{label: "terminations by reason (count)"})
		rows = append(rows, term...)
	}
	t := Table{Header: heads}
	for _, r := range rows {
		cells := []string{r.label}
		for _, m := range cols {
			c := ""
			if r.get != nil {
				c = formatEstimate(r.get(m), r.unit)
			}
			cells = append(cells, c)
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

// WriteFleetTable writes [FleetTable] for the terminal: a heading line
// ("fleet locations"), then the table aligned in columns. It writes nothing
// if fs is empty.
func WriteFleetTable(w io.Writer, fs []FleetSummary, total *FleetMetrics) error {
	if len(fs) == 0 {
		return nil
	}
	t := FleetTable(fs, total)
	var buf bytes.Buffer
	buf.WriteString("fleet locations\n\n")
	if err := t.writeAligned(&buf); err != nil {
		return fmt.Errorf("reports: fleet table: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// FleetTimeseriesHeader is the header row of the fleet timeseries CSV.
var FleetTimeseriesHeader = []string{"fleet", "location", "minute_start",
	"instances", "active", "idle", "desired", "requests", "scaling_actions"}

// fleetTimeseriesColumns returns the series behind the header's columns
// from "instances" on, in order.
func fleetTimeseriesColumns() []func(*fleets.Timeseries) []float64 {
	return []func(*fleets.Timeseries) []float64{
		func(ts *fleets.Timeseries) []float64 { return ts.Instances },
		func(ts *fleets.Timeseries) []float64 { return ts.Active },
		func(ts *fleets.Timeseries) []float64 { return ts.Idle },
		func(ts *fleets.Timeseries) []float64 { return ts.Desired },
		func(ts *fleets.Timeseries) []float64 { return ts.Requests },
		func(ts *fleets.Timeseries) []float64 { return ts.Scaling },
	}
}

// fleetBuckets returns the bucket count of ts (the length of Instances).
func fleetBuckets(ts *fleets.Timeseries) int { return len(ts.Instances) }

// checkFleetTimeseries reports whether every replication has a well-formed
// timeseries of the same shape for the same fleet locations.
func checkFleetTimeseries(results []*fleets.Result) error {
	if err := checkFleetLocations(results); err != nil {
		return err
	}
	names := FleetTimeseriesHeader[3:]
	for i, r := range results {
		for li := range r.Locations {
			l := &r.Locations[li]
			ts := l.Timeseries
			if ts == nil {
				return fmt.Errorf("replication %d, %s/%s: no timeseries (TimeseriesStep is 0)", i, l.Fleet, l.Location)
			}
			if !(ts.StepSeconds > 0) || math.IsInf(ts.StepSeconds, 0) {
				return fmt.Errorf("replication %d, %s/%s: step %v s is not positive", i, l.Fleet, l.Location, ts.StepSeconds)
			}
			n := fleetBuckets(ts)
			for c, get := range fleetTimeseriesColumns() {
				if m := len(get(ts)); m != n {
					return fmt.Errorf("replication %d, %s/%s: %s has %d buckets, instances has %d",
						i, l.Fleet, l.Location, names[c], m, n)
				}
			}
			t0 := results[0].Locations[li].Timeseries
			if ts.StepSeconds != t0.StepSeconds || n != fleetBuckets(t0) {
				return fmt.Errorf("replication %d, %s/%s: %d buckets of %v s, replication 0 has %d of %v s",
					i, l.Fleet, l.Location, n, ts.StepSeconds, fleetBuckets(t0), t0.StepSeconds)
			}
		}
	}
	return nil
}

// WriteFleetTimeseriesCSV writes the timeseries of every fleet location as
// CSV with the header [FleetTimeseriesHeader]: one row per fleet location
// (in result order) and bucket, over the whole run (warm-up included).
// minute_start is the bucket start in minutes since the scenario start;
// instances (held, any state), active (game sessions) and idle (ready
// processes without a game session) are time averages over the bucket;
// desired is the desired instance count at the bucket's end; requests the
// placement requests (FleetIQ: claims) arriving in the bucket and
// scaling_actions the changes of the desired count in it. Every value is
// the mean over replications, summed in replication order, with 6
// significant digits. It returns an error, before writing anything, if
// there are no results, if a result lacks a timeseries, or if the
// replications or series differ in fleet locations, step or bucket count.
func WriteFleetTimeseriesCSV(w io.Writer, results []*fleets.Result) error {
	if len(results) == 0 {
		return errors.New("reports: fleet timeseries: no results")
	}
	if err := checkFleetTimeseries(results); err != nil {
		return fmt.Errorf("reports: fleet timeseries: %w", err)
	}
	var buf bytes.Buffer
	err := writeMeanRows(csv.NewWriter(&buf), FleetTimeseriesHeader, len(results), len(results[0].Locations),
		func(rep, li int) (string, string, *fleets.Timeseries) {
			l := &results[rep].Locations[li]
			return l.Fleet, l.Location, l.Timeseries
		},
		func(ts *fleets.Timeseries) (int, float64) { return fleetBuckets(ts), ts.StepSeconds },
		fleetTimeseriesColumns())
	if err != nil {
		return fmt.Errorf("reports: fleet timeseries: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// FleetLocationFigures is everything the fleet plots show of one fleet
// location. Series have one value per bucket of StepSeconds from the
// scenario start (warm-up included); bucket k covers [k*StepSeconds,
// (k+1)*StepSeconds).
type FleetLocationFigures struct {
	Fleet, Location, Kind string
	StepSeconds           float64
	// Instances held, game sessions (ACTIVATING or ACTIVE) and idle ready
	// processes, time-averaged per bucket.
	Instances, Active, Idle Band
	// Desired is the mean desired instance count at each bucket's end;
	// Scaling the mean number of scaling actions in each bucket.
	Desired, Scaling []float64
	// RequestsPerHour is the placement requests (FleetIQ: claims) per hour.
	RequestsPerHour Band
	// Summary is this location's summary, if one was given (for costs).
	Summary *FleetSummary
}

// Buckets returns the number of buckets.
func (l *FleetLocationFigures) Buckets() int { return len(l.Instances.Mean) }

// Hours returns the start of bucket k in hours since the scenario start.
func (l *FleetLocationFigures) Hours(k int) float64 { return float64(k) * l.StepSeconds / 3600 }

// FleetFigures is the data behind the fleet plots of a run.
type FleetFigures struct {
	WarmupSeconds float64
	Locations     []FleetLocationFigures
}

// NewFleetFigures computes the fleet plot data of a run from its
// replications, which must have timeseries (Config.TimeseriesStep > 0),
// and from their summaries fs (from [SummarizeFleets] on the same results;
// nil leaves every location's Summary nil, and the cost plot empty). Means
// are taken over replications in replication order, so the result is
// deterministic.
func NewFleetFigures(fs []FleetSummary, results []*fleets.Result, warmupSeconds float64) (*FleetFigures, error) {
	if len(results) == 0 {
		return nil, errors.New("reports: fleet figures: no results")
	}
	if err := checkFleetTimeseries(results); err != nil {
		return nil, fmt.Errorf("reports: fleet figures: %w", err)
	}
	if fs != nil && len(fs) != len(results[0].Locations) {
		return nil, fmt.Errorf("reports: fleet figures: %d summaries for %d fleet locations", len(fs), len(results[0].Locations))
	}
	f := &FleetFigures{WarmupSeconds: warmupSeconds}
	for li := range results[0].Locations {
		l0 := &results[0].Locations[li]
		step := l0.Timeseries.StepSeconds
		series := func(get func(ts *fleets.Timeseries) []float64, scale float64) Band {
			return fleetBand(results, li, func(ts *fleets.Timeseries, k int) float64 { return get(ts)[k] * scale })
		}
		lf := FleetLocationFigures{
			Fleet: l0.Fleet, Location: l0.Location, Kind: string(l0.Kind), StepSeconds: step,
			Instances:       series(func(ts *fleets.Timeseries) []float64 { return ts.Instances }, 1),
			Active:          series(func(ts *fleets.Timeseries) []float64 { return ts.Active }, 1),
			Idle:            series(func(ts *fleets.Timeseries) []float64 { return ts.Idle }, 1),
			Desired:         series(func(ts *fleets.Timeseries) []float64 { return ts.Desired }, 1).Mean,
			Scaling:         series(func(ts *fleets.Timeseries) []float64 { return ts.Scaling }, 1).Mean,
			RequestsPerHour: series(func(ts *fleets.Timeseries) []float64 { return ts.Requests }, 3600/step),
		}
		if fs != nil {
			s := &fs[li]
			if s.Fleet != l0.Fleet || s.Location != l0.Location {
				return nil, fmt.Errorf("reports: fleet figures: summary %d is %s/%s, results have %s/%s",
					li, s.Fleet, s.Location, l0.Fleet, l0.Location)
			}
			lf.Summary = s
		}
		f.Locations = append(f.Locations, lf)
	}
	return f, nil
}

// fleetBand applies get to bucket k of fleet location li's timeseries in
// every replication and estimates the mean, bucket by bucket.
func fleetBand(results []*fleets.Result, li int, get func(ts *fleets.Timeseries, k int) float64) Band {
	n := fleetBuckets(results[0].Locations[li].Timeseries)
	b := Band{Mean: make([]float64, n), CI95: make([]float64, n)}
	xs := make([]float64, len(results))
	for k := range n {
		for i, r := range results {
			xs[i] = get(r.Locations[li].Timeseries, k)
		}
		e := sim.NewEstimate(xs)
		b.Mean[k], b.CI95[k] = e.Mean, e.CI95
	}
	return b
}
