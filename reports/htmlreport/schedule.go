package htmlreport

import (
	"fmt"
	"math"
	"strconv"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
)

// AddSchedule adds the hourly schedule of optimize --schedule hourly to an
// optimize page: its cost and savings as key figures, the criterion as a
// note, its figures first, and a table with a row per hour of the day.
func AddSchedule(p *Page, s *reports.OptimizeSchedule, figs []Figure) {
	if s.Static.SameSettings(s.HourlyStatic) {
		p.KeyFigures = append(p.KeyFigures,
			Field{Label: "schedule saves", Value: savingText(s.Static),
				Note: fmt.Sprintf("against the best static plan (%s a day), which meets the per-hour criterion in %s", usd(s.Static.CostUSD, math.NaN()), s.StaticHours(s.Static))})
	} else {
		p.KeyFigures = append(p.KeyFigures,
			Field{Label: "schedule saves", Value: savingText(s.HourlyStatic),
				Note: fmt.Sprintf("against a static plan meeting every hour (%s a day)", usd(s.HourlyStatic.CostUSD, math.NaN()))},
			Field{Label: "schedule vs best static plan", Value: savingText(s.Static),
				Note: fmt.Sprintf("which meets the per-hour criterion in %s", s.StaticHours(s.Static))})
	}
	p.Notes = append(p.Notes, "Hourly schedule (best.toml; static.toml holds the static plan): "+s.Criterion+".")
	p.Figures = append(figs, p.Figures...)
	p.Tables = append([]Table{{ID: "schedule", Caption: "The schedule by hour of the day (UTC): each location's " +
		"always_on, target_idle and maximum, and all locations' failure ratio and p95 placement latency by arrival hour " +
		"(mean over the replications, one-sided 95% upper bound in brackets); whether the hour meets the criterion " +
		"under the schedule and under the best static plan; — where the hour had no requests (it meets and fails nothing).", Table: scheduleTable(s)}}, p.Tables...)
}

// savingText is a saving as the other cards write money: "$26.54 ± 3.10
// (9.8%)"; a negative saving is an extra cost, said as such.
func savingText(st reports.ScheduleStatic) string {
	if st.SavingUSD < 0 {
		return fmt.Sprintf("costs %s more (%.1f%%)", usd(-st.SavingUSD, float64(st.SavingCI)), -float64(st.SavingPercent))
	}
	return fmt.Sprintf("%s (%.1f%%)", usd(st.SavingUSD, float64(st.SavingCI)), float64(st.SavingPercent))
}

// usd is dollars as every report writes them (reports.FormatUSD); a NaN
// ci leaves it out.
func usd(x reports.Number, ci float64) string {
	return reports.FormatUSD(sim.Estimate{Mean: float64(x), CI95: ci})
}

func num(x reports.Number) string { return strconv.FormatFloat(float64(x), 'g', 4, 64) }

func scheduleTable(s *reports.OptimizeSchedule) reports.Table {
	t := reports.Table{Header: []string{"hour"}}
	for _, l := range s.Locations {
		t.Header = append(t.Header, l.Name+" always_on", l.Name+" target_idle", l.Name+" maximum")
	}
	t.Header = append(t.Header, "requests", "failure ratio", "p95 (s)", "meets", "static plan meets")
	yes := map[bool]string{true: "yes", false: "no"}
	for h, tot := range s.Hours {
		row := []string{strconv.Itoa(tot.Hour)}
		for _, l := range s.Locations {
			row = append(row, strconv.Itoa(l.Hours[h].AlwaysOn), strconv.Itoa(l.Hours[h].TargetIdle), strconv.Itoa(l.Hours[h].Maximum))
		}
		if tot.Empty() {
			row = append(row, num(tot.Requests), "—", "—", "—", "—")
			t.Rows = append(t.Rows, row)
			continue
		}
		row = append(row, num(tot.Requests),
			fmt.Sprintf("%s (%s)", num(tot.FailureRatio.Mean), num(tot.FailureRatio.Upper)),
			fmt.Sprintf("%s (%s)", num(tot.P95Seconds.Mean), num(tot.P95Seconds.Upper)),
			yes[tot.Meets], yes[tot.Static.Meets])
		t.Rows = append(t.Rows, row)
	}
	return t
}
