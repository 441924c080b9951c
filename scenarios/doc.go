// Package scenarios reads capsim's what-if scenarios: TOML text becomes a
// typed [Scenario], gets its defaults, is validated (every problem at once,
// each with its line and field path) and is resolved into the models'
// configurations.
//
// It owns:
//
//   - the scenario schema ([Scenario] and its tables: [Simulation],
//     [StreamGroup], [Location], [Demand], [Service], [Price],
//     [TimelineAction]; for GameLift Servers [Fleet] (with its
//     [InstanceDefinition]s and [FleetSpot]), [Queue], [FleetDemand],
//     [FleetTimelineAction], described in FLEETS.md; where players are:
//     [PlayerRegion] and a demand's player_region and max_latency, resolved
//     from models/geo into round trips and derived location lists);
//   - strict decoding ([Load], [Parse]): syntax errors with line and column,
//     unknown keys rejected with their dotted path;
//   - the defaults ([DefaultSimulation], [DefaultService], [DefaultClient],
//     [DefaultFleet], [DefaultFleetSpot], ...), the one assumption table of
//     every default the sources do not give ([Assumptions]: [service],
//     [demand.client], [fleet.spot]) and the record of which service
//     assumptions are in force ([Scenario.ServiceAssumptions]);
//   - validation ([Scenario.Validate]) and the limits that keep a run inside
//     one machine ([MaxReplications], [MaxHorizon], ...);
//   - overrides by path ([Scenario.Set], as capsim's --set) and variants
//     ([Scenario.Clone], [Scenario.WithClass]);
//   - the resolution into models: [Scenario.Build] returns the stream-group
//     configuration (*streams.Config) and [Scenario.BuildFleets] the fleets
//     configuration (*fleets.Config, nil without [[fleet]]); both validate
//     the whole scenario first; [Scenario.BuildAll] returns both from one
//     validation;
//   - the embedded scenarios: the default ([Default], [DefaultTOML]) and the
//     examples ([Examples], [Example]).
//
// A typical caller: sc, err := [Load](path), optionally sc.Set(...), then
// cfg, fcfg, err := sc.BuildAll() (fcfg nil without [[fleet]]).
//
// # Units
//
// In TOML, durations are strings Go's time.ParseDuration reads ("90s",
// "25h") and decode to [time.Duration], wherever they stand (top level,
// inline tables, arrays of tables, [Scenario.Set]); a duration without its
// unit (90, 90.5, "90") is an error, never nanoseconds. Rates are per hour
// (rate_per_hour, hourly); capacities are in streams (slots) for stream
// groups and in instances (capacity units, where a FleetIQ group's instance
// types are weighted) or game-server processes for fleets; prices are
// USD per hour (usd_per_hour); probabilities and shares are fractions in
// [0, 1]. The root seed (simulation.seed) is an unsigned 64-bit integer.
//
// # Errors
//
// Every error about a scenario's content (syntax, unknown keys, types,
// values, missing files) matches [ErrInvalid] with errors.Is. It is a
// *[ValidationError] holding one *[FieldError] per problem, in document
// order; a FieldError names the file, line, column (when known) and the
// dotted path with indices, e.g. stream_group[0].location[1].always_on.
// [Parse] fails on a syntax error or an unknown key (reporting every
// unknown key and every value of the wrong type); a value of the wrong
// type alone (a duration without its unit, a string for a number) is left
// out and reported by [Scenario.Validate], [Scenario.BuildAll],
// [Scenario.Build] and [Scenario.BuildFleets] with all the rest at once.
// An unknown key or field names the closest known one, or lists the keys
// of its table; an unknown name (class, stream group, location of a
// group) names the closest one or lists those there are. [Scenario.Set]
// checks its value as a file's and reports every problem in it. A stream
// group location without a price is also [ErrNoPrice]. Stream group
// locations are checked against the GameLift Streams locations of models/geo (a supported name, with a did-you-mean; the class
// family offered; a primary first, then remote locations that primary
// allows).
package scenarios
