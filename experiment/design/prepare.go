package design

import (
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
)

// Prepared is a valid point: the point and its resolved scenario (metrics
// only: no timeseries).
type Prepared struct {
	Point Point
	*simrun.Resolved
}

// Skipped is a point whose overrides or validation failed.
type Skipped struct {
	Point Point
	Err   error
}

// Prepare applies each point to a clone of base and resolves it. Points
// that fail are returned in Skipped, in design order, not as an error.
func Prepare(base *scenarios.Scenario, points []Point) ([]Prepared, []Skipped) {
	var ok []Prepared
	var bad []Skipped
	for _, p := range points {
		r, err := Apply(base, p, simrun.Metrics)
		if err != nil {
			bad = append(bad, Skipped{Point: p, Err: err})
			continue
		}
		ok = append(ok, Prepared{Point: p, Resolved: r})
	}
	return ok, bad
}

// Apply sets p's fields on a clone of base and resolves it with out.
func Apply(base *scenarios.Scenario, p Point, out simrun.Outputs) (*simrun.Resolved, error) {
	sc := base.Clone()
	for _, a := range p {
		if err := sc.Set(a.Path, a.Value); err != nil {
			return nil, err
		}
	}
	return simrun.Resolve(sc, out)
}
