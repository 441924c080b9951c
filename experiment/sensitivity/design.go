package sensitivity

import (
	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/scenarios"
)

// Factor is one assumption of a one-at-a-time design: its key, the labels
// of its two ends and the design points that set them (an index into
// OneAtATime's points; 0, the baseline, for an end that is the value in
// force).
type Factor struct {
	Section   string `json:"section"` // "service" or "demand.client"
	Key       string `json:"key"`
	LowLabel  string `json:"low"`
	HighLabel string `json:"high"`
	Low, High int    `json:"-"`
}

// OneAtATime is the design of a sensitivity analysis of sc: the baseline
// (points[0], no override) and, for every assumption of the table that has
// a plausible range or alternatives ([scenarios.Scenario.AssumptionEnds]),
// a point at its low end and one at its high end, each changing that
// assumption only (for a `[demand.client]` key, in every demand; for a
// `[fleet.spot]` key, on every fleet that buys Spot). Points
// that would repeat another are not repeated. Run under one seed, every
// point sees the same demand (common random numbers).
func OneAtATime(sc *scenarios.Scenario) (points []design.Point, factors []Factor) {
	points = []design.Point{{}}
	index := map[string]int{"": 0}
	add := func(e scenarios.AssumptionEnd) int {
		p := make(design.Point, len(e.Paths))
		for i, path := range e.Paths {
			p[i] = design.Assignment{Path: path, Value: e.TOML[i]}
		}
		k := p.String()
		if i, ok := index[k]; ok {
			return i
		}
		index[k] = len(points)
		points = append(points, p)
		return len(points) - 1
	}
	for _, e := range sc.AssumptionEnds() {
		factors = append(factors, Factor{Section: e.Spec.Section, Key: e.Spec.Key,
			LowLabel: e.Low.Label, HighLabel: e.High.Label, Low: add(e.Low), High: add(e.High)})
	}
	return points, factors
}
