// Package experiment runs many variants of one scenario: a design of points
// (a full grid of --vary axes, or points listed in a CSV file), each point
// a set of field overrides as scenarios.Scenario.Set takes them, every point
// simulated under the same root seed (common random numbers: demand draws
// come from named streams of that seed, so they are identical across
// points), points × replications on a worker pool.
//
// Results go to a [Store], a directory that grows: one self-describing block
// file per (point, replication range), written atomically, holding every
// metric's value in every replication (the values reports estimates from,
// so estimates merged from blocks are exact). A rerun skips the points whose
// blocks cover its replications; blocks of several machines merge by
// replication range.
//
// Sharded (shard.go): [PlanUnits] cuts points × replications into units (a
// point's replications into blocks when points are few), [RunShard] runs
// one shard's contiguous run of them into a shared store, and
// [MergeShards] assembles every point's block, refusing blocks of another
// version, scenario, seed or shard count, overlaps and missing units
// ([MissingError] names the shards to rerun). A run's replications shard
// the same way into a run store ([OpenRunStore], shard_run.go): each
// replication's results and spilled timeseries stored whole
// ([Store.SaveRep]) and read back by [MergeReps].
//
// Metric values are the models' declarations (streams.Metrics,
// fleets.Metrics) evaluated per replication: per stream group location
// ("locations[i]"), all of them ("total"), per fleet location
// ("fleets[i]") and all fleet locations ("fleet_total"), in the units the
// declarations give. Errors are prefixed "experiment: ".
package experiment
