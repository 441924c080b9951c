package scenarios

// fleetControlDocs documents [fleet.scaling], queues, fleet demands and
// the fleet timeline (see fieldDocs).
var fleetControlDocs = map[string]fieldDoc{
	"FleetScaling.policy": {meaning: "`none` keeps `initial_instances`; `target_tracking` tracks PercentAvailableGameSessions " +
		"(managed fleets, G8, G9) or PercentUtilizedGameServers (FleetIQ, F5); `buffer` keeps free game servers beyond " +
		"the allocated ones, as Agones' buffer policy (K1, K2).", allowed: "`none`, `target_tracking`, `buffer`"},
	"FleetScaling.min_instances": {meaning: "Per-location minimum.", unit: "instances (capacity units)", allowed: "≥ 0, ≤ `max_instances`",
		sources: []string{"G11"}},
	"FleetScaling.max_instances": {meaning: "Per-location maximum.", unit: "instances (capacity units)",
		allowed: "≥ 1 (a location's maximum is 1 instance unless raised)", sources: []string{"G11"}},
	"FleetScaling.initial_instances": {meaning: "**Assumption**: instances ready at time 0.", unit: "instances (capacity units)",
		def: "max(`min_instances`, 1)", allowed: "between `min_instances` and `max_instances`"},
	"FleetScaling.target_percent": {meaning: "The target of target tracking: idle game-session slots in percent of all " +
		"(managed fleets) or utilized game servers in percent (FleetIQ).", unit: "percent",
		def: "required with `target_tracking`", allowed: "in (0, 100)", sources: []string{"G8", "G9", "F5"}},
	"FleetScaling.evaluation_interval": {meaning: "How often target tracking evaluates (not published).", allowed: "at least 1s",
		sources: []string{"q18"}},
	"FleetScaling.scale_to_zero": {meaning: "ZeroCapacityStrategy SCALE_TO_AND_FROM_ZERO: the minimum moves between 0 and 1; " +
		"scale-out starts on the first request.", allowed: "`min_instances` 0 or 1; not on FleetIQ", sources: []string{"G12"}},
	"FleetScaling.scale_in_after_inactivity": {meaning: "ScaleInAfterInactivityMinutes: idle time after which a " +
		"scale-to-zero location goes back to 0.", allowed: "5m to 1440m", bounds: closedRange(300, 86400), sources: []string{"G12"}},
	"FleetScaling.buffer_size": {meaning: "Buffer policy: free game servers kept beyond the allocated ones " +
		"(desired = allocated + buffer_size).", unit: "game servers", def: "one of `buffer_size`, `buffer_percent` is required with `buffer`",
		allowed: "> 0", sources: []string{"K1", "K2"}},
	"FleetScaling.buffer_percent": {meaning: "Buffer policy: desired = ceil(allocated × 100 / (100 − buffer_percent)).",
		unit: "percent", allowed: "a whole 1 to 99", sources: []string{"K1", "K2"}},
	"FleetScaling.min_replicas": {meaning: "Buffer policy: the least game servers desired.", unit: "game servers",
		allowed: "0 or ≥ `buffer_size`; ≥ 1 with `buffer_percent`", sources: []string{"K1"}},
	"FleetScaling.max_replicas": {meaning: "Buffer policy: the most game servers desired.", unit: "game servers",
		def: "0 (set it with `buffer`)", allowed: "≥ `buffer_size` and ≥ `min_replicas`", sources: []string{"K1"}},
	"FleetScaling.buffer_interval": {meaning: "Buffer policy: the FixedInterval sync period.", allowed: "at least 1s",
		sources: []string{"K1"}},
	"FleetScaling.protection": {meaning: "NoProtection lets scale-in end live sessions (reason SCALED_IN); FullProtection " +
		"keeps ACTIVE sessions. Spot can be reclaimed regardless.", allowed: "`NoProtection`, `FullProtection`",
		sources: []string{"G10", "F6"}},

	"Queue.name":    {meaning: "The queue's name, by which fleet demands name it.", def: "required", allowed: "unique"},
	"Queue.timeout": {meaning: "TimeoutInSeconds: how long a placement stays PENDING before it is TIMED_OUT.", allowed: "at least 1s", bounds: atLeast(1), sources: []string{"G2", "G5", "q17"}},
	"Queue.destinations": {meaning: "Fleet locations tried in order (`queue.destinations`); a destination without " +
		"`location` stands for every location of its fleet, alphabetically.", def: "required, at least one",
		allowed: "managed fleets (not FleetIQ), each destination once", sources: []string{"G3"}},
	"Queue.player_latency_policy": {meaning: "PlayerLatencyPolicies applied back to back from a request's arrival, only to " +
		"requests with latency data (a fleet demand's `player_region`). While one is in force no destination above its " +
		"maximum may take the request; a PENDING request is tried again when its cap relaxes; after the last one with a " +
		"duration no cap applies.",
		def: "none", sources: []string{"G4", "G5"}},
	"Queue.priority_order": {meaning: "PriorityConfiguration's order for requests with latency data: LATENCY (lowest round " +
		"trip), COST (lowest On-Demand price), DESTINATION (`destinations` order), LOCATION (by name).", unit: "names",
		def: "[\"LATENCY\", \"COST\", \"DESTINATION\", \"LOCATION\"]", allowed: "each of the four at most once", sources: []string{"G3"}},
	"QueueDestination.fleet": {meaning: "The fleet.", def: "required", allowed: "a managed `[[fleet]]` (not FleetIQ)"},
	"QueueDestination.location": {meaning: "One of the fleet's locations.", def: "every location of the fleet, alphabetically (G3)",
		sources: []string{"G3"}},
	"LatencyPolicy.maximum_individual_player_latency": {meaning: "While the policy is in force, no destination where a " +
		"player's latency exceeds this may take the request.", def: "required", allowed: "1ms to 10s"},
	"LatencyPolicy.policy_duration": {meaning: "How long the policy is in force.", def: "0s: until the queue times out (the last policy only)",
		allowed: "≥ 0"},

	"FleetDemand.name": {meaning: "The fleet demand's name in reports and errors.", def: "`fleet-demand-N`", allowed: "unique"},
	"FleetDemand.queue": {meaning: "The queue placements go through.", def: "one of `queue` and `fleet` is required",
		allowed: "a `[[queue]]` name"},
	"FleetDemand.fleet": {meaning: "The FleetIQ group claims go to.", def: "one of `queue` and `fleet` is required",
		allowed: "a `kind = \"fleetiq\"` fleet"},
	"FleetDemand.arrivals": {meaning: "When requests arrive (the `arrivals` table, as a `[[demand]]`'s).", def: "required"},
	"FleetDemand.players": {meaning: "Players per request.", unit: "players",
		allowed: "1 to the `max_players` of every fleet the demand can reach", bounds: atLeast(1)},
	"FleetDemand.player_region": {meaning: "Where the players are: queue placements then carry latency data (PlayerLatency) " +
		"for every destination, so the queue's latency policies and priority order apply.", def: "none",
		allowed: "queue demands only", sources: []string{"L1", "L2"}},
	"FleetDemand.game_length": {meaning: "How long a game runs once ACTIVE (UTILIZED).", def: "required, also with a trace",
		allowed: "a distribution whose draws are never 0"},
	"FleetDemand.cancel_probability": {meaning: "Probability that the backend cancels a still-PENDING placement " +
		"(StopGameSessionPlacement).", unit: "probability", allowed: "0 to 1; queue demands only", sources: []string{"G6"}},
	"FleetDemand.cancel_after": {meaning: "**Assumption**: when a cancelled placement is cancelled; used only with " +
		"`cancel_probability` > 0."},
	"FleetDemand.claim_retry": {meaning: "After OutOfCapacity, retry the claim this often (0: no retry).", def: "0s (no retry)",
		allowed: "≥ 0; FleetIQ demands only", sources: []string{"S002", "F4"}},
	"FleetDemand.claim_timeout": {meaning: "How long after the request claims are retried.", allowed: "≥ `claim_retry` when retrying; FleetIQ demands only"},
	"FleetDemand.direct_claim_share": {meaning: "**Assumption**: share of claims that name a game server (GameServerId), drawn " +
		"uniformly among the group's registered servers; such a claim fails on a UTILIZED, CLAIMED or disallowed DRAINING server.",
		unit: "fraction", allowed: "0 to 1; FleetIQ demands only", sources: []string{"S002"}},
	"FleetDemand.instance_statuses": {meaning: "The claims' FilterOption.InstanceStatuses; DRAINING lets them use servers on " +
		"DRAINING instances.", unit: "statuses", def: "none (the fleet's `claim_draining` decides)",
		allowed: "`[\"ACTIVE\"]` or `[\"ACTIVE\", \"DRAINING\"]`; must contain ACTIVE", sources: []string{"S002"}},

	"FleetTimelineAction.at":     {meaning: "When the call is made.", def: "0s", allowed: "in [0, `simulation.horizon`)"},
	"FleetTimelineAction.action": {meaning: "The API call.", def: "required", allowed: "`TerminateGameSession`", sources: []string{"S000"}},
	"FleetTimelineAction.fleet": {meaning: "The fleet whose game sessions are ended.", def: "required",
		allowed: "an EC2, container or Anywhere fleet (not FleetIQ)", sources: []string{"S000"}},
	"FleetTimelineAction.mode": {meaning: "TRIGGER_ON_PROCESS_TERMINATE calls the server's OnProcessTerminate; FORCE_TERMINATE " +
		"stops the process at once.", def: "required", allowed: "`TRIGGER_ON_PROCESS_TERMINATE`, `FORCE_TERMINATE`", sources: []string{"S000"}},
	"FleetTimelineAction.share": {meaning: "Share of the fleet's game sessions (not in ERROR) ended.", unit: "fraction",
		def: "required", allowed: "in (0, 1]"},
}
