package htmlreport

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/capsim/capsim/reports"
)

// NewSweepPage assembles sweep.html: the sweep's scenario, how many points
// are feasible and Pareto-efficient, the plots in the order given, a table
// of every point's key metrics, the skipped points and the command line.
func NewSweepPage(sw *reports.Sweep, figs []Figure, command string) *Page {
	feasible, pareto := 0, 0
	for _, p := range sw.Points {
		if p.FeasibleBound != nil && *p.FeasibleBound {
			feasible++
		}
		if p.Pareto {
			pareto++
		}
	}
	p := &Page{
		Title: "capsim sweep: " + sw.Scenario,
		Meta:  runMeta(sw.Scenario, sw.ScenarioSHA256, sw.Seed, sw.Replications, sw.HorizonSeconds, sw.WarmupSeconds),
		KeyFigures: []Field{
			{Label: "points", Value: strconv.Itoa(len(sw.Points)), Note: fmt.Sprintf("%d skipped as invalid", len(sw.Skipped))},
			{Label: "Pareto-efficient", Value: strconv.Itoa(pareto), Note: "cost against p95 placement latency"},
		},
		Notes: []string{"Every point runs under the same seed, so every point sees the same demand. " +
			"Each figure is the mean over the replications; ± is its 95% confidence half-width."},
		Figures: figs,
		Tables:  []Table{{ID: "points", Caption: "Every point: its values, total figures, feasibility and Pareto efficiency.", Table: sweepTable(sw)}},
		Command: command,
		Version: sw.CapsimVersion,
	}
	if len(sw.Requirements) > 0 {
		p.KeyFigures = append(p.KeyFigures, Field{Label: "feasible", Value: strconv.Itoa(feasible),
			Note: "on the one-sided 95% bounds: " + strings.Join(sw.Requirements, ", ")})
	}
	for _, s := range sw.Skipped {
		p.Notes = append(p.Notes, "Skipped "+strings.Join(pairs(sw.Paths, s.Values), ", ")+": "+s.Error)
	}
	return p
}

func pairs(paths, values []string) []string {
	out := make([]string, len(values))
	for i := range values {
		out[i] = paths[i] + "=" + values[i]
	}
	return out
}

// sweepKeys are the total metrics sweepTable shows, with their headers.
var sweepKeys = []struct{ name, head string }{
	{reports.SweepCost, "cost (USD)"},
	{reports.SweepLatency, "latency p95 (s)"},
	{"total.placement_failure_ratio", "failure ratio"},
	{"total.utilisation", "utilisation"},
	{"total.idle_cost_usd", "idle cost (USD)"},
}

func sweepTable(sw *reports.Sweep) reports.Table {
	t := reports.Table{Header: append([]string{"#"}, sw.Paths...)}
	for _, k := range sweepKeys {
		t.Header = append(t.Header, k.head)
	}
	if len(sw.Requirements) > 0 {
		t.Header = append(t.Header, "feasible (mean)", "feasible (95% bound)")
	}
	t.Header = append(t.Header, "Pareto")
	for i, p := range sw.Points {
		row := append([]string{strconv.Itoa(i + 1)}, p.Values...)
		for _, k := range sweepKeys {
			row = append(row, formatEstimate(p.Summary, k.name))
		}
		if p.Feasible != nil {
			row = append(row, yesNo(*p.Feasible), yesNo(*p.FeasibleBound))
		}
		row = append(row, yesNo(p.Pareto))
		t.Rows = append(t.Rows, row)
	}
	return t
}

func formatEstimate(s *reports.Summary, name string) string {
	v, err := s.Metric(name)
	if err != nil || math.IsNaN(v.Mean) {
		return "n/a"
	}
	if math.IsNaN(v.CI95) {
		return strconv.FormatFloat(v.Mean, 'g', 4, 64)
	}
	return strconv.FormatFloat(v.Mean, 'g', 4, 64) + " ± " + strconv.FormatFloat(v.CI95, 'g', 2, 64)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
