package scenarios

import "time"

// Scenario is a what-if as users write it in TOML. It is plain data: copy it
// with Clone and change one field to make a variant.
type Scenario struct {
	Name         string           `toml:"name" json:"name"`
	Description  string           `toml:"description" json:"description,omitempty"`
	Simulation   Simulation       `toml:"simulation" json:"simulation"`
	StreamGroups []StreamGroup    `toml:"stream_group" json:"stream_group"`
	Demands      []Demand         `toml:"demand" json:"demand"`
	Service      Service          `toml:"service" json:"service"`
	Prices       []Price          `toml:"price" json:"price,omitempty"`
	Timeline     []TimelineAction `toml:"timeline" json:"timeline,omitempty"`
	GPUQuotas    []GPUQuota       `toml:"gpu_quota" json:"gpu_quota,omitempty"`
	// PlayerRegions are the scenario's own player regions, or latency
	// overrides of the shipped ones (geo.go, models/geo).
	PlayerRegions []PlayerRegion `toml:"player_region" json:"player_region,omitempty"`

	// GameLift Servers (fleets.go, FLEETS.md): fleets and FleetIQ game
	// server groups, queues, their demand and API calls.
	Fleets        []Fleet               `toml:"fleet" json:"fleet,omitempty"`
	Queues        []Queue               `toml:"queue" json:"queue,omitempty"`
	FleetDemands  []FleetDemand         `toml:"fleet_demand" json:"fleet_demand,omitempty"`
	FleetTimeline []FleetTimelineAction `toml:"fleet_timeline" json:"fleet_timeline,omitempty"`

	// KPI gates judged by capsim run (assert.go).
	Asserts []Assert `toml:"assert" json:"assert,omitempty"`

	src source // where it came from: file name, lines, files beside it
}

// Simulation is how the scenario is run.
type Simulation struct {
	Horizon        time.Duration `toml:"horizon" json:"horizon"`
	Warmup         time.Duration `toml:"warmup" json:"warmup"`
	Seed           uint64        `toml:"seed" json:"seed"`
	Replications   int           `toml:"replications" json:"replications"`
	TimeseriesStep time.Duration `toml:"timeseries_step" json:"timeseries_step"`
	MaxEvents      int64         `toml:"max_events" json:"max_events"`
	// MaxTotalRequests bounds the expected requests of all replications
	// together (0: DefaultMaxTotalRequests). It changes nothing simulated,
	// only what is accepted: unset, it stays out of the scenario's hash.
	MaxTotalRequests int64 `toml:"max_total_requests" json:"max_total_requests,omitempty"`
	// LatencyThreshold (duration, default "100ms", > 0) is the players'
	// round trip above which a streamed session counts in
	// latency_above_threshold_ratio. A reporting threshold, not a service
	// figure: it changes what is counted, never what is simulated.
	LatencyThreshold time.Duration `toml:"latency_threshold" json:"latency_threshold"`
}

// StreamGroup is a GameLift Streams stream group.
type StreamGroup struct {
	Name      string     `toml:"name" json:"name"`
	Class     string     `toml:"class" json:"class"`
	Locations []Location `toml:"location" json:"location"`
	// RecreateEvery recreates the group periodically (S004: every 3-4
	// weeks); 0: never. See models/streams/lifetime.go.
	RecreateEvery time.Duration `toml:"recreate_every" json:"recreate_every,omitempty"`
}

// Location is a location's capacity, in streams.
type Location struct {
	Name       string `toml:"name" json:"name"`
	AlwaysOn   int    `toml:"always_on" json:"always_on"`
	TargetIdle int    `toml:"target_idle" json:"target_idle"`
	Maximum    int    `toml:"maximum" json:"maximum"`
	OnDemand   int    `toml:"on_demand" json:"on_demand"`
	// GPUQuota is rejected: the quota is the account's, per location and
	// generation ([[gpu_quota]]). Kept so the error can say where it went.
	GPUQuota int `toml:"gpu_quota" json:"gpu_quota,omitempty"`
}

// GPUQuota is one row of the account's GPU service quota table (facts
// §3.5, A11): GPUs (instances) of one generation in one location, shared by
// every stream group there.
type GPUQuota struct {
	Location   string `toml:"location" json:"location"`
	Generation string `toml:"generation" json:"generation"`
	GPUs       int    `toml:"gpus" json:"gpus"`
}

// Demand is a stream of StartStreamSession requests.
type Demand struct {
	Name              string    `toml:"name" json:"name"`
	StreamGroup       string    `toml:"stream_group" json:"stream_group"`
	Locations         []string  `toml:"locations" json:"locations"`
	Arrivals          Arrivals  `toml:"arrivals" json:"arrivals"`
	SessionLength     DistSpec  `toml:"session_length" json:"session_length"`
	SessionStartDelay *DistSpec `toml:"session_start_delay" json:"session_start_delay,omitempty"`
	Client            Client    `toml:"client" json:"client"`
	// PlayerRegion (string, optional) names where the players are: a
	// shipped player region (docs/geography.md lists them, e.g.
	// "europe-central") or a [[player_region]] of the scenario. It gives
	// each session a round trip to the location that serves it (the
	// streamed_rtt_seconds metrics) and, without locations, the list
	// itself: every location of the stream group, nearest first.
	PlayerRegion string `toml:"player_region" json:"player_region,omitempty"`
	// MaxLatency (duration, optional, needs player_region and no
	// locations; 0: no cap) drops from the derived location list every
	// location whose round trip exceeds it, as a backend building
	// StartStreamSession's Locations list would.
	MaxLatency time.Duration `toml:"max_latency" json:"max_latency,omitempty"`
}

// PlayerRegion is a region of players: a new one (name and anchor), or
// overrides of a shipped one (its name, and latency rows).
type PlayerRegion struct {
	// Name (string, required) is how demands name it.
	Name string `toml:"name" json:"name"`
	// Anchor (string; required for a new region, default the shipped
	// region's) is the AWS Region nearest the players: the round trip to
	// a location is the measured Region-to-Region one from the anchor
	// (L1) plus service.last_mile_rtt.
	Anchor string `toml:"anchor" json:"anchor,omitempty"`
	// Continent (string, default the anchor's: north-america,
	// south-america, europe, asia, oceania, africa, middle-east) decides
	// which sessions are streamed from the players' own continent.
	Continent string `toml:"continent" json:"continent,omitempty"`
	// Latency rows override the round trip to single locations (your own
	// measurements).
	Latency []LatencyRow `toml:"latency" json:"latency,omitempty"`
}

// LatencyRow is a measured round trip from a player region to a location.
type LatencyRow struct {
	// Location (string, required) is a GameLift Streams location.
	Location string `toml:"location" json:"location"`
	// RTT (duration, required, 1ms to 10s) is the players' round trip,
	// last mile included.
	RTT time.Duration `toml:"rtt" json:"rtt"`
}

// Arrivals is the arrival process of a demand.
type Arrivals struct {
	Process     string    `toml:"process" json:"process"` // poisson | trace
	RatePerHour float64   `toml:"rate_per_hour" json:"rate_per_hour,omitempty"`
	Hourly      []float64 `toml:"hourly" json:"hourly,omitempty"` // 24 rates per hour, hour of day 0..23
	Spikes      []Spike   `toml:"spikes" json:"spikes,omitempty"`
	File        string    `toml:"file" json:"file,omitempty"` // trace CSV
}

// Spike adds demand: ramp up from start, hold the peak, then decay.
type Spike struct {
	Start       time.Duration `toml:"start" json:"start"`
	Ramp        time.Duration `toml:"ramp" json:"ramp"`
	Hold        time.Duration `toml:"hold" json:"hold"`
	Decay       time.Duration `toml:"decay" json:"decay"`
	PeakPerHour float64       `toml:"peak_per_hour" json:"peak_per_hour"`
}

// DistSpec is a distribution of durations.
type DistSpec struct {
	Dist   string        `toml:"dist" json:"dist"` // fixed | exponential | lognormal | gamma | weibull | empirical
	Value  time.Duration `toml:"value" json:"value,omitempty"`
	Mean   time.Duration `toml:"mean" json:"mean,omitempty"`
	Median time.Duration `toml:"median" json:"median,omitempty"`
	Sigma  float64       `toml:"sigma" json:"sigma,omitempty"`
	Shape  float64       `toml:"shape" json:"shape,omitempty"`
	File   string        `toml:"file" json:"file,omitempty"`
}

// Client is player behaviour and the StartStreamSession parameters.
type Client struct {
	ConnectDelay          DistSpec      `toml:"connect_delay" json:"connect_delay"`
	NoShowProbability     float64       `toml:"no_show_probability" json:"no_show_probability"`
	DisconnectRatePerHour float64       `toml:"disconnect_rate_per_hour" json:"disconnect_rate_per_hour"`
	ReconnectProbability  float64       `toml:"reconnect_probability" json:"reconnect_probability"`
	ReconnectDelay        DistSpec      `toml:"reconnect_delay" json:"reconnect_delay"`
	AFKRatePerHour        float64       `toml:"afk_rate_per_hour" json:"afk_rate_per_hour"`
	CrashRatePerHour      float64       `toml:"crash_rate_per_hour" json:"crash_rate_per_hour"`
	EndReason             string        `toml:"end_reason" json:"end_reason"`
	ConnectionTimeout     time.Duration `toml:"connection_timeout" json:"connection_timeout"`
	SessionLengthLimit    time.Duration `toml:"session_length_limit" json:"session_length_limit"`
}

// Service holds the service's rules and every documented assumption.
type Service struct {
	PlacementTimeoutAlwaysOn        time.Duration `toml:"placement_timeout_always_on" json:"placement_timeout_always_on"`
	PlacementTimeoutOnDemandLinux   time.Duration `toml:"placement_timeout_on_demand_linux" json:"placement_timeout_on_demand_linux"`
	PlacementTimeoutOnDemandWindows time.Duration `toml:"placement_timeout_on_demand_windows" json:"placement_timeout_on_demand_windows"`
	AllocationDelayLinux            DistSpec      `toml:"allocation_delay_linux" json:"allocation_delay_linux"`
	AllocationDelayWindows          DistSpec      `toml:"allocation_delay_windows" json:"allocation_delay_windows"`
	ActivationDelay                 DistSpec      `toml:"activation_delay" json:"activation_delay"`
	IdleReleaseDelay                time.Duration `toml:"idle_release_delay" json:"idle_release_delay"`
	SessionStartDelay               DistSpec      `toml:"session_start_delay" json:"session_start_delay"`
	SessionStartDelayCold           DistSpec      `toml:"session_start_delay_cold" json:"session_start_delay_cold"`
	IdleTimeout                     time.Duration `toml:"idle_timeout" json:"idle_timeout"`
	TerminatingDuration             time.Duration `toml:"terminating_duration" json:"terminating_duration"`
	ReconnectingDuration            time.Duration `toml:"reconnecting_duration" json:"reconnecting_duration"`
	BillingUnit                     string        `toml:"billing_unit" json:"billing_unit"`
	MinBilledDuration               time.Duration `toml:"min_billed_duration" json:"min_billed_duration"`
	Packing                         string        `toml:"packing" json:"packing"`
	MaximumIncludesAlwaysOn         bool          `toml:"maximum_includes_always_on" json:"maximum_includes_always_on"`
	InternalErrorProbability        float64       `toml:"internal_error_probability" json:"internal_error_probability"`
	ShortfallRatePerHour            float64       `toml:"shortfall_rate_per_hour" json:"shortfall_rate_per_hour"`
	ShortfallDuration               time.Duration `toml:"shortfall_duration" json:"shortfall_duration"`
	StreamGroupLifetime             time.Duration `toml:"stream_group_lifetime" json:"stream_group_lifetime"`
	LastMileRTT                     time.Duration `toml:"last_mile_rtt" json:"last_mile_rtt"`
}

// Price is a price the scenario supplies (or overrides).
type Price struct {
	Class      string  `toml:"class" json:"class"`
	Location   string  `toml:"location" json:"location"`
	USDPerHour float64 `toml:"usd_per_hour" json:"usd_per_hour"`
	Source     string  `toml:"source" json:"source,omitempty"`
}

// TimelineAction is an API call at a virtual time.
type TimelineAction struct {
	At            time.Duration `toml:"at" json:"at"`
	Action        string        `toml:"action" json:"action"`
	StreamGroup   string        `toml:"stream_group" json:"stream_group"`
	Locations     []Location    `toml:"locations" json:"locations,omitempty"`           // Update / Add
	LocationNames []string      `toml:"location_names" json:"location_names,omitempty"` // Remove; Terminate filter
	Share         float64       `toml:"share" json:"share,omitempty"`                   // Terminate
}

// DefaultSimulation and DefaultService are the values a scenario starts from;
// they are the one place the service and client defaults are written:
// assumptionTable (assumption_table.go) names each and gives its source and
// range.
func DefaultSimulation() Simulation {
	return Simulation{Horizon: 24 * time.Hour, Warmup: time.Hour, Seed: 1, Replications: 10, TimeseriesStep: time.Minute,
		LatencyThreshold: 100 * time.Millisecond}
}

// DefaultService returns the documented service defaults.
func DefaultService() Service {
	return Service{
		PlacementTimeoutAlwaysOn:        75 * time.Second,
		PlacementTimeoutOnDemandLinux:   90 * time.Second,
		PlacementTimeoutOnDemandWindows: 600 * time.Second,
		AllocationDelayLinux:            DistSpec{Dist: "lognormal", Median: 90 * time.Second, Sigma: 0.5},
		AllocationDelayWindows:          DistSpec{Dist: "lognormal", Median: 180 * time.Second, Sigma: 0.52},
		ActivationDelay:                 DistSpec{Dist: "fixed", Value: 5 * time.Minute},
		IdleReleaseDelay:                5 * time.Minute,
		SessionStartDelay:               DistSpec{Dist: "lognormal", Median: 10 * time.Second, Sigma: 0.5},
		SessionStartDelayCold:           DistSpec{Dist: "fixed", Value: 30 * time.Second},
		IdleTimeout:                     60 * time.Minute,
		TerminatingDuration:             5 * time.Second,
		ReconnectingDuration:            2 * time.Second,
		BillingUnit:                     "per_instance",
		Packing:                         "fill_first",
		MaximumIncludesAlwaysOn:         true,
		ShortfallDuration:               30 * time.Minute,
		StreamGroupLifetime:             365 * 24 * time.Hour,
		LastMileRTT:                     15 * time.Millisecond,
	}
}

// DefaultClient returns the client defaults of a demand.
func DefaultClient() Client {
	return Client{
		ConnectDelay:          DistSpec{Dist: "lognormal", Median: 4 * time.Second, Sigma: 0.6},
		NoShowProbability:     0.02,
		DisconnectRatePerHour: 0.1,
		ReconnectProbability:  0.8,
		ReconnectDelay:        DistSpec{Dist: "exponential", Mean: 20 * time.Second},
		AFKRatePerHour:        0.05,
		CrashRatePerHour:      0.01,
		EndReason:             "apiTerminated",
		ConnectionTimeout:     120 * time.Second,
		SessionLengthLimit:    12 * time.Hour,
	}
}
