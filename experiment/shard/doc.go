// Package shard is what ties the tasks of a batch engine's array
// (a Kubernetes Indexed Job, an AWS Batch or Slurm array job) to one
// sharded run or sweep: which shard this process is ([Resolve]: --shard
// I/N, or the engine's index and count from its environment), which units
// of the work it takes ([PlanUnits], [Shard.Range], [Owner]: a
// deterministic plan every shard computes alike), and the job file every
// shard writes into the shared --out DIR ([Job], [Claim], [ReadJob]): what
// the merge needs to write the outputs without the scenario file, and what
// tells shards of different jobs apart ([Job.Key], which every unit a
// shard stores carries). A finished shard leaves its report ([Done],
// [DoneName]). Both are sealed with the SHA-256 of their bytes
// ([WriteSealedFile]); a job file is read only if regular, at most 64 MiB,
// sealed and of a job a shard writes ([Job.Check]: a shard count of 1 to
// [MaxShards], replications of 1 to scenarios.MaxReplications, at most
// design.MaxValues points, ...), before anything is allocated from it.
//
// The index in the environment is the whole interface between the engine
// and capsim; retries and placement are the engine's. Errors of a bad
// shard, an engine environment that gives none, a job file of another
// job or one damaged or out of bounds wrap [ErrShard]; they are bad input.
package shard
