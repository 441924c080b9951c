package shard

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

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

// Source is a shard and what gave it: "--shard" or the engine's variable.
type Source struct {
	Shard
	From string
}

// None is the value of --shard that runs unsharded whatever the
// environment.
const None = "none"

// ErrShard is wrapped by every error of [Resolve]: a --shard, --shards or
// engine environment that does not give one shard.
var ErrShard = errors.New("bad shard")

// shardError is an error of Resolve, its text as shown.
type shardError string

func (e shardError) Error() string        { return string(e) }
func (e shardError) Is(target error) bool { return target == ErrShard }

// Resolve returns the shard this process runs from --shard (flag: I/N,
// None, or "" if not given), or from --shards (count, 0 if not given) and
// the engine's environment (lookup is os.LookupEnv; a variable set empty
// counts as unset), or nil when it runs unsharded.
func Resolve(flag string, count int, lookup func(string) (string, bool)) (*Source, error) {
	if count < 0 || count > MaxShards {
		return nil, shardError(fmt.Sprintf("--shards %d: want a count from 1 to %d", count, MaxShards))
	}
	if flag != "" {
		switch {
		case count != 0 && flag == None:
			return nil, shardError("--shard none and --shards N: give one of them")
		case count != 0:
			return nil, shardError("--shard I/N and --shards N: give one of them")
		case flag == None:
			return nil, nil
		}
		s, err := ParseShard(flag)
		if err != nil {
			return nil, shardError("--shard: " + strings.TrimPrefix(err.Error(), "experiment: ") + ", or " + None + " (unsharded)")
		}
		return &Source{s, "--shard"}, nil
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
		return nil, shardError("shard: " + strings.Join(set, " and ") + " are both set: one engine's index at a time (or give --shard I/N)")
	case len(set) == 0 && count != 0:
		return nil, shardError(fmt.Sprintf("--shards %d: none of %s, %s, %s is set to give the index (or give --shard I/N)",
			count, envK8sIndex, envAWSIndex, envSlurmID))
	case len(set) == 0:
		return nil, nil
	}
	index, err := envInt(lookup, set[0], 0)
	if err != nil {
		return nil, err
	}
	if count == 0 {
		if index, count, err = engineCount(lookup, set[0], index); err != nil {
			return nil, err
		}
	}
	if count > MaxShards {
		return nil, shardError(fmt.Sprintf("shard: %s gives %d shards, more than %d", set[0], count, MaxShards))
	}
	if index < 0 || index >= count {
		return nil, shardError(fmt.Sprintf("shard: %s gives shard %d, not one of 0 to %d", set[0], index, count-1))
	}
	return &Source{Shard{Index: index, Count: count}, set[0]}, nil
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
		return 0, 0, shardError("shard: " + envK8sIndex + " is set (a Kubernetes Indexed Job) but Kubernetes exports no count: give --shards N (the Job's completions)")
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
		return 0, 0, shardError(fmt.Sprintf("shard: %s=%s: a stepped --array; submit --array=0-%d, or give --shards N with the shard numbers as --array", envSlurmStep, step, count-1))
	}
	if _, ok := lookup(envSlurmMax); ok {
		hi, err := envInt(lookup, envSlurmMax, 0)
		if err != nil {
			return 0, 0, err
		}
		if hi-lo+1 != count {
			return 0, 0, shardError(fmt.Sprintf("shard: %s=%d, %s=%d and %s=%d: not a contiguous --array; give --shards N with the shard numbers as --array",
				envSlurmMin, lo, envSlurmMax, hi, envSlurmCount, count))
		}
	}
	return raw - lo, count, nil
}

// envInt reads the whole number variable name, at least least; unset or
// malformed is a usage error naming it.
func envInt(lookup func(string) (string, bool), name string, least int) (int, error) {
	v, ok := lookup(name)
	if !ok {
		return 0, shardError("shard: " + name + " is not set (needed with the other engine variables; or give --shard I/N)")
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < least {
		return 0, shardError(fmt.Sprintf("shard: %s=%q: want a whole number of at least %d", name, v, least))
	}
	return n, nil
}
