// Package store is where experiments' results go and the sharded run's
// replications: a directory that grows, every file in it written whole
// (to a temporary file, synced, renamed) and sealed with the SHA-256 of
// its bytes (internal/safeio), every file read and written through an
// os.Root on the directory, which follows no symbolic link out of it.
//
// A sweep's store ([OpenStore]) holds one self-describing [Block] per
// (point, replication range), points/<point_sha256>.r<From>-<To>.json,
// with every metric's value in every replication (simrun.Scope: the
// values reports estimates from, so estimates merged from blocks are
// exact). [Run] returns each design point's block, from the store where it
// holds one of this capsim version and seed, else simulated (points ×
// replications on parallel workers, through simrun.Replicate) and saved
// as each point finishes: a rerun after a kill runs only what is left.
// Points of one hash (a design's repeated or equal points) are simulated
// once and share their block. [Sweep] makes the sweep's report from the
// blocks, judged by the run layer.
//
// Sharded, the same store serves a sweep and a run. A sweep's shard
// ([RunShard]) runs its contiguous run of shard.PlanUnits' units into a
// shared store and [MergeShards] assembles every point's block. A run's
// shard ([RunRepShard], into [OpenRunStore]) stores each replication whole
// — its results in rep.gob (the latency sketches exactly) and its spilled
// timeseries, each file's SHA-256 in rep.gob ([Store.SaveRep]) — and
// [MergeReps] reads them back, so that the merge writes the outputs the
// unsharded run writes, byte for byte. Every unit a shard stores carries
// its job's key (shard.Job.Key), so a job file edited to another seed or
// horizon no longer matches the units.
//
// What a store holds is checked before anything is written from it. A
// merge refuses (a *[RefusedError], [ErrMerge]) damaged units (their bytes
// not the ones sealed, a file a replication did not store, a unit that is
// not what its name says), units of another job (capsim version,
// scenario, seed, shard count, job key), units of no point or replication
// of the job, a symbolic link where a unit should be, damaged or foreign
// shards' reports and markers, listing every problem with the files to
// remove and the shards whose rerun repairs them; then missing units
// ([MissingError] names the shards to rerun). A resume ([Run], [RunShard],
// [RunRepShard]) refuses a damaged unit the same way ([ErrDamaged]: remove
// it and run again) rather than take it for done or replace it unseen; a
// unit of another job in a shard's place is simulated again and replaced.
//
// Errors are prefixed "experiment: "; a directory that is not a store (a
// file, another tool's directory, a planted link) wraps [ErrNotStore], a
// refused merge [ErrMerge], a damaged store [ErrDamaged], a stopped sweep
// is [ErrStopped].
package store
