package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/capsim/capsim/experiment/optimize"
	"github.com/capsim/capsim/experiment/schedule"
	"github.com/capsim/capsim/internal/outdir"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/reports/outputs"
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
	runFlags
	vary, require setFlags
	minimize      string
	schedule      string
	limit         int64 // simulation.max_total_requests in force
}

func cmdOptimize(args []string, stdout, stderr io.Writer) error {
	var of optimizeFlags
	fs := newFlagSet("optimize", optimizeUsage, stderr)
	fs.StringVar(&of.out, "out", "", "the output `DIR` (required), replaced as a whole (see capsim run -h)")
	fs.Var(&of.vary, "vary", "a decision variable: `PATH=LO..HI[:STEP]` (repeatable)")
	fs.Var(&of.require, "require", "a requirement: `NAME<=X` (or <, >=, >; repeatable; at least one)")
	fs.StringVar(&of.minimize, "minimize", "", "the objective: a metric `NAME` (scope.metric; NAME+NAME sums; default total.cost_usd, fleet_total.cost_usd without stream groups, their sum with both)")
	fs.StringVar(&of.schedule, "schedule", "", "`hourly`: also size each location per hour of the day (best.toml holds the schedule)")
	of.addCommon(fs)
	fs.Lookup("replications").Usage = "refused: the search sets each plan's replications (set simulation.replications for best.toml's)"
	sc, vars, reqs, objective, err := of.parse(fs, args)
	if err != nil {
		return err
	}
	out, err := outdir.Prepare(staged, of.out) // before the search, not after it
	if err != nil {
		return err
	}
	defer out.Abort() // no-op once committed
	start := time.Now()
	res, err := optimize.Run(sc, vars, reqs, objective, optimize.Options{Workers: of.workers, Version: Version, MaxRequests: of.limit,
		Evaluated: optimizeProgress(stderr, of.quiet)})
	if err != nil {
		return err
	}
	rep := optimize.Report(simrun.Meta(sc, Version), res, reqs, of.minimize)
	best, sched, err := of.bestFiles(sc, res, reqs, rep)
	if err != nil {
		return err
	}
	rep.WallSeconds = reports.Number(time.Since(start).Seconds())
	frontier, err := optimize.Frontier(rep, reqs)
	if err == nil {
		err = outputs.Optimize(out.Create, best, sched, rep, frontier, reproduceLine("optimize", args, fs))
	}
	if err == nil {
		err = commit(out, "optimize")
	}
	if err != nil {
		return err
	}
	if best != nil {
		noteDataFiles(stderr, sc, of.out)
	}
	return printOptimize(stdout, res, rep, of.out, time.Since(start))
}

// parse reads optimize's command line: the scenario, the decision
// variables, the requirements and the objective, every check made before
// anything runs.
func (of *optimizeFlags) parse(fs *flag.FlagSet, args []string) (*scenarios.Scenario, []optimize.Var, []simrun.Requirement, simrun.Objective, error) {
	sc, err := parseScenarioArgs(fs, &of.runFlags, "optimize", args, of.check)
	if err != nil {
		return nil, nil, nil, simrun.Objective{}, err
	}
	if of.minimize == "" {
		of.minimize = optimize.DefaultObjective(sc)
	}
	reqs, objective, err := of.parseMetrics(sc)
	if err == nil && of.schedule != "" {
		if err = schedule.Check(sc, reqs); err != nil {
			err = &usageError{err.Error()}
		}
	}
	var vars []optimize.Var
	if err == nil {
		vars, err = of.vars(sc, reqs)
	}
	if err == nil {
		of.limit, err = checkWork(sc)
	}
	return sc, vars, reqs, objective, err
}

// check rejects an optimize without requirements or --out, with
// --replications, or with a schedule other than hourly.
func (of *optimizeFlags) check() error {
	if of.out == "" || len(of.require) == 0 {
		return &usageError{"optimize needs --require NAME<=X (repeatable) and --out DIR"}
	}
	if of.replications != "" { // the search's counts, not the scenario's, are what the plans get
		return &usageError{"optimize --replications: the search sets each plan's replications (10, 10 more while a decision is unsure, " +
			"40 at most; optimize.json lists each plan's); simulation.replications sets best.toml's, and --schedule's"}
	}
	if of.schedule != "" && of.schedule != "hourly" {
		return &usageError{fmt.Sprintf("optimize --schedule %q: the one schedule is hourly", of.schedule)}
	}
	return nil
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

// vars are the --vary ranges, checked, or the default variables.
func (of *optimizeFlags) vars(sc *scenarios.Scenario, reqs []simrun.Requirement) ([]optimize.Var, error) {
	if len(of.vary) == 0 {
		return optimize.DefaultVars(sc, optimize.TargetsOf(reqs))
	}
	var out []optimize.Var
	for _, s := range of.vary {
		v, err := optimize.ParseVar(s)
		if err != nil {
			return nil, &usageError{err.Error()}
		}
		if err := sc.CheckPath(v.Path); err != nil {
			return nil, &usageError{fmt.Sprintf("optimize: --vary: %v", err)}
		}
		for _, o := range out {
			if o.Path == v.Path { // canonical: two spellings of one field are one path
				return nil, &usageError{fmt.Sprintf("optimize: --vary: path %s varied twice: give one range per field", v.Path)}
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// checkWork refuses, before the search, a scenario whose plans would each
// simulate more requests over the most replications a plan gets than
// simulation.max_total_requests allows (the limit a run of that many
// replications meets), and returns that limit: the search's in all.
func checkWork(sc *scenarios.Scenario) (limit int64, err error) {
	r, err := simrun.Resolve(sc, simrun.Metrics)
	if err != nil {
		return 0, err
	}
	perRep, limit := r.ExpectedRequests(), simrun.MaxTotalRequests(sc)
	if w := perRep * optimize.MostReplications; w > float64(limit) {
		return 0, &usageError{fmt.Sprintf("optimize: about %.3g requests a plan (%.3g per replication × %d replications, the most a plan gets) "+
			"is beyond simulation.max_total_requests = %d; use a shorter horizon or less demand, or raise simulation.max_total_requests",
			w, perRep, optimize.MostReplications, limit)}
	}
	return limit, nil
}

// bestFiles are best.toml's text of the best plan (nil if no plan is
// feasible) and, with --schedule, the schedule's (best.toml then, the
// plan's static.toml), the schedule added to rep.
func (of *optimizeFlags) bestFiles(sc *scenarios.Scenario, res *optimize.Result, reqs []simrun.Requirement, rep *reports.Optimize) (best, sched []byte, err error) {
	if res.Best < 0 {
		return nil, nil, nil
	}
	if best, err = optimize.BestTOML(sc, res.Evaluated[res.Best].Point); err != nil || of.schedule == "" {
		return best, nil, err
	}
	t := optimize.TargetsOf(reqs)
	r, err := schedule.Run(res.BestScenario(), t, schedule.Options{Workers: of.workers})
	if err != nil {
		return nil, nil, err
	}
	rep.Schedule = schedule.Report(r, t)
	sched, err = schedule.Text(best, r)
	return best, sched, err
}

// optimizeProgress prints a line on stderr for each plan evaluated (none
// if quiet): its outcome and the best plan so far.
func optimizeProgress(stderr io.Writer, quiet bool) func(e, best *optimize.Evaluated) {
	return func(e, best *optimize.Evaluated) {
		if quiet {
			return
		}
		line := fmt.Sprintf("capsim: optimize: %s: skipped (%s)", e.Point, e.Invalid)
		if e.Invalid == "" {
			line = fmt.Sprintf("capsim: optimize: %s: %s after %d replications", e.Point, e.Assessment.Status, e.Block.Replications)
		}
		if best != nil {
			line += fmt.Sprintf("; best so far %s (%.4g)", best.Point, sim.NewEstimate(best.Assessment.Objective).Mean)
		}
		fmt.Fprintln(stderr, reports.TerminalSafe(line))
	}
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

// printOptimize prints the plan (or, exit status 3, the closest one and
// the requirement it misses), the replications against the grid's, and
// the wall time.
func printOptimize(stdout io.Writer, res *optimize.Result, o *reports.Optimize, dir string, wall time.Duration) error {
	if res.Best < 0 && o.Closest < 0 {
		return &simrun.UnmetError{Msg: fmt.Sprintf("optimize: no plan in the ranges is feasible; every plan tried is invalid: %s: %s",
			res.Skipped[0].Point, res.Skipped[0].Invalid)}
	}
	if res.Best < 0 {
		return &simrun.UnmetError{Msg: fmt.Sprintf("optimize: no plan in the ranges is feasible; the closest, %s, misses %s",
			res.Evaluated[o.Closest].Point, o.Misses)}
	}
	reports.WriteOptimizeTable(stdout, o, res.Evaluated[res.Best].Point.String(), len(res.Skipped))
	fmt.Fprintf(stdout, "%s; wrote %s\n", wall.Round(time.Millisecond), reports.TerminalSafe(dir))
	return nil
}
