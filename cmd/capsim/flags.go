package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
)

// setFlags collects repeated --set path=value.
type setFlags []string

func (s *setFlags) String() string     { return strings.Join(*s, ",") }
func (s *setFlags) Set(v string) error { *s = append(*s, v); return nil }

func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parse errors are reported once, by Main
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.SetOutput(stderr)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

type runFlags struct {
	out          string
	json, quiet  bool
	seed         string
	replications string
	horizon      string
	sets         setFlags
	workers      int
	shard        string // --shard I/N (run, sweep; see shard.go)
	shards       int    // --shards N, the count for an engine's index
}

// addCommon registers the flags run and compare share: the progress bar,
// the simulation overrides and the worker count.
func (f *runFlags) addCommon(fs *flag.FlagSet) {
	fs.BoolVar(&f.quiet, "quiet", false, "no progress bar (it shows only on a terminal, for runs over about a second)")
	fs.StringVar(&f.seed, "seed", "", "override simulation.seed")
	fs.StringVar(&f.replications, "replications", "", "override simulation.replications")
	fs.StringVar(&f.horizon, "horizon", "", "override simulation.horizon (e.g. 48h)")
	fs.Var(&f.sets, "set", "override any field: `path=value` (repeatable), e.g. service.idle_release_delay=10m")
	fs.IntVar(&f.workers, "workers", 0, "replications run at once (0: GOMAXPROCS)")
}

// parseInterspersed allows flags after the file name too.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// parseScenarioArgs parses the arguments of a command that simulates
// (run, compare, sweep, sensitivity, optimize): flags anywhere, at most one
// scenario file. It checks the flags (f.check, then checks), then loads
// the file (the embedded default scenario if none) with the flags'
// overrides.
func parseScenarioArgs(fs *flag.FlagSet, f *runFlags, command string, args []string, checks ...func() error) (*scenarios.Scenario, error) {
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, err
	}
	if len(files) > 1 {
		return nil, &usageError{command + " takes at most one scenario file"}
	}
	var bad error
	fs.Visit(func(fl *flag.Flag) {
		switch {
		case fl.Name == "out" && fl.Value.String() == "":
			bad = &usageError{"--out needs a directory name"}
		case fl.Name == "shards" && fl.Value.String() == "0": // 0 is the flag's "not given"
			bad = &usageError{"--shards 0: want a count of at least 1"}
		}
	})
	if bad != nil {
		return nil, bad
	}
	for _, check := range append([]func() error{f.check}, checks...) {
		if err := check(); err != nil {
			return nil, err
		}
	}
	return simrun.Load(strings.Join(files, ""), f.overrides())
}

// overrides are the flags' changes to the scenario.
func (f *runFlags) overrides() simrun.Overrides {
	return simrun.Overrides{Seed: f.seed, Replications: f.replications, Horizon: f.horizon, Sets: f.sets}
}

// check rejects flag values that are wrong whatever the scenario: a
// negative seed (which would wrap to 2^64-1), a replication count that is
// not a positive whole number, a negative worker count.
func (f *runFlags) check() error {
	if f.seed != "" {
		// The same range as simulation.seed in a file (a TOML integer).
		if n, err := strconv.ParseInt(f.seed, 10, 64); err != nil || n < 0 {
			return &usageError{fmt.Sprintf("--seed %s: want a whole number from 0 to 9223372036854775807", reports.TerminalSafe(f.seed))}
		}
	}
	if f.replications != "" {
		if n, err := strconv.Atoi(f.replications); err != nil || n < 1 {
			return &usageError{fmt.Sprintf("--replications %s: want a whole number of at least 1", reports.TerminalSafe(f.replications))}
		}
	}
	if f.workers < 0 {
		return &usageError{fmt.Sprintf("--workers %d: want 0 (GOMAXPROCS) or more", f.workers)}
	}
	return nil
}
