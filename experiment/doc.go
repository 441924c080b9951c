// Package experiment is the family of packages that run many variants of
// one scenario, every variant under the scenario's one root seed (common
// random numbers: demand draws come from named streams of that seed, so
// they are identical across variants), each through the run layer
// (package simrun, which runs every replication). It holds no code; its
// packages, each one concern:
//
//   - design: what is varied — points of field overrides, from --vary
//     grids or a CSV of points, resolved into runnable variants (Prepare);
//   - store: where the results go — a directory of self-describing blocks
//     (every metric's value per replication, written atomically) that a
//     sweep grows and resumes from (Run), sharded runs and sweeps write
//     into (RunShard, RunRepShard) and merges read (MergeShards,
//     MergeReps), and the sweep's outputs built from it (Sweep);
//   - shard: which part of the work a task of a batch engine's array does
//     (Resolve from --shard or the engine's environment, PlanUnits) and
//     the job file that ties shards of one job together;
//   - sensitivity: the one-at-a-time design over the assumption table's
//     ranges and its effects (capsim sensitivity);
//   - compare: the scenario once per stream class (capsim compare);
//   - optimize: the cheapest plan meeting requirements with 95%
//     confidence (capsim optimize), its default variables and warm start,
//     and best.toml;
//   - schedule: the hourly schedule of a static plan (optimize --schedule
//     hourly), edited in memory and written once as a timeline.
//
// Imports point down the list's dependencies (design below store and
// shard; optimize below schedule), each package's files can be read in
// one order (house_arrows_test.go), and errors are prefixed
// "experiment: ".
package experiment
