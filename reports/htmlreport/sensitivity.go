package htmlreport

import (
	"fmt"
	"math"
	"strconv"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
)

// sensitivityNote says how the sensitivity analysis is made and why its
// intervals are paired.
const sensitivityNote = "Sensitivity: each documented assumption with a plausible range is moved alone to the low and " +
	"the high end of that range (an enum or boolean to its alternative; a [demand.client] key in every demand); " +
	"every variant runs under the same seed, so replication r of every variant sees the same demand " +
	"(common random numbers). The confidence interval of each difference (each end against the baseline, " +
	"and the swing high − low) is computed from the per-replication differences, which cancels the demand's " +
	"noise that two independent runs would add: that is why the variants share their random numbers."

// NewSensitivityPage assembles sensitivity.html: the tornado charts in
// the order given (one per metric), a table per metric in tornado order
// and the command line.
func NewSensitivityPage(s *reports.Sensitivity, figs []Figure, command string) *Page {
	p := &Page{
		Title: "capsim sensitivity: " + s.Scenario,
		Meta:  runMeta(s.Scenario, s.ScenarioSHA256, s.Seed, s.Replications, s.HorizonSeconds, s.WarmupSeconds),
		KeyFigures: []Field{
			{Label: "assumptions varied", Value: strconv.Itoa(len(s.Assumptions)), Note: "one at a time, low and high end"},
			{Label: "metrics", Value: strconv.Itoa(len(s.Metrics))},
		},
		Command: command,
		Version: s.CapsimVersion,
	}
	for i := range s.Metrics {
		o := s.Tornado(i)
		if len(o) > 0 {
			a := s.Assumptions[o[0]]
			sw := a.Effects[i].Swing
			note := s.Metrics[i].Name + ": " + estimateText(sw)
			if sw.N > 1 && !(math.Abs(sw.Mean) > sw.CI95) { // the CI spans 0 (or is undefined)
				note += ", indistinguishable from zero: no assumption moves this metric beyond the noise"
			}
			p.KeyFigures = append(p.KeyFigures, Field{Label: "largest swing", Value: a.Key, Note: note})
		}
	}
	AddSensitivity(p, s, figs)
	return p
}

// AddSensitivity adds the sensitivity analysis to a page: its note, the
// tornado charts and a table per metric.
func AddSensitivity(p *Page, s *reports.Sensitivity, figs []Figure) {
	p.Notes = append(p.Notes, sensitivityNote)
	p.Figures = append(p.Figures, figs...)
	for m, met := range s.Metrics {
		p.Tables = append(p.Tables, Table{ID: "sensitivity-" + Anchor(met.Name),
			Caption: fmt.Sprintf("Sensitivity of %s (baseline %s), largest swing first; ± is the 95%% CI of the paired difference.",
				met.Name, estimateText(met.Baseline)),
			Table: sensitivityTable(s, m)})
	}
}

func sensitivityTable(s *reports.Sensitivity, m int) reports.Table {
	t := reports.Table{Header: []string{"#", "assumption", "low", "high", "at low", "at high",
		"low − baseline", "high − baseline", "swing (high − low)"}}
	for rank, i := range s.Tornado(m) {
		a := &s.Assumptions[i]
		e := a.Effects[m]
		t.Rows = append(t.Rows, []string{strconv.Itoa(rank + 1), a.Section + "." + a.Key, a.Low, a.High,
			estimateText(e.Low), estimateText(e.High), estimateText(e.LowDelta), estimateText(e.HighDelta), estimateText(e.Swing)})
	}
	return t
}

func estimateText(e sim.Estimate) string {
	if e.N == 0 {
		return "n/a"
	}
	if e.N == 1 || e.CI95 != e.CI95 {
		return strconv.FormatFloat(e.Mean, 'g', 4, 64)
	}
	if e.CI95 <= 1e-9*math.Abs(e.Mean) { // rounding noise, not spread
		return strconv.FormatFloat(e.Mean, 'g', 4, 64) + " ± 0"
	}
	if e.CI95 > 0 && !math.IsInf(e.CI95, 0) {
		// the mean to the precision of its interval (two significant digits)
		d := max(0, 1-int(math.Floor(math.Log10(e.CI95))))
		return strconv.FormatFloat(e.Mean, 'f', d, 64) + " ± " + strconv.FormatFloat(e.CI95, 'f', d, 64)
	}
	return strconv.FormatFloat(e.Mean, 'g', 4, 64) + " ± " + strconv.FormatFloat(e.CI95, 'g', 2, 64)
}
