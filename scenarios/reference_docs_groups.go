package scenarios

// fieldDocs documents every key of the schema beyond its type and default
// (reference.go): "Type.key" → its entry. This file holds the top level,
// [simulation], stream groups and their locations, prices, GPU quotas,
// the timeline and [[assert]]; reference_docs_demand.go the demand side,
// reference_docs_service.go [service], reference_docs_fleets*.go the
// GameLift Servers tables.
var fieldDocs = mergeDocs(groupDocs, demandDocs, serviceDocs, fleetDocs, fleetControlDocs)

// mergeDocs joins the documentation tables; a key in two is a bug.
func mergeDocs(tables ...map[string]fieldDoc) map[string]fieldDoc {
	out := map[string]fieldDoc{}
	for _, t := range tables {
		for k, v := range t {
			if _, dup := out[k]; dup {
				panic("scenarios: fieldDocs: " + k + " documented twice")
			}
			out[k] = v
		}
	}
	return out
}

var groupDocs = map[string]fieldDoc{
	"Scenario.name": {meaning: "The scenario's name, shown in every report and recorded in summary.json.",
		def: "the file's name without its extension"},
	"Scenario.description": {meaning: "Free text describing the what-if; not used in the simulation.", def: "none"},
	"Scenario.simulation":  {meaning: "How the scenario is run (the `[simulation]` table).", def: "the table's defaults"},
	"Scenario.stream_group": {meaning: "The GameLift Streams stream groups (`[[stream_group]]`).",
		def: "none (a scenario needs a stream group or a fleet)"},
	"Scenario.demand": {meaning: "The stream-session demand (`[[demand]]`).",
		def: "none (required with a stream group)"},
	"Scenario.service": {meaning: "The service's rules and assumptions (`[service]`).", def: "the table's defaults"},
	"Scenario.price": {meaning: "Prices the scenario gives or overrides (`[[price]]`), each USD per hour of one `service.billing_unit`.",
		def: "none: the shipped prices (`capsim classes`)"},
	"Scenario.timeline":      {meaning: "Stream-group API calls at virtual times (`[[timeline]]`).", def: "none"},
	"Scenario.gpu_quota":     {meaning: "The account's GPU quota rows (`[[gpu_quota]]`).", def: "none: not limited, the need reported"},
	"Scenario.player_region": {meaning: "The scenario's own player regions, or latency overrides of shipped ones (`[[player_region]]`).", def: "none"},
	"Scenario.fleet":         {meaning: "GameLift Servers fleets and FleetIQ game server groups (`[[fleet]]`).", def: "none"},
	"Scenario.queue":         {meaning: "Game session queues (`[[queue]]`).", def: "none"},
	"Scenario.fleet_demand": {meaning: "Placement requests through a queue or claims on a FleetIQ group (`[[fleet_demand]]`).",
		def: "none (required with a fleet)"},
	"Scenario.fleet_timeline": {meaning: "GameLift Servers API calls at virtual times (`[[fleet_timeline]]`).", def: "none"},
	"Scenario.assert":         {meaning: "KPI gates `capsim run` judges after the run (`[[assert]]`).", def: "none"},

	"Simulation.horizon": {meaning: "Virtual time simulated by each replication, from 0 (hour 0 of day 0, UTC of the `hourly` rates).",
		allowed: "> 0, at most 100 years", bounds: above(0)},
	"Simulation.warmup": {meaning: "The start of the measured period: only requests arriving after it count, and cost is billed from it.",
		allowed: "≥ 0 and shorter than `horizon`"},
	"Simulation.seed": {meaning: "The one root seed every random stream derives from (common random numbers: two scenarios run " +
		"under one seed see the same players).", unit: "unsigned 64-bit", allowed: "0 to 2^64 − 1"},
	"Simulation.replications": {meaning: "Independent replications, run in parallel; every figure is their mean with a 95% " +
		"confidence interval.", allowed: "1 to 100,000", bounds: closedRange(1, MaxReplications)},
	"Simulation.timeseries_step": {meaning: "Width of a timeseries.csv bucket and of the plots' time resolution.",
		allowed: "> 0 (at most 20,000,000 points over locations and replications)"},
	"Simulation.max_events": {meaning: "Event budget of one replication: a run that exceeds it stops with an error naming " +
		"this key instead of hanging.", unit: "events", def: "0: automatic (100 per expected request, plus the timeseries " +
		"and periodic evaluations, plus 1,000,000)", allowed: "≥ 0", bounds: atLeast(0)},
	"Simulation.max_total_requests": {meaning: "Bound on the expected requests of all replications together; it changes " +
		"nothing simulated, only what is accepted.", unit: "requests", def: "0: 1,000,000,000", allowed: "≥ 0", bounds: atLeast(0)},
	"Simulation.latency_threshold": {meaning: "The players' round trip above which a streamed session counts in " +
		"`latency_above_threshold_ratio`; a reporting threshold, it changes nothing simulated.", allowed: "> 0", bounds: above(0)},

	"StreamGroup.name": {meaning: "The group's name, by which demands and timeline actions name it.", def: "required", allowed: "unique"},
	"StreamGroup.class": {meaning: "The stream class (`capsim classes` lists all 17 with GPU, VRAM, tenancy and OS): " +
		"how many streams one instance hosts, the OS (and so the on-demand placement timeout and allocation delay) and " +
		"the price.", def: "required", allowed: "a stream class, e.g. `gen4n_high`", sources: []string{"S004", "A1"}},
	"StreamGroup.location": {meaning: "The group's locations (`[[stream_group.location]]`); the first is the primary " +
		"location, where the group is created.", def: "required, at least one", allowed: "1 to 100 locations"},
	"StreamGroup.recreate_every": {meaning: "Recreate the group this often, as S004 advises every 3–4 weeks: the new group " +
		"activates, takes new requests once ACTIVE, and the old one is deleted when its last session ends.",
		def: "0s (never)", allowed: "0, or at least 1h and shorter than `service.stream_group_lifetime`", sources: []string{"S004"}},

	"Location.name": {meaning: "A GameLift Streams location (AWS Region name). The first of a group must be a primary " +
		"location (us-east-2, us-west-2, ap-northeast-1, eu-central-1); the others remote locations that primary allows; " +
		"each must offer the class's family (eu-west-1 offers no gen6).", def: "required",
		allowed: "one of the 12 locations of A19", sources: []string{"A19", "A20"}},
	"Location.always_on": {meaning: "Always-on capacity: allocated all the time, never released, billed used or idle.",
		unit: "streams", def: "0; the class default (its tenancy, 1 for ultra and Windows) when no capacity key is given",
		allowed: "0 to 1,000,000, a whole multiple of the class's tenancy", sources: []string{"S004", "A16"}},
	"Location.target_idle": {meaning: "Target-idle capacity: idle streams the service keeps allocated above current use, " +
		"up to the ceiling, to hide the allocation delay.", unit: "streams",
		allowed: "0 to 1,000,000, a whole multiple of tenancy; > 0 needs `maximum` above `always_on`", sources: []string{"S004", "A7"}},
	"Location.maximum": {meaning: "Maximum capacity: the ceiling the service may allocate up to on demand (includes " +
		"always-on capacity unless `service.maximum_includes_always_on = false`). 0 with `always_on` only: no on-demand " +
		"capacity.", unit: "streams", allowed: "0 to 1,000,000, a whole multiple of tenancy, ≥ `always_on`", sources: []string{"S004"}},
	"Location.on_demand": {meaning: "Deprecated on-demand capacity (the pre-Dec-2025 API): capacity allocated on request above " +
		"always-on. Use `maximum` and `target_idle`.", unit: "streams",
		allowed: "0 to 1,000,000, a whole multiple of tenancy; never with `target_idle` or `maximum`", sources: []string{"S004", "A9"}},
	"Location.gpu_quota": {meaning: "Refused: the GPU quota is the account's, per location and GPU generation; write a " +
		"`[[gpu_quota]]` row. The key exists so that the error can say so.", allowed: "not allowed"},

	"Price.class":    {meaning: "The stream class the price is for.", def: "required", allowed: "a stream class"},
	"Price.location": {meaning: "The location the price is for.", def: "required", allowed: "a GameLift Streams location"},
	"Price.usd_per_hour": {meaning: "The price: USD per hour of one billing unit — one instance (hosting `tenancy` streams) " +
		"under `service.billing_unit = \"per_instance\"` (the default), one stream slot under `per_stream`. Billed per " +
		"second of allocated capacity, streaming or idle.", unit: "USD per billing-unit hour", def: "required",
		allowed: "0 to 1,000,000", sources: []string{"A2", "A4", "A5"}},
	"Price.source": {meaning: "Where the price comes from (a quote, a page and its date); shown beside it in summary.json " +
		"and report.html.", def: "\"scenario\""},

	"TimelineAction.at": {meaning: "When the call is made, from the start of the simulation.", def: "0s",
		allowed: "in [0, `simulation.horizon`)"},
	"TimelineAction.action": {meaning: "The API call.", def: "required",
		allowed: "`UpdateStreamGroup`, `AddStreamGroupLocations`, `RemoveStreamGroupLocations`, `TerminateStreamSession`",
		sources: []string{"S004"}},
	"TimelineAction.stream_group": {meaning: "The group called.", def: "required", allowed: "a `[[stream_group]]` name"},
	"TimelineAction.locations": {meaning: "UpdateStreamGroup: the new capacity of existing locations; " +
		"AddStreamGroupLocations: the locations added (ACTIVATING for `service.activation_delay`). Same keys as " +
		"`[[stream_group.location]]`.", def: "required by those two actions",
		allowed: "UpdateStreamGroup and AddStreamGroupLocations need an ACTIVE group (S004)"},
	"TimelineAction.location_names": {meaning: "RemoveStreamGroupLocations: the locations removed (their capacity released " +
		"at once, their sessions ended); TerminateStreamSession: the locations whose sessions are ended (none: all).",
		def: "none", allowed: "locations of the group at that time; never the primary", sources: []string{"S004"}},
	"TimelineAction.share": {meaning: "TerminateStreamSession: the share of running sessions ended.", unit: "fraction",
		def: "0", allowed: "in (0, 1] for TerminateStreamSession"},

	"GPUQuota.location":   {meaning: "The location of the quota row.", def: "required", allowed: "a location some stream group of that generation is in"},
	"GPUQuota.generation": {meaning: "The GPU generation: gen4n (T4), gen5n (A10G), gen6n (L4), gen6e (L40S).", def: "required", sources: []string{"A11"}},
	"GPUQuota.gpus": {meaning: "GPUs (instances) of that generation the account may hold in that location, across all its " +
		"stream groups; an allocation beyond it stalls until a GPU is released. AWS's default is 0 until raised.",
		unit: "GPUs", def: "0", allowed: "0 to 1,000,000", sources: []string{"A11", "q13"}},

	"Assert.expr": {meaning: "The gate, `NAME OP NUMBER` as `capsim run --assert` takes it: " +
		"`total.placement_latency_seconds.p95<=30` (OP one of <=, <, >=, >; NAME a metric of summary.json by its dotted " +
		"name, `capsim validate` names the closest if unknown).", def: "required"},
}
