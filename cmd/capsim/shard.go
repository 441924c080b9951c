package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/capsim/capsim/experiment"
)

// shardHelp is the part of run's and sweep's help on sharding.
const shardHelp = `
Sharding (a batch engine's array of tasks; see README "Sharding"):
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

// Engine environment variables read for a shard (see shardHelp).
const (
	envK8sIndex   = "JOB_COMPLETION_INDEX"
	envAWSIndex   = "AWS_BATCH_JOB_ARRAY_INDEX"
	envAWSSize    = "AWS_BATCH_JOB_ARRAY_SIZE"
	envSlurmID    = "SLURM_ARRAY_TASK_ID"
	envSlurmCount = "SLURM_ARRAY_TASK_COUNT"
	envSlurmMin   = "SLURM_ARRAY_TASK_MIN"
	envSlurmMax   = "SLURM_ARRAY_TASK_MAX"
	envSlurmStep  = "SLURM_ARRAY_TASK_STEP"
)

// addShard registers --shard and --shards.
func (f *runFlags) addShard(fs *flag.FlagSet) {
	fs.StringVar(&f.shard, "shard", "", "run only shard `I/N` (I from 0) into --out DIR; merge with capsim merge; none: unsharded whatever the environment (see below)")
	fs.IntVar(&f.shards, "shards", 0, "the shard count `N` when an engine's environment gives the index (see below)")
}

// shardFrom is a shard and what gave it ("--shard" or the variable).
type shardFrom struct {
	experiment.Shard
	source string
}

// noShard is the value of --shard that runs unsharded whatever the
// environment.
const noShard = "none"

// resolveShard returns the shard this process runs from --shard, or
// --shards and the engine's environment (lookup is os.LookupEnv; a
// variable set empty counts as unset), or nil when it runs unsharded.
func (f *runFlags) resolveShard(lookup func(string) (string, bool)) (*shardFrom, error) {
	if f.shards < 0 {
		return nil, &usageError{fmt.Sprintf("--shards %d: want a count of at least 1", f.shards)}
	}
	if f.shard != "" {
		switch {
		case f.shards != 0 && f.shard == noShard:
			return nil, &usageError{"--shard none and --shards N: give one of them"}
		case f.shards != 0:
			return nil, &usageError{"--shard I/N and --shards N: give one of them"}
		case f.shard == noShard:
			return nil, nil
		}
		s, err := experiment.ParseShard(f.shard)
		if err != nil {
			return nil, &usageError{"--shard: " + strings.TrimPrefix(err.Error(), "experiment: ") + ", or " + noShard + " (unsharded)"}
		}
		return &shardFrom{s, "--shard"}, nil
	}
	lookup = setNonEmpty(lookup)
	var set []string
	for _, v := range []string{envK8sIndex, envAWSIndex, envSlurmID} {
		if _, ok := lookup(v); ok {
			set = append(set, v)
		}
	}
	switch {
	case len(set) > 1:
		return nil, &usageError{"shard: " + strings.Join(set, " and ") + " are both set: one engine's index at a time (or give --shard I/N)"}
	case len(set) == 0 && f.shards != 0:
		return nil, &usageError{fmt.Sprintf("--shards %d: none of %s, %s, %s is set to give the index (or give --shard I/N)",
			f.shards, envK8sIndex, envAWSIndex, envSlurmID)}
	case len(set) == 0:
		return nil, nil
	}
	index, err := envInt(lookup, set[0], 0)
	if err != nil {
		return nil, err
	}
	count := f.shards
	if count == 0 {
		if index, count, err = engineCount(lookup, set[0], index); err != nil {
			return nil, err
		}
	}
	if index < 0 || index >= count {
		return nil, &usageError{fmt.Sprintf("shard: %s gives shard %d, not one of 0 to %d", set[0], index, count-1)}
	}
	return &shardFrom{experiment.Shard{Index: index, Count: count}, set[0]}, nil
}

// setNonEmpty is lookup with a variable set to the empty string (or only
// spaces) unset: a template or wrapper that exports an engine's variable
// empty outside the engine does not make a shard of the command.
func setNonEmpty(lookup func(string) (string, bool)) func(string) (string, bool) {
	return func(name string) (string, bool) {
		v, ok := lookup(name)
		if strings.TrimSpace(v) == "" {
			return "", false
		}
		return v, ok
	}
}

// engineCount returns the shard index and count from the environment of
// the engine whose index variable is index (read as raw) when --shards is
// not given.
func engineCount(lookup func(string) (string, bool), indexVar string, raw int) (index, count int, err error) {
	switch indexVar {
	case envK8sIndex:
		return 0, 0, &usageError{"shard: " + envK8sIndex + " is set (a Kubernetes Indexed Job) but Kubernetes exports no count: give --shards N (the Job's completions)"}
	case envAWSIndex:
		count, err = envInt(lookup, envAWSSize, 1)
		return raw, count, err
	}
	if count, err = envInt(lookup, envSlurmCount, 1); err != nil {
		return 0, 0, err
	}
	lo, err := envInt(lookup, envSlurmMin, 0)
	if err != nil {
		return 0, 0, err
	}
	if step, ok := lookup(envSlurmStep); ok && strings.TrimSpace(step) != "1" {
		return 0, 0, &usageError{fmt.Sprintf("shard: %s=%s: a stepped --array; submit --array=0-%d, or give --shards N with the shard numbers as --array", envSlurmStep, step, count-1)}
	}
	if _, ok := lookup(envSlurmMax); ok {
		hi, err := envInt(lookup, envSlurmMax, 0)
		if err != nil {
			return 0, 0, err
		}
		if hi-lo+1 != count {
			return 0, 0, &usageError{fmt.Sprintf("shard: %s=%d, %s=%d and %s=%d: not a contiguous --array; give --shards N with the shard numbers as --array",
				envSlurmMin, lo, envSlurmMax, hi, envSlurmCount, count)}
		}
	}
	return raw - lo, count, nil
}

// envInt reads the whole number variable name, at least least; unset or
// malformed is a usage error naming it.
func envInt(lookup func(string) (string, bool), name string, least int) (int, error) {
	v, ok := lookup(name)
	if !ok {
		return 0, &usageError{"shard: " + name + " is not set (needed with the other engine variables; or give --shard I/N)"}
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < least {
		return 0, &usageError{fmt.Sprintf("shard: %s=%q: want a whole number of at least %d", name, v, least)}
	}
	return n, nil
}

// shardOf resolves the shard of a run or sweep from the flags and the
// process's environment, and checks what a shard needs: --out.
func shardOf(f *runFlags) (*shardFrom, error) {
	s, err := f.resolveShard(os.LookupEnv)
	if err != nil || s == nil {
		return s, err
	}
	if f.out == "" {
		return nil, &usageError{fmt.Sprintf("shard %s (from %s) needs --out DIR, the shared directory its results go to", s.Shard, s.source)}
	}
	if f.json {
		return nil, &usageError{fmt.Sprintf("--json: shard %s (from %s) prints no summary; capsim merge DIR does", s.Shard, s.source)}
	}
	return s, nil
}

// withShardHelp puts shardHelp before the "Flags:" line of usage.
func withShardHelp(usage string) string {
	i := strings.LastIndex(usage, "\nFlags:")
	return usage[:i] + "\n" + strings.TrimPrefix(shardHelp, "\n") + usage[i:]
}
