package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
)

const runUsage = `Usage: capsim run [flags] [FILE]

Simulates the scenario FILE (or the embedded default scenario) over its
replications in parallel and prints a summary per stream group and location,
each figure with its 95% confidence interval.

With --out DIR, the outputs are written whole or not at all: DIR is checked
before anything is simulated, the files are written to a staging directory
beside it, and that directory then replaces DIR as a whole, so DIR never
mixes two runs. capsim replaces DIR only if it does not exist, is empty, or
was written by capsim (it holds capsim-output.json); any other non-empty
directory is refused (exit status 2). With --sensitivity, the run also
runs capsim sensitivity's design (its default metrics) and adds
sensitivity.csv, sensitivity.json and the tornado charts in report.html
to DIR, whole with the rest. An interrupted run (Ctrl-C, SIGTERM)
removes its staging files and leaves DIR as it was.

Example:
  capsim run --replications 40 --set stream_group[0].location[0].target_idle=10 my.toml
  capsim run --out results --json
  capsim run --assert 'total.placement_latency_seconds.p95<=30' --assert-on bound my.toml

--assert NAME<=X (or <, >=, >; repeatable), and [[assert]] expr = "..." in
the scenario, are KPI gates judged after the run on the metric's mean
(--assert-on bound: on its one-sided 95% confidence bound, the rule of
sweep --require). The table and summary.json show each; if one fails, the
outputs are still written and capsim exits with status 3. A malformed
assertion or an unknown metric is exit status 2, before anything runs.

Flags:
`

// runCommandFlags are capsim run's flags.
type runCommandFlags struct {
	f           runFlags
	prof        profileFlags
	af          assertFlags
	sensitivity *bool
}

// newRunFlagSet declares capsim run's flags.
func newRunFlagSet(stderr io.Writer) (*flag.FlagSet, *runCommandFlags) {
	c := &runCommandFlags{}
	fs := newFlagSet("run", withShardHelp(runUsage), stderr)
	fs.StringVar(&c.f.out, "out", "", "write summary.json, timeseries.csv, report.html and plots/ into `DIR` (see below)")
	fs.BoolVar(&c.f.json, "json", false, "print summary.json to stdout instead of the table")
	c.sensitivity = fs.Bool("sensitivity", false, "also run the design of capsim sensitivity: tornado charts in report.html, sensitivity.csv and .json (needs --out)")
	c.f.addCommon(fs)
	c.f.addShard(fs)
	c.prof.add(fs)
	c.af.add(fs)
	return fs, c
}

func cmdRun(args []string, stdout, stderr io.Writer) (err error) {
	fs, c := newRunFlagSet(stderr)
	f, prof, af, sensitivity := &c.f, &c.prof, &c.af, c.sensitivity
	sc, err := parseScenarioArgs(fs, f, "run", args, af.check, func() error {
		if *sensitivity && f.out == "" {
			return &usageError{"--sensitivity needs --out DIR"}
		}
		return nil
	})
	if err != nil {
		return err
	}
	shard, err := shardOf(f)
	if err != nil {
		return err
	}
	cfg, fcfg, err := buildRun(sc, f.out != "")
	if err != nil {
		return err
	}
	asserts, err := af.parse(sc)
	if err != nil {
		return err
	}
	rj := newRunJob(sc, cfg, *af)
	if shard != nil {
		if *sensitivity {
			return &usageError{"--sensitivity: a sharded run (" + shard.source + ") runs no sensitivity design; run capsim sensitivity"}
		}
		return runShard(shard, sc, cfg, fcfg, *f, rj, reproduceLine("run", args, fs), stdout, stderr)
	}
	out, spillDir, err := prepareRunOut(f.out, cfg, fcfg, sc.Simulation.Replications)
	if err != nil {
		return err
	}
	defer out.abort() // no-op once committed
	if spillDir != "" {
		defer out.removeTemp(spillDir)
	}
	stopProfiles, err := prof.start() // after every check of the input: bad input leaves no profile
	if err != nil {
		return err
	}
	defer stopProfiles(&err)
	results, fresults, err := simulateRun(sc, cfg, fcfg, *f, spillDir, stderr)
	if err != nil {
		return err
	}
	summary, err := summarizeRun(sc, results, fresults)
	if err != nil {
		return err
	}
	gate, err := af.judge(summary, asserts) // the gate: exit status 3 after the outputs
	if err != nil {
		return &internalError{value: err} // af.parse checked every metric against the scenario
	}
	if out != nil {
		var sens *reports.Sensitivity
		if *sensitivity {
			if sens, err = runOutSensitivity(out, sc, f.workers); err != nil {
				return err
			}
		}
		if err := writeRunFiles(out.create, rj, summary, results, fresults, sens, reproduceLine("run", args, fs)); err != nil {
			return err
		}
		if err := out.commit("run"); err != nil {
			return err
		}
	}
	if f.json {
		err = summary.WriteJSON(stdout)
	} else {
		err = printRun(stdout, rj.HasGroups, summary)
	}
	if err != nil {
		return err
	}
	return gate
}

// buildRun builds the stream groups' configuration and, with [[fleet]],
// the fleets' (nil otherwise). Without outputs to write, neither records
// timeseries.
func buildRun(sc *scenarios.Scenario, writesOutputs bool) (*streams.Config, *fleets.Config, error) {
	cfg, fcfg, err := sc.BuildAll() // fcfg is nil without [[fleet]]
	if err != nil {
		return nil, nil, err
	}
	if !writesOutputs {
		cfg.TimeseriesStep = 0
		if fcfg != nil {
			fcfg.TimeseriesStep = 0
		}
	}
	return cfg, fcfg, nil
}

// prepareRunOut checks and stages --out dir before a long run, not after
// it (nil without --out), and for a run whose timeseries (stream group and
// fleet locations together; fcfg may be nil) would take over
// spillThresholdBytes makes the scratch directory they spill to. The caller
// aborts out and removes spillDir.
func prepareRunOut(dir string, cfg *streams.Config, fcfg *fleets.Config, replications int) (out *outDir, spillDir string, err error) {
	if dir == "" {
		return nil, "", nil
	}
	if out, err = prepareOut(dir); err != nil {
		return nil, "", err
	}
	bytes := cfg.TimeseriesBytes(replications)
	if fcfg != nil {
		bytes += fcfg.TimeseriesBytes(replications)
	}
	if bytes > spillThresholdBytes {
		if spillDir, err = out.tempDir("spill"); err != nil {
			out.abort()
			return nil, "", err
		}
	}
	return out, spillDir, nil
}

// simulateRun runs the scenario's replications in parallel with a progress
// bar on stderr and returns the results by replication index.
func simulateRun(sc *scenarios.Scenario, cfg *streams.Config, fcfg *fleets.Config, f runFlags, spillDir string,
	stderr io.Writer) ([]*streams.Result, []*fleets.Result, error) {
	bar := newProgress(stderr, f.quiet)
	bar.plan(sc.Simulation.Replications, sc.Simulation.Horizon)
	reps, err := sim.Replicate(sc.Simulation.Replications, sim.ReplicateOptions{Workers: f.workers},
		guard(func(rep int) (replication, error) {
			defer bar.finished(rep)
			return runReplication(cfg, fcfg, rep, bar.tick(rep), spillDir)
		}))
	bar.finish()
	if err != nil {
		return nil, nil, explainRun(sc, cfg, fcfg, err)
	}
	results, fresults := split(reps)
	return results, fresults, nil
}

// summarizeRun summarises the stream groups' results and, if the scenario
// has fleets, the fleets'.
func summarizeRun(sc *scenarios.Scenario, results []*streams.Result, fresults []*fleets.Result) (*reports.Summary, error) {
	return reports.NewSummary(scenarioMeta(sc), results, fresults)
}

// printRun prints the run's tables, then the assertions judged on it:
// what run and the merge of a sharded run print.
func printRun(stdout io.Writer, hasGroups bool, summary *reports.Summary) error {
	if err := printRunTables(stdout, hasGroups, summary); err != nil {
		return err
	}
	return printAssertions(stdout, summary.Assertions)
}

// printRunTables prints the stream groups' table and the fleets' table.
func printRunTables(stdout io.Writer, hasGroups bool, summary *reports.Summary) error {
	if hasGroups {
		if err := reports.WriteTable(stdout, summary); err != nil {
			return err
		}
	}
	if len(summary.Fleets) == 0 {
		return nil
	}
	if hasGroups {
		fmt.Fprintln(stdout)
	} else {
		m := summary.Meta
		fmt.Fprintf(stdout, "scenario %s, seed %d, %d replications, horizon %s, warm-up %s\n\n", reports.TerminalSafe(m.Scenario), m.Seed,
			m.Replications, reports.FormatDuration(m.HorizonSeconds), reports.FormatDuration(m.WarmupSeconds))
	}
	return reports.WriteFleetTable(stdout, summary.Fleets, summary.FleetTotal)
}

// replication is one replication of both models: stream groups and, when
// the scenario has fleets, GameLift Servers fleets (nil otherwise).
type replication struct {
	streams *streams.Result
	fleets  *fleets.Result
}

// runReplication runs replication rep of the stream groups and of the
// fleets; each model draws from its own named random streams.
// progress, if set, receives the virtual time reached (both models cover
// the same horizon: the fleets' pass is reported as the second half).
// spillDir, if set, receives the stream groups' and the fleets' timeseries
// as files.
func runReplication(cfg *streams.Config, fcfg *fleets.Config, rep int, progress func(sim.Time), spillDir string) (replication, error) {
	var r replication
	var err error
	streamsProgress, fleetsProgress := progress, (func(sim.Time))(nil)
	if fcfg != nil && progress != nil {
		streamsProgress = func(t sim.Time) { progress(t / 2) }
		fleetsProgress = func(t sim.Time) { progress(sim.At(cfg.Horizon)/2 + t/2) }
	}
	if r.streams, err = streams.Run(cfg, rep, streams.Options{RunOptions: sim.RunOptions{Progress: streamsProgress, TimeseriesDir: spillDir}}); err != nil {
		return r, err
	}
	if fcfg != nil {
		if r.fleets, err = fleets.Run(fcfg, rep, fleets.Options{RunOptions: sim.RunOptions{Progress: fleetsProgress, TimeseriesDir: spillDir}}); err != nil {
			return r, fmt.Errorf("fleets: %w", err)
		}
	}
	return r, nil
}

// spillThresholdBytes is the size of the stream groups' and fleets'
// timeseries over all replications above which a run keeps them in files
// (streams.Options.TimeseriesDir, fleets.Options.TimeseriesDir) rather than
// in memory. Below it, memory is cheaper than
// files; either way the outputs are the same, byte for byte.
var spillThresholdBytes int64 = 64 << 20

func split(reps []replication) ([]*streams.Result, []*fleets.Result) {
	s := make([]*streams.Result, len(reps))
	var f []*fleets.Result
	for i, r := range reps {
		s[i] = r.streams
		if r.fleets != nil {
			f = append(f, r.fleets)
		}
	}
	return s, f
}

// explainRun explains a failed run of sc's models in the scenario's terms:
// the event budgets of its streams and (if any) fleets configurations.
func explainRun(sc *scenarios.Scenario, cfg *streams.Config, fcfg *fleets.Config, err error) error {
	var fleetsBudget uint64
	if fcfg != nil {
		fleetsBudget = uint64(fcfg.MaxEvents)
	}
	return sc.ExplainRunError(err, cfg.MaxEvents, fleetsBudget)
}
