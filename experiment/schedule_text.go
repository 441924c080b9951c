package experiment

import (
	"fmt"
	"strings"
	"time"

	"github.com/capsim/capsim/scenarios"
)

// scheduleLocations are the stream locations of sc, in group then location
// order (the order of a run's results), with their static settings, and
// the always-on placement timeout in hours.
func scheduleLocations(sc *scenarios.Scenario) ([]ScheduleLocation, float64, error) {
	cfg, _, err := sc.BuildAll()
	if err != nil {
		return nil, 0, err
	}
	var out []ScheduleLocation
	for g, grp := range cfg.Groups {
		for l, loc := range grp.Locations {
			in := sc.StreamGroups[g].Locations[l]
			_, meanHours := peakLoad(cfg, g, l, loc.Name)
			out = append(out, ScheduleLocation{Group: sc.StreamGroups[g].Name, Name: loc.Name,
				Step: max(grp.Class.Tenancy, 1), MeanHours: meanHours,
				AlwaysOn: in.AlwaysOn, TargetIdle: in.TargetIdle, Maximum: in.Maximum,
				OnDemand: in.TargetIdle > 0 || in.Maximum > 0, group: g, index: l})
		}
	}
	if len(out) == 0 {
		return nil, 0, fmt.Errorf("experiment: schedule: %w: the scenario has no stream location to size", ErrDesign)
	}
	return out, cfg.Service.PlacementTimeoutAlwaysOn.Hours(), nil
}

// simulate writes the plan into the static text, runs its replications
// and returns the hourly measurements; it keeps the text.
func (r *ScheduleResult) simulate(staticText []byte, opt ScheduleOptions) (*hourStats, error) {
	return r.simulatePlan(staticText, r.Plan, opt)
}

// simulatePlan runs plan's replications and returns its hourly
// measurements; it counts the plans simulated.
func (r *ScheduleResult) simulatePlan(staticText []byte, plan Plan, opt ScheduleOptions) (*hourStats, error) {
	text, err := ScheduleText(staticText, r.Locations, plan, opt.Lead)
	if err != nil {
		return nil, err
	}
	r.Simulated++
	return runHourly(text, opt)
}

// CheckHours runs the scenario text over opt.Replications (0: the
// scenario's) and checks each hour of the day against t as [Schedule]
// does: `capsim run` of a best.toml, hour by hour.
func CheckHours(text []byte, t Targets, opt ScheduleOptions) (*Checked, error) {
	sc, err := scenarios.Parse("scenario.toml", text, opt.FS)
	if err != nil {
		return nil, err
	}
	hs, err := runHourly(text, scheduleDefaults(opt, sc))
	if err != nil {
		return nil, err
	}
	return check(hs, t), nil
}

// ScheduleText is staticText with plan as its schedule: each location's
// always_on, target_idle and maximum set to hour 0's, and, at every whole
// hour after 0 within the horizon where a location's settings change, an
// UpdateStreamGroup per group with the new settings (hour mod 24): those
// that raise always_on or target_idle lead ahead of the hour (capacity
// takes the allocation delay to become ready), the others at the hour.
func ScheduleText(staticText []byte, locs []ScheduleLocation, plan Plan, lead time.Duration) ([]byte, error) {
	base, err := scenarios.Parse("static.toml", staticText, nil)
	if err != nil {
		return nil, err
	}
	var paths, values []string
	for i, l := range locs {
		path := fmt.Sprintf("stream_group[%d].location[%d].", l.group, l.index)
		paths = append(paths, path+"always_on", path+"target_idle", path+"maximum")
		values = append(values, fmt.Sprint(plan.AlwaysOn[i][0]), fmt.Sprint(plan.TargetIdle[i][0]), fmt.Sprint(plan.Maximum[i][0]))
	}
	text, err := scenarios.EditText(staticText, paths, values)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.Write(text)
	b.WriteString("\n# The hourly capacity schedule (capsim optimize --schedule hourly): the\n" +
		"# UpdateStreamGroup calls a scheduler makes each day; raises go out\n" +
		fmt.Sprintf("# %v ahead of their hour so the capacity is allocated by then.\n", lead))
	for at := time.Hour; at < base.Simulation.Horizon; at += time.Hour {
		h, prev := int(at/time.Hour)%24, int(at/time.Hour-1)%24
		for g, grp := range base.StreamGroups {
			var up, down []string
			for i, l := range locs {
				if l.group != g || plan.same(i, h, prev) {
					continue
				}
				entry := fmt.Sprintf("  { name = %q, always_on = %d, target_idle = %d, maximum = %d },\n",
					l.Name, plan.AlwaysOn[i][h], plan.TargetIdle[i][h], plan.Maximum[i][h])
				if plan.AlwaysOn[i][h] > plan.AlwaysOn[i][prev] || plan.TargetIdle[i][h] > plan.TargetIdle[i][prev] {
					up = append(up, entry)
				} else {
					down = append(down, entry)
				}
			}
			writeUpdate(&b, at-lead, grp.Name, up)
			writeUpdate(&b, at, grp.Name, down)
		}
	}
	return []byte(b.String()), nil
}

func (p Plan) same(i, h, prev int) bool {
	return p.AlwaysOn[i][h] == p.AlwaysOn[i][prev] && p.TargetIdle[i][h] == p.TargetIdle[i][prev] && p.Maximum[i][h] == p.Maximum[i][prev]
}

func writeUpdate(b *strings.Builder, at time.Duration, group string, entries []string) {
	if len(entries) == 0 {
		return
	}
	fmt.Fprintf(b, "\n[[timeline]]\nat = %q\naction = \"UpdateStreamGroup\"\nstream_group = %q\nlocations = [\n%s]\n",
		scenarios.CompactDuration(at), group, strings.Join(entries, ""))
}
