package schedule

import (
	"github.com/capsim/capsim/experiment/optimize"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
)

// StaticPlan is the static plan the schedule starts from (each location's
// settings as the static plan sets them) with its check, Static; nothing
// simulated to find it.
func (r *Result) StaticPlan() *HourlyStatic {
	out := &HourlyStatic{Checked: r.Static}
	for _, l := range r.Locations {
		out.AlwaysOn, out.TargetIdle = append(out.AlwaysOn, l.AlwaysOn), append(out.TargetIdle, l.TargetIdle)
		out.Maximum = append(out.Maximum, l.Maximum)
	}
	return out
}

// hourlyStatic looks for the cheapest static plan meeting t in every hour
// near the schedule: from each location's largest hourly settings of the
// schedule all day (which meets every hour where the schedule does, more
// capacity never raising the wait), it lowers each location's always_on,
// then target_idle, a step at a time while every hour still meets t.
// Coordinate descent: a static plan meeting every hour, not proven the
// cheapest.
func (r *Result) hourlyStatic(static *scenarios.Scenario, t optimize.Targets, opt Options) (*HourlyStatic, error) {
	n := len(r.Locations)
	if r.Static.Meets {
		return r.StaticPlan(), nil
	}
	p := Plan{make([][24]int, n), make([][24]int, n), make([][24]int, n)}
	for i := range n {
		for h := range 24 {
			p.AlwaysOn[i][0] = max(p.AlwaysOn[i][0], r.Plan.AlwaysOn[i][h])
			p.TargetIdle[i][0] = max(p.TargetIdle[i][0], r.Plan.TargetIdle[i][h])
			p.Maximum[i][0] = max(p.Maximum[i][0], r.Plan.Maximum[i][h])
		}
	}
	out := &HourlyStatic{}
	try := func(q Plan) (*Checked, error) {
		for i := range n {
			for h := range 24 {
				q.AlwaysOn[i][h], q.TargetIdle[i][h], q.Maximum[i][h] = q.AlwaysOn[i][0], q.TargetIdle[i][0], q.Maximum[i][0]
			}
		}
		x, err := apply(static, r.Locations, q, opt.Lead)
		if err != nil {
			return nil, err
		}
		hs, err := runHourly(x, opt)
		if err != nil {
			return nil, err
		}
		out.Simulated++
		return check(hs, t), nil
	}
	c, err := try(p)
	if err != nil {
		return nil, err
	}
	fields := []func(Plan) [][24]int{func(q Plan) [][24]int { return q.AlwaysOn }, func(q Plan) [][24]int { return q.TargetIdle }}
	for i, l := range r.Locations {
		for _, f := range fields {
			for c.Meets && f(p)[i][0] >= l.Step {
				q := p.clone()
				f(q)[i][0] -= l.Step
				lower, err := try(q)
				if err != nil {
					return nil, err
				}
				if !lower.Meets {
					break
				}
				p, c = q, lower
			}
		}
	}
	for i := range n {
		out.AlwaysOn = append(out.AlwaysOn, p.AlwaysOn[i][0])
		out.TargetIdle = append(out.TargetIdle, p.TargetIdle[i][0])
		out.Maximum = append(out.Maximum, p.Maximum[i][0])
	}
	out.Checked = c
	return out, nil
}

// holdIfCheaper makes the schedule the hourly static plan (a schedule
// whose hours are all the same) when that meets every hour on the
// verification replications and the schedule does not, or costs less
// than the schedule, paired over those replications (the mean of the
// differences): a schedule is never dearer than holding that plan.
func (r *Result) holdIfCheaper() {
	hsc := r.HourlyStatic
	if hsc == nil || !hsc.Checked.Meets {
		return
	}
	if r.Schedule.Meets && simrun.PairedDifference(hsc.Checked.CostUSD, r.Schedule.CostUSD).Mean >= 0 {
		return
	}
	for i := range r.Locations {
		for h := range 24 {
			r.Plan.AlwaysOn[i][h], r.Plan.TargetIdle[i][h], r.Plan.Maximum[i][h] = hsc.AlwaysOn[i], hsc.TargetIdle[i], hsc.Maximum[i]
		}
	}
	r.Schedule, r.HoldsStatic = hsc.Checked, true
}
