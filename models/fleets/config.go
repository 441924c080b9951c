package fleets

import (
	"time"

	"github.com/capsim/capsim/sim"
)

// Kind is what a fleet is.
type Kind string

// Fleet kinds.
const (
	KindEC2       Kind = "ec2"       // managed EC2 fleet
	KindContainer Kind = "container" // managed container fleet
	KindAnywhere  Kind = "anywhere"  // Anywhere fleet (your own compute)
	KindFleetIQ   Kind = "fleetiq"   // FleetIQ game server group (claimed directly, no queue)
)

// CapacityType is how a managed fleet buys its instances.
type CapacityType string

// Capacity types.
const (
	OnDemand CapacityType = "ON_DEMAND"
	Spot     CapacityType = "SPOT"
)

// Balancing is a FleetIQ game server group's balancing strategy (F2).
type Balancing string

// Balancing strategies.
const (
	SpotOnly      Balancing = "SPOT_ONLY"
	SpotPreferred Balancing = "SPOT_PREFERRED" // the service default
	OnDemandOnly  Balancing = "ON_DEMAND_ONLY"
)

// Protection is game-session protection against scale-in (G10, F6).
type Protection string

// Protection policies.
const (
	NoProtection   Protection = "NoProtection" // the service default
	FullProtection Protection = "FullProtection"
)

// TerminationMode is TerminateGameSession's TerminationMode (S000).
type TerminationMode string

// Termination modes.
const (
	TriggerOnProcessTerminate TerminationMode = "TRIGGER_ON_PROCESS_TERMINATE"
	ForceTerminate            TerminationMode = "FORCE_TERMINATE"
)

// ScalingPolicy selects a fleet's capacity controller.
type ScalingPolicy string

// Scaling policies.
const (
	ScalingNone           ScalingPolicy = "none"            // fixed at InitialInstances
	ScalingTargetTracking ScalingPolicy = "target_tracking" // GameLift target tracking (G8, F5)
	ScalingBuffer         ScalingPolicy = "buffer"          // Agones-style buffer (K1, K2)
)

// Scaling is a fleet's capacity controller and its limits.
type Scaling struct {
	Policy ScalingPolicy
	// MinInstances, MaxInstances bound the instance count per location;
	// InitialInstances is the count at t=0 (ready at once).
	MinInstances, MaxInstances, InitialInstances int

	// Target tracking: TargetPercent is the PercentAvailableGameSessions
	// target (managed fleets: idle process slots as a percentage of all
	// process slots) or the PercentUtilizedGameServers target (FleetIQ:
	// utilized servers as a percentage of all). Evaluated every
	// EvaluationInterval (q18, default 60 s): desired instances are the
	// fewest that bring the metric to the target, clamped.
	TargetPercent      float64
	EvaluationInterval time.Duration
	// ScaleToZero is ZeroCapacityStrategy SCALE_TO_AND_FROM_ZERO (G12): the
	// minimum drops to 0 after ScaleInAfterInactivity (default 30 min,
	// 5–1440 min) without a placement request, and a request at zero
	// capacity raises it to 1 at once.
	ScaleToZero            bool
	ScaleInAfterInactivity time.Duration

	// Buffer (Agones FleetAutoscaler, K1/K2), in game servers (processes):
	// with allocated as Agones' AllocatedReplicas (sessions ACTIVATING,
	// ACTIVE or lingering; not TERMINATING), desired = allocated + BufferSize, or with BufferPercent (1–99)
	// ceil(allocated*100/(100-BufferPercent)); clamped to [MinReplicas,
	// MaxReplicas] (the clamp sets Limited); run every BufferInterval
	// (default 30 s). Instances = ceil(desired / processes per instance),
	// also within [MinInstances, MaxInstances].
	BufferSize               int
	BufferPercent            float64
	MinReplicas, MaxReplicas int
	BufferInterval           time.Duration
	// Protection against scale-in of instances with live game sessions.
	Protection Protection
}

// FleetConfig is one fleet (or FleetIQ game server group).
type FleetConfig struct {
	Name      string
	Kind      Kind
	Locations []string // each location holds its own instances

	// InstanceType, PriceOnDemand and PriceSpot are the fleet's one
	// instance definition when Instances is empty (a managed fleet's
	// EC2InstanceType). Prices are USD per instance-hour, billed per second
	// with MinBilled (G13: 1 min) per instance.
	InstanceType             string
	PriceOnDemand, PriceSpot float64
	// Instances are the instance definitions a FleetIQ group may launch
	// (InstanceDefinitions, F7; the API wants at least two, which package
	// scenarios enforces; the model runs one). Each definition is its own
	// instance pool in each location.
	Instances    []InstanceDefinition
	MinBilled    time.Duration
	CapacityType CapacityType // managed fleets
	Balancing    Balancing    // FleetIQ
	// Spot is how Spot capacity behaves: viability, interruptions, notices
	// and what interrupted players do.
	Spot SpotConfig

	ProcessesPerInstance int // server processes (FleetIQ: game servers) per instance, 1–50 (G1)
	MaxPlayers           int // players per game session

	InstanceLaunchDelay sim.Dist // instance requested -> ACTIVE
	ProcessStartDelay   sim.Dist // process launched -> ready for a game session (or registered)
	RestartDelay        sim.Dist // process stopped -> a fresh process launches
	// ActivationTime is how long a game session stays ACTIVATING; past
	// ActivationTimeout (1–600 s, q17 default 300 s) it is TERMINATED and
	// the placement FAILED.
	ActivationTime    sim.Dist
	ActivationTimeout time.Duration

	// TRIGGER_ON_PROCESS_TERMINATE: the server calls ProcessEnding after
	// GracefulShutdown, except a share NoProcessEndingShare that never
	// does: their termination never concludes and the process stays
	// occupied (stuck TERMINATING) until force-terminated.
	GracefulShutdown     sim.Dist
	NoProcessEndingShare float64
	// AnywhereAgent: an Anywhere fleet runs the GameLift Agent; without it
	// FORCE_TERMINATE is rejected (S000).
	AnywhereAgent bool
	// TerminateOlderThan, if > 0, is a policy: sessions older than this are
	// terminated with TerminateMode (checked every minute).
	TerminateOlderThan time.Duration
	TerminateMode      TerminationMode

	// Ending games: a share of end-of-game signals is lost and a share is
	// delivered twice (the duplicate must be a no-op).
	LostEndShare      float64
	DuplicateEndShare float64
	// Stale game-instance expiry (S003, Pragma's GameInstanceServiceConfig):
	// a game instance not accessed (read, written or synced) for
	// StaleExpiry (default 1440 min) expires and ends EXPIRED;
	// DisableStaleExpiration is enableStaleGameInstanceExpiration = false.
	// AccessInterval is how often a game in play is accessed (player and
	// server syncs), from the start of play; 0: never during play, so the
	// last access is the start of play. A game whose end signal is lost
	// expires StaleExpiry after its last access; a game in play expires
	// when the gap between accesses exceeds StaleExpiry.
	StaleExpiry            time.Duration
	DisableStaleExpiration bool
	AccessInterval         time.Duration
	// LostEndFreesProcess: a lost end signal leaves only the backend's game
	// instance stale and the server process is freed at the end of play
	// (the server ends its session by itself). The default, false, is the
	// conservative assumption that the process stays busy until the game
	// expires (the seed is silent on it).
	LostEndFreesProcess bool

	// FleetIQ claims: a claim holds a server CLAIMED for ClaimHold (60 s,
	// fixed by the service, S002); the client connects after
	// ClientConnectDelay and the server reports UTILIZED then, unless the
	// claim has lapsed. ClaimDraining lets a claim use a server on a
	// DRAINING instance when no ACTIVE one is free.
	ClaimHold          time.Duration
	ClientConnectDelay sim.Dist
	ClaimDraining      bool

	Scaling Scaling
}

// InstanceDefinition is one instance type a fleet may launch (F7).
type InstanceDefinition struct {
	InstanceType string
	// WeightedCapacity is the capacity units one instance counts for
	// (F7: default 1, 1–999; 0 is taken as 1). Desired, minimum and
	// maximum capacity count units, as in an EC2 Auto Scaling group with
	// weights, and an instance of weight w hosts w × ProcessesPerInstance
	// server processes (game servers).
	WeightedCapacity int
	// PriceOnDemand and PriceSpot are USD per instance-hour.
	PriceOnDemand, PriceSpot float64
}

// SpotConfig is how a fleet's Spot capacity behaves in each instance pool
// (an instance definition in a location). Zero values turn each part off.
type SpotConfig struct {
	// InterruptionRatePerHour: each Spot instance is interrupted on its own
	// at this rate per instance-hour from when it is ACTIVE (q19).
	InterruptionRatePerHour float64
	// ReclaimRatePerHour: correlated reclaims per pool-hour; each takes
	// ReclaimShare of the pool's Spot instances at one instant.
	ReclaimRatePerHour float64
	ReclaimShare       float64
	// Notice is the interruption notice before the reclaim (120 s, G7). A
	// notice is missing with MissingNoticeShare and late with
	// LateNoticeShare, by LateNoticeDelay (a notice later than the reclaim
	// is missing).
	Notice                              time.Duration
	LateNoticeShare, MissingNoticeShare float64
	LateNoticeDelay                     sim.Dist
	// ViableMean and NotViableMean are the mean lengths of a pool's
	// alternating viable and not-viable periods (exponential); NotViableMean
	// 0 means always viable.
	ViableMean, NotViableMean time.Duration
	// RebalanceToSpot: once a pool is viable again, a SPOT_PREFERRED group
	// puts its On-Demand instances in DRAINING (F3: replaced, ended once
	// they hold no session), so that Spot is "used whenever available"
	// (F2); false keeps them until scale-in.
	RebalanceToSpot bool
	// RequeueShare of the game sessions an interruption ends (ACTIVATING or
	// ACTIVE: players present) request placement again (claim again on
	// FleetIQ), RequeueDelay after the reclaim.
	RequeueShare float64
	RequeueDelay sim.Dist
}

// QueueConfig is a game session queue: destinations tried in priority order.
type QueueConfig struct {
	Name         string
	Timeout      time.Duration // TimeoutInSeconds (q17 default 600 s)
	Destinations []Destination
	// LatencyPolicies are the queue's PlayerLatencyPolicies (G4, G5) in
	// the order they apply (latency.go); enforced only for requests that
	// carry latency data (DemandConfig.RTT).
	LatencyPolicies []LatencyPolicy
	// Priority is PriorityConfiguration's PriorityOrder (G3): how the
	// destinations are ordered for a request with latency data; empty:
	// the default LATENCY, COST, DESTINATION, LOCATION.
	Priority []PriorityKind
}

// LatencyPolicy is one PlayerLatencyPolicy: no player of a request may be
// placed where its latency exceeds MaximumIndividualPlayerLatency while the
// policy is in force, for PolicyDuration (0: until the queue times out).
type LatencyPolicy struct {
	MaximumIndividualPlayerLatency time.Duration
	PolicyDuration                 time.Duration
}

// PriorityKind is one element of PriorityConfiguration's PriorityOrder.
type PriorityKind string

// The priorities of PriorityConfiguration (G3).
const (
	PriorityLatency     PriorityKind = "LATENCY"     // lowest latency first
	PriorityCost        PriorityKind = "COST"        // lowest price first
	PriorityDestination PriorityKind = "DESTINATION" // queue destination order
	PriorityLocation    PriorityKind = "LOCATION"    // by location name (capsim: alphabetical)
)

// DefaultPriority is the order a queue uses for requests with latency data
// without a PriorityConfiguration (G3).
var DefaultPriority = []PriorityKind{PriorityLatency, PriorityCost, PriorityDestination, PriorityLocation}

// Destination is one fleet location of a queue.
type Destination struct {
	Fleet    int // index into Config.Fleets
	Location string
}

// DemandConfig is a stream of placement requests (managed fleets, through
// a queue) or of claims (FleetIQ, directly on a group).
type DemandConfig struct {
	Name     string
	Queue    int // index into Config.Queues, or -1 for a FleetIQ demand
	Fleet    int // FleetIQ demand: index into Config.Fleets; -1 otherwise
	Arrivals sim.Arrivals
	// Players per request (at most the fleet's MaxPlayers).
	Players int
	// GameLength is how long a game runs once ACTIVE (UTILIZED).
	GameLength sim.Dist
	// RTT is the request's latency data (PlayerLatency): the players'
	// round trip to each destination of its queue, in destination order;
	// nil: the request carries none, and the queue places it in
	// destination order without latency policies (G3, G4).
	RTT []time.Duration
	// CancelProbability: the requester cancels (StopGameSessionPlacement)
	// after CancelAfter if still PENDING.
	CancelProbability float64
	CancelAfter       sim.Dist
	// ClaimRetry: a FleetIQ claim that gets OutOfCapacity retries after
	// ClaimRetry until ClaimTimeout has passed since the request (0: no
	// retry).
	ClaimRetry, ClaimTimeout time.Duration
	// DirectClaimShare is the share of FleetIQ claims that name a game
	// server (ClaimGameServer with GameServerId, S002); the server is drawn
	// uniformly among the group's registered game servers (ready or
	// holding a game, on any ACTIVE instance, DRAINING included) from the
	// demand's own stream "demand/<name>/direct". Such a claim fails with
	// ConflictException if the server is UTILIZED, CLAIMED, or on a
	// DRAINING instance the filter does not allow (S002); it is not
	// retried (FAILED). With no registered server it is OutOfCapacity.
	DirectClaimShare float64
	// InstanceStatuses is the claim's FilterOption.InstanceStatuses (S002):
	// nil for none given (then DRAINING is allowed as the fleet's
	// ClaimDraining says); if given it must contain ACTIVE, and DRAINING
	// in it allows servers on DRAINING instances.
	InstanceStatuses []InstanceStatus
}

// InstanceStatus is a FleetIQ instance status a claim filter may list.
type InstanceStatus string

// Instance statuses of FilterOption.InstanceStatuses (S002).
const (
	InstanceActive   InstanceStatus = "ACTIVE"
	InstanceDraining InstanceStatus = "DRAINING"
)

// Action is a TerminateGameSession call at a virtual time.
type Action struct {
	At    time.Duration
	Fleet int
	Mode  TerminationMode
	// Share of the fleet's non-ERROR game sessions terminated.
	Share float64
}

// Config is a fleets scenario, ready to run.
type Config struct {
	Horizon, Warmup time.Duration
	Seed            uint64
	TimeseriesStep  time.Duration // 0: no timeseries
	MaxEvents       int64         // 0: no budget
	Fleets          []FleetConfig
	Queues          []QueueConfig
	Demands         []DemandConfig
	Timeline        []Action
}
