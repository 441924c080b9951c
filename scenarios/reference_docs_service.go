package scenarios

// serviceDocs documents [service] (see fieldDocs); each key's default,
// plausible range and sources come from the assumption table.
var serviceDocs = map[string]fieldDoc{
	"Service.placement_timeout_always_on": {meaning: "How long a request waits for a slot, when only always-on capacity " +
		"may serve it, before it ends in ERROR `placementTimeout`.", allowed: "≥ 0", bounds: atLeast(0)},
	"Service.placement_timeout_on_demand_linux": {meaning: "The same wait when on-demand capacity (`maximum`, " +
		"`target_idle`, `on_demand` above always-on) may serve it, for Linux and Proton classes.", allowed: "≥ 0", bounds: atLeast(0)},
	"Service.placement_timeout_on_demand_windows": {meaning: "The same for Windows classes.", allowed: "≥ 0", bounds: atLeast(0)},
	"Service.allocation_delay_linux": {meaning: "Time from the service deciding to allocate a new Linux instance to the " +
		"instance being ready to stream: the wait of a request no warm slot serves. The assumption that decides most answers."},
	"Service.allocation_delay_windows": {meaning: "The same for Windows instances."},
	"Service.activation_delay": {meaning: "Time a stream group, a recreated group or an added location takes to become " +
		"ACTIVE (and a location added by the timeline stays ACTIVATING)."},
	"Service.idle_release_delay": {meaning: "How long an empty instance above what the settings hold must stay surplus " +
		"before it is released.", allowed: "≥ 0", bounds: atLeast(0)},
	"Service.session_start_delay": {meaning: "Time from placement to the session being ACTIVE (the application starts); " +
		"a demand may set its own."},
	"Service.session_start_delay_cold": {meaning: "Extra start time of the first session on an instance allocated above " +
		"always-on (the application is pre-cached only on always-on compute)."},
	"Service.idle_timeout": {meaning: "A session without player input for this long ends `idleTimeout`; 0 disables it.",
		allowed: "≥ 0", bounds: atLeast(0)},
	"Service.terminating_duration": {meaning: "How long a session stays TERMINATING, holding its slot, after it ends.",
		allowed: "≥ 0", bounds: atLeast(0)},
	"Service.reconnecting_duration": {meaning: "How long a returning client spends RECONNECTING.", allowed: "≥ 0", bounds: atLeast(0)},
	"Service.billing_unit": {meaning: "What a price is per: `per_instance`, an hour of one compute resource hosting " +
		"`tenancy` streams (cost = instances × price); `per_stream`, an hour of one stream slot (cost = streams × " +
		"price, tenancy times the bill of `per_instance` for a multi-tenant class). Shown next to every cost.",
		allowed: "`per_instance`, `per_stream`"},
	"Service.min_billed_duration": {meaning: "Least time billed per allocated instance.", allowed: "≥ 0", bounds: atLeast(0)},
	"Service.packing": {meaning: "Which instance a new stream takes on a multi-tenant class: the fullest (`fill_first`) " +
		"or the emptiest (`spread`).", allowed: "`fill_first`, `spread`"},
	"Service.maximum_includes_always_on": {meaning: "Whether `maximum` counts the always-on capacity (`true`: ceiling = " +
		"maximum) or comes on top of it (`false`: ceiling = always_on + maximum)."},
	"Service.internal_error_probability": {meaning: "Probability that a placed session fails to activate and ends in ERROR " +
		"`internalError`.", unit: "probability", allowed: "0 to 1", bounds: fraction()},
	"Service.shortfall_rate_per_hour": {meaning: "Rate of `noAvailableInstances` periods per location, during which new " +
		"allocations stall.", unit: "per location-hour", allowed: "≥ 0", bounds: atLeast(0)},
	"Service.shortfall_duration": {meaning: "Length of a capacity shortfall period.", allowed: "≥ 0", bounds: atLeast(0)},
	"Service.stream_group_lifetime": {meaning: "A stream group expires this long after its creation (ExpiresAt) and can no " +
		"longer host streams; 0 disables expiry.", allowed: "≥ 0", bounds: atLeast(0)},
	"Service.last_mile_rtt": {meaning: "The players' access network's share of a round trip, added to the anchor Region's " +
		"measured round trip to each location.", allowed: "≥ 0", bounds: atLeast(0)},
}
