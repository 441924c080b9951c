package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
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

// Exit codes (listed in topUsage).
const (
	exitOK          = 0
	exitFailure     = 1   // the run failed: outputs could not be written
	exitInvalid     = 2   // bad command line or scenario (its event budget included)
	exitInternal    = 70  // a bug in capsim (a recovered panic), as sysexits' EX_SOFTWARE
	exitInterrupted = 130 // SIGINT; SIGTERM gives 143 (128 + signal number)
)

// usageError is a bad command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// Main runs the command line and returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	err := runGuarded(args, stdout, stderr)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	// Names from the scenario may hold control characters: never let them
	// reach the terminal raw.
	fmt.Fprintln(stderr, reports.TerminalSafe("capsim: "+err.Error()))
	return exitCode(err)
}

// exitCode maps an error to the exit status documented in topUsage.
func exitCode(err error) int {
	var ue *usageError
	var ie *internalError
	switch {
	case errors.As(err, &ie):
		return exitInternal
	case errors.As(err, &ue), errors.Is(err, scenarios.ErrInvalid), errors.Is(err, sim.ErrEventBudget):
		return exitInvalid
	}
	return exitFailure
}

// runGuarded is run with any panic on the calling goroutine turned into an
// internalError (replication goroutines recover their own: see guard).
func runGuarded(args []string, stdout, stderr io.Writer) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = newInternalError(v)
		}
	}()
	return run(args, stdout, stderr)
}

const topUsage = `capsim simulates Amazon GameLift Streams and GameLift Servers capacity over virtual time.

Usage:
  capsim run [flags] [FILE]   simulate FILE (the embedded default scenario if none)
  capsim compare [flags] [FILE]
                              run FILE once per stream class (same demand) and compare
  capsim validate FILE        check a scenario and report every problem at once
  capsim classes              list the stream classes
  capsim version              print the version

Run 'capsim COMMAND -h' for a command's flags.

Exit status:
  0    ok
  1    the run failed: its outputs could not be written
  2    bad command line or scenario, including a scenario whose own event
       budget (simulation.max_events) runs out before the horizon
  70   internal error: a bug in capsim; please report it with the scenario
  130  interrupted (SIGINT); 143 terminated (SIGTERM): partial outputs removed
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
		return cmdVersion(args[1:], stdout, stderr)
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
	if out != nil && timeseriesBytes(cfg, sc.Simulation.Replications) > spillThresholdBytes {
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

// timeseriesBytes returns the memory the stream groups' timeseries of
// replications replications would take.
func timeseriesBytes(cfg *streams.Config, replications int) int64 {
	if cfg.TimeseriesStep <= 0 {
		return 0
	}
	locs := 0
	for _, g := range cfg.Groups {
		locs += len(g.Locations)
	}
	for _, a := range cfg.Timeline {
		locs += len(a.Locations) // locations a timeline may add (an upper bound)
	}
	buckets := int64((cfg.Horizon + cfg.TimeseriesStep - 1) / cfg.TimeseriesStep)
	return buckets * int64(locs) * int64(replications) * int64(streams.RowWidth) * 8
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

// check rejects flag values that are wrong whatever the scenario: a
// negative seed (which would wrap to 2^64-1), a replication count that is
// not a positive whole number, a negative worker count.
func (f *runFlags) check() error {
	if f.seed != "" {
		if _, err := strconv.ParseUint(f.seed, 10, 64); err != nil {
			return &usageError{fmt.Sprintf("--seed %s: want a whole number from 0 to 18446744073709551615", reports.TerminalSafe(f.seed))}
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

func applyOverrides(sc *scenarios.Scenario, f runFlags) error {
	for _, kv := range []struct{ flag, path, v string }{
		{"--seed", "simulation.seed", f.seed}, {"--replications", "simulation.replications", f.replications},
		{"--horizon", "simulation.horizon", f.horizon},
	} {
		if kv.v != "" {
			if err := sc.Set(kv.path, kv.v); err != nil {
				return nameFlag(err, kv.flag)
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
