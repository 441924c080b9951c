package compare

import (
	"errors"
	"fmt"
	"strings"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/simrun"
)

// Variant is the scenario with every stream group on one class, resolved
// (stream groups only, metrics only).
type Variant struct {
	Class streams.Class
	*simrun.Resolved
}

// Variants resolves sc once per class, in order. A class named by the
// user (explicit) that does not build is an error; otherwise it is
// skipped with a note (one note for all the classes without a price in
// every location). No class left is an error wrapping
// scenarios.ErrInvalid.
func Variants(sc *scenarios.Scenario, classes []string, explicit bool, note func(string)) ([]Variant, error) {
	var vs []Variant
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
				note(fmt.Sprintf("skipping %s: %s", name, first))
			}
			continue
		}
		c, _ := streams.LookupClass(name) // known: WithClass succeeded
		vs = append(vs, Variant{c, r})
	}
	if len(unpriced) > 0 {
		note(fmt.Sprintf("skipping %d class(es) without a price in every location: %s (add [[price]] tables to include them)",
			len(unpriced), strings.Join(unpriced, ", ")))
	}
	if len(vs) == 0 {
		return nil, fmt.Errorf("%w: no class to compare has a price in every location; add [[price]] tables or name priced classes with --classes", scenarios.ErrInvalid)
	}
	return vs, nil
}

// Options tune [Run].
type Options struct {
	Workers int    // replications run at once; 0: GOMAXPROCS
	Version string // capsim's version, in the comparison's Meta
	// GameVRAMGB is the game's VRAM need per stream (0: not given): a
	// class with less is not acceptable (reports.Comparison.GameVRAMGB).
	GameVRAMGB float64
	// Progress, if set, gives replication i (counted over all variants,
	// variant by variant) its virtual-time hook; Finished is called as it
	// ends.
	Progress func(i int) func(sim.Time)
	Finished func(i int)
}

// Run runs every variant's replications under sc's seed (common random
// numbers: demand is identical across classes) and judges the classes
// against the targets: p95 placement latency at most targetP95Seconds,
// failure ratio at most maxFailureRatio.
func Run(sc *scenarios.Scenario, vs []Variant, targetP95Seconds, maxFailureRatio float64, opt Options) (*reports.Comparison, error) {
	reps := sc.Simulation.Replications
	cmp := &reports.Comparison{Meta: simrun.Meta(sc, opt.Version), TargetP95Seconds: targetP95Seconds, TargetFailureRatio: maxFailureRatio}
	cmp.Prices = nil // each class's, not the scenario's own
	for _, v := range vs {
		cmp.Prices = append(cmp.Prices, simrun.Prices(v.Scenario)...)
	}
	measured := (sc.Simulation.Horizon - sc.Simulation.Warmup).Seconds()
	for i, v := range vs {
		ro := simrun.RunsOptions{Workers: opt.Workers}
		if opt.Progress != nil {
			ro.Progress = func(rep int) func(sim.Time) { return opt.Progress(i*reps + rep) }
		}
		if opt.Finished != nil {
			ro.Finished = func(rep int) { opt.Finished(i*reps + rep) }
		}
		runs, err := v.Runs(0, reps, ro)
		if err != nil {
			return nil, fmt.Errorf("class %s: %w", v.Class.Name, err)
		}
		results, _ := simrun.Split(runs)
		alwaysOn, maximum := v.Streams.Instances()
		cmp.Rows = append(cmp.Rows, reports.NewCompareRow(v.Class.Name, v.Class.Tenancy, alwaysOn, maximum, results, measured))
	}
	cmp.GameVRAMGB = opt.GameVRAMGB
	cmp.Judge()
	return cmp, nil
}
