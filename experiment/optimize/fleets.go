package optimize

import (
	"fmt"
	"math"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/scenarios"
)

// The default ranges of a fleet's percentages: target tracking's target
// and a buffer in percent, in steps of percentStep up to at least
// percentTop (higher when the load asks for it, never above 95).
const (
	percentStep = 5
	percentTop  = 50
)

// fleetVars returns the default decision variables of every fleet's
// scaling bounds, which [fleet.scaling] sets for each of the fleet's
// locations alike, a being the peak offered load (game sessions at once)
// of the demands whose first destination is the fleet, P its processes
// per instance and n = ⌈rangeLoads·a/P⌉ + rangeLoads instances (at most
// the processes a location may hold):
//   - target tracking and buffer: min_instances from 0 to n, starting where
//     M/M/c+D (patience: the queue's timeout, or the claim timeout) at load
//     a meets t's fleet targets, initial_instances tied to it where the
//     scenario sets it; max_instances from 1 to n, starting at n;
//   - target tracking: target_percent in percentStep steps, from 5 to
//     percentTop (or the square-root staffing idle share 200/(√a+2) if
//     higher), starting at the scenario's value; for a FleetIQ group the
//     target is utilisation, so the variable runs from 95 down;
//   - buffer: buffer_percent like target_percent when the fleet gives one,
//     else buffer_size in steps of P from P to 2√a (at least idleSteps·P),
//     starting at the scenario's value; a nonzero min_replicas is tied to
//     it (Agones rejects min_replicas below the buffer);
//   - no scaling: initial_instances (the fixed fleet) from 0 to n, starting
//     at the warm start, and max_instances as above.
func fleetVars(sc *scenarios.Scenario, fc *fleets.Config, t Targets) []Var {
	var out []Var
	for f, fl := range fc.Fleets {
		lambda, meanHours, patience := fleetLoad(fc, f)
		a := lambda * meanHours
		p := max(fl.ProcessesPerInstance, 1)
		top := min(int(math.Ceil(rangeLoads*a/float64(p)))+rangeLoads, scenarios.MaxStreamsPerLocation/p)
		path := fmt.Sprintf("fleet[%d].scaling.", f)
		procs, fromTheo := WarmStart(lambda, meanHours, p, patience.Hours(), Targets{FailureRatio: t.FleetFailureRatio, P95Seconds: t.FleetP95Seconds})
		floor := Var{Path: path + "min_instances", Lo: 0, Hi: top, Step: 1, Start: procs / p, StartFromTheo: fromTheo}
		ceiling := Var{Path: path + "max_instances", Lo: 1, Hi: top, Step: 1, Start: top}
		if fl.Scaling.Policy == fleets.ScalingNone {
			floor.Path = path + "initial_instances"
			out = append(out, floor, ceiling)
			continue
		}
		if sc.Fleets[f].Scaling.InitialInstances != 0 { // set: it follows the floor
			floor.Tied = []string{path + "initial_instances"}
		}
		out = append(out, floor, ceiling, controlVar(path, &fl, a))
	}
	return out
}

// controlVar is the autoscaler's setting of fleet fl (path its scaling's
// prefix, a its peak offered load): target tracking's target, or the
// buffer.
func controlVar(path string, fl *fleets.FleetConfig, a float64) Var {
	s, p := fl.Scaling, max(fl.ProcessesPerInstance, 1)
	if s.Policy == fleets.ScalingTargetTracking {
		target := percentVar(path+"target_percent", a, s.TargetPercent)
		if fl.Kind == fleets.KindFleetIQ { // utilisation: capacity grows as it falls
			target = Var{Path: target.Path, Lo: 95, Hi: 100 - target.Hi, Step: -percentStep, Start: int(s.TargetPercent)}
		}
		return target
	}
	if s.BufferPercent != 0 {
		return percentVar(path+"buffer_percent", a, s.BufferPercent)
	}
	hi := max(int(math.Ceil(2*math.Sqrt(a)/float64(p))), idleSteps) * p
	buf := Var{Path: path + "buffer_size", Lo: p, Hi: min(hi, max(s.MaxReplicas/p*p, p)), Step: p, Start: s.BufferSize}
	if s.MinReplicas != 0 {
		buf.Tied = []string{path + "min_replicas"}
	}
	return buf
}

// percentVar is a percentage from percentStep to percentTop, or to the
// square-root staffing idle share at load a when higher (at most 95).
func percentVar(path string, a, start float64) Var {
	top := percentTop
	if a > 0 {
		share := 100 * 2 / (math.Sqrt(a) + 2) // 2√a idle of a + 2√a
		top = min(max(top, int(math.Ceil(share/percentStep))*percentStep), 95)
	}
	return Var{Path: path, Lo: percentStep, Hi: top, Step: percentStep, Start: int(math.Round(start))}
}
