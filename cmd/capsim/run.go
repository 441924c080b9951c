package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/simrun"
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
	outputs := simrun.Metrics
	if f.out != "" {
		outputs = simrun.Timeseries
	}
	r, err := simrun.Resolve(sc, outputs)
	if err != nil {
		return err
	}
	asserts, err := af.parse(sc, r.Namespace())
	if err != nil {
		return err
	}
	rj := newRunJob(sc, r.Streams, *af)
	if shard != nil {
		if *sensitivity {
			return &usageError{"--sensitivity: a sharded run (" + shard.source + ") runs no sensitivity design; run capsim sensitivity"}
		}
		return runShard(shard, r, *f, rj, reproduceLine("run", args, fs), stdout, stderr)
	}
	out, spillDir, err := prepareRunOut(f.out, r)
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
	reps, err := simulateRun(r, *f, spillDir, stderr)
	if err != nil {
		return err
	}
	summary, err := simrun.Summary(scenarioMeta(sc), reps)
	if err != nil {
		return err
	}
	gate, err := simrun.Gate(summary, asserts, af.on == "bound") // the gate: exit status 3 after the outputs
	if err != nil {
		return &internalError{Value: err} // af.parse checked every metric against the scenario
	}
	if out != nil {
		if err := commitRun(out, r, f.workers, *sensitivity, rj, summary, reps, reproduceLine("run", args, fs)); err != nil {
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

// commitRun writes a run's outputs into out and commits it; with
// sensitivity (run --sensitivity) it runs that design first.
func commitRun(out *outDir, r *simrun.Resolved, workers int, sensitivity bool, rj *runJob, summary *reports.Summary,
	reps []simrun.Replication, command string) error {
	var sens *reports.Sensitivity
	if sensitivity {
		var err error
		if sens, err = runOutSensitivity(out, r.Scenario, workers); err != nil {
			return err
		}
	}
	results, fresults := simrun.Split(reps)
	if err := writeRunFiles(out.create, rj, summary, results, fresults, sens, command); err != nil {
		return err
	}
	return out.commit("run")
}

// prepareRunOut checks and stages --out dir before a long run, not after
// it (nil without --out), and for a run whose timeseries (stream group and
// fleet locations together) would take over spillThresholdBytes makes the
// scratch directory they spill to. The caller aborts out and removes
// spillDir.
func prepareRunOut(dir string, r *simrun.Resolved) (out *outDir, spillDir string, err error) {
	if dir == "" {
		return nil, "", nil
	}
	if out, err = prepareOut(dir); err != nil {
		return nil, "", err
	}
	if r.TimeseriesBytes(r.Scenario.Simulation.Replications) > spillThresholdBytes {
		if spillDir, err = out.tempDir("spill"); err != nil {
			out.abort()
			return nil, "", err
		}
	}
	return out, spillDir, nil
}

// simulateRun runs the scenario's replications in parallel with a progress
// bar on stderr and returns them by replication index.
func simulateRun(r *simrun.Resolved, f runFlags, spillDir string, stderr io.Writer) ([]simrun.Replication, error) {
	sim := r.Scenario.Simulation
	bar := newProgress(stderr, f.quiet)
	bar.plan(sim.Replications, sim.Horizon)
	defer bar.finish()
	return simrun.Replicate(sim.Replications, simrun.Options{Workers: f.workers}, func(rep int) (simrun.Replication, error) {
		defer bar.finished(rep)
		return r.Run(rep, simrun.RepOptions{Progress: bar.tick(rep), SpillDir: spillDir})
	})
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

// spillThresholdBytes is the size of the stream groups' and fleets'
// timeseries over all replications above which a run keeps them in files
// (streams.Options.TimeseriesDir, fleets.Options.TimeseriesDir) rather than
// in memory. Below it, memory is cheaper than
// files; either way the outputs are the same, byte for byte.
var spillThresholdBytes int64 = 64 << 20
