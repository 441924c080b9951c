package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/capsim/capsim/experiment/sensitivity"
	"github.com/capsim/capsim/experiment/store"
	"github.com/capsim/capsim/internal/outdir"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/reports/outputs"
	"github.com/capsim/capsim/scenarios"
)

const sensitivityUsage = `Usage: capsim sensitivity [flags] [FILE] [--metric NAME ...] --out DIR

Moves every documented assumption of [service], [demand.client] and
[fleet.spot] that has a plausible range (docs/model.md, "Service assumptions") to
the low and to the high end of that range, one at a time, the others as
the scenario has them; an enum or boolean is set to its alternative; a
[demand.client] key changes in every demand, a [fleet.spot] key on every
fleet that buys Spot; values the service fixes are left alone. Every
variant runs under the same seed, so replication r of every variant sees
the same demand (common random numbers), and the confidence interval of
each effect comes from the per-replication differences. Variants ×
replications run in parallel.

For each --metric (default: total.cost_usd,
total.placement_latency_seconds.p95 and total.placement_failure_ratio;
NAME as summary.json spells it, of one scope: regions[europe-central].…
names a player region) DIR gets a tornado chart in
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
		metrics = sensitivity.DefaultMetrics
	}
	ms, err := sensitivity.ResolveMetrics(sc, metrics, func(err error) error { return &usageError{"--metric: " + err.Error()} })
	if err != nil {
		return err
	}
	plan, err := sensitivity.NewPlan(sc)
	if err != nil {
		return err
	}
	st, err := openResultsStore(f.out)
	if err != nil {
		return err
	}
	defer st.Close()
	s, err := plan.Run(st, ms, sensitivity.Options{Workers: f.workers, Version: Version})
	if err != nil {
		return storeError(err)
	}
	if err := outputs.Sensitivity(st.WriteFile, s, reproduceLine("sensitivity", args, fs)); err != nil {
		return err
	}
	if err := reports.WriteSensitivityTable(stdout, s); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%d assumptions, each at 2 ends, %d replications; wrote %s\n",
		len(s.Assumptions), s.Replications, reports.TerminalSafe(filepath.Join(f.out, "sensitivity.{csv,json,html}")))
	return err
}

// runOutSensitivity runs the sensitivity design for `capsim run
// --sensitivity` with the default metrics, its store a scratch directory
// beside out's staging directory (removed afterwards): run's --out stays
// whole or absent.
func runOutSensitivity(out *outdir.Dir, sc *scenarios.Scenario, plan *sensitivity.Plan, workers int) (*reports.Sensitivity, error) {
	ms, err := sensitivity.ResolveMetrics(sc, sensitivity.DefaultMetrics, func(err error) error { return &usageError{"--metric: " + err.Error()} })
	if err != nil {
		return nil, err
	}
	dir, err := out.TempDir("sensitivity")
	if err != nil {
		return nil, err
	}
	defer out.RemoveTemp(dir)
	st, err := store.OpenStore(dir)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	st.Scratch = staged
	return plan.Run(st, ms, sensitivity.Options{Workers: workers, Version: Version})
}
