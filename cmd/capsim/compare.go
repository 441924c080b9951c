package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/reports/htmlreport"
	"github.com/capsim/capsim/reports/plots"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
)

const compareUsage = `Usage: capsim compare [flags] [FILE]

Runs the scenario FILE (or the embedded default scenario) once per stream
class, every stream group on that class, under the same seed: demand is
identical across classes (common random numbers). Capacity settings are
rounded up to whole instances of each class. Prints, per class: tenancy,
instances, p95 placement latency, failure ratio, utilisation, total and idle
cost and cost per delivered stream-hour, each with its 95% CI, and names the
cheapest class that meets the targets.

A class needs a price in every location (the shipped table or the
scenario's [[price]]): a class named in --classes without one is an error;
without --classes, every class of the scenario's OS is tried and the
unpriced ones are skipped with a note on stderr.

Example:
  capsim compare --classes gen4n_high,gen5n_high,gen6n_medium my.toml
  capsim compare --out cmp --target-p95 20s scenarios/examples/class-compare.toml

Flags:
`

type compareFlags struct {
	runFlags
	classes     string
	targetP95   time.Duration
	maxFailures float64
}

func cmdCompare(args []string, stdout, stderr io.Writer) error {
	var f compareFlags
	fs := newFlagSet("compare", compareUsage, stderr)
	fs.StringVar(&f.classes, "classes", "", "comma-separated stream `classes` (default: every class of the scenario's OS)")
	fs.DurationVar(&f.targetP95, "target-p95", 30*time.Second, "acceptable p95 placement latency")
	fs.Float64Var(&f.maxFailures, "max-failure-ratio", 0.01, "acceptable placement failure ratio (0.01 = 1%)")
	fs.StringVar(&f.out, "out", "", "write compare.json, compare.csv, compare.html and plots/ into `DIR`, replaced as a whole (see capsim run -h)")
	fs.BoolVar(&f.json, "json", false, "print compare.json to stdout instead of the table")
	f.addCommon(fs)
	sc, err := parseScenarioArgs(fs, &f.runFlags, "compare", args, f.checkTargets)
	if err != nil {
		return err
	}
	if _, err := sc.Build(); err != nil { // the scenario itself must be valid
		return err
	}
	if len(sc.StreamGroups) == 0 {
		return &usageError{"compare compares stream classes, and the scenario has no [[stream_group]]"}
	}
	classes, explicit, err := compareClasses(sc, f.classes)
	if err != nil {
		return err
	}
	vs, err := compareVariants(sc, classes, explicit, stderr)
	if err != nil {
		return err
	}

	var out *outDir
	if f.out != "" {
		if out, err = prepareOut(f.out); err != nil { // before a long run, not after it
			return err
		}
		defer out.abort() // no-op once committed
	}
	cmp, err := simulateCompare(sc, vs, f, stderr)
	if err != nil {
		return err
	}
	if out != nil {
		if err := writeCompareFiles(out, sc, cmp, reproduceLine("compare", args, fs)); err != nil {
			return err
		}
		if err := out.commit("compare"); err != nil {
			return err
		}
	}
	if f.json {
		return cmp.WriteJSON(stdout)
	}
	return reports.WriteCompareTable(stdout, cmp)
}

// checkTargets rejects acceptance targets that are wrong whatever the
// scenario.
func (f *compareFlags) checkTargets() error {
	if !(f.targetP95 > 0) {
		return &usageError{fmt.Sprintf("--target-p95 %v: must be positive", f.targetP95)}
	}
	if !(f.maxFailures >= 0 && f.maxFailures <= 1) {
		return &usageError{fmt.Sprintf("--max-failure-ratio %v: must be in [0, 1]", f.maxFailures)}
	}
	return nil
}

// variant is the scenario with every stream group on one class.
type variant struct {
	class streams.Class
	r     *simrun.Resolved
}

// compareVariants builds the scenario once per class. A class named with
// --classes (explicit) that does not build is an error; otherwise it is
// skipped with a note on stderr (one note for all the unpriced ones).
func compareVariants(sc *scenarios.Scenario, classes []string, explicit bool, stderr io.Writer) ([]variant, error) {
	var vs []variant
	var unpriced []string
	for _, name := range classes {
		v, err := sc.WithClass(name)
		if err != nil {
			return nil, err
		}
		r, err := simrun.ResolveStreams(v, simrun.Metrics)
		if err != nil {
			if explicit {
				return nil, fmt.Errorf("class %s: %w", name, err)
			}
			if msg := err.Error(); errors.Is(err, scenarios.ErrNoPrice) {
				unpriced = append(unpriced, name)
			} else {
				first, _, _ := strings.Cut(msg, "\n")
				fmt.Fprintf(stderr, "capsim compare: skipping %s: %s\n", name, first)
			}
			continue
		}
		c, _ := streams.LookupClass(name) // known: WithClass succeeded
		vs = append(vs, variant{c, r})
	}
	if len(unpriced) > 0 {
		fmt.Fprintf(stderr, "capsim compare: skipping %d class(es) without a price in every location: %s (add [[price]] tables to include them)\n",
			len(unpriced), strings.Join(unpriced, ", "))
	}
	if len(vs) == 0 {
		return nil, fmt.Errorf("%w: no class to compare has a price in every location; add [[price]] tables or name priced classes with --classes", scenarios.ErrInvalid)
	}
	return vs, nil
}

// simulateCompare runs every variant's replications, under the same seed
// (common random numbers), with one progress bar on stderr, and judges the
// classes against the targets.
func simulateCompare(sc *scenarios.Scenario, vs []variant, f compareFlags, stderr io.Writer) (*reports.Comparison, error) {
	reps := sc.Simulation.Replications
	bar := newProgress(stderr, f.quiet)
	bar.plan(len(vs)*reps, sc.Simulation.Horizon)
	defer bar.finish()
	cmp := &reports.Comparison{Meta: scenarioMeta(sc), TargetP95Seconds: f.targetP95.Seconds(), TargetFailureRatio: f.maxFailures}
	measured := (sc.Simulation.Horizon - sc.Simulation.Warmup).Seconds()
	for i, v := range vs {
		runs, err := simrun.Replicate(reps, simrun.Options{Workers: f.workers}, func(rep int) (simrun.Replication, error) {
			defer bar.finished(i*reps + rep)
			return v.r.Run(rep, simrun.RepOptions{Progress: bar.tick(i*reps + rep)})
		})
		if err != nil {
			return nil, fmt.Errorf("class %s: %w", v.class.Name, err)
		}
		results, _ := simrun.Split(runs)
		alwaysOn, maximum := v.r.Streams.Instances()
		cmp.Rows = append(cmp.Rows, reports.NewCompareRow(v.class.Name, v.class.Tenancy, alwaysOn, maximum, results, measured))
	}
	cmp.Judge()
	return cmp, nil
}

// compareClasses returns the classes to compare, in order, and whether the
// user named them.
func compareClasses(sc *scenarios.Scenario, list string) ([]string, bool, error) {
	if list != "" {
		var out []string
		seen := map[string]bool{}
		for _, name := range strings.Split(list, ",") {
			name = strings.TrimSpace(name)
			if name == "" || seen[name] {
				continue
			}
			if _, err := streams.LookupClass(name); err != nil {
				return nil, true, &usageError{fmt.Sprintf("--classes: %v (see 'capsim classes')", err)}
			}
			seen[name] = true
			out = append(out, name)
		}
		if len(out) == 0 {
			return nil, true, &usageError{"--classes: no class named"}
		}
		return out, true, nil
	}
	var names []string
	for _, g := range sc.StreamGroups {
		names = append(names, g.Class)
	}
	cs, err := streams.ClassesOnOSOf(names)
	if errors.Is(err, streams.ErrMixedOS) {
		return nil, false, &usageError{"the scenario's stream groups run on both Linux and Windows classes; name the classes with --classes"}
	}
	if err != nil {
		return nil, false, err
	}
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out, false, nil
}

// writeCompareFiles writes compare.json, compare.csv, the comparison plots
// and compare.html into out's staging directory.
func writeCompareFiles(out *outDir, sc *scenarios.Scenario, c *reports.Comparison, command string) error {
	if err := out.create("compare.json", c.WriteJSON); err != nil {
		return err
	}
	if err := out.create("compare.csv", func(w io.Writer) error { return reports.WriteCompareCSV(w, c) }); err != nil {
		return err
	}
	ps, err := plots.Compare(c)
	if err != nil {
		return err
	}
	if err := writePlots(out.create, ps); err != nil {
		return err
	}
	page := htmlreport.NewComparePage(c, pageFigures(ps), assumptions(sc), command)
	return out.create("compare.html", func(w io.Writer) error { return htmlreport.Write(w, page) })
}
