package reports

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/capsim/capsim/sim/metric"
)

// The commands' terminal output beyond the summary tables ([WriteTable],
// [WriteFleetTable], [WriteCompareTable]): what capsim run, sweep,
// sensitivity and optimize print. Names from the scenario are made
// terminal-safe.

// G6 is x with 6 significant digits, "undefined" for NaN.
func (x Number) G6() string {
	if math.IsNaN(float64(x)) {
		return "undefined"
	}
	return fmt.Sprintf("%.6g", float64(x))
}

// WriteRunTables writes a run's tables: the stream groups' (hasGroups)
// and the fleets', then the assertions judged on it.
func WriteRunTables(w io.Writer, hasGroups bool, s *Summary) error {
	if hasGroups {
		if err := WriteTable(w, s); err != nil {
			return err
		}
	}
	if len(s.Fleets) > 0 {
		if hasGroups {
			fmt.Fprintln(w)
		} else {
			m := s.Meta
			fmt.Fprintf(w, "scenario %s, seed %d, %d replications, horizon %s, warm-up %s\n\n", TerminalSafe(m.Scenario), m.Seed,
				m.Replications, FormatDuration(m.HorizonSeconds), FormatDuration(m.WarmupSeconds))
		}
		if err := WriteFleetTable(w, s.Fleets, s.FleetTotal); err != nil {
			return err
		}
	}
	return WriteAssertions(w, s.Assertions)
}

// WriteAssertions writes the assertions judged on a run, after its tables.
func WriteAssertions(w io.Writer, as []Assertion) error {
	if len(as) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\nassertions (judged on the %s; bound: one-sided 95%% confidence bound)\n", as[0].JudgedOn)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  \tassertion\tmean ± 95% CI\tbound\ton mean\ton bound")
	for _, a := range as {
		state := "held"
		if !a.Held {
			state = "FAILED"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s ± %s\t%s\t%s\t%s\n", state, TerminalSafe(a.Assertion), a.Mean.G6(), a.CI95.G6(),
			a.Bound.G6(), holds(a.HoldsOnMean), holds(a.HoldsOnBound))
	}
	return tw.Flush()
}

func holds(ok bool) string {
	if ok {
		return "holds"
	}
	return "fails"
}

// WriteSweepTable writes a line per point: its values, cost, p95 latency,
// every other metric a requirement names, feasibility and Pareto flag.
func WriteSweepTable(w io.Writer, sw *Sweep) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, p := range sw.Paths {
		fmt.Fprintf(tw, "%s\t", TerminalSafe(p))
	}
	cost, latency := sw.Axes()
	cols := []string{cost, latency}
	heads := []string{"cost (USD)", "latency p95 (s)"}
	for _, m := range sw.RequiredMetrics {
		if !slices.Contains(cols, m) {
			cols, heads = append(cols, m), append(heads, TerminalSafe(m))
		}
	}
	fmt.Fprintln(tw, strings.Join(heads, "\t")+"\tfeasible\tpareto")
	for _, p := range sw.Points {
		for _, v := range p.Values {
			fmt.Fprintf(tw, "%s\t", TerminalSafe(v))
		}
		feasible := "-"
		if p.Feasible != nil {
			feasible = fmt.Sprintf("%v (bound %v)", *p.Feasible, *p.FeasibleBound)
		}
		for _, c := range cols {
			fmt.Fprintf(tw, "%s\t", meanAndCI(p.Summary, c))
		}
		fmt.Fprintf(tw, "%s\t%v\n", feasible, p.Pareto)
	}
	return tw.Flush()
}

// meanAndCI is the metric name of s as "mean ± ci", "-" if undefined; a
// wildcard's is its worst scope's, named: "0.105 ± 0 at regions[japan]".
func meanAndCI(s *Summary, name string) string {
	v, err := s.Metric(name)
	at := ""
	if n, perr := metric.ParseName(name); err != nil && perr == nil && n.Wild() {
		if w, ok := s.Worst(n); ok {
			wn, _ := metric.ParseName(w.Name) // canonical, as Lookup names it
			v, err, at = w, nil, " at "+TerminalSafe(s.ScopeLabel(wn))
		}
	}
	if err != nil || math.IsNaN(v.Mean) {
		return "-"
	}
	return fmt.Sprintf("%.4g ± %.2g%s", v.Mean, v.CI95, at)
}

// WriteSensitivityTable writes, per metric, the five largest swings, a
// swing whose 95% CI includes zero marked "(noise)".
func WriteSensitivityTable(w io.Writer, s *Sensitivity) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for m, met := range s.Metrics {
		fmt.Fprintf(tw, "%s (baseline %s)\tlow\thigh\tswing (high − low)\n", met.Name, met.Baseline)
		for rank, i := range s.Tornado(m) {
			if rank == 5 {
				break
			}
			a := &s.Assumptions[i]
			sw := a.Effects[m].Swing
			noise := ""
			if math.Abs(sw.Mean) <= sw.CI95 {
				noise = " (noise)"
			}
			fmt.Fprintf(tw, "  %d. %s.%s\t%s\t%s\t%s%s\n", rank+1, a.Section, a.Key,
				TerminalSafe(a.Low), TerminalSafe(a.High), sw, noise)
		}
	}
	return tw.Flush()
}

// writeSchedule writes the schedule: the settings per location and hour
// (maximum where a location allocates on demand), the check of every hour
// under it and under the static plan, and the saving against the static
// plan.
func writeSchedule(w io.Writer, s *OptimizeSchedule) {
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
		row := func(label string, v func(ScheduleHour) int) {
			fmt.Fprintf(w, "  %-26s", TerminalSafe(l.Name)+" "+label)
			for _, h := range l.Hours {
				fmt.Fprintf(w, "%4d", v(h))
			}
			fmt.Fprintln(w)
		}
		row("always_on", func(h ScheduleHour) int { return h.AlwaysOn })
		row("target_idle", func(h ScheduleHour) int { return h.TargetIdle })
		if slices.ContainsFunc(l.Hours, func(h ScheduleHour) bool { return h.Maximum > 0 }) {
			row("maximum", func(h ScheduleHour) int { return h.Maximum })
		}
	}
	// An hour without requests (a horizon shorter than a day) has no
	// bounds (NaN): it is neither the worst nor counted.
	worstF, worstP, meet := 0.0, 0.0, 0
	for _, h := range s.Hours {
		if h.Empty() {
			continue
		}
		f, p := float64(h.FailureRatio.Upper), float64(h.P95Seconds.Upper)
		if !math.IsNaN(f) {
			worstF = max(worstF, f)
		}
		if !math.IsNaN(p) {
			worstP = max(worstP, p)
		}
		if h.Meets {
			meet++
		}
	}
	with := s.HoursWithRequests()
	hours := fmt.Sprintf("%d of 24 hours", meet)
	if with < len(s.Hours) {
		hours = fmt.Sprintf("%d of the %d hours with requests (%d had none)", meet, with, len(s.Hours)-with)
	}
	fmt.Fprintf(w, "per-hour criterion: %s\n", s.Criterion)
	fmt.Fprintf(w, "the schedule meets it in %s (worst hour's bounds: failure ratio %.4f, p95 %.3g s); total.cost_usd %.6g ± %.2g\n",
		hours, worstF, worstP, float64(s.CostUSD), float64(s.CostCI))
	if s.Static.SameSettings(s.HourlyStatic) {
		writeStatic(w, s, "the best static plan (optimize's, for the day as a whole, which also meets every hour)", s.Static)
	} else {
		writeStatic(w, s, "the best static plan (optimize's, for the day as a whole)", s.Static)
		writeStatic(w, s, "the static plan meeting every hour", s.HourlyStatic)
	}
	if s.HoldsStatic {
		fmt.Fprintln(w, "the hourly schedule found nothing cheaper than holding the static plan that meets every hour: the schedule above is that plan, and best.toml holds it (no timeline actions)")
	}
}

func writeStatic(w io.Writer, s *OptimizeSchedule, what string, p ScheduleStatic) {
	var set []string
	for _, l := range p.Locations {
		set = append(set, fmt.Sprintf("%s %d/%d/%d", TerminalSafe(l.Name), l.AlwaysOn, l.TargetIdle, l.Maximum))
	}
	fmt.Fprintf(w, "%s (always_on/target_idle/maximum: %s) meets it in %s, total.cost_usd %.6g: the schedule saves %.2f ± %.2f USD (%.1f%%)\n",
		what, strings.Join(set, ", "), s.StaticHours(p), float64(p.CostUSD), float64(p.SavingUSD), float64(p.SavingCI), float64(p.SavingPercent))
}
