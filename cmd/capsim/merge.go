package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/capsim/capsim/experiment/shard"
	"github.com/capsim/capsim/experiment/store"
	"github.com/capsim/capsim/reports"
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

It refuses (exit status 2), naming what is wrong, damaged files (every
file a shard stores is sealed with the SHA-256 of its bytes: a flipped
bit, a cut or an edit is found), results of shards of another job
(scenario_sha256, seed, capsim version, shard count, or a job file edited
to another horizon), results that overlap, symbolic links in DIR, and
missing shards, listing the files to remove and the shards to rerun, with
their command lines. Nothing is written from a store it refuses. Merging
again is harmless.

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
	st, err := store.Open(dir)
	if err != nil {
		return storeError(err)
	}
	defer st.Close()
	st.Scratch = staged
	job, err := shard.ForMerge(st.ReadFile, dir, Version)
	if err != nil {
		return err
	}
	if job.Command == "sweep" {
		return mergeSweep(st, job, stdout)
	}
	return mergeRun(st, job, stdout)
}

// mergeError makes an error of a refused merge a usage error naming the
// directory and, for shards to rerun, their command lines.
func mergeError(dir string, job *shard.Job, err error) error {
	if !errors.Is(err, store.ErrMerge) {
		return err
	}
	msg := fmt.Sprintf("merge %s: %s", dir, strings.TrimPrefix(err.Error(), "experiment: "))
	var re *store.RefusedError
	var me *store.MissingError
	var shards []int
	switch {
	case errors.As(err, &re):
		shards = re.Shards()
	case errors.As(err, &me):
		shards = me.Shards
	}
	for i, s := range shards {
		if i == 3 {
			msg += fmt.Sprintf("\n  … and %d more shards", len(shards)-3)
			break
		}
		msg += "\n  " + reports.TerminalSafe(job.Reproduce+" --shard "+strconv.Itoa(s)+"/"+strconv.Itoa(job.Shards)+" --out "+shellQuote(dir))
	}
	return &usageError{msg}
}

// storeError makes store.ErrNotStore, and a store refused as damaged,
// usage errors.
func storeError(err error) error {
	if errors.Is(err, store.ErrNotStore) || errors.Is(err, store.ErrDamaged) {
		return &usageError{err.Error()}
	}
	return err
}
