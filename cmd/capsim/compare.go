package main

import (
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/capsim/capsim/cmd/internal/progress"
	"github.com/capsim/capsim/experiment/compare"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/reports/outputs"
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
  capsim compare --vram-gb 10 my.toml       # the game needs 10 GB of VRAM per stream

Flags:
`

type compareFlags struct {
	runFlags
	classes     string
	targetP95   time.Duration
	maxFailures float64
	vramGB      float64
}

func cmdCompare(args []string, stdout, stderr io.Writer) error {
	var f compareFlags
	fs := newFlagSet("compare", compareUsage, stderr)
	fs.StringVar(&f.classes, "classes", "", "comma-separated stream `classes` (default: every class of the scenario's OS)")
	fs.DurationVar(&f.targetP95, "target-p95", 30*time.Second, "acceptable p95 placement latency")
	fs.Float64Var(&f.maxFailures, "max-failure-ratio", 0.01, "acceptable placement failure ratio (0.01 = 1%)")
	fs.Float64Var(&f.vramGB, "vram-gb", 0, "the game's GPU memory need per stream in `GB`: a class with less VRAM per stream is not acceptable (0: not given)")
	fs.StringVar(&f.out, "out", "", "write compare.json, compare.csv, compare.html and plots/ into `DIR`, replaced as a whole (see capsim run -h)")
	fs.BoolVar(&f.json, "json", false, "print compare.json to stdout instead of the table")
	f.addCommon(fs)
	sc, vs, err := f.parse(fs, args, stderr)
	if err != nil {
		return err
	}
	out, err := prepareOut(f.out) // before a long run, not after it
	if err != nil {
		return err
	}
	defer out.Abort()
	bar := progress.New(stderr, f.quiet)
	bar.Plan(len(vs)*sc.Simulation.Replications, sc.Simulation.Horizon)
	cmp, err := compare.Run(sc, vs, f.targetP95.Seconds(), f.maxFailures, compare.Options{Workers: f.workers, Version: Version,
		Progress: bar.Tick, Finished: bar.Finished, GameVRAMGB: f.vramGB})
	bar.Finish()
	if err != nil {
		return err
	}
	if out != nil {
		if err := outputs.Compare(out.Create, cmp, simrun.Assumptions(sc), reproduceLine("compare", args, fs)); err != nil {
			return err
		}
		if err := commit(out, "compare"); err != nil {
			return err
		}
	}
	if f.json {
		return cmp.WriteJSON(stdout)
	}
	return reports.WriteCompareTable(stdout, cmp)
}

// parse reads compare's command line: the scenario and its variant per
// class, every check made before anything runs; the classes skipped are
// noted on stderr.
func (f *compareFlags) parse(fs *flag.FlagSet, args []string, stderr io.Writer) (*scenarios.Scenario, []compare.Variant, error) {
	sc, err := parseScenarioArgs(fs, &f.runFlags, "compare", args, f.checkTargets)
	if err != nil {
		return nil, nil, err
	}
	if _, err := sc.Build(); err != nil { // the scenario itself must be valid
		return nil, nil, err
	}
	if len(sc.StreamGroups) == 0 {
		return nil, nil, &usageError{"compare compares stream classes, and the scenario has no [[stream_group]]"}
	}
	classes, explicit, err := compare.Classes(sc, f.classes)
	if err != nil {
		return nil, nil, err
	}
	vs, err := compare.Variants(sc, classes, explicit, func(note string) { fmt.Fprintf(stderr, "capsim compare: %s\n", note) })
	return sc, vs, err
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
	if !(f.vramGB >= 0 && f.vramGB <= 1024) {
		return &usageError{fmt.Sprintf("--vram-gb %v: must be GB of VRAM per stream, from 0 (not given) to 1024", f.vramGB)}
	}
	return nil
}
