package scenarios

// fleetDocs documents [[fleet]], its instance definitions and
// [fleet.spot] (see fieldDocs); scenarios/FLEETS.md says how fleets behave.
var fleetDocs = map[string]fieldDoc{
	"Fleet.name": {meaning: "The fleet's name, by which queues, fleet demands and the timeline name it.", def: "required", allowed: "unique"},
	"Fleet.kind": {meaning: "A managed EC2, container or Anywhere fleet (placements through a queue) or a FleetIQ game " +
		"server group (claims).", def: "required", allowed: "`ec2`, `container`, `anywhere`, `fleetiq`", sources: []string{"G1", "F2"}},
	"Fleet.locations": {meaning: "The fleet's locations; limits and scaling apply per location.", unit: "location names",
		def: "required, at least one", allowed: "distinct names, at most 100; a FleetIQ group exactly one (one Auto Scaling group in one Region)"},
	"Fleet.instance_type": {meaning: "A managed or Anywhere fleet's instance type (EC2InstanceType): a label in reports and " +
		"the name of its Spot pool; it looks up no price.", def: "\"\"", allowed: "not on FleetIQ (use `instance_definitions`)"},
	"Fleet.price_on_demand": {meaning: "USD per instance-hour of On-Demand capacity (listed per hour, billed per second, " +
		"G13). Anywhere: the cost of your own compute (may be 0).", unit: "USD per instance-hour",
		def: "required when On-Demand capacity is used", allowed: "0 to 1,000,000; not on FleetIQ", sources: []string{"G13"}},
	"Fleet.price_spot": {meaning: "USD per instance-hour of Spot capacity.", unit: "USD per instance-hour",
		def: "required when Spot is used (`capacity_type = \"SPOT\"`)", allowed: "0 to 1,000,000, ≤ `price_on_demand` (Spot never exceeds On-Demand)",
		sources: []string{"G13"}},
	"Fleet.instance_definitions": {meaning: "A FleetIQ group's instance types (`fleet.instance_definitions`), each its own Spot " +
		"pool; a launch takes the cheapest per capacity unit.", def: "required on FleetIQ", allowed: "2 to 20 (F7, F11); FleetIQ only",
		sources: []string{"F7", "F11"}},
	"Fleet.min_billed": {meaning: "Least time billed per instance.", allowed: "≥ 0", sources: []string{"G13"}},
	"Fleet.capacity_type": {meaning: "A managed fleet's capacity: On-Demand or Spot (a SPOT fleet launches nothing while its " +
		"pool is not viable).", allowed: "`ON_DEMAND`, `SPOT`; managed fleets only; Anywhere has no Spot"},
	"Fleet.balancing": {meaning: "A FleetIQ group's balancing strategy: `SPOT_ONLY` (no new capacity while no pool is " +
		"viable), `SPOT_PREFERRED` (On-Demand while no pool is viable), `ON_DEMAND_ONLY`.",
		allowed: "`SPOT_ONLY`, `SPOT_PREFERRED`, `ON_DEMAND_ONLY`; FleetIQ only", sources: []string{"F2"}},
	"Fleet.spot": {meaning: "How Spot capacity behaves (`[fleet.spot]`); only for a fleet that buys Spot.", def: "the table's defaults"},
	"Fleet.spot_interruption_rate_per_hour": {meaning: "Moved: now `[fleet.spot] interruption_rate_per_hour`; the old key " +
		"is an error that says so.", allowed: "not allowed"},
	"Fleet.spot_notice": {meaning: "Moved: now `[fleet.spot] notice`; the old key is an error that says so.", allowed: "not allowed"},
	"Fleet.processes_per_instance": {meaning: "Concurrent server processes per instance (FleetIQ: game servers per instance of " +
		"weight 1); each hosts one game session.", unit: "processes", allowed: "1 to 50", bounds: closedRange(1, MaxProcessesPerInstance),
		sources: []string{"G1"}},
	"Fleet.max_players": {meaning: "Players per game session.", unit: "players", allowed: "≥ 1", bounds: atLeast(1)},
	"Fleet.instance_launch_delay": {meaning: "**Assumption**: time from a scale-out decision to a new instance running " +
		"(\"new instances and processes take minutes\", G8).", sources: []string{"G8", "G17"}},
	"Fleet.process_start_delay": {meaning: "**Assumption**: time for a server process to start and call InitSDK.", sources: []string{"G16"}},
	"Fleet.restart_delay":       {meaning: "**Assumption**: time to replace an ended process with a fresh one.", sources: []string{"S000"}},
	"Fleet.activation_time":     {meaning: "**Assumption**: time a game session spends ACTIVATING."},
	"Fleet.activation_timeout": {meaning: "GameSessionActivationTimeoutSeconds: a session still ACTIVATING at this limit is " +
		"ended.", allowed: "1s to 600s", bounds: closedRange(1, 600), sources: []string{"G1", "q17"}},
	"Fleet.graceful_shutdown": {meaning: "**Assumption**: time from OnProcessTerminate to ProcessEnding.", sources: []string{"S000"}},
	"Fleet.no_process_ending_share": {meaning: "Share of servers that never call ProcessEnding, so a TRIGGER_ON_PROCESS_TERMINATE " +
		"termination never completes (stuck TERMINATING).", unit: "fraction", allowed: "0 to 1", bounds: fraction(), sources: []string{"S000"}},
	"Fleet.anywhere_agent": {meaning: "Whether an Anywhere fleet runs the GameLift Agent, which FORCE_TERMINATE needs.",
		allowed: "`kind = \"anywhere\"` only", sources: []string{"S000"}},
	"Fleet.terminate_older_than": {meaning: "A policy: sessions older than this are ended with TerminateGameSession, checked " +
		"every minute.", def: "0s (off)", allowed: "≥ 0; needs `terminate_mode`; not on FleetIQ", sources: []string{"S000"}},
	"Fleet.terminate_mode": {meaning: "The TerminateGameSession mode of the policy.", def: "required with `terminate_older_than`",
		allowed: "`TRIGGER_ON_PROCESS_TERMINATE`, `FORCE_TERMINATE`", sources: []string{"S000"}},
	"Fleet.lost_end_share": {meaning: "**Assumption**: share of end-of-game signals lost; the game instance goes stale and " +
		"expires `stale_expiry` after its last access.", unit: "fraction", allowed: "0 to 1; with `duplicate_end_share` at most 1"},
	"Fleet.duplicate_end_share": {meaning: "**Assumption**: share of end signals delivered twice (the duplicate must be a " +
		"no-op, S003).", unit: "fraction", allowed: "0 to 1; with `lost_end_share` at most 1", sources: []string{"S003"}},
	"Fleet.stale_expiry": {meaning: "Time after its last access at which a stale game instance expires (an analogue of " +
		"Pragma's 1440 min, S003).", allowed: "> 0 with `enable_stale_expiration`", sources: []string{"S003"}},
	"Fleet.enable_stale_expiration": {meaning: "S003's `enableStaleGameInstanceExpiration`: whether stale games expire at " +
		"all.", sources: []string{"S003"}},
	"Fleet.access_interval": {meaning: "**Assumption**: how often a game in play is accessed (S003: any read or write of the " +
		"game instance or its players, or a client sync), from the start of play; expiry runs from the last access. 0: " +
		"never during play, so a game longer than `stale_expiry` expires in play. Plausible 5s to 10m.", allowed: "≥ 0 and ≤ `stale_expiry` unless 0", sources: []string{"S003"}},
	"Fleet.lost_end_holds_process": {meaning: "**Assumption** (the seed is silent): whether a game whose end signal was lost " +
		"keeps its server process busy until it expires (`true`, the conservative choice for capacity) or the server ends " +
		"its own session and only the backend's game instance lingers (`false`). `stale_game_instance_hours` reports what " +
		"lost ends would cost in process-hours either way, `expired_game_process_hours` what they did cost."},
	"Fleet.claim_hold": {meaning: "How long a claim holds a game server (CLAIMED) before it becomes claimable again; fixed " +
		"by the service.", allowed: "60s only", sources: []string{"S002"}},
	"Fleet.client_connect_delay": {meaning: "**Assumption**: time from a claim to the server going UTILIZED (within S002's " +
		"60-second window).", def: "lognormal median 10s sigma 0.6 (FleetIQ only)", sources: []string{"S002"}},
	"Fleet.claim_draining": {meaning: "Whether a claim may use a server on a DRAINING instance when no ACTIVE one is free.",
		allowed: "FleetIQ only", sources: []string{"S002", "F3"}},
	"Fleet.scaling": {meaning: "The fleet's capacity controller (`[fleet.scaling]`).", def: "the table's defaults"},

	"InstanceDefinition.instance_type": {meaning: "The instance type.", def: "required", allowed: "distinct within the group"},
	"InstanceDefinition.weighted_capacity": {meaning: "Capacity units one instance counts for (F7: used to compute the " +
		"type's cost per unit hour); an instance of weight w hosts w × `processes_per_instance` game servers.",
		unit: "capacity units", def: "1", allowed: "1 to 999", sources: []string{"F7", "F11"}},
	"InstanceDefinition.price_on_demand": {meaning: "USD per instance-hour On-Demand.", unit: "USD per instance-hour",
		def: "required under SPOT_PREFERRED and ON_DEMAND_ONLY", allowed: "0 to 1,000,000", sources: []string{"G13"}},
	"InstanceDefinition.price_spot": {meaning: "USD per instance-hour on Spot.", unit: "USD per instance-hour",
		def: "required under SPOT_ONLY and SPOT_PREFERRED", allowed: "0 to 1,000,000, ≤ `price_on_demand`", sources: []string{"G13"}},

	"FleetSpot.viable_mean": {meaning: "Mean length of a period in which a pool is viable for Spot (exponential).",
		allowed: "at least 1 minute", bounds: atLeast(60)},
	"FleetSpot.not_viable_mean": {meaning: "Mean length of a not-viable period (0: Spot always viable).",
		allowed: "0, or at least 1 minute"},
	"FleetSpot.interruption_rate_per_hour": {meaning: "Interruptions per Spot instance-hour, each instance on its own.",
		unit: "per instance-hour", allowed: "0 to 60", bounds: closedRange(0, MaxSpotRatePerHour)},
	"FleetSpot.reclaim_rate_per_hour": {meaning: "Correlated reclaims per pool-hour, each taking `reclaim_share` of the " +
		"pool's Spot instances at once.", unit: "per pool-hour", allowed: "0 to 60", bounds: closedRange(0, MaxSpotRatePerHour)},
	"FleetSpot.reclaim_share": {meaning: "Share of a pool's Spot instances a correlated reclaim takes.", unit: "fraction",
		allowed: "0 to 1", bounds: fraction()},
	"FleetSpot.notice": {meaning: "Time from the interruption notice to the reclaim.", allowed: "at least 1s", bounds: atLeast(1)},
	"FleetSpot.late_notice_share": {meaning: "Share of notices that come late, by `late_notice_delay`.", unit: "fraction",
		allowed: "0 to 1; with `missing_notice_share` at most 1"},
	"FleetSpot.late_notice_delay": {meaning: "How late a late notice comes; one later than the reclaim counts as missing."},
	"FleetSpot.missing_notice_share": {meaning: "Share of reclaims with no notice at all: games are cut without " +
		"OnProcessTerminate.", unit: "fraction", allowed: "0 to 1; with `late_notice_share` at most 1"},
	"FleetSpot.rebalance_to_spot": {meaning: "Whether SPOT_PREFERRED drains its On-Demand instances back to Spot once a " +
		"pool is viable again (`false`: they stay until scale-in)."},
	"FleetSpot.requeue_share": {meaning: "Share of the games a reclaim ends in play whose players request a new game.",
		unit: "fraction", allowed: "0 to 1", bounds: fraction()},
	"FleetSpot.requeue_delay": {meaning: "Time from the reclaim to the players' new request."},
}
