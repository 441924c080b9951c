package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/capsim/capsim/experiment/shard"
	"github.com/capsim/capsim/experiment/store"
)

const mergeUsage = `Usage: capsim merge DIR

Writes the outputs of a sharded run or sweep whose shards (capsim run or
capsim sweep with --shard I/N, or an engine's array index) all wrote into
DIR: for a sweep sweep.csv, sweep.json, sweep.html and plots/; for a run
summary.json, timeseries.csv, report.html, plots/ and capsim-output.json,
each file written whole, byte for byte what the same command unsharded
writes. It prints what that command prints and, for a run with
assertions ([[assert]], --assert), judges them and exits 3 if one fails,
as capsim run does.

It refuses (exit status 2), naming what is wrong, results of shards of
different scenarios (scenario_sha256), seeds, capsim versions or shard
counts, results that overlap, and missing shards, listing the indices to
rerun. Merging again is harmless.

Flags:
`

func cmdMerge(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("merge", mergeUsage, stderr)
	dirs, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(dirs) != 1 {
		return &usageError{"merge takes one directory: the --out DIR of the shards"}
	}
	dir := dirs[0]
	job, err := shard.ForMerge(dir, Version)
	if err != nil {
		return err
	}
	switch {
	case job.Command == "sweep" && job.Sweep != nil:
		return mergeSweep(&store.Store{Dir: dir}, job, stdout)
	case job.Command == "run" && job.Run != nil:
		return mergeRun(dir, job, stdout)
	}
	return &usageError{fmt.Sprintf("merge %s: %s: unknown command %q", dir, shard.Name, job.Command)}
}

// mergeError makes an error of store.MergeShards or MergeReps a usage
// error naming the directory.
func mergeError(dir string, err error) error {
	if errors.Is(err, store.ErrMerge) {
		return &usageError{fmt.Sprintf("merge %s: %s", dir, strings.TrimPrefix(err.Error(), "experiment: "))}
	}
	return err
}

// storeError makes store.ErrNotStore a usage error.
func storeError(err error) error {
	if errors.Is(err, store.ErrNotStore) {
		return &usageError{err.Error()}
	}
	return err
}
