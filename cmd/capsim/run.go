package main

import (
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
directory is refused (exit status 2). An interrupted run (Ctrl-C, SIGTERM)
removes its staging files and leaves DIR as it was.

Example:
  capsim run --replications 40 --set stream_group[0].location[0].target_idle=10 my.toml
  capsim run --out results --json

Flags:
`

func cmdRun(args []string, stdout, stderr io.Writer) error {
	var f runFlags
	fs := newFlagSet("run", runUsage, stderr)
	fs.StringVar(&f.out, "out", "", "write summary.json, timeseries.csv, report.html and plots/ into `DIR` (see below)")
	fs.BoolVar(&f.json, "json", false, "print summary.json to stdout instead of the table")
	f.addCommon(fs)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) > 1 {
		return &usageError{"run takes at most one scenario file"}
	}
	if err := f.check(); err != nil {
		return err
	}
	sc, err := loadScenario(files)
	if err != nil {
		return err
	}
	if err := applyOverrides(sc, f); err != nil {
		return err
	}
	cfg, err := sc.Build()
	if err != nil {
		return err
	}
	fcfg, err := sc.BuildFleets() // nil without [[fleet]]
	if err != nil {
		return err
	}
	var out *outDir
	if f.out == "" { // nothing will be written: don't record timeseries
		cfg.TimeseriesStep = 0
		if fcfg != nil {
			fcfg.TimeseriesStep = 0
		}
	} else if out, err = prepareOut(f.out); err != nil { // before a long run, not after it
		return err
	}
	defer out.abort() // no-op once committed

	var spillDir string // long runs keep their timeseries in files, not in memory
	if out != nil && cfg.TimeseriesBytes(sc.Simulation.Replications) > spillThresholdBytes {
		if spillDir, err = out.tempDir("spill"); err != nil {
			return err
		}
		defer out.removeTemp(spillDir)
	}

	bar := newProgress(stderr, f.quiet)
	bar.plan(sc.Simulation.Replications, sc.Simulation.Horizon)
	reps, err := sim.Replicate(sc.Simulation.Replications, sim.ReplicateOptions{Workers: f.workers},
		guard(func(rep int) (replication, error) {
			defer bar.finished(rep)
			return runReplication(cfg, fcfg, rep, bar.tick(rep), spillDir)
		}))
	bar.finish()
	if err != nil {
		var fleetsBudget uint64
		if fcfg != nil {
			fleetsBudget = uint64(fcfg.MaxEvents)
		}
		return sc.ExplainRunError(err, cfg.MaxEvents, fleetsBudget)
	}
	results, fresults := split(reps)
	summary, err := summarizeRun(sc, results, fresults)
	if err != nil {
		return err
	}
	if out != nil {
		if err := writeRunFiles(out, sc, cfg, summary, results, fresults, reproduceLine("run", args, fs)); err != nil {
			return err
		}
		if err := out.commit("run"); err != nil {
			return err
		}
	}
	if f.json {
		return summary.WriteJSON(stdout)
	}
	return printRunTables(stdout, sc, len(cfg.Groups) > 0, summary)
}

// summarizeRun summarises the stream groups' results and, if the scenario
// has fleets, the fleets'.
func summarizeRun(sc *scenarios.Scenario, results []*streams.Result, fresults []*fleets.Result) (*reports.Summary, error) {
	summary := reports.Summarize(reports.Meta{
		Scenario: sc.Name, ScenarioSHA256: sc.SHA256(), Seed: sc.Simulation.Seed,
		Replications: sc.Simulation.Replications, HorizonSeconds: sc.Simulation.Horizon.Seconds(),
		WarmupSeconds: sc.Simulation.Warmup.Seconds(), CapsimVersion: Version,
	}, results)
	if len(fresults) == 0 {
		return summary, nil
	}
	var err error
	measured := (sc.Simulation.Horizon - sc.Simulation.Warmup).Seconds()
	if summary.Fleets, err = reports.SummarizeFleets(measured, fresults); err != nil {
		return nil, err
	}
	if summary.FleetTotal, err = reports.SummarizeFleetTotal(measured, fresults); err != nil {
		return nil, err
	}
	return summary, nil
}

// printRunTables prints the stream groups' table and the fleets' table.
func printRunTables(stdout io.Writer, sc *scenarios.Scenario, hasGroups bool, summary *reports.Summary) error {
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
		fmt.Fprintf(stdout, "scenario %s, seed %d, %d replications, horizon %s, warm-up %s\n\n", reports.TerminalSafe(sc.Name), sc.Simulation.Seed,
			sc.Simulation.Replications, reports.FormatDuration(sc.Simulation.Horizon.Seconds()), reports.FormatDuration(sc.Simulation.Warmup.Seconds()))
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
// spillDir, if set, receives the stream groups' timeseries as files.
func runReplication(cfg *streams.Config, fcfg *fleets.Config, rep int, progress func(sim.Time), spillDir string) (replication, error) {
	var r replication
	var err error
	streamsProgress, fleetsProgress := progress, (func(sim.Time))(nil)
	if fcfg != nil && progress != nil {
		streamsProgress = func(t sim.Time) { progress(t / 2) }
		fleetsProgress = func(t sim.Time) { progress(sim.At(cfg.Horizon)/2 + t/2) }
	}
	if r.streams, err = streams.Run(cfg, rep, streams.Options{Progress: streamsProgress, TimeseriesDir: spillDir}); err != nil {
		return r, err
	}
	if fcfg != nil {
		if r.fleets, err = fleets.Run(fcfg, rep, fleets.Options{Progress: fleetsProgress}); err != nil {
			return r, fmt.Errorf("fleets: %w", err)
		}
	}
	return r, nil
}

// spillThresholdBytes is the size of the stream groups' timeseries over all
// replications above which a run keeps them in files (streams.Options.
// TimeseriesDir) rather than in memory. Below it, memory is cheaper than
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
