package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/capsim/capsim/experiment/compare"
	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/experiment/shard"
	"github.com/capsim/capsim/internal/outdir"
	"github.com/capsim/capsim/records"
	"github.com/capsim/capsim/records/backtest"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/simrun"
)

// Exit codes (listed in topUsage).
const (
	exitOK          = 0
	exitFailure     = 1   // the run failed: outputs could not be written
	exitInvalid     = 2   // bad command line or scenario (its event budget included)
	exitInfeasible  = 3   // optimize: no plan in the ranges is feasible; run: a KPI gate failed
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

// badInput are the errors of the packages below that mean bad input: a
// scenario, its event budget, a shard, an --out directory refused, classes
// that cannot be compared, records that cannot be read or that do not
// match the scenario compared with them, a design (malformed, or beyond
// the work limit).
var badInput = []error{scenarios.ErrInvalid, sim.ErrEventBudget, shard.ErrShard, outdir.ErrRefused, compare.ErrClasses,
	records.ErrInvalid, backtest.ErrMismatch, design.ErrDesign}

// exitCode maps an error to the exit status documented in topUsage.
func exitCode(err error) int {
	var ue *usageError
	var ie *simrun.InternalError
	var unmet *simrun.UnmetError
	switch {
	case errors.As(err, &unmet):
		return exitInfeasible
	case errors.As(err, &ie):
		return exitInternal
	case errors.As(err, &ue) || slices.ContainsFunc(badInput, func(e error) bool { return errors.Is(err, e) }):
		return exitInvalid
	}
	return exitFailure
}

// runGuarded is run with any panic on the calling goroutine turned into an
// *simrun.InternalError (replication goroutines recover their own:
// simrun.Replicate).
func runGuarded(args []string, stdout, stderr io.Writer) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = simrun.Recovered(v)
		}
	}()
	return run(args, stdout, stderr)
}

// command is one of capsim's commands: its name, its synopsis and what it
// does (both for topUsage) and the function that runs it.
type command struct {
	name, synopsis, summary string
	run                     func(args []string, stdout, stderr io.Writer) error
}

// commands are capsim's commands in the order topUsage lists them; run
// dispatches by this table, so a command cannot be added without its line
// in the usage.
var commands = []command{
	{"run", "[flags] [FILE]", "simulate FILE (the embedded default scenario if none)", cmdRun},
	{"compare", "[flags] [FILE]", "run FILE once per stream class (same demand) and compare", cmdCompare},
	{"sweep", "[flags] [FILE] --vary PATH=VALUES --out DIR", "run FILE at every point of a grid (same demand), resumably", cmdSweep},
	{"sensitivity", "[flags] [FILE] --out DIR", "move each assumption to the ends of its range (same demand)", cmdSensitivity},
	{"optimize", "[flags] [FILE] --require NAME<=X --out DIR", "the cheapest plan meeting the requirements (95% bound), or an hourly schedule", cmdOptimize},
	{"fit", "[flags] SESSIONS.json --out DIR", "fit a scenario to the service's own records (list-stream-sessions output)", cmdFit},
	{"backtest", "[flags] FILE --observed SESSIONS.json", "compare FILE with the records, hour by hour (90% bands, coverage)", cmdBacktest},
	{"bench", "[flags] [FILE...]", "run scenarios and write the Go benchmark format (for benchstat)", cmdBench},
	{"merge", "DIR", "write the outputs of a sharded run or sweep (--shard)", cmdMerge},
	{"validate", "FILE | --explain KEY", "check a scenario (every problem at once), or explain a scenario key", cmdValidate},
	{"classes", "", "list the stream classes", cmdClasses},
	{"version", "", "print the version", cmdVersion},
}

// topUsage is capsim's usage: the commands, then the exit status.
func topUsage() string {
	var b strings.Builder
	b.WriteString("capsim simulates Amazon GameLift Streams and GameLift Servers capacity over virtual time.\n\nUsage:\n")
	for _, c := range commands {
		line := strings.TrimSpace("capsim " + c.name + " " + c.synopsis)
		if len(line) <= 26 {
			fmt.Fprintf(&b, "  %-26s  %s\n", line, c.summary)
		} else {
			fmt.Fprintf(&b, "  %s\n  %-26s  %s\n", line, "", c.summary)
		}
	}
	b.WriteString("\n" + usageTail)
	return b.String()
}

const usageTail = `Run 'capsim COMMAND -h' for a command's flags.

Exit status:
  0    ok
  1    the run failed: its outputs could not be written
  2    bad command line, scenario or records (fit, backtest), including a
       scenario whose own event budget (simulation.max_events) runs out
  3    optimize: no plan in the ranges is feasible; run: an --assert or
       [[assert]] KPI gate failed; backtest: coverage below --assert-coverage
  70   internal error: a bug in capsim; please report it with the scenario
  130  interrupted (SIGINT); 143 terminated (SIGTERM): partial outputs removed
`

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, topUsage())
		return &usageError{"no command"}
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, topUsage())
		return nil
	}
	return &usageError{fmt.Sprintf("unknown command %q", args[0])}
}
