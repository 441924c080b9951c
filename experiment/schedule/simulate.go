package schedule

import (
	"fmt"
	"time"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/experiment/optimize"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
)

// locations are the stream locations of sc, in group then location order
// (the order of a run's results), with their static settings, and the
// always-on placement timeout in hours.
func locations(sc *scenarios.Scenario) ([]Location, float64, error) {
	r, err := simrun.Resolve(sc, simrun.Metrics)
	if err != nil {
		return nil, 0, err
	}
	cfg := r.Streams
	var out []Location
	for g, grp := range cfg.Groups {
		for l, loc := range grp.Locations {
			in := sc.StreamGroups[g].Locations[l]
			_, meanHours := optimize.PeakLoad(cfg, g, l, loc.Name)
			out = append(out, Location{Group: sc.StreamGroups[g].Name, Name: loc.Name,
				Step: max(grp.Class.Tenancy, 1), MeanHours: meanHours,
				AlwaysOn: in.AlwaysOn, TargetIdle: in.TargetIdle, Maximum: in.Maximum,
				OnDemand: in.TargetIdle > 0 || in.Maximum > 0, group: g, index: l})
		}
	}
	if len(out) == 0 {
		return nil, 0, fmt.Errorf("experiment: schedule: %w: the scenario has no stream location to size", design.ErrDesign)
	}
	return out, cfg.Service.PlacementTimeoutAlwaysOn.Hours(), nil
}

// actions is plan's timeline over the horizon of base: at every whole
// hour after 0 where a location's settings change, an UpdateStreamGroup
// per group with the new settings (hour mod 24), those that raise
// always_on or target_idle lead ahead of the hour (capacity takes the
// allocation delay to become ready), the others at the hour. [apply]
// simulates it, [Text] writes it.
func actions(base *scenarios.Scenario, locs []Location, plan Plan, lead time.Duration) []scenarios.TimelineAction {
	var out []scenarios.TimelineAction
	for at := time.Hour; at < base.Simulation.Horizon; at += time.Hour {
		h, prev := int(at/time.Hour)%24, int(at/time.Hour-1)%24
		for g, grp := range base.StreamGroups {
			var up, down []scenarios.Location
			for i, l := range locs {
				if l.group != g || plan.same(i, h, prev) {
					continue
				}
				entry := scenarios.Location{Name: l.Name, AlwaysOn: plan.AlwaysOn[i][h], TargetIdle: plan.TargetIdle[i][h], Maximum: plan.Maximum[i][h]}
				if plan.AlwaysOn[i][h] > plan.AlwaysOn[i][prev] || plan.TargetIdle[i][h] > plan.TargetIdle[i][prev] {
					up = append(up, entry)
				} else {
					down = append(down, entry)
				}
			}
			for _, a := range []struct {
				at   time.Duration
				locs []scenarios.Location
			}{{at - lead, up}, {at, down}} {
				if len(a.locs) > 0 {
					out = append(out, scenarios.TimelineAction{At: a.at, Action: "UpdateStreamGroup", StreamGroup: grp.Name, Locations: a.locs})
				}
			}
		}
	}
	return out
}

func (p Plan) same(i, h, prev int) bool {
	return p.AlwaysOn[i][h] == p.AlwaysOn[i][prev] && p.TargetIdle[i][h] == p.TargetIdle[i][prev] && p.Maximum[i][h] == p.Maximum[i][prev]
}

// apply is the static scenario with plan as its schedule, edited in
// memory: each location's settings set to hour 0's and the plan's
// timeline ([actions]); resolved with the per-hour metrics on. It is the
// scenario [Text] writes, field for field.
func apply(static *scenarios.Scenario, locs []Location, plan Plan, lead time.Duration) (*simrun.Resolved, error) {
	sc := static.Clone()
	for i, l := range locs {
		loc := &sc.StreamGroups[l.group].Locations[l.index]
		loc.AlwaysOn, loc.TargetIdle, loc.Maximum = plan.AlwaysOn[i][0], plan.TargetIdle[i][0], plan.Maximum[i][0]
	}
	sc.Timeline = actions(static, locs, plan, lead)
	r, err := simrun.Resolve(sc, simrun.Hourly)
	if err != nil {
		return nil, fmt.Errorf("experiment: schedule: the scenario does not validate: %w", err)
	}
	return r, nil
}

// simulate runs the plan's replications and returns the hourly
// measurements.
func (r *Result) simulate(static *scenarios.Scenario, opt Options) (*hourStats, error) {
	return r.simulatePlan(static, r.Plan, opt)
}

// simulatePlan runs plan's replications and returns its hourly
// measurements; it counts the plans simulated.
func (r *Result) simulatePlan(static *scenarios.Scenario, plan Plan, opt Options) (*hourStats, error) {
	x, err := apply(static, r.Locations, plan, opt.Lead)
	if err != nil {
		return nil, err
	}
	r.Simulated++
	return runHourly(x, opt)
}

// runHourly runs opt.Replications of r (resolved with the per-hour
// metrics on) from replication opt.First, under the scenario's seed
// (common random numbers across plans), and measures them by hour.
func runHourly(r *simrun.Resolved, opt Options) (*hourStats, error) {
	runs, err := r.Runs(opt.First, opt.Replications, simrun.RunsOptions{Workers: opt.Workers})
	if err != nil {
		return nil, fmt.Errorf("experiment: schedule: %w", err)
	}
	per, _ := simrun.Split(runs)
	hs := newHourStats(len(per[0].Locations), len(per))
	for _, g := range r.Streams.Groups {
		for range g.Locations {
			hs.steps = append(hs.steps, max(g.Class.Tenancy, 1))
		}
	}
	for rep, sr := range per { // in replication order: deterministic sums
		if err := hs.add(sr, rep, r.Scenario.Simulation.Warmup, r.Streams.TimeseriesStep); err != nil {
			return nil, err
		}
	}
	return hs, nil
}

// CheckHours runs the scenario text over opt.Replications (0: the
// scenario's) and checks each hour of the day against t as [Run] does:
// `capsim run` of a best.toml, hour by hour.
func CheckHours(text []byte, t optimize.Targets, opt Options) (*Checked, error) {
	sc, err := scenarios.Parse("scenario.toml", text, opt.FS)
	if err != nil {
		return nil, err
	}
	if err := checkSteps(sc); err != nil {
		return nil, fmt.Errorf("experiment: schedule: %w", err)
	}
	r, err := simrun.Resolve(sc, simrun.Hourly)
	if err != nil {
		return nil, fmt.Errorf("experiment: schedule: the scenario does not validate: %w", err)
	}
	hs, err := runHourly(r, opt.withDefaults(sc))
	if err != nil {
		return nil, err
	}
	return check(hs, t), nil
}
