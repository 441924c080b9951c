// Package streams simulates Amazon GameLift Streams capacity: stream groups
// on a stream class, their locations with always-on, target-idle and
// maximum capacity (or the deprecated on-demand setting), instances that
// hold Tenancy stream sessions each, placement with its timeouts, and the
// stream-session lifecycle from ACTIVATING to TERMINATED or ERROR.
//
// It owns:
//
//   - the configuration of one run ([Config], [GroupConfig],
//     [LocationConfig], [DemandConfig], [Client], [Service], timeline
//     [Action]s), as plain data that scenarios builds and callers may copy
//     and change;
//   - the arrival processes ([Poisson], [Trace]) behind [Arrivals], also used
//     by the fleets model through [NewArrivalGen];
//   - the stream classes ([Classes], [LookupClass]) and shipped prices
//     ([ShippedPrices], [LookupPrice]), each read from an embedded CSV with
//     its sources;
//   - the packing policies, selected by name ([LookupPacking],
//     [PackingPolicies]);
//   - one replication's run ([Run]) and what it measured ([Result],
//     [LocationResult], [Timeseries]; with Options.Hourly, requests,
//     failures and latencies by arrival hour of the day in [HourResult],
//     read by the [HourMetrics] declarations), with session statuses and
//     reasons spelled as the service spells them ([Status], [Reason]);
//   - the player's wait (LocationResult.TimeToActive, TimeToFirstFrame) and,
//     for demands from a player region (DemandConfig.RTT), the players'
//     round trip to the location that served them, per location
//     (StreamedRTT) and per region ([RegionResult], [RegionMetrics]);
//   - every (location, GPU generation)'s peak GPUs, against its quota row
//     or unlimited without one ([QuotaResult]).
//
// Start at [Run]: it takes a *Config, a replication index and [Options].
// The same Config and replication always give the same Result; every draw
// comes from a stream derived from (Config.Seed, replication, name), named
// "demand/<name>", "demand/<name>/reconnects", "location/<group>/<location>"
// and "timeline".
//
// # Units
//
// Virtual time is sim.Time, integer nanoseconds since the start; configured
// durations are [time.Duration] and sampled ones a sim.Dist. Capacity
// settings are in streams (slots: one slot holds one stream session), whole
// multiples of the class tenancy. Rates are per hour. Prices are USD per
// hour per [BillingUnit] (per instance or per stream slot). A
// [LocationResult] gives counts of requests that arrived after the warm-up,
// integrals over time from the warm-up in slot-seconds
// (StreamingSlotSeconds, AllocatedSlotSeconds) or request-seconds
// (WaitingSeconds), costs in USD, and placement latencies in seconds in a
// [sim.Sketch]; Result.Sessions and Result.Events cover the whole run.
// [SessionRecord] times are seconds since the start.
//
// # Errors
//
// [Run] does not validate a configuration: package scenarios does that
// before building one. Run returns an error for an unknown packing policy
// (listing the valid names), for a demand that names a location outside its
// stream group or lists more than 64 locations, and, prefixed with the
// replication, an error wrapping [sim.ErrEventBudget] when Config.MaxEvents
// runs out or an "invariant violated" error when Options.CheckInvariants
// finds one. [LookupClass] and [LookupPacking] name the valid choices in
// their errors. A broken embedded CSV panics with the prefix "streams: ".
package streams
