package schedule

import (
	"fmt"
	"math"
	"strings"

	"github.com/capsim/capsim/experiment/optimize"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/simrun"
)

// Criterion says what every hour of a schedule is checked against.
func Criterion(t optimize.Targets, reps int) string {
	var parts []string
	if !math.IsNaN(t.FailureRatio) {
		parts = append(parts, fmt.Sprintf("placement failure ratio <= %g", t.FailureRatio))
	}
	if !math.IsNaN(t.P95Seconds) {
		parts = append(parts, fmt.Sprintf("p95 placement latency <= %g s", t.P95Seconds))
	}
	return fmt.Sprintf("each hour of the day (requests by arrival hour, all locations): %s, one-sided 95%% upper bound over %d fresh replications",
		strings.Join(parts, " and "), reps)
}

// Report is optimize.json's schedule: the plan and checks of r (sized to
// t) and the savings against the static plans.
func Report(r *Result, t optimize.Targets) *reports.OptimizeSchedule {
	s := r.Schedule
	cost := sim.NewEstimate(s.CostUSD)
	o := &reports.OptimizeSchedule{Criterion: Criterion(t, r.VerifyReplications), Iterations: r.Iterations,
		Converged: r.Converged, HoldsStatic: r.HoldsStatic, Adjustments: r.Adjustments, Trimmed: r.Trimmed, Simulated: r.Simulated, Meets: s.Meets, Replications: r.Replications, Verify: r.VerifyReplications,
		LeadSeconds: reports.Number(r.Lead.Seconds()), CostUSD: reports.Number(cost.Mean), CostCI: reports.Number(cost.CI95)}
	for i, l := range r.Locations {
		rl := reports.ScheduleLocation{Group: l.Group, Name: l.Name}
		for h := range 24 {
			sh := s.Hours[h].Locations[i]
			rl.Hours = append(rl.Hours, reports.ScheduleHour{Hour: h, AlwaysOn: r.Plan.AlwaysOn[i][h],
				TargetIdle: r.Plan.TargetIdle[i][h], Maximum: r.Plan.Maximum[i][h],
				OfferedLoad: reports.Number(sh.OfferedLoad), HourCheck: hourCheck(sh)})
		}
		o.Locations = append(o.Locations, rl)
	}
	o.Static, o.HourlyStatic = staticReport(r, r.StaticPlan()), staticReport(r, r.HourlyStatic)
	for h := range 24 {
		o.Hours = append(o.Hours, reports.ScheduleTotal{Hour: h, HourCheck: hourCheck(s.Hours[h].Total),
			Static: hourCheck(r.Static.Hours[h].Total)})
	}
	return o
}

// staticReport is the static plan p and the schedule's saving against it,
// paired over the replications (common random numbers).
func staticReport(r *Result, p *HourlyStatic) reports.ScheduleStatic {
	saving, cost := simrun.PairedDifference(p.Checked.CostUSD, r.Schedule.CostUSD), sim.NewEstimate(p.Checked.CostUSD)
	o := reports.ScheduleStatic{CostUSD: reports.Number(cost.Mean), HoursMeeting: p.Checked.MeetingHours(),
		SavingUSD: reports.Number(saving.Mean), SavingCI: reports.Number(saving.CI95),
		SavingPercent: reports.Number(100 * saving.Mean / cost.Mean), Simulated: p.Simulated}
	for i, l := range r.Locations {
		o.Locations = append(o.Locations, reports.StaticSettings{Name: l.Name, AlwaysOn: p.AlwaysOn[i],
			TargetIdle: p.TargetIdle[i], Maximum: p.Maximum[i]})
	}
	return o
}

func hourCheck(s ScopeHour) reports.HourCheck {
	b := func(x simrun.Bounded) reports.Bounded {
		return reports.Bounded{Mean: reports.Number(x.Mean), Upper: reports.Number(x.Upper)}
	}
	return reports.HourCheck{Requests: reports.Number(s.Requests), FailureRatio: b(s.FailureRatio),
		P95Seconds: b(s.P95Seconds), Meets: s.Meets}
}
