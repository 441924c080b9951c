package main

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/capsim/capsim/experiment"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
)

// scheduleCriterion says what every hour of a schedule is checked against.
func scheduleCriterion(t experiment.Targets, reps int) string {
	var parts []string
	if !math.IsNaN(t.FailureRatio) {
		parts = append(parts, fmt.Sprintf("placement failure ratio <= %g", t.FailureRatio))
	}
	if !math.IsNaN(t.P95Seconds) {
		parts = append(parts, fmt.Sprintf("mean placement wait <= %g s (the p95 limit; the model records no per-hour p95)", t.P95Seconds))
	}
	return fmt.Sprintf("each hour of the day, pooled over %d replications and the locations: %s", reps, strings.Join(parts, " and "))
}

// optimizeSchedule sizes the hourly schedule for reqs and returns it with
// its report, the saving measured against the static plan best (nil: no
// static plan, so no schedule).
func optimizeSchedule(sc *scenarios.Scenario, reqs []reports.Requirement, best *experiment.Evaluated, workers int) (*experiment.ScheduleResult, *reports.OptimizeSchedule, error) {
	t := targets(reqs)
	if math.IsNaN(t.FailureRatio) && math.IsNaN(t.P95Seconds) {
		return nil, nil, &usageError{"optimize --schedule hourly needs --require total.placement_failure_ratio<=X or total.placement_latency_seconds.p95<=X"}
	}
	if best == nil {
		return nil, nil, nil
	}
	text, err := bestTOML(sc, nil)
	if err != nil {
		return nil, nil, err
	}
	r, err := experiment.Schedule(text, t, experiment.ScheduleOptions{Workers: workers})
	if err != nil {
		return nil, nil, err
	}
	static, err := blockSeries(best.Block, reports.SweepCost)
	if err != nil {
		return nil, nil, err
	}
	staticText, err := bestTOML(sc, best.Point)
	if err != nil {
		return nil, nil, err
	}
	staticHours, _, err := experiment.CheckHours(staticText, t, experiment.ScheduleOptions{Workers: workers})
	if err != nil {
		return nil, nil, err
	}
	est, staticMean := sim.NewEstimate(r.CostUSD), meanOf(static)
	o := &reports.OptimizeSchedule{Criterion: scheduleCriterion(t, r.Replications), Iterations: r.Iterations,
		Converged: r.Converged, Adjustments: r.Adjustments, Meets: r.Meets, Replications: r.Replications,
		CostUSD: reports.Number(est.Mean), CostCI: reports.Number(est.CI95), StaticCostUSD: reports.Number(staticMean),
		SavingUSD: reports.Number(staticMean - est.Mean), SavingPercent: reports.Number(100 * (1 - est.Mean/staticMean))}
	for _, h := range staticHours {
		if h.Meets {
			o.StaticMeets++
		}
	}
	for i, l := range r.Locations {
		o.Locations = append(o.Locations, reports.ScheduleLocation{Group: l.Group, Name: l.Name, Capacity: r.Capacity[i][:]})
	}
	for _, h := range r.Hours {
		sh := reports.ScheduleHour{Hour: h.Hour, Requests: reports.Number(h.Requests), Failures: reports.Number(h.Failures),
			FailureRatio: reports.Number(h.FailureRatio), MeanWaitSeconds: reports.Number(h.MeanWaitSeconds), Meets: h.Meets}
		for _, a := range h.LoadBySlot {
			sh.OfferedLoad = append(sh.OfferedLoad, reports.Number(a))
		}
		o.Hours = append(o.Hours, sh)
	}
	return r, o, nil
}

// printSchedule prints the schedule: the slots per location and hour, the
// check and the saving against the static plan.
func printSchedule(w io.Writer, s *reports.OptimizeSchedule) {
	conv := "stable"
	if !s.Converged {
		conv = "not stable (the iteration limit)"
	}
	fmt.Fprintf(w, "hourly schedule: %d iterations (%s), %d adjustment rounds; always_on = maximum, target_idle = 0, by UTC hour:\n",
		s.Iterations, conv, s.Adjustments)
	fmt.Fprintf(w, "  %-14s", "hour")
	for h := range 24 {
		fmt.Fprintf(w, "%4d", h)
	}
	fmt.Fprintln(w)
	for _, l := range s.Locations {
		fmt.Fprintf(w, "  %-14s", reports.TerminalSafe(l.Name))
		for _, c := range l.Capacity {
			fmt.Fprintf(w, "%4d", c)
		}
		fmt.Fprintln(w)
	}
	worstF, worstW := 0.0, 0.0
	for _, h := range s.Hours {
		worstF, worstW = max(worstF, float64(h.FailureRatio)), max(worstW, float64(h.MeanWaitSeconds))
	}
	verdict := "every hour meets it"
	if !s.Meets {
		verdict = "SOME HOURS MISS IT"
	}
	fmt.Fprintf(w, "per-hour criterion: %s; %s (worst hour: failure ratio %.4f, mean wait %.3g s)\n", s.Criterion, verdict, worstF, worstW)
	fmt.Fprintf(w, "the static plan meets the per-hour criterion in %d of 24 hours\n", s.StaticMeets)
	fmt.Fprintf(w, "schedule total.cost_usd %.6g ± %.2g vs the static plan %.6g: saves %.2f USD (%.1f%%)\n",
		float64(s.CostUSD), float64(s.CostCI), float64(s.StaticCostUSD), float64(s.SavingUSD), float64(s.SavingPercent))
}
