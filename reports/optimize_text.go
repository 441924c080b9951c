package reports

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
)

// WriteOptimizeTable writes what optimize found, answer first: the plan
// chosen (its settings beside the scenario's), its objective and the
// saving against the scenario as given (on the verification's fresh
// replications), each requirement's mean, bound and margin in its worst
// scope and, for a wildcard, every scope's margin; the guarantee, the
// re-check command, the fragility table, the runner-up, and the plans
// and replications the search and the verification took against the
// grid's; then the schedule if there is one.
func WriteOptimizeTable(w io.Writer, o *Optimize) {
	c := o.Chosen
	fmt.Fprintf(w, "plan #%d, verified on %d fresh replications: %s\n", c.Plan+1, c.Replications, settingsLine(o.Settings))
	fmt.Fprintf(w, "%s: %s ± %s", o.Objective, g6(c.Objective), g2(c.ObjectiveCI))
	if r := o.Reference; r != nil && r.Saving != nil && r.Plan != c.Plan {
		fmt.Fprintf(w, "; the scenario as given: %s ± %s (requirements: %s), %s", g6(r.Objective), g2(r.ObjectiveCI), r.Status, savingText(*r.Saving))
	} else if r != nil {
		fmt.Fprint(w, "; the scenario as given is the plan: no plan is clearly cheaper")
	}
	fmt.Fprintln(w)
	writeRequirementMargins(w, c.Requirements)
	for _, sc := range c.Scales {
		fmt.Fprintf(w, "at demand ×%g:\n", sc.Scale)
		writeRequirementMargins(w, sc.Requirements)
	}
	fmt.Fprintf(w, "guarantee: %s\n", TerminalSafe(o.Guarantee))
	fmt.Fprintf(w, "re-check: %s\n", TerminalSafe(o.Recheck))
	fmt.Fprint(w, quotaBindingText(o))
	writeFragility(w, o.Fragility)
	if r := o.RunnerUp; r != nil && r.Saving != nil {
		fmt.Fprintf(w, "runner-up #%d: %s %s ± %s on the same replications (requirements: %s); against it %s\n",
			r.Plan+1, o.Objective, g6(r.Objective), g2(r.ObjectiveCI), r.Status, savingText(*r.Saving))
	}
	fmt.Fprintf(w, "%d plans evaluated, %d skipped as invalid; %d replications (search %d, verification %d; the grid: %.3g plans)\n",
		len(o.Evaluated), len(o.Skipped), o.Replications, o.SearchReplications, o.Replications-o.SearchReplications, o.GridSize)
	if o.Schedule != nil {
		writeSchedule(w, o.Schedule)
	}
}

// savingText says what the plan saves against another (paired): "the
// plan saves 47.4 ± 1.9 (6.4%)", or "the plan's objective is 0.0004 ±
// 7e-05 higher" when it saves nothing.
func savingText(s OptimizeSaving) string {
	pct := ""
	if !math.IsNaN(float64(s.Percent)) {
		pct = fmt.Sprintf(" (%.1f%%)", float64(s.Percent))
	}
	if s.Mean >= 0 {
		return fmt.Sprintf("the plan saves %s ± %s%s", g6(s.Mean), g2(s.CI95), pct)
	}
	return fmt.Sprintf("the plan's objective is %s ± %s higher", g6(-s.Mean), g2(s.CI95))
}

// settingsLine is the plan's settings, "label value (given x)" where they
// differ from the scenario's.
func settingsLine(ss []OptimizeSetting) string {
	var out []string
	for _, s := range ss {
		item := TerminalSafe(s.Label) + " " + s.Chosen
		if s.Given != s.Chosen {
			item += " (given " + s.Given + ")"
		}
		out = append(out, item)
	}
	return strings.Join(out, ", ")
}

// writeRequirementMargins writes each requirement's worst scope, mean,
// bound and margin, and for a wildcard each scope's margin.
func writeRequirementMargins(w io.Writer, as []Assessment) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  requirement\tworst scope\tmean\tbound\tmargin\t")
	for _, a := range as {
		scope := a.Scope
		if scope == "" {
			scope = "—"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t\n", TerminalSafe(a.Requirement), scope, g4(a.Mean), g4(a.Bound), g4(a.Margin))
	}
	tw.Flush()
	for _, a := range as {
		if len(a.Scopes) == 0 {
			continue
		}
		var parts []string
		for _, s := range a.Scopes {
			parts = append(parts, s.Scope+" "+g2(s.Margin))
		}
		fmt.Fprintf(w, "  margins of %s: %s\n", TerminalSafe(a.Requirement), strings.Join(parts, ", "))
	}
}

// writeFragility writes the fragility table.
func writeFragility(w io.Writer, rows []OptimizeFragile) {
	if len(rows) == 0 {
		return
	}
	fmt.Fprintln(w, "fragility (every demand scaled; fresh replications):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  demand\tplan: failure ratio\tp95 wait (s)\tcost (USD)\tmeets\tas given: failure ratio\tp95 wait (s)\tcost (USD)\tmeets\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "  ×%g\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.Scale,
			pct(r.Chosen.FailureRatio.Mean), g3(r.Chosen.P95Seconds.Mean), g6(Number(r.Chosen.CostUSD.Mean)), yes(r.Chosen.Meets),
			pct(r.Given.FailureRatio.Mean), g3(r.Given.P95Seconds.Mean), g6(Number(r.Given.CostUSD.Mean)), yes(r.Given.Meets))
	}
	tw.Flush()
	for _, r := range rows {
		for _, c := range []struct {
			who  string
			cell FragileCell
		}{{"the plan", r.Chosen}, {"as given", r.Given}} {
			if len(c.cell.Misses) > 0 {
				fmt.Fprintf(w, "  ×%g, %s misses %s\n", r.Scale, c.who, TerminalSafe(strings.Join(c.cell.Misses, "; ")))
			}
		}
	}
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func pct(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return strconv.FormatFloat(100*x, 'f', 2, 64) + "%"
}

func g2(x Number) string  { return fmtG(float64(x), 2) }
func g3(x float64) string { return fmtG(x, 3) }
func g4(x Number) string  { return fmtG(float64(x), 4) }
func g6(x Number) string  { return fmtG(float64(x), 6) }

func fmtG(x float64, digits int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	return strconv.FormatFloat(x, 'g', digits, 64)
}
