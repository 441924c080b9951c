package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/capsim/capsim/experiment"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/simrun"
)

const optimizeUsage = `Usage: capsim optimize [flags] [FILE] --require NAME<=X ... [--minimize NAME] [--vary PATH=LO..HI[:STEP] ...] --out DIR

Finds the plan with the lowest objective (default total.cost_usd;
fleet_total.cost_usd for a scenario of fleets only) among the plans
whose every requirement holds with 95% confidence (the one-sided 95%
bound of the metric meets the limit). The decision variables are the
--vary ranges of whole numbers or, by default, every stream location's
always_on, target_idle and maximum in tenancy steps (always_on only
where the location sets neither of the others) and every fleet's
scaling bounds (min_instances, max_instances and target_percent or
buffer_size; initial_instances and max_instances without scaling), over
ranges from the peak offered load; plans the scenario rejects (maximum
below always_on, say) are skipped as infeasible. Every plan runs under
the same seed (common random numbers); a plan gets 10 replications, 10
more while a decision about it is unsure, 40 at most. The search starts
at the M/M/c+D staffing of each location's peak load, bisects each
variable down to its smallest feasible value and then moves by
coordinates while that is clearly cheaper.

Writes DIR/best.toml (FILE with the chosen values, for capsim run; the
data files FILE names are not copied, so copy them into DIR to run it),
DIR/optimize.json and DIR/optimize.html. Exit status 3 when no plan in the
ranges is feasible (the closest plan and the requirement it misses are
named).

--schedule hourly then sizes each location per hour of the day, for the
failure-ratio and p95 requirements on total, starting from the best static
plan in every hour: the iterative staffing of Feldman, Mandelbaum, Massey &
Whitt (2008) simulates the plan, estimates each hour's offered load at each
location and lowers the hour's always_on and target_idle to the M/M/c+D
staffing of that load (never above the static plan), until the plan stops
changing; then every hour is checked by simulation (requests by arrival
hour: the one-sided 95% upper bounds of the hour's failure ratio and p95
placement latency over the replications) and raised where it misses (its
maximum where the wait was at the location's ceiling, else a tenancy step
of target_idle, or always_on where the plan is always-on only), and
lowered where the simulation shows slack. If a static plan that meets
every hour costs less, that plan is held instead. best.toml then holds the
schedule as UpdateStreamGroup timeline actions (raises issued 5 minutes
ahead of their hour) and static.toml the static plan; the saving against
the static plan, and against a static plan that meets every hour, is
printed and in optimize.json.

Flags:
`

type optimizeFlags struct {
	vary, require setFlags
	minimize      string
	schedule      string
}

func cmdOptimize(args []string, stdout, stderr io.Writer) error {
	var f runFlags
	var of optimizeFlags
	fs := newFlagSet("optimize", optimizeUsage, stderr)
	fs.StringVar(&f.out, "out", "", "the output `DIR` (required), replaced as a whole (see capsim run -h)")
	fs.Var(&of.vary, "vary", "a decision variable: `PATH=LO..HI[:STEP]` (repeatable)")
	fs.Var(&of.require, "require", "a requirement: `NAME<=X` (or <, >=, >; repeatable; at least one)")
	fs.StringVar(&of.minimize, "minimize", "", "the objective: a metric `NAME` (scope.metric; NAME+NAME sums; default total.cost_usd, fleet_total.cost_usd without stream groups, their sum with both)")
	fs.StringVar(&of.schedule, "schedule", "", "`hourly`: also size each location per hour of the day (best.toml holds the schedule)")
	f.addCommon(fs)
	fs.Lookup("replications").Usage = "refused: the search sets each plan's replications (set simulation.replications for best.toml's)"
	sc, err := parseScenarioArgs(fs, &f, "optimize", args, func() error {
		if f.out == "" || len(of.require) == 0 {
			return &usageError{"optimize needs --require NAME<=X (repeatable) and --out DIR"}
		}
		if f.replications != "" { // the search's counts, not the scenario's, are what the plans get
			return &usageError{"optimize --replications: the search sets each plan's replications (10, 10 more while a decision is unsure, " +
				"40 at most; optimize.json lists each plan's); simulation.replications sets best.toml's, and --schedule's"}
		}
		if of.schedule != "" && of.schedule != "hourly" {
			return &usageError{fmt.Sprintf("optimize --schedule %q: the one schedule is hourly", of.schedule)}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if of.minimize == "" {
		of.minimize = experiment.DefaultObjective(sc)
	}
	reqs, objective, err := of.parseMetrics(sc)
	if err != nil {
		return err
	}
	if err := checkSchedule(sc, of.schedule, reqs); err != nil {
		return err
	}
	vars, err := of.vars(sc, reqs)
	if err != nil {
		return err
	}
	out, err := prepareOut(f.out) // before the search, not after it
	if err != nil {
		return err
	}
	defer out.abort() // no-op once committed
	start := time.Now()
	res, err := experiment.Optimize(sc, vars, optimizeJudge(reqs, objective), experiment.OptimizeOptions{
		Workers: f.workers, Version: Version, Evaluated: optimizeProgress(stderr, f.quiet),
		Recover: func(v any) error { return simrun.Recovered(v) }})
	if err != nil {
		return err
	}
	rep, err := newOptimizeReport(sc, res, reqs, of.minimize)
	if err != nil {
		return err
	}
	text, err := bestText(sc, res)
	if err != nil {
		return err
	}
	var sched *experiment.ScheduleResult
	if of.schedule != "" {
		if sched, rep.Schedule, err = optimizeSchedule(sc, text, reqs, f.workers); err != nil {
			return err
		}
	}
	rep.WallSeconds = reports.Number(time.Since(start).Seconds())
	if err := writeOptimize(out.create, text, res, rep, reqs, sched, reproduceLine("optimize", args, fs)); err != nil {
		return err
	}
	if err := out.commit("optimize"); err != nil {
		return err
	}
	if text != nil {
		noteDataFiles(stderr, sc, f.out)
	}
	return printOptimize(stdout, res, rep, f.out, time.Since(start))
}

// parseMetrics reads --require and --minimize against the scenario's
// metrics, before anything runs.
func (of *optimizeFlags) parseMetrics(sc *scenarios.Scenario) ([]simrun.Requirement, simrun.Objective, error) {
	r, err := simrun.Resolve(sc, simrun.Metrics)
	if err != nil {
		return nil, simrun.Objective{}, err
	}
	ns := r.Namespace()
	reqs, err := parseRequirements(ns, of.require)
	if err != nil {
		return nil, simrun.Objective{}, err
	}
	objective, err := ns.Objective(of.minimize)
	if err != nil {
		return nil, simrun.Objective{}, &usageError{"--minimize: " + err.Error()}
	}
	return reqs, objective, nil
}

// optimizeProgress prints a line on stderr for each plan evaluated (none
// if quiet): its outcome and the best plan so far.
func optimizeProgress(stderr io.Writer, quiet bool) func(e, best *experiment.Evaluated) {
	return func(e, best *experiment.Evaluated) {
		if quiet {
			return
		}
		line := fmt.Sprintf("capsim: optimize: %s: skipped (%s)", e.Point, e.Invalid)
		if e.Invalid == "" {
			line = fmt.Sprintf("capsim: optimize: %s: %s after %d replications", e.Point, e.Assessment.Status, e.Block.To)
		}
		if best != nil {
			line += fmt.Sprintf("; best so far %s (%.4g)", best.Point, sim.NewEstimate(best.Assessment.Objective).Mean)
		}
		fmt.Fprintln(stderr, reports.TerminalSafe(line))
	}
}

// vars are the --vary ranges, checked, or the default variables.
func (of *optimizeFlags) vars(sc *scenarios.Scenario, reqs []simrun.Requirement) ([]experiment.Var, error) {
	if len(of.vary) == 0 {
		return experiment.DefaultVars(sc, targets(reqs))
	}
	var out []experiment.Var
	for _, s := range of.vary {
		v, err := experiment.ParseVar(s)
		if err != nil {
			return nil, &usageError{err.Error()}
		}
		if err := sc.CheckPath(v.Path); err != nil {
			return nil, &usageError{fmt.Sprintf("optimize: --vary: %v", err)}
		}
		out = append(out, v)
	}
	return out, nil
}

// targets are the failure-ratio and p95-wait limits of reqs, for the
// queueing warm start and the hourly schedule: the tightest upper limit
// of each.
func targets(reqs []simrun.Requirement) experiment.Targets {
	t := experiment.NoTargets()
	tighten := func(x *float64, bound float64) {
		if math.IsNaN(*x) || bound < *x {
			*x = bound
		}
	}
	for _, r := range reqs {
		if !r.Upper() {
			continue
		}
		fleet := strings.HasPrefix(r.Name, "fleet")
		switch {
		case strings.HasSuffix(r.Name, ".placement_failure_ratio"):
			tighten(&t.FailureRatio, r.Limit)
		case fleet && strings.HasSuffix(r.Name, ".timed_out_ratio"):
			tighten(&t.FleetFailureRatio, r.Limit)
		case strings.HasSuffix(r.Name, ".placement_latency_seconds.p95") && fleet:
			tighten(&t.FleetP95Seconds, r.Limit)
		case strings.HasSuffix(r.Name, ".placement_latency_seconds.p95"):
			tighten(&t.P95Seconds, r.Limit)
		}
	}
	return t
}

// optimizeJudge assesses a plan's block: simrun.Decide's status, and the
// objective's value per replication.
func optimizeJudge(reqs []simrun.Requirement, objective simrun.Objective) experiment.Judge {
	return func(b *experiment.Block) (experiment.Assessment, error) {
		s, err := blockSummary(b)
		if err != nil {
			return experiment.Assessment{}, err
		}
		st, _, err := simrun.Decide(s, reqs)
		if err != nil {
			return experiment.Assessment{}, &usageError{"--require: " + err.Error()}
		}
		a := experiment.Assessment{Status: experiment.Status(st)}
		a.Objective, err = objective.Series(b.Scopes)
		return a, err
	}
}

// bestText is best.toml's text of res's best plan ([bestTOML]), made once
// for the static plan's file and the schedule; nil if no plan is feasible.
func bestText(sc *scenarios.Scenario, res *experiment.OptimizeResult) ([]byte, error) {
	if res.Best < 0 {
		return nil, nil
	}
	return bestTOML(sc, res.Evaluated[res.Best].Point)
}

// noteDataFiles says, for a scenario that reads data files, that best.toml
// in dir names them relative to dir, where they are not: capsim does not
// copy them (they can be large), and a scenario may not name a file by an
// absolute path.
func noteDataFiles(stderr io.Writer, sc *scenarios.Scenario, dir string) {
	if files := sc.DataFiles(); len(files) > 0 {
		fmt.Fprintln(stderr, reports.TerminalSafe(fmt.Sprintf("capsim: optimize: note: best.toml names %s relative to its own directory %s, "+
			"which does not hold them: copy them there (or best.toml beside them) before capsim run", strings.Join(files, ", "), dir)))
	}
}
