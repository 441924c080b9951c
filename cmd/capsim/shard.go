package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/capsim/capsim/experiment/shard"
)

// shardHelp is the part of run's and sweep's help on sharding.
const shardHelp = `
Sharding (a batch engine's array of tasks; see docs/ci-and-sharding.md):
--shard I/N runs shard I of N (I counted from 0) and writes only its
results into --out DIR, a shared directory; 'capsim merge DIR' then writes
the outputs, byte for byte those of the same command unsharded. Without
--shard, the shard comes from the engine's environment when one of these
is set (one engine at a time; anything partial or out of range is refused,
exit status 2, naming the variable):
  JOB_COMPLETION_INDEX (Kubernetes Indexed Job): shard index; the count
      from --shards N (the Job's completions; Kubernetes exports none)
  AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array job): shard index; the count
      from AWS_BATCH_JOB_ARRAY_SIZE (AWS Batch sets both) or --shards
  SLURM_ARRAY_TASK_ID (Slurm job array): shard SLURM_ARRAY_TASK_ID minus
      SLURM_ARRAY_TASK_MIN of SLURM_ARRAY_TASK_COUNT (a contiguous --array);
      with --shards N, shard SLURM_ARRAY_TASK_ID itself, so that
      'sbatch --array=2,5 ... --shards 7' reruns shards 2 and 5
A variable set to the empty string counts as unset. --shards N with an
engine's index always takes the index as the shard number itself and N as
the count. --shard none runs unsharded whatever the environment: for a
command inside an array task that uses the index for something else (its
own scenario file, its own --out).
`

// addShard registers --shard and --shards.
func (f *runFlags) addShard(fs *flag.FlagSet) {
	fs.StringVar(&f.shard, "shard", "", "run only shard `I/N` (I from 0) into --out DIR; merge with capsim merge; none: unsharded whatever the environment (see below)")
	fs.IntVar(&f.shards, "shards", 0, "the shard count `N` when an engine's environment gives the index (see below)")
}

// shardOf resolves the shard of a run or sweep from the flags and the
// process's environment, and checks what a shard needs: --out.
func shardOf(f *runFlags) (*shard.Source, error) {
	s, err := shard.Resolve(f.shard, f.shards, os.LookupEnv)
	if err != nil || s == nil {
		return s, err
	}
	if f.out == "" {
		return nil, &usageError{fmt.Sprintf("shard %s (from %s) needs --out DIR, the shared directory its results go to", s.Shard, s.From)}
	}
	if f.json {
		return nil, &usageError{fmt.Sprintf("--json: shard %s (from %s) prints no summary; capsim merge DIR does", s.Shard, s.From)}
	}
	return s, nil
}

// withShardHelp puts shardHelp before the "Flags:" line of usage.
func withShardHelp(usage string) string {
	i := strings.LastIndex(usage, "\nFlags:")
	return usage[:i] + "\n" + strings.TrimPrefix(shardHelp, "\n") + usage[i:]
}
