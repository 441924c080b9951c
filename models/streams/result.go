package streams

import (
	"time"

	"github.com/capsim/capsim/sim"
)

// Result is what one replication measured, from the warm-up to the horizon.
type Result struct {
	Locations []LocationResult // every location the run knew, in group then location order
	Events    uint64           // events handled (whole run, warm-up included)
	Sessions  int64            // requests generated (whole run, warm-up included)
	// Quotas has one entry per GPU quota row, in table order, then one
	// per (location, generation) without a row (Unlimited), in the order
	// the run met them.
	Quotas    []QuotaResult
	Lifetimes []GroupLifetime // one per stream group, in order
	Regions   []RegionResult  // one per Config.PlayerRegions, in order
	// StreamGroupLifetime is the age at which groups expire (0: never).
	StreamGroupLifetime time.Duration
}

// LocationResult is one location's measurements. Counts are of requests
// arriving after the warm-up. A request is counted, with its failure if it
// fails, at the first location of its priority list; Placed counts where it
// was placed.
type LocationResult struct {
	Group, Location, Class string
	Tenancy                int
	PriceUSDPerHour        float64

	Requests int64
	Placed   int64
	Failures int64 // sessions that ended in ERROR (placementTimeout, internalError)
	// FailuresByReason and TerminationsByReason are indexed by Reason.
	FailuresByReason     [NumReasons]int64
	TerminationsByReason [NumReasons]int64
	// PlacementTimeoutsWhileAllocating counts placement timeouts that
	// happened while an instance was being allocated at this location, one
	// the request waited at (the first such in its priority order): the
	// request timed out while capacity that could have served it was still
	// on its way. Counted here, unlike Failures, so that the sum over
	// locations never exceeds the placementTimeout failures.
	PlacementTimeoutsWhileAllocating int64

	// Latency holds placement latencies (seconds) of placed requests.
	Latency *sim.Sketch
	// TimeToActive holds the player's wait from the request to ACTIVE
	// (seconds): placement, the session start delay and any cold start,
	// of the sessions that became ACTIVE. TimeToFirstFrame holds the wait
	// from the request to the client's first connection (CONNECTED: the
	// first frame on the player's screen), which adds the client's connect
	// delay, of the sessions whose client connected. Both are counted at the
	// location that served the session.
	TimeToActive, TimeToFirstFrame *sim.Sketch
	// StreamedRTT holds the players' round trips (seconds) of the sessions
	// placed here whose demand comes from a player region (geo.go), and
	// AboveLatencyThreshold how many of them exceeded
	// Config.LatencyThreshold.
	StreamedRTT           *sim.Sketch
	AboveLatencyThreshold int64
	// Hours are the requests, failures and latencies by arrival hour of
	// the day (HoursOfDay of them); nil unless Options.Hourly.
	Hours []HourResult

	StreamingSlotSeconds float64 // slots holding a session, integrated over time
	AllocatedSlotSeconds float64 // allocated (ready, billed) slots, integrated
	WaitingSeconds       float64 // requests waiting here, integrated
	MaxAllocated         int64   // slots
	MaxStreaming         int64
	Instances            int64 // instances allocated over the run (each start counts)
	// ColdStarts counts placed sessions (arriving after the warm-up) that
	// were the first on an instance allocated above always-on capacity.
	ColdStarts int64
	// QuotaStalledAllocations counts instance allocations that waited for
	// the GPU quota; QuotaStallInstanceSeconds integrates the waiting ones.
	QuotaStalledAllocations   int64
	QuotaStallInstanceSeconds float64
	// OverlapSlotSeconds is the always-on capacity of a recreated group
	// billed while the old group still existed (lifetime.go); its cost,
	// OverlapCostUSD, is included in CostUSD and IdleCostUSD, and the slots
	// in AllocatedSlotSeconds (so in the idle slot-time too); the
	// timeseries leave the overlap out.
	OverlapSlotSeconds   float64
	OverlapCostUSD       float64
	CostUSD, IdleCostUSD float64

	Timeseries *Timeseries // nil unless Config.TimeseriesStep > 0
}

// IdleSlotSeconds is allocated minus streaming, integrated.
func (l *LocationResult) IdleSlotSeconds() float64 {
	return l.AllocatedSlotSeconds - l.StreamingSlotSeconds
}

// Timeseries holds one location's values per bucket of Config.TimeseriesStep
// over the whole run (warm-up included), a row of RowWidth values per
// bucket, in the column order of ColRequests ... ColFailures. Requests are
// arrivals that chose this location first and the failure columns the
// requests that chose it first and ended in ERROR during the bucket;
// Streaming, Allocated, Idle and Waiting are time averages over the bucket
// (slots, requests); AlwaysOn and Maximum are the settings in force at the
// bucket's end (slots; Maximum is the effective ceiling, see
// LocationConfig.Ceiling); CostUSD and IdleCostUSD are what the bucket cost,
// billed as the run's totals are (the minimum billed duration is charged in
// the bucket where the instance is released). A timeseries spilled to a file
// (Options.TimeseriesDir) reads the same through NewReader.
type Timeseries = sim.Timeseries
