package scenarios

// demandDocs documents [[demand]], its arrivals, spikes, distributions,
// [demand.client] and player regions (see fieldDocs).
var demandDocs = map[string]fieldDoc{
	"Demand.name": {meaning: "The demand's name in reports and errors.", def: "`demand-N` (N its position from 1)", allowed: "unique"},
	"Demand.stream_group": {meaning: "The stream group the requests go to.", def: "required",
		allowed: "a `[[stream_group]]` name"},
	"Demand.locations": {meaning: "StartStreamSession's Locations: where a request may be placed, in priority order. A " +
		"request takes the first location with a free slot, else waits in every location of its list; it is counted " +
		"(and its failure) at the first.", unit: "location names",
		def:     "the group's primary location; with `player_region`, every location of the group, nearest first",
		allowed: "locations of the group (or added by the timeline), each once, at most 64; not empty", sources: []string{"S004"}},
	"Demand.arrivals": {meaning: "When requests arrive (the `arrivals` table).", def: "required"},
	"Demand.session_length": {meaning: "How long a player streams once connected.",
		def: "required, unless a trace gives lengths", allowed: "a distribution whose draws are never 0"},
	"Demand.session_start_delay": {meaning: "Time from placement to the session being ACTIVE (application start) for " +
		"this demand's application.", def: "`service.session_start_delay`", sources: []string{"q16"}},
	"Demand.client": {meaning: "Player behaviour and StartStreamSession parameters (`[demand.client]`).", def: "the table's defaults"},
	"Demand.player_region": {meaning: "Where the players are: a shipped player region (e.g. `europe-central`) or a " +
		"`[[player_region]]`. Gives each session its round trip (the `streamed_rtt_seconds` metrics) and, without " +
		"`locations`, the location list: every location of the group, nearest first.", def: "none", sources: []string{"L1", "L2"}},
	"Demand.max_latency": {meaning: "Drops from the derived location list every location whose round trip exceeds it, as " +
		"a backend building StartStreamSession's Locations would.", def: "0s (no cap)",
		allowed: "≥ 0; needs `player_region` and no `locations`"},

	"Arrivals.process": {meaning: "`poisson`: random arrivals at the base rate plus spikes; `trace`: the arrival times of " +
		"a CSV file, replayed.", def: "required", allowed: "`poisson`, `trace`"},
	"Arrivals.rate_per_hour": {meaning: "The constant base rate of a Poisson process.", unit: "requests per hour",
		def: "0", allowed: "≥ 0; not with `hourly`", bounds: atLeast(0)},
	"Arrivals.hourly": {meaning: "24 base rates, one per hour of the day (hour 0 to 23 of the simulated clock, which starts " +
		"at hour 0), repeating every day.", unit: "requests per hour", def: "none",
		allowed: "exactly 24 rates, each ≥ 0; not with `rate_per_hour`"},
	"Arrivals.spikes": {meaning: "Bursts **added** to the base rate (the `arrivals.spikes` table).", def: "none",
		allowed: "at most 200"},
	"Arrivals.file": {meaning: "The trace CSV of `process = \"trace\"`: a header, then one row per request with `at` (seconds " +
		"or a duration from the start) and optionally `session_length`.", unit: "a path beside the scenario",
		def: "required with `trace`", allowed: "a regular file in the scenario's directory, at most 256 MiB"},

	"Spike.start":         {meaning: "When the spike begins to ramp up, from the start of the simulation.", def: "0s", allowed: "≥ 0"},
	"Spike.ramp":          {meaning: "How long the added rate takes to climb linearly from 0 to `peak_per_hour`.", def: "0s", allowed: "≥ 0"},
	"Spike.hold":          {meaning: "How long the added rate stays at `peak_per_hour`.", def: "0s", allowed: "≥ 0"},
	"Spike.decay":         {meaning: "Time constant of the exponential decay after the hold (0: the spike ends at once).", def: "0s", allowed: "≥ 0"},
	"Spike.peak_per_hour": {meaning: "The rate the spike **adds** to the base rate at its peak (not the total rate).", unit: "requests per hour", def: "required", allowed: "> 0"},

	"DistSpec.dist": {meaning: "The distribution's family.", def: "required",
		allowed: "`fixed`, `exponential`, `lognormal`, `gamma`, `weibull`, `empirical`"},
	"DistSpec.value":  {meaning: "`fixed`: the one value.", allowed: "≥ 0 (a length > 0)"},
	"DistSpec.mean":   {meaning: "`exponential`, `gamma`, `weibull`: the mean.", allowed: "> 0"},
	"DistSpec.median": {meaning: "`lognormal`: the median (the 50th percentile).", allowed: "> 0"},
	"DistSpec.sigma": {meaning: "`lognormal`: the standard deviation of the logarithm (0.5 puts the 99th percentile at " +
		"3.2 × the median).", unit: "dimensionless", allowed: "0 to 5"},
	"DistSpec.shape": {meaning: "`gamma`, `weibull`: the shape (1 is exponential; larger is less spread).", unit: "dimensionless",
		allowed: "gamma > 0; weibull 0.05 to 100"},
	"DistSpec.file": {meaning: "`empirical`: a CSV of observed durations (a header, then one value per row, seconds or " +
		"durations), drawn from uniformly.", unit: "a path beside the scenario", def: "none", allowed: "a regular file in the scenario's directory"},

	"Client.connect_delay": {meaning: "Time from the session being ACTIVE to the client connecting (the first frame)."},
	"Client.no_show_probability": {meaning: "Probability that the client never connects, so the session ends by " +
		"`connectionTimeout`.", unit: "probability", allowed: "0 to 1", bounds: fraction()},
	"Client.disconnect_rate_per_hour": {meaning: "Rate at which a connected client drops (PENDING_CLIENT_RECONNECTION).",
		unit: "per session-hour", allowed: "≥ 0", bounds: atLeast(0)},
	"Client.reconnect_probability": {meaning: "Probability that a dropped client comes back within the timeout.",
		unit: "probability", allowed: "0 to 1", bounds: fraction()},
	"Client.reconnect_delay": {meaning: "Time a dropped client takes to come back."},
	"Client.afk_rate_per_hour": {meaning: "Rate at which a player stops giving input; the session then ends by " +
		"`idleTimeout` after `service.idle_timeout`.", unit: "per session-hour", allowed: "≥ 0", bounds: atLeast(0)},
	"Client.crash_rate_per_hour": {meaning: "Rate at which the application exits by itself (`applicationExit`).",
		unit: "per session-hour", allowed: "≥ 0", bounds: atLeast(0)},
	"Client.end_reason": {meaning: "How a normal end of play is recorded: the backend calls TerminateStreamSession " +
		"(`apiTerminated`) or the game exits (`applicationExit`).", allowed: "`apiTerminated`, `applicationExit`"},
	"Client.connection_timeout": {meaning: "StartStreamSession's ConnectionTimeoutSeconds: how long an ACTIVE session " +
		"waits for its client (and a dropped client may take to return).", allowed: "1s to 1h", bounds: closedRange(1, 3600)},
	"Client.session_length_limit": {meaning: "StartStreamSession's SessionLengthSeconds: the longest a session may run " +
		"(then `maxSessionLengthTimeout`).", allowed: "1s to 24h", bounds: closedRange(1, 86400)},

	"PlayerRegion.name": {meaning: "The region's name, by which demands name it: a shipped region's to override its " +
		"round trips, or a new one. Metric names select the region by it: `regions[NAME].latency_above_threshold_ratio`.",
		def: "required", allowed: "no bracket; not `*` nor a number (they would read as a wildcard or an index)"},
	"PlayerRegion.anchor": {meaning: "The AWS Region nearest the players: a location's round trip is the measured " +
		"Region-to-Region one from the anchor (L1) plus `service.last_mile_rtt`.", unit: "an AWS Region name",
		def: "required for a new region; a shipped region's own", sources: []string{"L1", "L2"}},
	"PlayerRegion.continent": {meaning: "The players' continent: which sessions count as streamed from their own continent.",
		def: "the anchor's", allowed: "north-america, south-america, europe, asia, oceania, africa, middle-east"},
	"PlayerRegion.latency": {meaning: "Measured round trips to single locations (`[[player_region.latency]]`), overriding " +
		"the derived ones.", def: "none"},
	"LatencyRow.location": {meaning: "The location measured.", def: "required", allowed: "a GameLift Streams location"},
	"LatencyRow.rtt": {meaning: "The players' round trip to it, last mile included.", def: "required",
		allowed: "1ms to 10s"},
}
