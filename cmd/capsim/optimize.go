package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/capsim/capsim/experiment/optimize"
	"github.com/capsim/capsim/experiment/schedule"
	"github.com/capsim/capsim/internal/outdir"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/reports/outputs"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
)

type optimizeFlags struct {
	runFlags
	vary, require setFlags
	minimize      string
	schedule      string
	recheckPass   float64
	demandScale   string
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
	fs.Float64Var(&of.recheckPass, "recheck-pass", 0.9, "the chance `P` the plan is to pass a re-check (capsim run of best.toml under another seed, --assert-on bound); 0: no margin for it")
	fs.StringVar(&of.demandScale, "demand-scale", "1", "every requirement must hold with every demand scaled by each `FACTOR` of this list (e.g. 1,1.25,1.5: the forecast may be short; 1 always included)")
	of.addCommon(fs)
	fs.Lookup("replications").Usage = "refused: the search sets each plan's replications (simulation.replications sets the least the verification runs)"
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
	scales, _ := parseScales(of.demandScale)
	res, err := optimize.Run(sc, vars, reqs, objective, optimize.Options{Workers: of.workers, Version: Version, MaxRequests: of.limit,
		Scales: scales, RecheckPass: of.recheckPass, Evaluated: optimizeProgress(stderr, of.quiet, sc),
		Verified: verifyProgress(stderr, of.quiet, sc)})
	if err != nil {
		return err
	}
	rep := optimize.Report(sc, simrun.Meta(sc, Version), res, reqs, of.minimize, of.recheckPass)
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
		if _, _, oerr := optimize.Orient(objective, reqs); oerr != nil {
			err = &usageError{oerr.Error()}
		}
	}
	if err == nil {
		of.limit, err = checkWork(sc)
	}
	return sc, vars, reqs, objective, err
}

// parseScales reads --demand-scale: factors above 0, at most
// simrun.MaxDemandScale, comma-separated.
func parseScales(text string) ([]float64, error) {
	var out []float64
	for _, part := range strings.Split(text, ",") {
		f, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
		if err != nil || !(f > 0 && f <= simrun.MaxDemandScale) {
			return nil, &usageError{fmt.Sprintf("optimize --demand-scale %q: %q is not a factor above 0 and at most %d; "+
				"write factors of the scenario's demand, e.g. 1,1.25,1.5", reports.TerminalSafe(text), reports.TerminalSafe(part), simrun.MaxDemandScale)}
		}
		out = append(out, f)
	}
	return out, nil
}

// check rejects an optimize without requirements or --out, with
// --replications, or with a schedule other than hourly.
func (of *optimizeFlags) check() error {
	if of.out == "" || len(of.require) == 0 {
		return &usageError{"optimize needs --require NAME<=X (repeatable) and --out DIR"}
	}
	if of.replications != "" { // the search's counts, not the scenario's, are what the plans get
		return &usageError{"optimize --replications: the search sets each plan's replications (3, twice as many while a decision is unsure, " +
			"40 at most; optimize.json lists each plan's); simulation.replications sets the least the verification runs (best.toml carries " +
			"the verification's), and --schedule's"}
	}
	if of.schedule != "" && of.schedule != "hourly" {
		return &usageError{fmt.Sprintf("optimize --schedule %q: the one schedule is hourly", of.schedule)}
	}
	if !(of.recheckPass >= 0 && of.recheckPass < 1) {
		return &usageError{fmt.Sprintf("optimize --recheck-pass %g: want a probability from 0 (no margin) up to, not including, 1 (e.g. 0.9)", of.recheckPass)}
	}
	_, err := parseScales(of.demandScale)
	return err
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
	if err == nil {
		reqs, _, err = optimize.WithQuotas(sc, ns, reqs)
	}
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
	if res.Chosen == nil {
		return nil, nil, nil
	}
	if best, err = optimize.BestTOML(sc, res.Chosen.Plan.Point, res.Chosen.Block.Replications); err != nil || of.schedule == "" {
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
// if quiet): its id, the settings where it differs from the best plan so
// far (or from the plan before it), its outcome and the best plan's id
// and objective.
func optimizeProgress(stderr io.Writer, quiet bool, sc *scenarios.Scenario) func(e, best *optimize.Evaluated) {
	var prev *optimize.Evaluated
	return func(e, best *optimize.Evaluated) {
		if quiet {
			return
		}
		ref := best
		if ref == nil || ref == e {
			ref = prev
		}
		line := fmt.Sprintf("capsim: optimize: %s: skipped (%s)", planName(sc, e, ref), e.Invalid)
		if e.Invalid == "" {
			line = fmt.Sprintf("capsim: optimize: %s: %s after %d replications", planName(sc, e, ref), e.Assessment.Status, e.Block.Replications)
			prev = e
		}
		if best != nil {
			line += fmt.Sprintf("; best #%d (%.4g)", best.ID, best.Mean())
		}
		fmt.Fprintln(stderr, reports.TerminalSafe(line))
	}
}

// planName names plan e by its id and the settings where it differs from
// ref ("#12 us-east-1 maximum 176→174"): all of them without ref.
func planName(sc *scenarios.Scenario, e, ref *optimize.Evaluated) string {
	id := "#" + strconv.Itoa(e.ID)
	if e.ID <= 0 {
		id = "a plan"
	}
	if e.Given {
		return id + " (the scenario as given)"
	}
	was := map[string]string{}
	if ref != nil && !ref.Given {
		for _, a := range ref.Point {
			was[a.Path] = a.Value
		}
	}
	var changed []string
	for _, a := range e.Point {
		old, ok := was[a.Path]
		switch {
		case !ok:
			changed = append(changed, optimize.Label(sc, a.Path)+" "+a.Value)
		case old != a.Value:
			changed = append(changed, optimize.Label(sc, a.Path)+" "+old+"→"+a.Value)
		}
	}
	if len(changed) == 0 {
		return id
	}
	sep := " "
	if ref != nil && !ref.Given && ref.ID > 0 {
		sep = fmt.Sprintf(" = #%d with ", ref.ID)
	}
	return id + sep + strings.Join(changed, ", ")
}

// verifyProgress prints a line on stderr for each verification round
// (none if quiet).
func verifyProgress(stderr io.Writer, quiet bool, sc *scenarios.Scenario) func(r *optimize.Round) {
	return func(r *optimize.Round) {
		if quiet {
			return
		}
		line := fmt.Sprintf("capsim: optimize: verification round %d: #%d on %d fresh replications (from %d), one-sided error %g: ",
			r.Number, r.Fresh.Plan.ID, r.Replications, r.First, r.Alpha)
		if r.Holds {
			line += fmt.Sprintf("holds (re-check passes with probability %.3f)", r.Fresh.Assessment.RecheckPass)
		} else {
			var short []string
			for _, a := range r.Fresh.Assessment.Requirements() {
				if !a.Holds || float64(a.RecheckFail) >= 0.01 {
					short = append(short, fmt.Sprintf("%s (bound %.4g, re-check fails %.2f)", a.Requirement, float64(a.Bound), float64(a.RecheckFail)))
				}
			}
			line += "misses " + strings.Join(short, "; ")
			if len(r.Tightened) > 0 {
				line += "; searching again with " + strings.Join(r.Tightened, ", ")
			}
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

// freshMisses are what a plan missed on fresh replications: each
// requirement short at a demand scale, or else its re-check's chance
// below the one asked (--recheck-pass).
func freshMisses(res *optimize.Result, a optimize.Assessment) []string {
	var short []string
	for s, as := range a.Scales {
		at := ""
		if s > 0 && s < len(res.Scales) {
			at = fmt.Sprintf(" at demand ×%g", res.Scales[s])
		}
		for _, r := range as {
			if !r.Holds {
				short = append(short, fmt.Sprintf("%s%s (mean %.4g, bound %.4g)", r.Requirement, at, float64(r.Mean), float64(r.Bound)))
			}
		}
	}
	if len(short) == 0 {
		short = append(short, fmt.Sprintf("no requirement, but its re-check would pass with probability %.2f", a.RecheckPass))
	}
	return short
}

// printOptimize prints the plan (or, exit status 3, the closest one and
// the requirement it misses, or the plan no verification round upheld),
// and the wall time.
func printOptimize(stdout io.Writer, res *optimize.Result, o *reports.Optimize, dir string, wall time.Duration) error {
	switch {
	case res.Chosen == nil && len(res.Rounds) > 0:
		last := res.Rounds[len(res.Rounds)-1]
		short := freshMisses(res, last.Fresh.Assessment)
		return &simrun.UnmetError{Msg: fmt.Sprintf("optimize: no plan held on fresh replications in %d verification rounds; "+
			"the last, #%d, misses %s: widen the ranges, or ask less (--recheck-pass)", len(res.Rounds), last.Fresh.Plan.ID,
			strings.Join(short, ", "))}
	case res.Chosen == nil && !slices.ContainsFunc(res.Evaluated, func(e *optimize.Evaluated) bool { return !e.Given }) && len(res.Skipped) > 0:
		return &simrun.UnmetError{Msg: fmt.Sprintf("optimize: no plan in the ranges is feasible; every plan tried is invalid: %s: %s",
			res.Skipped[0].Point, res.Skipped[0].Invalid)}
	case res.Chosen == nil:
		e := res.Evaluated[o.Closest]
		name := fmt.Sprintf("#%d (%s)", e.ID, e.Point)
		if e.Given {
			name = fmt.Sprintf("#%d (the scenario as given)", e.ID)
		}
		return &simrun.UnmetError{Msg: fmt.Sprintf("optimize: no plan in the ranges is feasible; the closest, %s, misses %s", name, o.Misses)}
	}
	reports.WriteOptimizeTable(stdout, o)
	fmt.Fprintf(stdout, "%s; wrote %s\n", wall.Round(time.Millisecond), reports.TerminalSafe(dir))
	return nil
}
