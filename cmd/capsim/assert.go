package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
)

// assertFlags are run's KPI gates: --assert (repeatable) and --assert-on.
type assertFlags struct {
	exprs setFlags
	on    string
}

func (a *assertFlags) add(fs *flag.FlagSet) {
	fs.Var(&a.exprs, "assert", "a KPI gate judged after the run: `NAME<=X` (or <, >=, >; repeatable), e.g. 'total.placement_latency_seconds.p95<=30'; exit 3 if one fails")
	fs.StringVar(&a.on, "assert-on", "mean", "judge assertions on `WHAT`: mean, or bound (the one-sided 95% confidence bound: conservative)")
}

func (a *assertFlags) check() error {
	if a.on != "mean" && a.on != "bound" {
		return &usageError{fmt.Sprintf("--assert-on %s: want mean or bound", reports.TerminalSafe(a.on))}
	}
	return nil
}

// parse parses the scenario's [[assert]] then --assert, with the parser
// of --require, and checks each metric's name against the scenario's
// locations, before anything runs.
func (a *assertFlags) parse(sc *scenarios.Scenario) ([]reports.Requirement, error) {
	return parseRequirementTexts(sc, a.texts(sc), func(i int, err error) error {
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

// parseRequirementTexts parses texts, each NAME OP NUMBER, and with a
// scenario sc checks each NAME against the metrics of its locations (nil:
// texts of a job file, checked when the job was made); bad(i, err) is the
// error for texts[i] when it does not parse or names no metric.
func parseRequirementTexts(sc *scenarios.Scenario, texts []string, bad func(i int, err error) error) ([]reports.Requirement, error) {
	if len(texts) == 0 {
		return nil, nil
	}
	var skel *reports.Summary
	if sc != nil {
		var err error
		if skel, err = skeletonSummary(sc); err != nil {
			return nil, err
		}
	}
	var out []reports.Requirement
	for i, t := range texts {
		r, err := reports.ParseRequirement(t)
		if err == nil && skel != nil {
			_, err = skel.Metric(r.Name)
		}
		if err != nil {
			return nil, bad(i, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// judge sets s.Assertions from reqs and returns the gate: the error (exit
// status 3) naming every assertion that did not hold, nil if all held. err
// is an assertion that could not be judged at all (its metric is not in
// s), naming it: no gate, and the caller says whose input was bad.
func (a *assertFlags) judge(s *reports.Summary, reqs []reports.Requirement) (gate, err error) {
	var failed []string
	for _, r := range reqs {
		as, err := r.Judge(s, a.on == "bound")
		if err != nil {
			return nil, fmt.Errorf("assertion %q: %w", r.String(), err)
		}
		s.Assertions = append(s.Assertions, as)
		if !as.Held {
			failed = append(failed, fmt.Sprintf("%s: mean %s ± %s (95%% CI; one-sided bound %s) over %d replications, limit %s, judged on the %s",
				r.Name, num(as.Mean), num(as.CI95), num(as.Bound), as.N, r.Op+num(reports.Number(r.Bound)), as.JudgedOn))
		}
	}
	if len(failed) == 0 {
		return nil, nil
	}
	return &infeasibleError{"assertion failed: " + strings.Join(failed, "; ")}, nil
}

func num(x reports.Number) string {
	if math.IsNaN(float64(x)) {
		return "undefined"
	}
	return fmt.Sprintf("%.6g", float64(x))
}

// printAssertions prints the assertions after the run's tables.
func printAssertions(w io.Writer, as []reports.Assertion) error {
	if len(as) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\nassertions (judged on the %s; bound: one-sided 95%% confidence bound)\n", as[0].JudgedOn)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  \tassertion\tmean ± 95% CI\tbound\ton mean\ton bound")
	for _, a := range as {
		state := "held"
		if !a.Held {
			state = "FAILED"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s ± %s\t%s\t%s\t%s\n", state, reports.TerminalSafe(a.Assertion), num(a.Mean), num(a.CI95),
			num(a.Bound), holds(a.HoldsOnMean), holds(a.HoldsOnBound))
	}
	return tw.Flush()
}

func holds(ok bool) string {
	if ok {
		return "holds"
	}
	return "fails"
}
