package streams

import (
	"time"

	"github.com/capsim/capsim/sim"
)

// Config is one fully resolved stream-group simulation: what a replication runs.
// It is plain data; copy it and change a field to make a variant.
type Config struct {
	Horizon time.Duration // virtual time simulated
	Warmup  time.Duration // statistics start here; only requests arriving from then on count
	Seed    uint64        // root seed; replication r uses streams derived from (Seed, r, name)
	// TimeseriesStep is the width of timeseries buckets; 0 records none.
	TimeseriesStep time.Duration
	// MaxEvents bounds the events of one replication (0: no bound).
	MaxEvents uint64

	Service  Service
	Groups   []GroupConfig
	Demands  []DemandConfig
	Timeline []Action
	// GPUQuotas is the account's GPU quota table (quota.go); none: no limit.
	GPUQuotas []GPUQuota
	// PlayerRegions names the player regions demands come from (geo.go),
	// in the order of Result.Regions; DemandConfig.Region indexes it.
	PlayerRegions []string
	// LatencyThreshold is the round trip above which a streamed session
	// counts in latency_above_threshold_ratio (0: every session with a
	// known round trip is above it).
	LatencyThreshold time.Duration
}

// BillingUnit says what a price is per.
type BillingUnit string

const (
	PerInstance BillingUnit = "per_instance" // price per compute resource (tenancy streams) per hour
	PerStream   BillingUnit = "per_stream"   // price per stream slot per hour
)

// Service holds the service's rules and the documented assumptions where the
// public material is silent. See docs/model.md, "Service assumptions", for sources.
type Service struct {
	PlacementTimeoutAlwaysOn        time.Duration // 75 s (S004)
	PlacementTimeoutOnDemandLinux   time.Duration // 90 s (S004)
	PlacementTimeoutOnDemandWindows time.Duration // 600 s (S004)

	AllocationDelayLinux   sim.Dist // new instance until usable (assumption, facts §10 q6)
	AllocationDelayWindows sim.Dist
	ActivationDelay        sim.Dist      // a new location ACTIVATING -> ACTIVE ("a few minutes")
	IdleReleaseDelay       time.Duration // surplus empty instance -> released (facts §10 q7)
	SessionStartDelay      sim.Dist      // placed -> ACTIVE (facts §10 q16)
	// SessionStartDelayCold is added to the start delay of the first session
	// on an instance allocated above always-on capacity: the default
	// application is pre-cached only on always-on compute (S004). nil: none.
	SessionStartDelayCold sim.Dist
	IdleTimeout           time.Duration // no input -> idleTimeout; 0 disables (60 min, S004)
	TerminatingDuration   time.Duration // TERMINATING -> TERMINATED, slot held meanwhile
	ReconnectingDuration  time.Duration // RECONNECTING -> CONNECTED

	BillingUnit             BillingUnit
	MinBilledDuration       time.Duration // minimum billed per allocated instance (facts §10 q3)
	Packing                 string        // packing policy name (facts §10 q10)
	MaximumIncludesAlwaysOn bool          // facts §10 q5

	InternalErrorProbability float64 // a placed session fails to activate: ERROR internalError
	// Capacity shortfalls (noAvailableInstances, facts §10 q11): per location,
	// shortfalls start at this rate and last ShortfallDuration; allocations
	// that would complete meanwhile wait for the end.
	ShortfallRatePerHour float64
	ShortfallDuration    time.Duration

	// StreamGroupLifetime is the age at which a group expires (365 days,
	// S004); 0: never.
	StreamGroupLifetime time.Duration
}

// GroupConfig is a stream group at the start of the run.
type GroupConfig struct {
	Name      string
	Class     Class
	Locations []LocationConfig // the first is the primary location
	// RecreateEvery recreates the group at every multiple of it (lifetime.go); 0: never.
	RecreateEvery time.Duration
}

// LocationConfig is one location's capacity settings, in streams, as the API
// takes them: whole multiples of the class tenancy.
type LocationConfig struct {
	Name       string
	AlwaysOn   int
	TargetIdle int
	Maximum    int // 0: none set
	OnDemand   int // deprecated; never together with TargetIdle or Maximum
	// PriceUSDPerHour is per BillingUnit per hour. Negative: unknown, which
	// the scenario layer rejects before a run.
	PriceUSDPerHour float64
}

// Ceiling returns the most streams the location may hold allocated.
func (l LocationConfig) Ceiling(maximumIncludesAlwaysOn bool, tenancy int) int {
	c := l.AlwaysOn
	switch {
	case l.OnDemand > 0:
		c = l.AlwaysOn + l.OnDemand
	case l.Maximum > 0 && maximumIncludesAlwaysOn:
		c = max(l.Maximum, l.AlwaysOn)
	case l.Maximum > 0:
		c = l.AlwaysOn + l.Maximum
	}
	return c
}

// DemandConfig is one stream of requests for one stream group.
type DemandConfig struct {
	Name      string
	Group     int      // index into Config.Groups
	Locations []string // priority order; empty means the group's primary location
	Arrivals  Arrivals
	// SessionLength is play time from first connection until the player ends
	// the session. Ignored for trace arrivals that carry their own lengths.
	SessionLength     sim.Dist
	SessionStartDelay sim.Dist // nil: Service.SessionStartDelay
	Client            Client
	// Region is the player region the requests come from, an index into
	// Config.PlayerRegions; read only when RTT is set.
	Region int
	// RTT is the players' round trip to each location of Locations (the
	// same order; the primary's alone when Locations is empty), and
	// OwnContinent whether that location is on the players' continent;
	// both nil for a demand without a player region (no latency is
	// known or measured).
	RTT          []time.Duration
	OwnContinent []bool
}

// Client is how players behave and what StartStreamSession asked for.
type Client struct {
	ConnectDelay          sim.Dist      // ACTIVE -> client connected
	NoShowProbability     float64       // the client never connects
	DisconnectRatePerHour float64       // while CONNECTED
	ReconnectProbability  float64       // a dropped client comes back
	ReconnectDelay        sim.Dist      // PENDING_CLIENT_RECONNECTION -> RECONNECTING
	AFKRatePerHour        float64       // the player stops giving input for good
	CrashRatePerHour      float64       // the application exits unexpectedly
	EndReason             Reason        // how a normal end of play is recorded
	ConnectionTimeout     time.Duration // ConnectionTimeoutSeconds (120 s, 1–3600)
	SessionLengthLimit    time.Duration // SessionLengthSeconds (43200 s, 1–86400)
}

// ActionKind is a timeline action, named as the API call.
type ActionKind uint8

const (
	UpdateStreamGroup ActionKind = iota
	AddStreamGroupLocations
	RemoveStreamGroupLocations
	TerminateStreamSession
)

var actionNames = [...]string{"UpdateStreamGroup", "AddStreamGroupLocations", "RemoveStreamGroupLocations", "TerminateStreamSession"}

func (k ActionKind) String() string { return actionNames[k] }

// ParseActionKind returns the action named s.
func ParseActionKind(s string) (ActionKind, bool) {
	for i, n := range actionNames {
		if n == s {
			return ActionKind(i), true
		}
	}
	return 0, false
}

// Action is a call made at a given virtual time.
type Action struct {
	At        time.Duration
	Kind      ActionKind
	Group     int
	Locations []LocationConfig // UpdateStreamGroup, AddStreamGroupLocations
	Names     []string         // RemoveStreamGroupLocations; TerminateStreamSession filter (empty: all)
	Share     float64          // TerminateStreamSession: share of running sessions ended
}
