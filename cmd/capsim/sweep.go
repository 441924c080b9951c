package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
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
capsim-sweep.json); anything else is refused (exit status 2).

--require NAME<=X (or <, >=, >), repeatable, marks each point feasible or
not, on the means and, separately, on the one-sided 95% bounds (the bound
on the side where the metric gets worse). NAME as summary.json spells it,
e.g. total.placement_latency_seconds.p95 or locations[0].cost_usd;
locations[*] and fleets[*] hold when every location or fleet location
meets the limit.

Example:
  capsim sweep --vary 'stream_group[0].location[0].target_idle=0,2,4,8,16' \
               --vary 'stream_group[0].location[0].always_on=10..40:10' \
               --require 'total.placement_latency_seconds.p95<=30' --out sweep

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
	meta := simrun.Meta(sc, Version)
	if src != nil {
		job := shard.NewSweepJob(meta, paths, prep, store.SkippedPoints(skipped), sf.require, src.Count, reproduceLine("sweep", args, fs))
		return sweepShard(src, job, prep, f, stdout, stderr)
	}
	st, err := openResultsStore(f.out)
	if err != nil {
		return err
	}
	opt, stop := sweepOptions(sc.SHA256(), f, stderr)
	blocks, err := store.Run(st, prep, opt)
	stop()
	if err != nil {
		return err
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
		file, err := os.Open(sf.points)
		if err != nil {
			return nil, nil, &usageError{fmt.Sprintf("--points: %v", err)}
		}
		defer file.Close()
		paths, points, err := design.ReadPoints(file)
		var le *design.LineError
		if errors.As(err, &le) {
			return nil, nil, &usageError{fmt.Sprintf("sweep: --points %s:%d: %s", sf.points, le.Line, le.Msg)}
		} else if err != nil {
			return nil, nil, &usageError{fmt.Sprintf("sweep: --points %s: %v", sf.points, err)}
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
