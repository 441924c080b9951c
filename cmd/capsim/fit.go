package main

import (
	"flag"
	"io"
	"strconv"
	"time"

	"github.com/capsim/capsim/internal/outdir"
	"github.com/capsim/capsim/records"
	"github.com/capsim/capsim/records/fit"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/reports/outputs"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
)

const fitUsage = `Usage: capsim fit [flags] SESSIONS.json --out DIR
       capsim fit [flags] --game-sessions GAMES.json --price USD --out DIR

Fits a scenario to the service's own records. SESSIONS.json is what
  aws gameliftstreams list-stream-sessions --identifier sg-... --output json
prints (one page, pages one after another, JSON Lines, or an array of
items; gzip accepted; - reads the standard input). It writes into DIR:
fitted.toml (every fitted value with a comment naming its data), fit.json,
fit.html and plots/: per location the requests per UTC hour of the day with
exact intervals, spike hours written as spikes, the session length by
family (lognormal, gamma, Weibull by maximum likelihood with censoring,
chosen by AIC, or the Kaplan-Meier estimate), no-shows, walk-aways,
reconnect failures, crashes and internal errors with their intervals.
--polls adds the stream group's class and capacity settings, polled (the
loop below writes them); without it the class and capacity are named
defaults to replace.

With --game-sessions, the fleet's game sessions (aws gamelift
describe-game-sessions) and, with --metrics, its CloudWatch exports (aws
cloudwatch get-metric-data, each query labelled "MetricName location")
give a fleet scenario instead.

Untidy records are read and counted, never dropped silently: mixed time
zones, the same session on two pages (the latest LastUpdatedAt wins),
sessions still running (censored), reasons from a newer API, sessions of
another stream group (--stream-group). Malformed, truncated or oversized
records are exit status 2, with the record's number, line and byte, and
nothing is written. DIR is replaced whole (see capsim run -h).

Example:
  aws gameliftstreams list-stream-sessions --identifier sg-1AB2C3De4 --output json > sessions.json
  capsim fit sessions.json --polls polls.jsonl --out fitted
  capsim run fitted/fitted.toml

A polls file is one GetStreamGroup output a line, with its time:
  while :; do
    printf '{"PolledAt":"%s","StreamGroup":' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    aws gameliftstreams get-stream-group --identifier sg-1AB2C3De4 --output json | tr -d '\n'
    printf '}\n'; sleep 60
  done >> polls.jsonl

Flags:
`

type fitFlags struct {
	recordFilters
	out, polls, class, endReason, name string
	games, kind                        string
	price                              float64
	seed                               uint64
	replications                       int
}

func cmdFit(args []string, stdout, stderr io.Writer) error {
	var f fitFlags
	fs := newFlagSet("fit", fitUsage, stderr)
	fs.StringVar(&f.out, "out", "", "write fitted.toml, fit.json, fit.html and plots/ into `DIR` (required)")
	fs.StringVar(&f.polls, "polls", "", "the stream group's polled LocationStates, one GetStreamGroup output a line (`FILE`)")
	f.recordFilters.register(fs)
	fs.StringVar(&f.class, "class", "", "the stream class when no polls name it (default "+fit.DefaultClass+")")
	fs.StringVar(&f.endReason, "end-reason", "", "the reason of a player's own end: apiTerminated or applicationExit (default: the more frequent)")
	fs.StringVar(&f.name, "name", "", "the scenario's name (default fitted-<stream group>)")
	fs.StringVar(&f.games, "game-sessions", "", "fit a fleet from its game sessions (describe-game-sessions output, `FILE`)")
	fs.StringVar(&f.kind, "kind", "ec2", "the fleet's kind: ec2, container or anywhere (the records do not say)")
	fs.Float64Var(&f.price, "price", 0, "the fleet's On-Demand `USD` per instance-hour (capsim ships no GameLift Servers price)")
	fs.Uint64Var(&f.seed, "seed", 1, "the fitted scenario's simulation.seed")
	fs.IntVar(&f.replications, "replications", 20, "the fitted scenario's simulation.replications")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	exportedAt, out, err := f.prepare(fs, files)
	if err != nil {
		return err
	}
	defer out.Abort() // no-op once committed
	var r fitted
	if f.games != "" {
		r, err = f.fleetFit(exportedAt)
	} else {
		r, err = f.streamsFit(files[0], exportedAt)
	}
	if err != nil {
		return err
	}
	return write(r, out, reproduceLine("fit", args, fs), stdout)
}

// prepare checks the command line and stages --out DIR before anything is
// read (a large export takes a while), and returns the export time given.
func (f *fitFlags) prepare(fs *flag.FlagSet, files []string) (time.Time, *outdir.Dir, error) {
	if err := f.check(fs, files); err != nil {
		return time.Time{}, nil, err
	}
	t, err := exportedAtFlag(f.exported)
	if err != nil {
		return time.Time{}, nil, err
	}
	out, err := prepareOut(f.out)
	return t, out, err
}

// check checks the command line.
func (f *fitFlags) check(fs *flag.FlagSet, files []string) error {
	switch {
	case f.out == "":
		return &usageError{"fit needs --out DIR"}
	case f.games == "" && len(files) != 1:
		return &usageError{"fit takes one file of stream sessions (or --game-sessions FILE)"}
	case f.games != "" && len(files) != 0:
		return &usageError{"fit --game-sessions takes no file of stream sessions"}
	case f.games == "" && (f.metrics != "" || f.fleet != "" || flagSet(fs, "price") || flagSet(fs, "kind")):
		return &usageError{"--metrics, --fleet, --price and --kind go with --game-sessions"}
	case f.games != "" && (f.polls != "" || f.group != "" || f.app != "" || f.class != "" || f.endReason != ""):
		return &usageError{"--polls, --stream-group, --application, --class and --end-reason go with stream sessions, not --game-sessions"}
	case f.games != "" && !(f.price > 0) && f.kind != "anywhere":
		return &usageError{"fit --game-sessions needs --price USD (per instance-hour): capsim ships no GameLift Servers price and the records carry none"}
	case f.endReason != "" && f.endReason != "apiTerminated" && f.endReason != "applicationExit":
		return &usageError{"--end-reason " + reports.TerminalSafe(f.endReason) + ": want apiTerminated or applicationExit"}
	case f.replications < 1:
		return &usageError{"--replications " + strconv.Itoa(f.replications) + ": want a whole number of at least 1"}
	}
	return nil
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(fl *flag.Flag) { set = set || fl.Name == name })
	return set
}

// fitted is a fit, of a stream group or a fleet, as fit writes it.
type fitted interface {
	Check() (*scenarios.Scenario, error)
	Scenario() ([]byte, map[string][]byte)
	WriteJSON(io.Writer) error
	Report() *reports.RecordsReport
	WriteText(io.Writer) error
}

// write checks the fit's scenario loads (a fit that writes one capsim
// refuses is a bug), writes the outputs, commits them and prints the fit.
func write(r fitted, out *outdir.Dir, command string, stdout io.Writer) error {
	if _, err := r.Check(); err != nil {
		return &simrun.InternalError{Value: err}
	}
	text, files := r.Scenario()
	if err := outputs.Fit(out.Create, text, files, r.WriteJSON, r.Report(), command, Version); err != nil {
		return err
	}
	if err := commit(out, "fit"); err != nil {
		return err
	}
	return printText(stdout, r.WriteText)
}

// streamsFit reads the stream sessions (and polls) and fits them.
func (f *fitFlags) streamsFit(file string, exportedAt time.Time) (fitted, error) {
	set, err := records.ReadFile(file, func(src string, r io.Reader) (*records.SessionSet, error) {
		return records.ReadSessions(src, r, records.SessionOptions{StreamGroup: f.group, Application: f.app})
	})
	if err != nil {
		return nil, err
	}
	opt := fit.Options{Name: f.name, ExportedAt: exportedAt, Class: f.class, EndReason: f.endReason, Seed: f.seed, Replications: f.replications}
	if f.polls != "" {
		if opt.Polls, err = records.ReadFile(f.polls, func(src string, r io.Reader) (*records.PollSet, error) {
			return records.ReadPolls(src, r, f.group, records.Limits{})
		}); err != nil {
			return nil, err
		}
	}
	return noFit(fit.FitStreams(set, opt))
}

// fleetFit reads the game sessions (and metrics) and fits them.
func (f *fitFlags) fleetFit(exportedAt time.Time) (fitted, error) {
	set, err := records.ReadFile(f.games, func(src string, r io.Reader) (*records.GameSessionSet, error) {
		return records.ReadGameSessions(src, r, f.fleet, records.Limits{})
	})
	if err != nil {
		return nil, err
	}
	opt := fit.FleetOptions{Name: f.name, ExportedAt: exportedAt, Kind: f.kind, PriceUSDPerHour: f.price, Seed: f.seed, Replications: f.replications}
	if f.metrics != "" {
		if opt.Metrics, err = records.ReadFile(f.metrics, func(src string, r io.Reader) (*records.MetricSet, error) {
			return records.ReadMetrics(src, r, records.Limits{})
		}); err != nil {
			return nil, err
		}
	}
	return noFit(fit.FitFleets(set, opt))
}

// noFit makes a fit's refusal (records it cannot fit) bad input.
func noFit[T fitted](r T, err error) (fitted, error) {
	if err != nil {
		return nil, &usageError{err.Error()}
	}
	return r, nil
}
