// Package store is where experiments' results go and the sharded run's
// replications: a directory that grows, every file in it written whole
// (to a temporary file, synced, renamed).
//
// A sweep's store ([OpenStore]) holds one self-describing [Block] per
// (point, replication range), points/<point_sha256>.r<From>-<To>.json,
// with every metric's value in every replication (simrun.Scope: the
// values reports estimates from, so estimates merged from blocks are
// exact). [Run] returns each design point's block, from the store where it
// holds one of this capsim version and seed, else simulated (points ×
// replications on parallel workers, through simrun.Replicate) and saved
// as each point finishes: a rerun after a kill runs only what is left.
// [Sweep] makes the sweep's report from the blocks, judged by the run
// layer.
//
// Sharded, the same store serves a sweep and a run. A sweep's shard
// ([RunShard]) runs its contiguous run of shard.PlanUnits' units into a
// shared store and [MergeShards] assembles every point's block, refusing
// blocks of another version, scenario, seed or shard count, overlaps and
// missing units ([MissingError] names the shards to rerun). A run's shard
// ([RunRepShard], into [OpenRunStore]) stores each replication whole —
// its results in rep.gob (the latency sketches exactly) and its spilled
// timeseries ([Store.SaveRep]) — and [MergeReps] reads them back, so that
// the merge writes the outputs the unsharded run writes, byte for byte.
//
// Errors are prefixed "experiment: "; a directory that is not a store
// wraps [ErrNotStore], a refused merge [ErrMerge], a stopped sweep is
// [ErrStopped].
package store
