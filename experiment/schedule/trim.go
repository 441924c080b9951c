package schedule

import (
	"github.com/capsim/capsim/experiment/optimize"
	"github.com/capsim/capsim/scenarios"
)

// trim lowers a schedule that meets t in every hour where the simulation
// shows slack, hour by hour: for each location and setting (always_on,
// then target_idle where the plan allocates on demand) it lowers a step in
// every hour that has one to give, simulates, keeps the lowered hours that
// still meet t with the hour after them, and confirms the result by
// simulation (else it keeps the plan before). Rounds until nothing lowers
// or opt.MaxAdjust rounds; it returns the measurements of the plan kept.
func (r *Result) trim(static *scenarios.Scenario, t optimize.Targets, opt Options, hs *hourStats) (*hourStats, error) {
	for range opt.MaxAdjust {
		lowered := false
		for i := range r.Locations {
			for _, f := range r.trimFields(i) {
				next, nhs, err := r.trimOnce(static, t, opt, i, f)
				if err != nil {
					return nil, err
				}
				if nhs != nil {
					r.Plan, hs, lowered = next, nhs, true
					r.Trimmed++
				}
			}
		}
		if !lowered {
			break
		}
	}
	r.Schedule = check(hs, t)
	return hs, nil
}

// trimFields are the settings of location i trim lowers.
func (r *Result) trimFields(i int) []func(Plan) [][24]int {
	out := []func(Plan) [][24]int{func(p Plan) [][24]int { return p.AlwaysOn }}
	if r.Locations[i].OnDemand {
		out = append(out, func(p Plan) [][24]int { return p.TargetIdle })
	}
	return out
}

// trimOnce lowers f at location i a step in every hour that has one, and
// returns the plan keeping the hours that still meet t (with the hour
// after them) and its measurements, once a simulation confirms that every
// hour meets t; nil measurements when nothing could be lowered.
func (r *Result) trimOnce(static *scenarios.Scenario, t optimize.Targets, opt Options, i int, f func(Plan) [][24]int) (Plan, *hourStats, error) {
	step := r.Locations[i].Step
	try := r.Plan.clone()
	var hours []int
	for h := range 24 {
		if f(try)[i][h] >= step {
			f(try)[i][h] -= step
			hours = append(hours, h)
		}
	}
	if len(hours) == 0 {
		return r.Plan, nil, nil
	}
	hs, err := r.simulatePlan(static, try, opt)
	if err != nil {
		return r.Plan, nil, err
	}
	c := check(hs, t)
	if c.Meets {
		return try, hs, nil
	}
	keep := r.Plan.clone()
	n := 0
	for _, h := range hours {
		if c.Hours[h].Meets() && c.Hours[(h+1)%24].Meets() {
			f(keep)[i][h] -= step
			n++
		}
	}
	if n == 0 || n == len(hours) {
		return r.Plan, nil, nil
	}
	if hs, err = r.simulatePlan(static, keep, opt); err != nil {
		return r.Plan, nil, err
	}
	if !check(hs, t).Meets {
		return r.Plan, nil, nil
	}
	return keep, hs, nil
}
