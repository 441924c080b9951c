package main

import (
	"flag"
	"io"

	"github.com/capsim/capsim/cmd/internal/progress"
	"github.com/capsim/capsim/experiment/sensitivity"
	"github.com/capsim/capsim/experiment/shard"
	"github.com/capsim/capsim/internal/outdir"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/reports/outputs"
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
  capsim run --assert 'total.time_to_first_frame_seconds.p95<=60' --assert-on bound my.toml

--assert NAME<=X (or <, >=, >; repeatable), and [[assert]] expr = "..." in
the scenario, are KPI gates judged after the run on the metric's mean
(--assert-on bound: on its one-sided 95% confidence bound, the rule of
sweep --require). NAME as summary.json spells it: total.METRIC,
locations[L].METRIC, fleet_total.METRIC, fleets[F].METRIC, hours[H].METRIC
or regions[R].METRIC (R a player region's name or index: e.g.
regions[europe-central].latency_above_threshold_ratio<=0.05); a * selector
asserts it of every one, the worst deciding. The table and summary.json
show each; if one fails, the outputs are still written and capsim exits
with status 3. A malformed assertion, an unknown metric or a region the
scenario's demands do not name is exit status 2, before anything runs.

Flags:
`

// runCommandFlags are capsim run's flags.
type runCommandFlags struct {
	f           runFlags
	prof        profileFlags
	af          assertFlags
	sensitivity *bool
	sensPlan    *sensitivity.Plan // with --sensitivity, prepared (and bounded) before the run
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
	r, asserts, src, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	rj := newRunJob(r, c.af)
	if src != nil {
		return runShard(src, r, c.f, rj, reproduceLine("run", args, fs), stdout, stderr)
	}
	out, spillDir, err := prepareRunOut(c.f.out, r)
	if err != nil {
		return err
	}
	defer out.Abort() // no-op once committed
	if spillDir != "" {
		defer out.RemoveTemp(spillDir)
	}
	stopProfiles, err := c.prof.start() // after every check of the input: bad input leaves no profile
	if err != nil {
		return err
	}
	defer stopProfiles(&err)
	reps, err := simulateRun(r, c.f, spillDir, stderr)
	if err != nil {
		return err
	}
	summary, err := simrun.Summary(simrun.Meta(r.Scenario, Version), reps)
	if err != nil {
		return err
	}
	gate, err := simrun.Gate(summary, asserts, c.af.on == "bound") // the gate: exit status 3 after the outputs
	if err != nil {
		return &simrun.InternalError{Value: err} // parse checked every metric against the scenario
	}
	if out != nil {
		if err := commitRun(out, r, c, rj, summary, reps, reproduceLine("run", args, fs)); err != nil {
			return err
		}
	}
	if c.f.json {
		err = summary.WriteJSON(stdout)
	} else {
		err = reports.WriteRunTables(stdout, rj.HasGroups, summary)
	}
	if err != nil {
		return err
	}
	return gate
}

// parse reads run's command line: the scenario resolved (with timeseries
// when it writes outputs), its assertions, and its shard (nil unsharded),
// every check made before anything runs.
func (c *runCommandFlags) parse(fs *flag.FlagSet, args []string) (*simrun.Resolved, []simrun.Requirement, *shard.Source, error) {
	sc, err := parseScenarioArgs(fs, &c.f, "run", args, c.af.check, func() error {
		if *c.sensitivity && c.f.out == "" {
			return &usageError{"--sensitivity needs --out DIR"}
		}
		return nil
	})
	if err != nil {
		return nil, nil, nil, err
	}
	src, err := shardOf(&c.f)
	if err != nil {
		return nil, nil, nil, err
	}
	outputs := simrun.Metrics
	if c.f.out != "" {
		outputs = simrun.Timeseries
	}
	r, err := simrun.Resolve(sc, outputs)
	if err != nil {
		return nil, nil, nil, err
	}
	asserts, err := c.af.parse(sc, r.Namespace())
	if simrun.NeedsHours(asserts) {
		r = r.RecordHours()
	}
	if err == nil && src != nil && *c.sensitivity {
		err = &usageError{"--sensitivity: a sharded run (" + src.From + ") runs no sensitivity design; run capsim sensitivity"}
	}
	if err == nil && *c.sensitivity {
		c.sensPlan, err = sensitivity.NewPlan(sc)
	}
	return r, asserts, src, err
}

// newRunJob is what a run's outputs show of the scenario besides the
// summary (a sharded run's job file keeps it for the merge).
func newRunJob(r *simrun.Resolved, af assertFlags) *shard.RunJob {
	return &shard.RunJob{HasGroups: len(r.Streams.Groups) > 0, Timeouts: r.Timeouts(), Assumptions: simrun.Assumptions(r.Scenario),
		Assert: af.texts(r.Scenario), AssertOn: af.on}
}

// runPage is what a run's report shows besides the summary.
func runPage(rj *shard.RunJob, command string, sens *reports.Sensitivity) outputs.RunPage {
	return outputs.RunPage{HasGroups: rj.HasGroups, Timeouts: rj.Timeouts, Assumptions: rj.Assumptions, Command: command, Sensitivity: sens}
}

// commitRun writes a run's outputs into out and commits it; with
// --sensitivity it runs that design first.
func commitRun(out *outdir.Dir, r *simrun.Resolved, c *runCommandFlags, rj *shard.RunJob, summary *reports.Summary,
	reps []simrun.Replication, command string) error {
	var sens *reports.Sensitivity
	if c.sensPlan != nil {
		var err error
		if sens, err = runOutSensitivity(out, r.Scenario, c.sensPlan, c.f.workers); err != nil {
			return err
		}
	}
	results, fresults := simrun.Split(reps)
	if err := outputs.Run(out.Create, summary, results, fresults, runPage(rj, command, sens)); err != nil {
		return err
	}
	return commit(out, "run")
}

// prepareRunOut checks and stages --out dir before a long run, not after
// it (nil without --out), and for a run whose timeseries (stream group and
// fleet locations together) would take over spillThresholdBytes makes the
// scratch directory they spill to. The caller aborts out and removes
// spillDir.
func prepareRunOut(dir string, r *simrun.Resolved) (out *outdir.Dir, spillDir string, err error) {
	if dir == "" {
		return nil, "", nil
	}
	if out, err = outdir.Prepare(staged, dir); err != nil {
		return nil, "", err
	}
	if r.TimeseriesBytes(r.Scenario.Simulation.Replications) > spillThresholdBytes {
		if spillDir, err = out.TempDir("spill"); err != nil {
			out.Abort()
			return nil, "", err
		}
	}
	return out, spillDir, nil
}

// simulateRun runs the scenario's replications in parallel with a progress
// bar on stderr and returns them by replication index.
func simulateRun(r *simrun.Resolved, f runFlags, spillDir string, stderr io.Writer) ([]simrun.Replication, error) {
	sim := r.Scenario.Simulation
	bar := progress.New(stderr, f.quiet)
	bar.Plan(sim.Replications, sim.Horizon)
	defer bar.Finish()
	return r.Runs(0, sim.Replications, simrun.RunsOptions{Workers: f.workers, Progress: bar.Tick, Finished: bar.Finished, SpillDir: spillDir})
}

// spillThresholdBytes is the size of the stream groups' and fleets'
// timeseries over all replications above which a run keeps them in files
// (streams.Options.TimeseriesDir, fleets.Options.TimeseriesDir) rather than
// in memory. Below it, memory is cheaper than
// files; either way the outputs are the same, byte for byte.
var spillThresholdBytes int64 = 64 << 20
