package optimize

import (
	"fmt"
	"math"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/scenarios"
)

// DefaultVars returns the default decision variables of every stream
// location, in tenancy steps, a being the peak offered load of the demands
// that list it first:
//   - always_on from 0 to rangeLoads × a (and rangeLoads steps more),
//     starting where M/M/c+D at that load meets targets;
//   - unless the location is in always-on form (neither target_idle nor
//     maximum set, so it never allocates on demand), target_idle from 0 to
//     2√a (at least idleSteps steps), starting at the scenario's value, and
//     maximum from one step to the top of the other two together, starting
//     at the top.
//
// Then every fleet's scaling bounds (see fleetVars). Plans the scenario
// rejects (maximum below always_on, or no room above it for target_idle)
// are skipped by [Run] as infeasible.
func DefaultVars(sc *scenarios.Scenario, t Targets) ([]Var, error) {
	cfg, fc, err := sc.BuildAll()
	if err != nil {
		return nil, err
	}
	var out []Var
	for g, grp := range cfg.Groups {
		step := max(grp.Class.Tenancy, 1)
		for l, loc := range grp.Locations {
			lambda, meanHours := PeakLoad(cfg, g, l, loc.Name)
			a := lambda * meanHours
			path := fmt.Sprintf("stream_group[%d].location[%d].", g, l)
			hi := int(math.Ceil((rangeLoads*a)/float64(step)))*step + rangeLoads*step
			v := Var{Path: path + "always_on", Lo: 0, Hi: hi, Step: step}
			v.Start, v.StartFromTheo = WarmStart(lambda, meanHours, step, cfg.Service.PlacementTimeoutAlwaysOn.Hours(), t)
			out = append(out, v)
			if loc.TargetIdle == 0 && loc.Maximum == 0 {
				continue
			}
			idle := max(int(math.Ceil(2*math.Sqrt(a)/float64(step))), idleSteps) * step
			out = append(out, Var{Path: path + "target_idle", Lo: 0, Hi: idle, Step: step, Start: loc.TargetIdle},
				Var{Path: path + "maximum", Lo: step, Hi: hi + idle, Step: step, Start: hi + idle})
		}
	}
	if fc != nil {
		out = append(out, fleetVars(sc, fc, t)...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("experiment: optimize: %w: the scenario has no stream location or fleet to size", design.ErrDesign)
	}
	return out, nil
}

// DefaultObjective is the metric optimize minimizes unless told: the
// stream groups' cost, the fleets' (fleet_total.cost_usd) in a scenario
// with fleets only, and their sum when it has both.
func DefaultObjective(sc *scenarios.Scenario) string {
	const streamCost, fleetCost = "total.cost_usd", "fleet_total.cost_usd"
	switch {
	case len(sc.Fleets) == 0:
		return streamCost
	case len(sc.StreamGroups) == 0:
		return fleetCost
	}
	return streamCost + "+" + fleetCost
}
