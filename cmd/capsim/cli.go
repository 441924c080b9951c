package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
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

// exitCode maps an error to the exit status documented in topUsage.
func exitCode(err error) int {
	var ue *usageError
	var ie *internalError
	var inf *infeasibleError
	switch {
	case errors.As(err, &inf):
		return exitInfeasible
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
  capsim sweep [flags] [FILE] --vary PATH=VALUES --out DIR
                              run FILE at every point of a grid (same demand), resumably
  capsim sensitivity [flags] [FILE] --out DIR
                              move each assumption to the ends of its range (same demand)
  capsim bench [flags] [FILE...]
                              run scenarios and write the Go benchmark format (for benchstat)
  capsim validate FILE        check a scenario and report every problem at once
  capsim classes              list the stream classes
  capsim version              print the version

Run 'capsim COMMAND -h' for a command's flags.

Exit status:
  0    ok
  1    the run failed: its outputs could not be written
  2    bad command line or scenario, including a scenario whose own event
       budget (simulation.max_events) runs out before the horizon
  3    optimize: no plan in the ranges is feasible; run: an --assert or
       [[assert]] KPI gate failed
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
	case "sweep":
		return cmdSweep(args[1:], stdout, stderr)
	case "sensitivity":
		return cmdSensitivity(args[1:], stdout, stderr)
	case "optimize":
		return cmdOptimize(args[1:], stdout, stderr)
	case "bench":
		return cmdBench(args[1:], stdout, stderr)
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
