package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/capsim/capsim/experiment"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/reports/htmlreport"
	"github.com/capsim/capsim/reports/plots"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/simrun"
)

// scheduleCriterion says what every hour of a schedule is checked against.
func scheduleCriterion(t experiment.Targets, reps int) string {
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

// checkSchedule rejects, before any simulation, a --schedule the scenario
// or the requirements cannot take.
func checkSchedule(sc *scenarios.Scenario, schedule string, reqs []simrun.Requirement) error {
	if schedule == "" {
		return nil
	}
	if t := targets(reqs); math.IsNaN(t.FailureRatio) && math.IsNaN(t.P95Seconds) {
		return &usageError{"optimize --schedule hourly needs --require total.placement_failure_ratio<=X or total.placement_latency_seconds.p95<=X"}
	}
	for _, r := range reqs {
		// the schedule holds every hour to targets(reqs)'s two limits and nothing else
		if t := targets([]simrun.Requirement{r}); !strings.HasPrefix(r.Name, "total.") ||
			math.IsNaN(t.FailureRatio) && math.IsNaN(t.P95Seconds) {
			return &usageError{fmt.Sprintf("optimize --schedule hourly holds every hour to total.placement_failure_ratio<=X and "+
				"total.placement_latency_seconds.p95<=X only; --require %s cannot be held hour by hour (drop it, or drop --schedule)", r)}
		}
	}
	if err := experiment.CheckSchedulable(sc); err != nil {
		return &usageError{"optimize --schedule hourly: " + strings.TrimPrefix(err.Error(), "experiment: schedule: ")}
	}
	return nil
}

// optimizeSchedule sizes the hourly schedule of sc for reqs, starting
// from the static plan's text staticText (best.toml of the best static
// plan; nil: no static plan, so no schedule), and returns it with its
// report.
func optimizeSchedule(sc *scenarios.Scenario, staticText []byte, reqs []simrun.Requirement, workers int) (*experiment.ScheduleResult, *reports.OptimizeSchedule, error) {
	t := targets(reqs)
	if staticText == nil {
		return nil, nil, nil
	}
	r, err := experiment.Schedule(staticText, t, experiment.ScheduleOptions{Workers: workers, FS: sc.FS()})
	if err != nil {
		return nil, nil, err
	}
	return r, scheduleReport(r, t), nil
}

// scheduleReport is optimize.json's schedule: the plan and checks of r
// and the savings against the static plans.
func scheduleReport(r *experiment.ScheduleResult, t experiment.Targets) *reports.OptimizeSchedule {
	s := r.Schedule
	cost := sim.NewEstimate(s.CostUSD)
	o := &reports.OptimizeSchedule{Criterion: scheduleCriterion(t, r.VerifyReplications), Iterations: r.Iterations,
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
func staticReport(r *experiment.ScheduleResult, p *experiment.HourlyStatic) reports.ScheduleStatic {
	saving, cost := experiment.PairedDifference(p.Checked.CostUSD, r.Schedule.CostUSD), sim.NewEstimate(p.Checked.CostUSD)
	o := reports.ScheduleStatic{CostUSD: reports.Number(cost.Mean), HoursMeeting: p.Checked.MeetingHours(),
		SavingUSD: reports.Number(saving.Mean), SavingCI: reports.Number(saving.CI95),
		SavingPercent: reports.Number(100 * saving.Mean / cost.Mean), Simulated: p.Simulated}
	for i, l := range r.Locations {
		o.Locations = append(o.Locations, reports.StaticSettings{Name: l.Name, AlwaysOn: p.AlwaysOn[i],
			TargetIdle: p.TargetIdle[i], Maximum: p.Maximum[i]})
	}
	return o
}

func hourCheck(s experiment.ScopeHour) reports.HourCheck {
	b := func(x experiment.Bounded) reports.Bounded {
		return reports.Bounded{Mean: reports.Number(x.Mean), Upper: reports.Number(x.Upper)}
	}
	return reports.HourCheck{Requests: reports.Number(s.Requests), FailureRatio: b(s.FailureRatio),
		P95Seconds: b(s.P95Seconds), Meets: s.Meets}
}

// printSchedule prints the schedule: the settings per location and hour
// (maximum where a location allocates on demand),
// the check of every hour under it and under the static plan, and the
// saving against the static plan.
func printSchedule(w io.Writer, s *reports.OptimizeSchedule) {
	conv := "stable"
	if !s.Converged {
		conv = "not stable (the iteration limit)"
	}
	fmt.Fprintf(w, "hourly schedule: %d staffing iterations (%s), %d adjustment rounds, %d trim rounds, %d plans simulated; by UTC hour (raises issued %gs ahead):\n",
		s.Iterations, conv, s.Adjustments, s.Trimmed, s.Simulated, float64(s.LeadSeconds))
	fmt.Fprintf(w, "  %-26s", "hour")
	for h := range 24 {
		fmt.Fprintf(w, "%4d", h)
	}
	fmt.Fprintln(w)
	for _, l := range s.Locations {
		row := func(label string, v func(reports.ScheduleHour) int) {
			fmt.Fprintf(w, "  %-26s", reports.TerminalSafe(l.Name)+" "+label)
			for _, h := range l.Hours {
				fmt.Fprintf(w, "%4d", v(h))
			}
			fmt.Fprintln(w)
		}
		row("always_on", func(h reports.ScheduleHour) int { return h.AlwaysOn })
		row("target_idle", func(h reports.ScheduleHour) int { return h.TargetIdle })
		if slices.ContainsFunc(l.Hours, func(h reports.ScheduleHour) bool { return h.Maximum > 0 }) {
			row("maximum", func(h reports.ScheduleHour) int { return h.Maximum })
		}
	}
	worstF, worstP, meet := 0.0, 0.0, 0
	for _, h := range s.Hours {
		worstF, worstP = max(worstF, float64(h.FailureRatio.Upper)), max(worstP, float64(h.P95Seconds.Upper))
		if h.Meets {
			meet++
		}
	}
	fmt.Fprintf(w, "per-hour criterion: %s\n", s.Criterion)
	fmt.Fprintf(w, "the schedule meets it in %d of 24 hours (worst hour's bounds: failure ratio %.4f, p95 %.3g s); total.cost_usd %.6g ± %.2g\n",
		meet, worstF, worstP, float64(s.CostUSD), float64(s.CostCI))
	printStatic(w, "the best static plan (optimize's, for the day as a whole)", s.Static)
	printStatic(w, "the static plan meeting every hour", s.HourlyStatic)
	if s.HoldsStatic {
		fmt.Fprintln(w, "the hourly schedule found nothing cheaper than holding the static plan that meets every hour: the schedule above is that plan, and best.toml holds it (no timeline actions)")
	}
}

func printStatic(w io.Writer, what string, p reports.ScheduleStatic) {
	var set []string
	for _, l := range p.Locations {
		set = append(set, fmt.Sprintf("%s %d/%d/%d", reports.TerminalSafe(l.Name), l.AlwaysOn, l.TargetIdle, l.Maximum))
	}
	fmt.Fprintf(w, "%s (always_on/target_idle/maximum: %s) meets it in %d of 24 hours, total.cost_usd %.6g: the schedule saves %.2f ± %.2f USD (%.1f%%)\n",
		what, strings.Join(set, ", "), p.HoursMeeting, float64(p.CostUSD), float64(p.SavingUSD), float64(p.SavingCI), float64(p.SavingPercent))
}

// addSchedulePage writes the schedule's plots and adds them, its key
// figures and its table to the optimize page, whose figures are before's
// (so that SVG ids stay unique on the page).
func addSchedulePage(create createFunc, page *htmlreport.Page, s *reports.OptimizeSchedule, before []plots.Plot) error {
	ps, err := plots.Schedule(s)
	if err != nil {
		return err
	}
	if err := writePlots(create, ps); err != nil {
		return err
	}
	htmlreport.AddSchedule(page, s, pageFigures(append(slices.Clip(before), ps...))[len(before):])
	return nil
}
