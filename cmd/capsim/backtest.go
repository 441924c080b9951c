package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/capsim/capsim/cmd/internal/progress"
	"github.com/capsim/capsim/internal/outdir"
	"github.com/capsim/capsim/records"
	"github.com/capsim/capsim/records/backtest"
	"github.com/capsim/capsim/reports/outputs"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
)

const backtestUsage = `Usage: capsim backtest [flags] SCENARIO --observed SESSIONS.json
       capsim backtest [flags] SCENARIO --observed-games GAMES.json [--metrics CW.json]

Simulates the period the service's records cover with SCENARIO and compares,
hour by hour and per location: requests, sessions placed, allocated and idle
capacity (where polled: --polls) and placement failures by reason; for a
fleet, game sessions created, game sessions in play and instances (from
--metrics). The scenario's horizon and warm-up are set to the period (time 0
a UTC midnight at least 3 h before it). Each observed hour is put against
the band of the replications from the k-th smallest to the k-th largest, a
90% prediction band for one more replication: where the scenario is right,
about 90% of the hours fall inside (the coverage); far fewer says where it
is not, and the hours outside are ranked, worst first.

The arrivals are the scenario's own; --replay replays the observed arrival
times instead (stream groups; one demand per location, as capsim fit
writes), so the comparison tests the rest of the model.

--out DIR writes backtest.json, backtest.html and plots/, replaced whole
(see capsim run -h). --assert-coverage X exits with status 3 when the
coverage is below X, after printing and writing (for CI). Records that
cannot be read, or do not match the scenario, are exit status 2.

Example:
  capsim fit sessions.json --polls polls.jsonl --out fitted
  capsim backtest fitted/fitted.toml --observed last-week.json --polls polls.jsonl --out bt
  capsim backtest my.toml --observed sessions.json --replay --assert-coverage 0.8

Flags:
`

type backtestFlags struct {
	runFlags
	recordFilters
	observed, polls, games string
	replay                 bool
	minCoverage            float64
}

func cmdBacktest(args []string, stdout, stderr io.Writer) error {
	f, fs := newBacktestFlags(stderr)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	in, err := f.load(files)
	if err != nil {
		return err
	}
	defer in.out.Abort() // no-op once committed
	bar := progress.New(stderr, f.quiet)
	bar.Plan(in.sc.Simulation.Replications, backtest.WindowFor(in.obs).Horizon)
	rep, err := backtest.Run(in.sc, in.obs, backtest.Options{Replay: f.replay,
		Runs: simrun.RunsOptions{Workers: f.workers, Progress: bar.Tick, Finished: bar.Finished}})
	bar.Finish()
	if err != nil {
		return err
	}
	sc, source, out := in.sc, in.source, in.out
	if out != nil {
		if err := outputs.Backtest(out.Create, rep.WriteJSON, rep.Report(sc.Name, source, f.mode()), reproduceLine("backtest", args, fs), Version); err != nil {
			return err
		}
		if err := commit(out, "backtest"); err != nil {
			return err
		}
	}
	if err := f.print(rep, stdout); err != nil {
		return err
	}
	if rep.Coverage < f.minCoverage {
		return &simrun.UnmetError{Msg: fmt.Sprintf("backtest: coverage %.3f below --assert-coverage %g", rep.Coverage, f.minCoverage)}
	}
	return nil
}

// backtestInput is what a backtest runs on, read and checked before it
// runs: the scenario, the records (and their source), --out staged.
type backtestInput struct {
	sc     *scenarios.Scenario
	obs    *backtest.Observed
	source string
	out    *outdir.Dir
}

// load checks the command line, loads the scenario, reads the records and
// stages --out, in that order.
func (f *backtestFlags) load(files []string) (backtestInput, error) {
	var in backtestInput
	exportedAt, err := f.checkArgs(files)
	if err == nil {
		in.sc, err = simrun.Load(files[0], f.overrides())
	}
	if err == nil {
		in.obs, in.source, err = f.observe(exportedAt)
	}
	if err == nil {
		in.out, err = prepareOut(f.out) // before the runs, not after them
	}
	return in, err
}

func newBacktestFlags(stderr io.Writer) (*backtestFlags, *flag.FlagSet) {
	f := &backtestFlags{}
	fs := newFlagSet("backtest", backtestUsage, stderr)
	fs.StringVar(&f.observed, "observed", "", "the stream sessions to compare with (list-stream-sessions output, `FILE`; - for stdin)")
	fs.StringVar(&f.polls, "polls", "", "the stream group's polled LocationStates (`FILE`, see capsim fit -h)")
	fs.StringVar(&f.games, "observed-games", "", "a fleet's game sessions to compare with (describe-game-sessions output, `FILE`)")
	f.recordFilters.register(fs)
	fs.BoolVar(&f.replay, "replay", false, "replay the observed arrival times instead of the scenario's arrival process")
	fs.Float64Var(&f.minCoverage, "assert-coverage", 0, "exit with status 3 when the coverage is below this share (0 to 1)")
	fs.StringVar(&f.out, "out", "", "write backtest.json, backtest.html and plots/ into `DIR`, replaced as a whole")
	fs.BoolVar(&f.json, "json", false, "print backtest.json to stdout instead of the table")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress bar")
	fs.StringVar(&f.seed, "seed", "", "override simulation.seed")
	fs.StringVar(&f.replications, "replications", "", "override simulation.replications (19 or more for a 90% band)")
	fs.Var(&f.sets, "set", "override any field: `path=value` (repeatable)")
	fs.IntVar(&f.workers, "workers", 0, "replications run at once (0: GOMAXPROCS)")
	return f, fs
}

// checkArgs checks the command line before anything is read.
func (f *backtestFlags) checkArgs(files []string) (time.Time, error) {
	switch {
	case len(files) != 1:
		return time.Time{}, &usageError{"backtest takes one scenario file"}
	case (f.observed == "") == (f.games == ""):
		return time.Time{}, &usageError{"backtest needs --observed FILE (stream sessions) or --observed-games FILE (a fleet's), one of them"}
	case f.games == "" && (f.metrics != "" || f.fleet != ""):
		return time.Time{}, &usageError{"--metrics and --fleet go with --observed-games"}
	case f.games != "" && (f.polls != "" || f.group != "" || f.app != ""):
		return time.Time{}, &usageError{"--polls, --stream-group and --application go with --observed"}
	case !(f.minCoverage >= 0 && f.minCoverage <= 1):
		return time.Time{}, &usageError{"--assert-coverage " + strconv.FormatFloat(f.minCoverage, 'g', -1, 64) + ": want a share from 0 to 1"}
	}
	if err := f.check(); err != nil {
		return time.Time{}, err
	}
	return exportedAtFlag(f.exported)
}

// observe reads the records and what they show hour by hour; source names
// them on the page.
func (f *backtestFlags) observe(exportedAt time.Time) (*backtest.Observed, string, error) {
	if f.games != "" {
		set, err := records.ReadFile(f.games, func(src string, r io.Reader) (*records.GameSessionSet, error) {
			return records.ReadGameSessions(src, r, f.fleet, records.Limits{})
		})
		if err != nil {
			return nil, "", err
		}
		var ms *records.MetricSet
		if f.metrics != "" {
			if ms, err = records.ReadFile(f.metrics, func(src string, r io.Reader) (*records.MetricSet, error) {
				return records.ReadMetrics(src, r, records.Limits{})
			}); err != nil {
				return nil, "", err
			}
		}
		obs, err := backtest.ObserveFleet(set, ms, exportedAt)
		return obs, set.Source, err
	}
	set, err := records.ReadFile(f.observed, func(src string, r io.Reader) (*records.SessionSet, error) {
		return records.ReadSessions(src, r, records.SessionOptions{StreamGroup: f.group, Application: f.app})
	})
	if err != nil {
		return nil, "", err
	}
	var ps *records.PollSet
	if f.polls != "" {
		if ps, err = records.ReadFile(f.polls, func(src string, r io.Reader) (*records.PollSet, error) {
			return records.ReadPolls(src, r, f.group, records.Limits{})
		}); err != nil {
			return nil, "", err
		}
	}
	obs, err := backtest.Observe(set, ps, exportedAt)
	return obs, set.Source, err
}

func (f *backtestFlags) mode() string {
	if f.replay {
		return "replayed from the records"
	}
	return "the scenario's own"
}

// print writes the report's table, or backtest.json with --json.
func (f *backtestFlags) print(rep *backtest.Report, stdout io.Writer) error {
	if f.json {
		return rep.WriteJSON(stdout)
	}
	return printText(stdout, rep.WriteText)
}
