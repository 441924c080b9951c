package main

import (
	"fmt"
	"io"
	"path/filepath"
	"text/tabwriter"

	"github.com/capsim/capsim/experiment"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/reports/htmlreport"
	"github.com/capsim/capsim/reports/plots"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
)

const sensitivityUsage = `Usage: capsim sensitivity [flags] [FILE] [--metric NAME ...] --out DIR

Moves every documented assumption of [service] and [demand.client] that
has a plausible range (README, "Service assumptions") to the low and to
the high end of that range, one at a time, the others as the scenario has
them; an enum or boolean is set to its alternative; a [demand.client] key
changes in every demand; values the service fixes are left alone. Every
variant runs under the same seed, so replication r of every variant sees
the same demand (common random numbers), and the confidence interval of
each effect comes from the per-replication differences. Variants ×
replications run in parallel.

For each --metric (default: total.cost_usd,
total.placement_latency_seconds.p95 and total.placement_failure_ratio;
NAME as summary.json spells it) DIR gets a tornado chart in
sensitivity.html (largest swing high − low on top), and sensitivity.csv
and sensitivity.json: each assumption's low and high values, the
metric's baseline, low and high means, each end against the baseline and
the swing, each with its 95% CI.

DIR is a store that grows, as capsim sweep's: each finished variant is
written at once to DIR/points/, so running the command again after an
interruption skips the finished variants and writes the same outputs.

Example:
  capsim sensitivity --replications 20 --out sens
  capsim sensitivity cold.toml --metric total.placement_failure_ratio --out sens

Flags:
`

// defaultSensitivityMetrics are the metrics analysed without --metric.
var defaultSensitivityMetrics = []string{"total.cost_usd", "total.placement_latency_seconds.p95", "total.placement_failure_ratio"}

func cmdSensitivity(args []string, stdout, stderr io.Writer) error {
	var f runFlags
	var metrics setFlags
	fs := newFlagSet("sensitivity", sensitivityUsage, stderr)
	fs.StringVar(&f.out, "out", "", "the analysis's store and outputs: `DIR` (required; see above)")
	fs.Var(&metrics, "metric", "a metric to analyse: `NAME` as summary.json spells it (repeatable)")
	f.addCommon(fs)
	sc, err := parseScenarioArgs(fs, &f, "sensitivity", args, func() error {
		if f.out == "" {
			return &usageError{"sensitivity needs --out DIR (its results store)"}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(metrics) == 0 {
		metrics = defaultSensitivityMetrics
	}
	sm, err := resolveMetrics(sc, metrics)
	if err != nil {
		return err
	}
	st, err := openResultsStore(f.out)
	if err != nil {
		return err
	}
	s, err := runSensitivity(sc, st, sm, f.workers)
	if err != nil {
		return err
	}
	if err := writeSensitivity(st.WriteFile, s, reproduceLine("sensitivity", args, fs)); err != nil {
		return err
	}
	return printSensitivity(stdout, s, filepath.Join(f.out, "sensitivity.{csv,json,html}"))
}

// sensitivityMetrics are the metrics analysed, each looked up (name,
// unit, direction) and resolved to where its per-replication values are
// in a block.
type sensitivityMetrics struct {
	values []reports.Value
	names  []simrun.Metric
}

// resolveMetrics checks each name against the scenario's metrics; an
// unknown one is a usage error that lists the closest names.
func resolveMetrics(sc *scenarios.Scenario, names []string) (sensitivityMetrics, error) {
	var sm sensitivityMetrics
	r, err := simrun.Resolve(sc, simrun.Metrics)
	if err != nil {
		return sm, err
	}
	ns := r.Namespace()
	for _, n := range names {
		m, err := ns.Metric(n)
		if err != nil {
			return sm, &usageError{"--metric: " + err.Error()}
		}
		sm.values = append(sm.values, reports.Value{Name: n, Unit: m.Unit, Better: m.Better})
		sm.names = append(sm.names, m)
	}
	return sm, nil
}

// runSensitivity runs the one-at-a-time design of sc's assumptions in st
// and estimates every effect. A variant that fails validation is an error:
// the table's ranges are meant to be valid everywhere.
func runSensitivity(sc *scenarios.Scenario, st *experiment.Store, sm sensitivityMetrics, workers int) (*reports.Sensitivity, error) {
	points, factors := experiment.OneAtATime(sc)
	prep, skipped := experiment.Prepare(sc, points)
	if len(skipped) > 0 {
		return nil, fmt.Errorf("sensitivity: variant %s: %w", skipped[0].Point, skipped[0].Err)
	}
	blocks, err := experiment.Run(st, prep, experiment.Options{Workers: workers, Version: Version,
		ScenarioSHA256: sc.SHA256(), Recover: func(v any) error { return simrun.Recovered(v) }})
	if err != nil {
		return nil, err
	}
	reps := func(b *experiment.Block) ([][]float64, error) {
		out := make([][]float64, len(sm.values))
		for m := range out {
			c := sm.names[m].Canonical
			vs, ok := b.Reps(c.ScopeName(), c.Metric)
			if !ok {
				return nil, fmt.Errorf("sensitivity: point %s has no %s", b.PointSHA256, sm.values[m].Name)
			}
			out[m] = vs
		}
		return out, nil
	}
	base, err := reps(blocks[0])
	if err != nil {
		return nil, err
	}
	var in []reports.SensitivityInput
	for _, fa := range factors {
		lo, err := reps(blocks[fa.Low])
		if err != nil {
			return nil, err
		}
		hi, err := reps(blocks[fa.High])
		if err != nil {
			return nil, err
		}
		in = append(in, reports.SensitivityInput{Section: fa.Section, Key: fa.Key, Low: fa.LowLabel, High: fa.HighLabel,
			LowReps: lo, HighReps: hi})
	}
	return reports.NewSensitivity(scenarioMeta(sc), sm.values, base, in)
}

// writeSensitivity writes sensitivity.csv, sensitivity.json and
// sensitivity.html with create (a store's WriteFile or an outDir's create).
// The tornado charts also go to plots/NAME.svg.
func writeSensitivity(create createFunc, s *reports.Sensitivity, command string) error {
	figs := plots.Tornado(s)
	page := htmlreport.NewSensitivityPage(s, pageFigures(figs), command)
	if err := writeOutputs(create, output{"sensitivity.csv", s.WriteCSV}, output{"sensitivity.json", s.WriteJSON},
		output{"sensitivity.html", func(w io.Writer) error { return htmlreport.Write(w, page) }}); err != nil {
		return err
	}
	for _, f := range figs {
		if err := create("plots/"+f.Name+".svg", writeBytes(f.SVG)); err != nil {
			return err
		}
	}
	return nil
}

// printSensitivity prints, per metric, the five largest swings.
func printSensitivity(stdout io.Writer, s *reports.Sensitivity, files string) error {
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for m, met := range s.Metrics {
		fmt.Fprintf(tw, "%s (baseline %s)\tlow\thigh\tswing (high − low)\n", met.Name, met.Baseline)
		for rank, i := range s.Tornado(m) {
			if rank == 5 {
				break
			}
			a := &s.Assumptions[i]
			fmt.Fprintf(tw, "  %d. %s.%s\t%s\t%s\t%s\n", rank+1, a.Section, a.Key,
				reports.TerminalSafe(a.Low), reports.TerminalSafe(a.High), a.Effects[m].Swing)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(stdout, "%d assumptions, each at 2 ends, %d replications; wrote %s\n",
		len(s.Assumptions), s.Replications, reports.TerminalSafe(files))
	return err
}

// runOutSensitivity runs the sensitivity design for `capsim run
// --sensitivity` with the default metrics, its store a scratch directory
// beside out's staging directory (removed afterwards): run's --out stays
// whole or absent.
func runOutSensitivity(out *outDir, sc *scenarios.Scenario, workers int) (*reports.Sensitivity, error) {
	sm, err := resolveMetrics(sc, defaultSensitivityMetrics)
	if err != nil {
		return nil, err
	}
	dir, err := out.tempDir("sensitivity")
	if err != nil {
		return nil, err
	}
	defer out.removeTemp(dir)
	st, err := experiment.OpenStore(dir)
	if err != nil {
		return nil, err
	}
	return runSensitivity(sc, st, sm, workers)
}

// writeRunSensitivity writes sensitivity.csv and sensitivity.json into a
// run's outputs and adds the tornado charts to its report page.
func writeRunSensitivity(create createFunc, page *htmlreport.Page, s *reports.Sensitivity) error {
	if err := writeOutputs(create, output{"sensitivity.csv", s.WriteCSV}, output{"sensitivity.json", s.WriteJSON}); err != nil {
		return err
	}
	figs := plots.Tornado(s)
	for i := range figs {
		figs[i].Name = "sensitivity-" + figs[i].Name
	}
	htmlreport.AddSensitivity(page, s, pageFigures(figs))
	return nil
}
