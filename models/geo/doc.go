// Package geo is capsim's geography, as data with sources: the GameLift
// Streams locations and the stream class families each offers, which remote
// locations a primary location allows, the account's default GPU quota, the
// AWS Regions of the latency table with their continents, the measured
// round-trip times between those Regions, and named player regions anchored
// at the Region nearest their players.
//
// It is data, not a model: it runs nothing and imports nothing of the
// module, so both models and scenarios may read it. Every table is an
// embedded CSV (locations.csv, remote.csv, regions.csv, rtt.csv,
// player_regions.csv) with '#' comment lines naming its sources (keys of
// docs/sources.md) and the date it was read, parsed once when the package
// loads; a malformed row is a bug of the build and panics with the prefix
// "geo: " (any test catches it).
//
// # Units
//
// Round-trip times are [time.Duration] (the tables hold whole
// milliseconds). GPU quotas are in GPUs, i.e. instances whatever the
// class's tenancy (A11). Location and Region names are spelled as AWS
// spells them ("eu-central-1").
//
// # Errors
//
// Lookups return ok = false for an unknown name; the name lists
// ([LocationNames], [RegionNames], [PlayerRegionNames]) feed a caller's
// did-you-mean. Nothing here returns an error.
package geo
