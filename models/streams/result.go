package streams

import "github.com/capsim/capsim/sim"

// Result is what one replication measured, from the warm-up to the horizon.
type Result struct {
	Locations []LocationResult // every location the run knew, in group then location order
	Events    uint64           // events handled (whole run, warm-up included)
	Sessions  int64            // requests generated (whole run, warm-up included)
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

	// Latency holds placement latencies (seconds) of placed requests.
	Latency *sim.Sketch

	StreamingSlotSeconds float64 // slots holding a session, integrated over time
	AllocatedSlotSeconds float64 // allocated (ready, billed) slots, integrated
	WaitingSeconds       float64 // requests waiting here, integrated
	MaxAllocated         int64   // slots
	MaxStreaming         int64
	Instances            int64 // instances allocated over the run (each start counts)
	CostUSD, IdleCostUSD float64

	Timeseries *Timeseries // nil unless Config.TimeseriesStep > 0
}

// IdleSlotSeconds is allocated minus streaming, integrated.
func (l *LocationResult) IdleSlotSeconds() float64 {
	return l.AllocatedSlotSeconds - l.StreamingSlotSeconds
}

// Timeseries holds one location's values per bucket of Config.TimeseriesStep
// over the whole run (warm-up included). Requests are arrivals that chose this
// location first; the others are time averages over the bucket.
type Timeseries struct {
	StepSeconds float64
	Requests    []float64
	Streaming   []float64
	Allocated   []float64
	Idle        []float64
	Waiting     []float64
}
