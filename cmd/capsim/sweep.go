package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/capsim/capsim/cmd/internal/progress"
	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/experiment/shard"
	"github.com/capsim/capsim/experiment/store"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/reports/outputs"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
)

const sweepUsage = `Usage: capsim sweep [flags] [FILE] --vary PATH=VALUES ... --out DIR
       capsim sweep [flags] [FILE] --points POINTS.csv --out DIR

Runs FILE (or the embedded default scenario) at every point of a design:
the full grid of the --vary axes (repeatable; PATH as --set takes it,
VALUES a list v1,v2,... or a range LO..HI[:STEP] of numbers or durations),
or the rows of a CSV file (a header of paths, a row of values per point).
Every point runs under the same seed, so every point sees the same demand
(common random numbers); points × replications run in parallel. A point
that fails validation is reported on stderr, listed in sweep.json and
skipped.

DIR is a store that grows, not a run's whole-or-absent output: each
finished point is written at once, whole, to DIR/points/; running the same
command again (after a crash, Ctrl-C or kill -9) skips the finished points
and writes the same outputs, byte for byte. The outputs sweep.csv,
sweep.json, sweep.html and plots/ (the figures as PNG and SVG) are each
written whole when every point is done.
DIR must not exist, be empty, or be a sweep store (it holds
capsim-sweep.json); anything else is refused (exit status 2), as is a
symbolic link in it. Every file in DIR is sealed with the SHA-256 of its
bytes: a damaged block is refused, named, not reused; remove it and run
the command again.

A design has at most 10,000 points (a --points file at most 16 MiB, a
regular file); one field varied under two spellings (location[0] and
location[00]) is refused; and its replications together are bounded by
simulation.max_total_requests, as a run's are.

--require NAME<=X (or <, >=, >), repeatable, marks each point feasible or
not, on the means and, separately, on the one-sided 95% bounds (the bound
on the side where the metric gets worse). NAME as summary.json spells it,
e.g. total.placement_latency_seconds.p95, locations[0].cost_usd or
regions[europe-central].latency_above_threshold_ratio (a player region's
sessions, by name or index); locations[*], fleets[*] and regions[*] hold
when every location, fleet location or player region meets the limit.

Example:
  capsim sweep --vary 'stream_group[0].location[0].target_idle=0,2,4,8,16' \
               --vary 'stream_group[0].location[0].always_on=10..40:10' \
               --require 'total.time_to_first_frame_seconds.p95<=60' --out sweep

Flags:
`

// sweepFlags are sweep's own flags.
type sweepFlags struct {
	vary, require setFlags
	points        string
}

// sweepAfterPoint, if set (by tests), is called after each point is saved;
// an error stops the sweep as a kill would.
var sweepAfterPoint func(saved int) error

func cmdSweep(args []string, stdout, stderr io.Writer) error {
	var f runFlags
	var sf sweepFlags
	fs := newFlagSet("sweep", withShardHelp(sweepUsage), stderr)
	fs.StringVar(&f.out, "out", "", "the sweep's store and outputs: `DIR` (required; see above)")
	fs.Var(&sf.vary, "vary", "vary a field: `PATH=v1,v2,...` or PATH=LO..HI[:STEP] (repeatable: the full grid)")
	fs.StringVar(&sf.points, "points", "", "the points, one row each, from a CSV `FILE` with a header of paths")
	fs.Var(&sf.require, "require", "a requirement on a metric: `NAME<=X` (or <, >=, >; repeatable)")
	f.addCommon(fs)
	f.addShard(fs)
	sc, src, paths, points, reqs, err := sf.parse(fs, &f, args)
	if err != nil {
		return err
	}
	prep, skipped := design.Prepare(sc, points)
	for _, s := range skipped {
		fmt.Fprintf(stderr, "capsim: sweep: skipping point %s: %v\n", reports.TerminalSafe(s.Point.String()), s.Err)
	}
	if len(prep) == 0 {
		return &usageError{fmt.Sprintf("sweep: none of the %d points is valid", len(points))}
	}
	if err := checkSweepWork(sc, prep, src); err != nil {
		return err
	}
	meta := simrun.Meta(sc, Version)
	if src != nil {
		job := shard.NewSweepJob(meta, paths, prep, store.SkippedPoints(skipped), sf.require, src.Count, reproduceLine("sweep", args, fs))
		return sweepShard(src, job, prep, f, stdout, stderr)
	}
	st, err := openResultsStore(f.out)
	if err != nil {
		return err
	}
	defer st.Close()
	opt, stop := sweepOptions(sc.SHA256(), f, stderr)
	blocks, err := store.Run(st, prep, opt)
	stop()
	if err != nil {
		return storeError(err)
	}
	sw, err := store.Sweep(meta, paths, store.Points(prep), blocks, store.SkippedPoints(skipped), reqs)
	if errors.Is(err, reports.ErrUnknownMetric) {
		return &usageError{"--require: " + err.Error()}
	} else if err != nil {
		return err
	}
	if err := outputs.Sweep(st.WriteFile, sw, reproduceLine("sweep", args, fs)); err != nil {
		return err
	}
	return printSweep(stdout, sw, f.out)
}

// parse reads sweep's command line: the scenario, its shard (nil
// unsharded), the design's paths and points, and the requirements, every
// check made before anything runs.
func (sf *sweepFlags) parse(fs *flag.FlagSet, f *runFlags, args []string) (*scenarios.Scenario, *shard.Source, []string, []design.Point, []simrun.Requirement, error) {
	sc, err := parseScenarioArgs(fs, f, "sweep", args, sf.check(f))
	if err != nil {
		return nil, nil, nil, nil, nil, err
	}
	src, err := shardOf(f)
	if err != nil {
		return nil, nil, nil, nil, nil, err
	}
	paths, points, err := sf.design()
	if err == nil {
		err = sf.checkPaths(sc, paths)
	}
	if err != nil {
		return nil, nil, nil, nil, nil, err
	}
	r, err := simrun.Resolve(sc, simrun.Metrics)
	if err != nil {
		return nil, nil, nil, nil, nil, err
	}
	reqs, err := parseRequirements(r.Namespace(), sf.require)
	if err == nil && simrun.NeedsHours(reqs) { // the store keeps what every sweep records
		err = &usageError{"--require: a sweep does not record the hours of the day (hours[...]); " +
			"judge them with capsim run --assert on a point's scenario, or capsim optimize --require"}
	}
	return sc, src, paths, points, reqs, err
}

// checkSweepWork refuses a sweep (or its shard, src not nil) whose
// points' replications together would receive more requests than the
// scenario's simulation.max_total_requests, as run refuses the same work.
func checkSweepWork(sc *scenarios.Scenario, prep []design.Prepared, src *shard.Source) error {
	first := map[string]int{} // a repeated or equal point is simulated once
	for i := len(prep) - 1; i >= 0; i-- {
		first[prep[i].Hash] = i
	}
	what, reps := "sweep", func(i int) int {
		if first[prep[i].Hash] != i {
			return 0
		}
		return prep[i].Scenario.Simulation.Replications
	}
	if src != nil {
		share := store.ShardReplications(prep, src.Shard)
		what, reps = "sweep: shard "+src.Shard.String(), func(i int) int { return share[i] }
	}
	return design.CheckWork(what, prep, reps, simrun.MaxTotalRequests(sc))
}

// sweepOptions are the options of the sweep's run: a progress bar on
// stderr and, for an interrupt, a message saying what is kept, until stop
// is called.
func sweepOptions(scenarioSHA256 string, f runFlags, stderr io.Writer) (opt store.Options, stop func()) {
	w := progress.NewSweep(progress.New(stderr, f.quiet), f.out)
	staged.SetInterruptNote(w.InterruptNote)
	return store.Options{Workers: f.workers, Version: Version,
			ScenarioSHA256: scenarioSHA256, Planned: w.Planned, Progress: w.Progress,
			AfterPoint: func(saved int) error {
				w.PointSaved()
				if sweepAfterPoint != nil {
					return sweepAfterPoint(saved)
				}
				return nil
			}}, func() {
			w.Bar().Finish()
			staged.SetInterruptNote(nil)
		}
}

// check rejects a sweep without a design, with two, or without --out.
func (sf *sweepFlags) check(f *runFlags) func() error {
	return func() error {
		switch {
		case len(sf.vary) == 0 && sf.points == "":
			return &usageError{"sweep needs --vary PATH=VALUES (repeatable) or --points FILE.csv"}
		case len(sf.vary) > 0 && sf.points != "":
			return &usageError{"sweep takes --vary or --points, not both"}
		case f.out == "":
			return &usageError{"sweep needs --out DIR (its results store)"}
		}
		return nil
	}
}

// design returns the varied paths and the points, from --vary or --points.
func (sf *sweepFlags) design() ([]string, []design.Point, error) {
	if sf.points != "" {
		paths, points, err := design.ReadPointsFile(sf.points)
		var le *design.LineError
		if errors.As(err, &le) {
			return nil, nil, &usageError{fmt.Sprintf("sweep: --points %s:%d: %s", sf.points, le.Line, le.Msg)}
		} else if err != nil {
			return nil, nil, &usageError{"sweep: --points " + design.Detail(err)} // it names the file
		}
		return paths, points, nil
	}
	var axes []design.Axis
	var paths []string
	for _, v := range sf.vary {
		ax, err := design.ParseVary(v)
		if err != nil {
			return nil, nil, &usageError{err.Error()}
		}
		axes = append(axes, ax)
		paths = append(paths, ax.Path)
	}
	points, err := design.Grid(axes)
	if err != nil {
		return nil, nil, &usageError{err.Error()}
	}
	return paths, points, nil
}

// checkPaths rejects a varied path that names no field of the scenario
// (a typo, with the closest known field, or an index out of range) before
// any point is tried, rather than skipping every point for it.
func (sf *sweepFlags) checkPaths(sc *scenarios.Scenario, paths []string) error {
	where := "--vary"
	if sf.points != "" {
		where = "--points " + sf.points + ":1" // the header
	}
	for _, p := range paths {
		if err := sc.CheckPath(p); err != nil {
			return &usageError{fmt.Sprintf("sweep: %s: %v", where, err)}
		}
	}
	return nil
}

// parseRequirements parses --require, each name resolved against the
// metrics of the scenario's locations.
func parseRequirements(ns *simrun.Namespace, texts []string) ([]simrun.Requirement, error) {
	return ns.Requirements(texts, func(_ int, err error) error { return &usageError{"--require: " + err.Error()} })
}

// openResultsStore opens the store of sweep or sensitivity --out DIR
// (a directory that is something else is a usage error) and cleans it.
func openResultsStore(dir string) (*store.Store, error) {
	st, err := store.OpenStore(dir)
	if err != nil {
		return nil, storeError(err)
	}
	st.Scratch = staged
	st.Clean()
	return st, nil
}

// printSweep prints the sweep's table and what it wrote.
func printSweep(stdout io.Writer, sw *reports.Sweep, dir string) error {
	if err := reports.WriteSweepTable(stdout, sw); err != nil {
		return err
	}
	_, err := fmt.Fprintf(stdout, "%d points, %d skipped; wrote %s\n", len(sw.Points), len(sw.Skipped),
		reports.TerminalSafe(filepath.Join(dir, "sweep.{csv,json,html}")+" and "+filepath.Join(dir, "plots")+string(filepath.Separator)))
	return err
}
