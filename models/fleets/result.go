package fleets

import "github.com/capsim/capsim/sim"

// PlacementStatus is a game session placement's status (G6).
type PlacementStatus int

// Placement statuses.
const (
	PlacementPending PlacementStatus = iota
	PlacementFulfilled
	PlacementTimedOut
	PlacementCancelled
	PlacementFailed
	NumPlacementStatuses
)

// GameSessionStatus is a game session's status (S000).
type GameSessionStatus int

// Game session statuses.
const (
	GameActivating GameSessionStatus = iota
	GameActive
	GameTerminating
	GameTerminated
	GameError
)

// GameSessionReason is why a game session ended TERMINATED: the service's
// StatusReason (S000), zero for a normal end of game, and two reasons of
// capsim's own that the service does not spell: ReasonScaledIn (scale-in
// removed the instance under NoProtection; the service stops the process
// without a TerminateGameSession call) and ReasonExpired (the game instance
// went stale and expired, S003's EXPIRED).
type GameSessionReason int

// Game session status reasons.
const (
	ReasonNone GameSessionReason = iota
	ReasonInterrupted
	ReasonTriggeredOnProcessTerminate
	ReasonForceTerminated
	ReasonScaledIn
	ReasonExpired
	NumGameSessionReasons
)

// ConflictCause is why a ClaimGameServer naming a game server failed
// with ConflictException (S002).
type ConflictCause int

// Conflict causes.
const (
	ConflictUtilized ConflictCause = iota // the server is UTILIZED
	ConflictClaimed                       // the server is already CLAIMED
	ConflictDraining                      // its instance is DRAINING and the filter does not allow it
	NumConflictCauses
)

// Result is what one replication measured of every fleet location, after
// the warm-up.
type Result struct {
	Locations []LocationResult // fleet then location order
	Events    uint64
	Requests  int64 // placement requests and claims generated (whole run)
}

// LocationResult is one fleet location's measurements. Placement outcomes
// are counted at the location a request was placed (fulfilled) or, when it
// was not placed, at its queue's first destination (or its FleetIQ group's
// first location).
type LocationResult struct {
	Fleet, Location string
	Kind            Kind

	Placements int64 // requests that arrived after the warm-up (counted here: the sum of ByStatus)
	// ByStatus counts final placement statuses (indexed by PlacementStatus);
	// PlacementPending counts requests with no final status at the horizon.
	ByStatus [NumPlacementStatuses]int64
	// OutOfCapacity counts FleetIQ claim attempts that found no server.
	OutOfCapacity int64
	// DirectClaims counts FleetIQ claims naming a game server (first
	// attempts); DirectClaimConflicts those that failed with
	// ConflictException, by cause (indexed by ConflictCause).
	DirectClaims         int64
	DirectClaimConflicts [NumConflictCauses]int64
	// Latency holds request-to-FULFILLED (FleetIQ: to claimed) in seconds,
	// for FULFILLED placements (a process assigned; a claim the client uses).
	// RTT holds the players' round trip (seconds) to this location of the
	// fulfilled requests that carried latency data (latency.go).
	RTT     *sim.Sketch
	Latency *sim.Sketch

	// Terminations by reason of game sessions that ended TERMINATED
	// (indexed by GameSessionReason; ReasonNone is a normal end).
	Terminations [NumGameSessionReasons]int64
	Errors       int64 // game sessions that ended in ERROR (activation timeout)
	// TerminateRejected counts TerminateGameSession calls the API rejected
	// (FORCE on Anywhere without the agent, a session in ERROR).
	TerminateRejected int64
	DuplicateEnds     int64 // end signals delivered twice (no-ops)
	LostEnds          int64 // end signals lost
	// ExpiredGames counts games that expired (ended EXPIRED, also in
	// Terminations[ReasonExpired]): stale after a lost end signal, or in
	// play without an access for StaleExpiry (ExpiredInPlay, of these).
	ExpiredGames  int64
	ExpiredInPlay int64
	// Spot. Interruptions counts Spot instances reclaimed, of which
	// CorrelatedInterruptions in correlated reclaims (ReclaimEvents of
	// them) and, by how their notice came, LateNotices and MissingNotices;
	// UnwarnedSessions are the game sessions a reclaim ended on a process
	// that never got OnProcessTerminate. NotViablePeriods counts pools
	// turning not viable, NonviableDrains the FleetIQ Spot instances that
	// went DRAINING then, FallbackDrains the On-Demand instances a
	// SPOT_PREFERRED group drained when Spot was viable again
	// (RebalanceToSpot). RequeuedRequests are requests made again by the
	// players of interrupted games (RequeuedPlayers players, counted at the
	// location of the interruption, after the warm-up),
	// RequeuedPlayersPlaced the players of those that were FULFILLED.
	Interruptions           int64
	CorrelatedInterruptions int64
	ReclaimEvents           int64
	LateNotices             int64
	MissingNotices          int64
	UnwarnedSessions        int64
	NotViablePeriods        int64
	NonviableDrains         int64
	FallbackDrains          int64
	RequeuedRequests        int64
	RequeuedPlayers         int64
	RequeuedPlayersPlaced   int64
	ClaimLapses             int64 // FleetIQ claims that lapsed after 60 s
	// ScaleInTerminations counts game sessions ended because scale-in
	// removed their instance (NoProtection); they are
	// Terminations[ReasonScaledIn], not FORCE_TERMINATED (that reason is
	// a TerminateGameSession call with FORCE_TERMINATE).
	ScaleInTerminations int64

	// Integrals over time after the warm-up (seconds of the unit).
	InstanceSeconds     float64 // instances held (billed), all states
	SpotInstanceSeconds float64 // of which Spot
	// FallbackInstanceSeconds: the On-Demand instance-seconds of a FleetIQ
	// group under SPOT_PREFERRED (its On-Demand instances are all
	// fallback, F2).
	FallbackInstanceSeconds float64
	// SpotPoolSeconds are the instance pools of a fleet that buys Spot,
	// integrated over time; NotViablePoolSeconds of which not viable.
	SpotPoolSeconds, NotViablePoolSeconds float64
	// ShortCapacitySeconds: capacity units desired but not launchable for
	// lack of viable Spot (SPOT_ONLY, managed Spot fleets), integrated.
	ShortCapacitySeconds    float64
	ProcessSlotSeconds      float64 // process slots on ACTIVE instances (draining ones included)
	ActiveSessionSeconds    float64 // game sessions ACTIVATING or ACTIVE (FleetIQ: CLAIMED or UTILIZED)
	IdleProcessSeconds      float64 // ready processes without a game session (on any ACTIVE instance)
	StuckTerminatingSeconds float64 // processes held by a termination that never concludes
	ExpiredGameSeconds      float64 // processes held by games whose end was lost, from the game's real end until freed (0 with LostEndFreesProcess)
	// StaleGameInstanceSeconds: game instances whose end was lost, from
	// the game's real end until they expire (or the horizon), whether or
	// not they hold a process: what lost ends cost in process-seconds if
	// they hold one.
	StaleGameInstanceSeconds float64
	// ExtraBilledInstanceSeconds is the minimum billed duration charged for
	// instances released before MinBilled (included in CostUSD, not in
	// InstanceSeconds).
	ExtraBilledInstanceSeconds float64
	MaxInstances               int64
	ScalingActions             int64 // changes of the desired instance count
	BufferLimited              int64 // buffer evaluations clamped by min/max replicas

	CostUSD, IdleCostUSD float64

	Timeseries *Timeseries // nil unless Config.TimeseriesStep > 0
}

// Timeseries is one fleet location's values per bucket over the whole run
// (warm-up included), a row of RowWidth values per bucket in the column
// order of ColInstances ... ColScaling: Instances, Active (game sessions),
// Idle (ready processes without a session) time-averaged; Desired the
// desired instance count at the bucket's end; Requests arrivals; Scaling the
// number of scaling actions in the bucket. A timeseries spilled to a file
// (Options.TimeseriesDir) reads the same through NewReader.
type Timeseries = sim.Timeseries
