package scenarios

import (
	"time"

	"github.com/capsim/capsim/models/fleets"
)

// Fleet is a GameLift Servers fleet ([[fleet]], kind ec2, container or
// anywhere) or a FleetIQ game server group (kind fleetiq). FLEETS.md lists
// every key with its default and where the default comes from.
type Fleet struct {
	Name      string   `toml:"name" json:"name"`
	Kind      string   `toml:"kind" json:"kind"` // ec2 | container | anywhere | fleetiq
	Locations []string `toml:"locations" json:"locations"`

	// InstanceType and the prices are a managed fleet's one instance type
	// (EC2InstanceType); a FleetIQ group gives InstanceDefinitions instead
	// (at least two, F7). Prices are USD per instance-hour. capsim ships
	// none for GameLift Servers: the prices a fleet uses must be given.
	InstanceType        string               `toml:"instance_type" json:"instance_type,omitempty"`
	PriceOnDemand       float64              `toml:"price_on_demand" json:"price_on_demand,omitempty"`
	PriceSpot           float64              `toml:"price_spot" json:"price_spot,omitempty"`
	InstanceDefinitions []InstanceDefinition `toml:"instance_definitions" json:"instance_definitions,omitempty"`
	MinBilled           time.Duration        `toml:"min_billed" json:"min_billed"`
	CapacityType        string               `toml:"capacity_type" json:"capacity_type"` // ON_DEMAND | SPOT (managed fleets)
	Balancing           string               `toml:"balancing" json:"balancing"`         // SPOT_ONLY | SPOT_PREFERRED | ON_DEMAND_ONLY (FleetIQ)

	// Spot is how Spot capacity behaves ([fleet.spot]); every key is an
	// assumption of the assumption table (section "fleet.spot").
	Spot FleetSpot `toml:"spot" json:"spot"`
	// SpotInterruptionRatePerHour and SpotNotice are rejected: they moved
	// to [fleet.spot]. Kept so the error can say where they went.
	SpotInterruptionRatePerHour float64       `toml:"spot_interruption_rate_per_hour" json:"spot_interruption_rate_per_hour,omitempty"`
	SpotNotice                  time.Duration `toml:"spot_notice" json:"spot_notice,omitempty"`

	ProcessesPerInstance int `toml:"processes_per_instance" json:"processes_per_instance"`
	MaxPlayers           int `toml:"max_players" json:"max_players"`

	InstanceLaunchDelay DistSpec      `toml:"instance_launch_delay" json:"instance_launch_delay"`
	ProcessStartDelay   DistSpec      `toml:"process_start_delay" json:"process_start_delay"`
	RestartDelay        DistSpec      `toml:"restart_delay" json:"restart_delay"`
	ActivationTime      DistSpec      `toml:"activation_time" json:"activation_time"`
	ActivationTimeout   time.Duration `toml:"activation_timeout" json:"activation_timeout"`

	GracefulShutdown     DistSpec      `toml:"graceful_shutdown" json:"graceful_shutdown"`
	NoProcessEndingShare float64       `toml:"no_process_ending_share" json:"no_process_ending_share"`
	AnywhereAgent        bool          `toml:"anywhere_agent" json:"anywhere_agent"`
	TerminateOlderThan   time.Duration `toml:"terminate_older_than" json:"terminate_older_than"`
	TerminateMode        string        `toml:"terminate_mode" json:"terminate_mode,omitempty"`

	LostEndShare      float64       `toml:"lost_end_share" json:"lost_end_share"`
	DuplicateEndShare float64       `toml:"duplicate_end_share" json:"duplicate_end_share"`
	StaleExpiry       time.Duration `toml:"stale_expiry" json:"stale_expiry"`
	// EnableStaleExpiration is S003's enableStaleGameInstanceExpiration;
	// AccessInterval how often a game in play is accessed (0: never);
	// LostEndHoldsProcess whether a game whose end signal was lost keeps
	// its server process until it expires (an assumption).
	EnableStaleExpiration bool          `toml:"enable_stale_expiration" json:"enable_stale_expiration"`
	AccessInterval        time.Duration `toml:"access_interval" json:"access_interval"`
	LostEndHoldsProcess   bool          `toml:"lost_end_holds_process" json:"lost_end_holds_process"`

	ClaimHold          time.Duration `toml:"claim_hold" json:"claim_hold"`
	ClientConnectDelay DistSpec      `toml:"client_connect_delay" json:"client_connect_delay"`
	ClaimDraining      bool          `toml:"claim_draining" json:"claim_draining"`

	Scaling FleetScaling `toml:"scaling" json:"scaling"`
}

// InstanceDefinition is one instance type of a FleetIQ group
// (InstanceDefinitions, F7): its weight and its prices.
type InstanceDefinition struct {
	InstanceType string `toml:"instance_type" json:"instance_type"`
	// WeightedCapacity: capacity units one instance counts for, 1–999
	// (F7: default 1).
	WeightedCapacity int     `toml:"weighted_capacity" json:"weighted_capacity"`
	PriceOnDemand    float64 `toml:"price_on_demand" json:"price_on_demand,omitempty"`
	PriceSpot        float64 `toml:"price_spot" json:"price_spot,omitempty"`
}

// FleetSpot is how a fleet's Spot capacity behaves, per instance pool (an
// instance type in a location): viability periods, interruptions on their
// own and in correlated reclaims, their notices, and what interrupted
// players do ([fleet.spot]). The assumption table gives each key's
// default, range and sources.
type FleetSpot struct {
	ViableMean              time.Duration `toml:"viable_mean" json:"viable_mean"`
	NotViableMean           time.Duration `toml:"not_viable_mean" json:"not_viable_mean"`
	InterruptionRatePerHour float64       `toml:"interruption_rate_per_hour" json:"interruption_rate_per_hour"`
	ReclaimRatePerHour      float64       `toml:"reclaim_rate_per_hour" json:"reclaim_rate_per_hour"`
	ReclaimShare            float64       `toml:"reclaim_share" json:"reclaim_share"`
	Notice                  time.Duration `toml:"notice" json:"notice"`
	LateNoticeShare         float64       `toml:"late_notice_share" json:"late_notice_share"`
	LateNoticeDelay         DistSpec      `toml:"late_notice_delay" json:"late_notice_delay"`
	MissingNoticeShare      float64       `toml:"missing_notice_share" json:"missing_notice_share"`
	RebalanceToSpot         bool          `toml:"rebalance_to_spot" json:"rebalance_to_spot"`
	RequeueShare            float64       `toml:"requeue_share" json:"requeue_share"`
	RequeueDelay            DistSpec      `toml:"requeue_delay" json:"requeue_delay"`
}

// FleetScaling is a fleet's capacity controller ([fleet.scaling]).
type FleetScaling struct {
	Policy           string `toml:"policy" json:"policy"` // none | target_tracking | buffer
	MinInstances     int    `toml:"min_instances" json:"min_instances"`
	MaxInstances     int    `toml:"max_instances" json:"max_instances"`
	InitialInstances int    `toml:"initial_instances" json:"initial_instances"` // unset: max(min_instances, 1)

	TargetPercent          float64       `toml:"target_percent" json:"target_percent,omitempty"`
	EvaluationInterval     time.Duration `toml:"evaluation_interval" json:"evaluation_interval"`
	ScaleToZero            bool          `toml:"scale_to_zero" json:"scale_to_zero"`
	ScaleInAfterInactivity time.Duration `toml:"scale_in_after_inactivity" json:"scale_in_after_inactivity"`

	BufferSize     int           `toml:"buffer_size" json:"buffer_size,omitempty"`
	BufferPercent  float64       `toml:"buffer_percent" json:"buffer_percent,omitempty"`
	MinReplicas    int           `toml:"min_replicas" json:"min_replicas,omitempty"`
	MaxReplicas    int           `toml:"max_replicas" json:"max_replicas,omitempty"`
	BufferInterval time.Duration `toml:"buffer_interval" json:"buffer_interval"`

	Protection string `toml:"protection" json:"protection"` // NoProtection | FullProtection
}

// Queue is a game session queue ([[queue]]): destinations tried in order.
type Queue struct {
	Name         string             `toml:"name" json:"name"`
	Timeout      time.Duration      `toml:"timeout" json:"timeout"`
	Destinations []QueueDestination `toml:"destinations" json:"destinations"`
	// PlayerLatencyPolicy (array of tables, optional) are the queue's
	// PlayerLatencyPolicies in the order they apply (G4, G5), enforced only
	// for requests with latency data (a fleet demand's player_region).
	PlayerLatencyPolicy []LatencyPolicy `toml:"player_latency_policy" json:"player_latency_policy,omitempty"`
	// PriorityOrder (strings, optional; default ["LATENCY", "COST",
	// "DESTINATION", "LOCATION"]) is PriorityConfiguration's order for
	// requests with latency data (G3); LOCATION orders alphabetically.
	PriorityOrder []string `toml:"priority_order" json:"priority_order,omitempty"`
}

// LatencyPolicy is one PlayerLatencyPolicy of a queue.
type LatencyPolicy struct {
	// MaximumIndividualPlayerLatency (duration, required, 1ms to 10s): no
	// request is placed where a player's latency exceeds it while the
	// policy is in force.
	MaximumIndividualPlayerLatency time.Duration `toml:"maximum_individual_player_latency" json:"maximum_individual_player_latency"`
	// PolicyDuration (duration, default 0: until the queue times out; only
	// the last policy may omit it) is how long the policy is in force;
	// after the last policy with a duration no cap applies.
	PolicyDuration time.Duration `toml:"policy_duration" json:"policy_duration,omitempty"`
}

// QueueDestination is a fleet location of a queue; without a location it
// stands for every location of the fleet, alphabetically (G3).
type QueueDestination struct {
	Fleet    string `toml:"fleet" json:"fleet"`
	Location string `toml:"location" json:"location,omitempty"`
}

// FleetDemand is a stream of game session placement requests through a
// queue, or of ClaimGameServer calls on a FleetIQ group ([[fleet_demand]]).
type FleetDemand struct {
	Name     string   `toml:"name" json:"name"`
	Queue    string   `toml:"queue" json:"queue,omitempty"`
	Fleet    string   `toml:"fleet" json:"fleet,omitempty"`
	Arrivals Arrivals `toml:"arrivals" json:"arrivals"`
	Players  int      `toml:"players" json:"players"`
	// PlayerRegion (string, optional, queue demands only) names where the
	// players are (a shipped player region or a [[player_region]]): the
	// requests then carry latency data (PlayerLatency) for every
	// destination of their queue, so its latency policies and priority
	// order apply.
	PlayerRegion string `toml:"player_region" json:"player_region,omitempty"`

	GameLength        DistSpec `toml:"game_length" json:"game_length"`
	CancelProbability float64  `toml:"cancel_probability" json:"cancel_probability"`
	CancelAfter       DistSpec `toml:"cancel_after" json:"cancel_after"`

	ClaimRetry   time.Duration `toml:"claim_retry" json:"claim_retry"`
	ClaimTimeout time.Duration `toml:"claim_timeout" json:"claim_timeout"`
	// DirectClaimShare is the share of claims naming a game server
	// (GameServerId); InstanceStatuses the claims' FilterOption (S002).
	DirectClaimShare float64  `toml:"direct_claim_share" json:"direct_claim_share"`
	InstanceStatuses []string `toml:"instance_statuses" json:"instance_statuses,omitempty"`
}

// FleetTimelineAction is a GameLift Servers API call at a virtual time
// ([[fleet_timeline]]).
type FleetTimelineAction struct {
	At     time.Duration `toml:"at" json:"at"`
	Action string        `toml:"action" json:"action"` // TerminateGameSession
	Fleet  string        `toml:"fleet" json:"fleet"`
	Mode   string        `toml:"mode" json:"mode"`
	Share  float64       `toml:"share" json:"share"`
}

// DefaultFleet returns the defaults of a [[fleet]]; FLEETS.md gives each
// one's source. Where the fleets model has a default (fleets.Default*), it
// is that constant, not a copy. Name, kind, locations and prices have none.
func DefaultFleet() Fleet {
	return Fleet{
		MinBilled:             time.Minute, // G13
		CapacityType:          "ON_DEMAND", // CreateFleet FleetType default
		Balancing:             "SPOT_PREFERRED",
		Spot:                  DefaultFleetSpot(),
		ProcessesPerInstance:  1,
		MaxPlayers:            1,
		InstanceLaunchDelay:   DistSpec{Dist: "lognormal", Median: 5 * time.Minute, Sigma: 0.3},
		ProcessStartDelay:     DistSpec{Dist: "fixed", Value: 10 * time.Second},
		RestartDelay:          DistSpec{Dist: "fixed", Value: 5 * time.Second},
		ActivationTime:        DistSpec{Dist: "lognormal", Median: 15 * time.Second, Sigma: 0.5},
		ActivationTimeout:     fleets.DefaultActivationTimeout, // q17
		GracefulShutdown:      DistSpec{Dist: "fixed", Value: 30 * time.Second},
		StaleExpiry:           fleets.DefaultStaleExpiry, // S003 analogue
		EnableStaleExpiration: true,                      // S003: enabled by default
		AccessInterval:        time.Minute,               // assumption: syncs during play
		LostEndHoldsProcess:   true,                      // assumption: conservative
		ClaimHold:             fleets.DefaultClaimHold,   // S002, fixed
		ClientConnectDelay:    DistSpec{Dist: "lognormal", Median: 10 * time.Second, Sigma: 0.6},
		Scaling:               DefaultFleetScaling(),
	}
}

// DefaultFleetSpot returns the defaults of [fleet.spot]; the assumption
// table (section "fleet.spot") names each with its sources and range. The
// public material gives only the two-minute notice (G7) and a monthly
// interruption frequency per instance type (G21): the rest are
// assumptions. The Spot interruptions per instance-hour of the defaults,
// interruption_rate_per_hour + reclaim_rate_per_hour × reclaim_share =
// 0.0001, are the 5–10 % per month bucket of G21, split half and half
// between interruptions on their own and correlated reclaims.
func DefaultFleetSpot() FleetSpot {
	return FleetSpot{
		ViableMean:              7 * 24 * time.Hour,
		NotViableMean:           time.Hour,
		InterruptionRatePerHour: 0.00005,
		ReclaimRatePerHour:      0.0001,
		ReclaimShare:            0.5,
		Notice:                  fleets.DefaultSpotNotice, // G7
		LateNoticeShare:         0.05,
		LateNoticeDelay:         DistSpec{Dist: "exponential", Mean: 30 * time.Second},
		MissingNoticeShare:      0.02,
		RebalanceToSpot:         true,
		RequeueShare:            1,
		RequeueDelay:            DistSpec{Dist: "exponential", Mean: 30 * time.Second},
	}
}

// DefaultFleetScaling returns the defaults of [fleet.scaling].
func DefaultFleetScaling() FleetScaling {
	return FleetScaling{
		Policy:                 "none",
		MinInstances:           0,                                    // G11
		MaxInstances:           1,                                    // G11
		EvaluationInterval:     fleets.DefaultEvaluationInterval,     // q18
		ScaleInAfterInactivity: fleets.DefaultScaleInAfterInactivity, // G12
		BufferInterval:         fleets.DefaultBufferInterval,         // K1
		Protection:             "NoProtection",                       // G10, F6
	}
}

// DefaultQueue returns the defaults of a [[queue]].
func DefaultQueue() Queue {
	return Queue{Timeout: fleets.DefaultQueueTimeout} // q17
}

// DefaultFleetDemand returns the defaults of a [[fleet_demand]].
func DefaultFleetDemand() FleetDemand {
	return FleetDemand{
		Players:     1,
		CancelAfter: DistSpec{Dist: "exponential", Mean: 60 * time.Second},
	}
}
