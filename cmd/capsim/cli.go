package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
)

// Version is capsim's version, recorded in every summary.
const Version = "0.1.0"

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // the run failed (event budget, output not writable)
	exitInvalid = 2 // bad command line or scenario
)

// usageError is a bad command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// Main runs the command line and returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	err := run(args, stdout, stderr)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	fmt.Fprintln(stderr, "capsim:", err)
	var ue *usageError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "Run 'capsim -h' for usage.")
		return exitInvalid
	case errors.Is(err, scenarios.ErrInvalid):
		return exitInvalid
	}
	return exitFailure
}

const topUsage = `capsim simulates Amazon GameLift Streams capacity over virtual time.

Usage:
  capsim run [flags] [FILE]   simulate FILE (the embedded default scenario if none)
  capsim compare [flags] [FILE]
                              run FILE once per stream class (same demand) and compare
  capsim validate FILE        check a scenario and report every problem at once
  capsim classes              list the stream classes
  capsim version              print the version

Run 'capsim COMMAND -h' for a command's flags. Exit status: 0 ok, 1 run failed,
2 bad command line or scenario.
`

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, topUsage)
		return &usageError{"no command"}
	}
	switch args[0] {
	case "run":
		return cmdRun(args[1:], stdout, stderr)
	case "compare":
		return cmdCompare(args[1:], stdout, stderr)
	case "validate":
		return cmdValidate(args[1:], stdout, stderr)
	case "classes":
		return cmdClasses(args[1:], stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "capsim", Version)
		return nil
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, topUsage)
		return nil
	}
	return &usageError{fmt.Sprintf("unknown command %q", args[0])}
}

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

const runUsage = `Usage: capsim run [flags] [FILE]

Simulates the scenario FILE (or the embedded default scenario) over its
replications in parallel and prints a summary per stream group and location,
each figure with its 95% confidence interval.

Example:
  capsim run --replications 40 --set stream_group[0].location[0].target_idle=10 my.toml
  capsim run --out results --json

Flags:
`

type runFlags struct {
	out          string
	json, quiet  bool
	seed         string
	replications string
	horizon      string
	sets         setFlags
	workers      int
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

func cmdRun(args []string, stdout, stderr io.Writer) error {
	var f runFlags
	fs := newFlagSet("run", runUsage, stderr)
	fs.StringVar(&f.out, "out", "", "write summary.json, timeseries.csv, report.html and plots/ into `DIR`")
	fs.BoolVar(&f.json, "json", false, "print summary.json to stdout instead of the table")
	f.addCommon(fs)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) > 1 {
		return &usageError{"run takes at most one scenario file"}
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
	if f.out == "" { // nothing will be written: don't record timeseries
		cfg.TimeseriesStep = 0
		if fcfg != nil {
			fcfg.TimeseriesStep = 0
		}
	}
	bar := newProgress(stderr, f.quiet)
	reps, err := sim.Replicate(sc.Simulation.Replications, sim.ReplicateOptions{Workers: f.workers, Progress: bar.update},
		func(rep int) (replication, error) { return runReplication(cfg, fcfg, rep) })
	bar.finish()
	if err != nil {
		return err
	}
	results, fresults := split(reps)
	summary := reports.Summarize(reports.Meta{
		Scenario: sc.Name, ScenarioSHA256: sc.SHA256(), Seed: sc.Simulation.Seed,
		Replications: sc.Simulation.Replications, HorizonSeconds: sc.Simulation.Horizon.Seconds(),
		WarmupSeconds: sc.Simulation.Warmup.Seconds(), CapsimVersion: Version,
	}, results)
	if fcfg != nil {
		measured := (sc.Simulation.Horizon - sc.Simulation.Warmup).Seconds()
		if summary.Fleets, err = reports.SummarizeFleets(measured, fresults); err != nil {
			return err
		}
		if summary.FleetTotal, err = reports.SummarizeFleetTotal(measured, fresults); err != nil {
			return err
		}
	}
	if f.out != "" {
		files, err := runFiles(sc, cfg, summary, results, fresults, commandLine(append([]string{"run"}, args...)))
		if err != nil {
			return err
		}
		if err := writeOutputs(f.out, files); err != nil {
			return err
		}
	}
	if f.json {
		return summary.WriteJSON(stdout)
	}
	if len(cfg.Groups) > 0 {
		if err := reports.WriteTable(stdout, summary); err != nil {
			return err
		}
	}
	if len(summary.Fleets) > 0 {
		if len(cfg.Groups) > 0 {
			fmt.Fprintln(stdout)
		} else {
			fmt.Fprintf(stdout, "scenario %s, seed %d, %d replications, horizon %s, warm-up %s\n\n", sc.Name, sc.Simulation.Seed,
				sc.Simulation.Replications, reports.FormatDuration(sc.Simulation.Horizon.Seconds()), reports.FormatDuration(sc.Simulation.Warmup.Seconds()))
		}
		return reports.WriteFleetTable(stdout, summary.Fleets, summary.FleetTotal)
	}
	return nil
}

// replication is one replication of both models: stream groups and, when
// the scenario has fleets, GameLift Servers fleets (nil otherwise).
type replication struct {
	streams *streams.Result
	fleets  *fleets.Result
}

// runReplication runs replication rep of the stream groups and of the
// fleets; each model draws from its own named random streams.
func runReplication(cfg *streams.Config, fcfg *fleets.Config, rep int) (replication, error) {
	var r replication
	var err error
	if r.streams, err = streams.Run(cfg, rep, streams.Options{}); err != nil {
		return r, err
	}
	if fcfg != nil {
		if r.fleets, err = fleets.Run(fcfg, rep, fleets.Options{}); err != nil {
			return r, fmt.Errorf("fleets: %w", err)
		}
	}
	return r, nil
}

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

func loadScenario(files []string) (*scenarios.Scenario, error) {
	if len(files) == 0 {
		return scenarios.Default()
	}
	return scenarios.Load(files[0])
}

func applyOverrides(sc *scenarios.Scenario, f runFlags) error {
	for _, kv := range []struct{ path, v string }{
		{"simulation.seed", f.seed}, {"simulation.replications", f.replications}, {"simulation.horizon", f.horizon},
	} {
		if kv.v != "" {
			if err := sc.Set(kv.path, kv.v); err != nil {
				return err
			}
		}
	}
	for _, s := range f.sets {
		path, value, ok := strings.Cut(s, "=")
		if !ok {
			return &usageError{fmt.Sprintf("--set %q: want path=value", s)}
		}
		if err := sc.Set(strings.TrimSpace(path), strings.TrimSpace(value)); err != nil {
			return err
		}
	}
	return nil
}

const validateUsage = `Usage: capsim validate FILE

Checks FILE (syntax, unknown keys, types, values, files it names, prices) and
reports every problem at once with its field and line. Exit status 2 if any.

Example:
  capsim validate scenarios/examples/launch-spike.toml
`

func cmdValidate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", validateUsage, stderr)
	var sets setFlags
	fs.Var(&sets, "set", "override a field before validating: `path=value` (repeatable)")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return &usageError{"validate takes one scenario file"}
	}
	sc, err := scenarios.Load(files[0])
	if err != nil {
		return err
	}
	if err := applyOverrides(sc, runFlags{sets: sets}); err != nil {
		return err
	}
	cfg, err := sc.Build()
	if err != nil {
		return err
	}
	fcfg, err := sc.BuildFleets()
	if err != nil {
		return err
	}
	sessions := 0.0
	for _, d := range cfg.Demands {
		sessions += d.Arrivals.ExpectedCount(cfg.Horizon)
	}
	fleetPart := ""
	if fcfg != nil {
		placements := 0.0
		for _, d := range fcfg.Demands {
			placements += d.Arrivals.ExpectedCount(fcfg.Horizon)
		}
		fleetPart = fmt.Sprintf(", %d fleet(s), %d fleet demand(s), about %.0f placement requests", len(fcfg.Fleets), len(fcfg.Demands), placements)
	}
	fmt.Fprintf(stdout, "%s: ok (scenario %q, %d stream group(s), %d demand(s), about %.0f requests%s per replication, %d replications)\n",
		files[0], sc.Name, len(cfg.Groups), len(cfg.Demands), sessions, fleetPart, sc.Simulation.Replications)
	return nil
}

const classesUsage = `Usage: capsim classes

Lists the GameLift Streams stream classes capsim models, with the prices it
ships (only prices with a public source; see README).

Example:
  capsim classes | grep win2022
`

func cmdClasses(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("classes", classesUsage, stderr)
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CLASS\tGPU\tvCPU\tRAM GB\tVRAM GB\tTENANCY\tOS\tDEFAULT CAPACITY\tSOURCE")
	for _, c := range streams.Classes() {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%s\t%d\t%s\n", c.Name, c.GPU, c.VCPU, c.RAMGB, c.VRAMGB, c.Tenancy, c.OS, c.DefaultCapacity, c.Source)
	}
	tw.Flush()
	fmt.Fprintln(stdout)
	tw = tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SHIPPED PRICE\tLOCATION\tUSD/HOUR\tSTATED UNIT\tSOURCE")
	for _, p := range streams.ShippedPrices() {
		fmt.Fprintf(tw, "%s\t%s\t%g\t%s\t%s (%s)\n", p.Class, p.Location, p.USDPerHour, p.StatedUnit, p.Source, p.Date)
	}
	return tw.Flush()
}
