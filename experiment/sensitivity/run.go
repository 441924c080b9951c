package sensitivity

import (
	"fmt"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/experiment/store"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
)

// DefaultMetrics are the metrics analysed unless told.
var DefaultMetrics = []string{"total.cost_usd", "total.placement_latency_seconds.p95", "total.placement_failure_ratio"}

// Metrics are the metrics an analysis estimates, resolved against a
// scenario ([ResolveMetrics]).
type Metrics []simrun.Metric

// ResolveMetrics reads each name against sc's metrics before anything
// runs; an unknown one is the namespace's error (it names the closest).
// bad wraps the error of names[i].
func ResolveMetrics(sc *scenarios.Scenario, names []string, bad func(err error) error) (Metrics, error) {
	r, err := simrun.Resolve(sc, simrun.Metrics)
	if err != nil {
		return nil, err
	}
	ns := r.Namespace()
	var out Metrics
	for _, n := range names {
		m, err := ns.Metric(n)
		if err != nil {
			return nil, bad(err)
		}
		out = append(out, m)
	}
	return out, nil
}

// Options tune [Run].
type Options struct {
	Workers int    // replications run at once; 0: GOMAXPROCS
	Version string // capsim's version, recorded in blocks and the outputs
}

// Plan is a sensitivity analysis of a scenario ready to run: its
// one-at-a-time design ([OneAtATime]) with every variant resolved.
type Plan struct {
	sc      *scenarios.Scenario
	prep    []design.Prepared
	factors []Factor
}

// NewPlan prepares the one-at-a-time design of sc's assumptions. A
// variant that fails validation is an error (the assumption table's
// ranges are meant to be valid everywhere), and so are variants whose
// replications together would receive more requests than sc's
// simulation.max_total_requests (design.CheckWork): both before anything
// runs.
func NewPlan(sc *scenarios.Scenario) (*Plan, error) {
	points, factors := OneAtATime(sc)
	prep, skipped := design.Prepare(sc, points)
	if len(skipped) > 0 {
		return nil, fmt.Errorf("sensitivity: variant %s: %w", skipped[0].Point, skipped[0].Err)
	}
	reps := func(i int) int { return prep[i].Scenario.Simulation.Replications }
	if err := design.CheckWork("sensitivity", prep, reps, simrun.MaxTotalRequests(sc)); err != nil {
		return nil, err
	}
	return &Plan{sc: sc, prep: prep, factors: factors}, nil
}

// Run is [NewPlan] of sc, then [Plan.Run].
func Run(sc *scenarios.Scenario, st *store.Store, ms Metrics, opt Options) (*reports.Sensitivity, error) {
	p, err := NewPlan(sc)
	if err != nil {
		return nil, err
	}
	return p.Run(st, ms, opt)
}

// Run runs the plan's variants in st (resumably: a variant whose block st
// holds is not run again) and estimates every effect on each of ms.
func (p *Plan) Run(st *store.Store, ms Metrics, opt Options) (*reports.Sensitivity, error) {
	sc, prep, factors := p.sc, p.prep, p.factors
	blocks, err := store.Run(st, prep, store.Options{Workers: opt.Workers, Version: opt.Version, ScenarioSHA256: sc.SHA256()})
	if err != nil {
		return nil, err
	}
	base, err := ms.reps(blocks[0])
	if err != nil {
		return nil, err
	}
	var in []reports.SensitivityInput
	for _, fa := range factors {
		lo, err := ms.reps(blocks[fa.Low])
		if err != nil {
			return nil, err
		}
		hi, err := ms.reps(blocks[fa.High])
		if err != nil {
			return nil, err
		}
		in = append(in, reports.SensitivityInput{Section: fa.Section, Key: fa.Key, Low: fa.LowLabel, High: fa.HighLabel,
			LowReps: lo, HighReps: hi})
	}
	values := make([]reports.Value, len(ms))
	for i, m := range ms {
		values[i] = reports.Value{Name: m.Name, Unit: m.Unit, Better: m.Better}
	}
	return reports.NewSensitivity(simrun.Meta(sc, opt.Version), values, base, in)
}

// reps are each metric's values per replication in b.
func (ms Metrics) reps(b *store.Block) ([][]float64, error) {
	out := make([][]float64, len(ms))
	for i, m := range ms {
		vs, ok := b.Reps(m.Canonical.ScopeName(), m.Canonical.Metric)
		if !ok {
			return nil, fmt.Errorf("sensitivity: point %s has no %s", b.PointSHA256, m.Name)
		}
		out[i] = vs
	}
	return out, nil
}
