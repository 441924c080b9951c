package main

import (
	"flag"
	"fmt"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
)

// assertFlags are run's KPI gates: --assert (repeatable) and --assert-on.
type assertFlags struct {
	exprs setFlags
	on    string
}

func (a *assertFlags) add(fs *flag.FlagSet) {
	fs.Var(&a.exprs, "assert", "a KPI gate judged after the run: `NAME<=X` (or <, >=, >; repeatable), e.g. 'total.time_to_first_frame_seconds.p95<=60'; exit 3 if one fails")
	fs.StringVar(&a.on, "assert-on", "mean", "judge assertions on `WHAT`: mean, or bound (the one-sided 95% confidence bound: conservative)")
}

func (a *assertFlags) check() error {
	if a.on != "mean" && a.on != "bound" {
		return &usageError{fmt.Sprintf("--assert-on %s: want mean or bound", reports.TerminalSafe(a.on))}
	}
	return nil
}

// parse reads the scenario's [[assert]] then --assert, each metric name
// resolved against the scenario's locations, before anything runs.
func (a *assertFlags) parse(sc *scenarios.Scenario, ns *simrun.Namespace) ([]simrun.Requirement, error) {
	return ns.Requirements(a.texts(sc), func(i int, err error) error {
		if i < len(sc.Asserts) {
			return sc.AssertError(i, err.Error())
		}
		return &usageError{"--assert: " + err.Error()}
	})
}

// texts are the assertions judged on a run of sc: its [[assert]], then
// --assert.
func (a *assertFlags) texts(sc *scenarios.Scenario) []string {
	var out []string
	for _, as := range sc.Asserts {
		out = append(out, as.Expr)
	}
	return append(out, a.exprs...)
}
