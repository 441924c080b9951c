package htmlreport

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/sim/metric"
)

// NewOptimizePage assembles optimize.html, answer first: the plan chosen
// (its settings per location, beside the scenario's), its objective and
// the saving against the scenario as given, each requirement's margin in
// its worst scope, the re-check's chance, all on the verification's fresh
// replications, and the guarantee; then the figures (the frontier), the
// settings, the margins of every scope, the fragility table, the
// verification rounds, the plans the search evaluated and the skipped;
// the command line. Without a plan it says why.
func NewOptimizePage(o *reports.Optimize, sw *reports.Sweep, figs []Figure, command string) *Page {
	p := &Page{
		Title:   "capsim optimize: " + o.Scenario,
		Meta:    runMeta(o.Scenario, o.ScenarioSHA256, o.Seed, o.Replications, o.HorizonSeconds, o.WarmupSeconds),
		Figures: figs,
		Command: command,
		Version: o.CapsimVersion,
	}
	p.Meta[3] = Field{Label: "replications simulated", Value: strconv.Itoa(o.Replications)}
	if o.Chosen == nil {
		p.KeyFigures = []Field{{Label: "plan chosen", Value: "none", Note: noPlan(o)}}
	} else {
		p.KeyFigures = chosenFigures(o)
		p.Notes = append(p.Notes, "Guarantee: "+o.Guarantee, "Re-check: "+o.Recheck)
		p.Lead = []Table{{ID: "settings", Caption: "The plan chosen, by location (or fleet): each setting's value, the " +
			"scenario's in brackets where it differs.", Table: settingsTable(o.Settings)},
			{ID: "fragility", Caption: "Fragility: every demand scaled by a factor, on fresh replications; means (95% CIs in " +
				"optimize.json); where a plan misses its requirements, which ones and at which scope.", Table: fragilityTable(o.Fragility)}}
		p.Tables = append(p.Tables, Table{ID: "margins", Caption: "Each requirement in each scope it names, on the verification's " +
			"fresh replications: the mean, the one-sided bound the verification judged it on, and the margin that leaves to the limit.",
			Table: marginsTable(o)})
	}
	p.Tables = append(p.Tables, Table{ID: "verification", Caption: "Verification rounds: the plan verified, the fresh " +
		"replications, the one-sided error of every bound (the rounds' add up to 0.05), and the verdict.", Table: roundsTable(o)},
		Table{ID: "points", Caption: "Every plan the search evaluated (#1 the scenario as given), on the search's own replications: " +
			"its values, total figures, feasibility and Pareto efficiency.", Table: sweepTable(sw)})
	p.Notes = append(p.Notes, fmt.Sprintf("The search evaluated %d plans on %d replications; the verification ran %d fresh ones.",
		len(o.Evaluated), o.SearchReplications, o.Replications-o.SearchReplications))
	for _, s := range o.Skipped {
		p.Notes = append(p.Notes, "Skipped "+strings.Join(pairs(o.Paths, s.Values), ", ")+": "+s.Error)
	}
	return p
}

// noPlan says why optimize chose no plan.
func noPlan(o *reports.Optimize) string {
	if n := len(o.Verification); n > 0 {
		return fmt.Sprintf("no plan held on fresh replications in %d verification rounds", n)
	}
	if o.Closest >= 0 {
		return fmt.Sprintf("no plan in the ranges is feasible; the closest, #%d, misses %s", o.Closest+1, o.Misses)
	}
	return "no plan in the ranges is feasible"
}

// chosenFigures are the key figures of the plan chosen.
func chosenFigures(o *reports.Optimize) []Field {
	c := o.Chosen
	obj := sim.Estimate{Mean: float64(c.Objective), CI95: float64(c.ObjectiveCI)}
	out := []Field{
		{Label: "plan chosen", Value: "#" + strconv.Itoa(c.Plan+1), Note: settingsNote(o.Settings)},
		{Label: objectiveLabel(o.Objective), Value: objectiveText(o.Objective, obj),
			Note: fmt.Sprintf("on %d fresh replications (95%% CI)", c.Replications)},
	}
	if r := o.Reference; r != nil && r.Saving != nil && r.Plan != c.Plan {
		label, sv := "saving against the scenario as given", *r.Saving
		if sv.Mean < 0 { // dearer than the scenario as given, which then misses a requirement
			label, sv.Mean, sv.Percent = "extra cost against the scenario as given", -sv.Mean, -sv.Percent
		}
		out = append(out, Field{Label: label, Value: savingValue(o.Objective, sv),
			Note: fmt.Sprintf("paired, same replications; as given: %s, which %s",
				objectiveText(o.Objective, sim.Estimate{Mean: float64(r.Objective), CI95: float64(r.ObjectiveCI)}), givenVerdict(r.Status))})
	} else if r != nil {
		out = append(out, Field{Label: "saving against the scenario as given", Value: "none",
			Note: "the scenario as given is the plan: no plan is clearly cheaper"})
	}
	for _, a := range c.Requirements {
		u := unitOf(c.Summary, a.Requirement)
		note := fmt.Sprintf("mean %s, bound %s", inUnit(a.Mean, u), inUnit(a.Bound, u))
		if a.Scope != "" {
			note = fmt.Sprintf("worst of %d scopes: %s; ", len(a.Scopes), a.Scope) + note
		}
		out = append(out, Field{Label: a.Requirement, Value: "margin " + inUnit(a.Margin, u), Note: note})
	}
	if o.RecheckPass > 0 {
		out = append(out, Field{Label: "re-check passes", Value: strconv.FormatFloat(float64(c.RecheckPass), 'f', 3, 64),
			Note: fmt.Sprintf("estimated; asked: at least %s", num(o.RecheckPass))})
	}
	return out
}

// unitOf is the unit of a requirement's metric (in any scope).
func unitOf(s *reports.Summary, req string) metric.Unit {
	r, err := metric.ParseRequirement(req)
	if err != nil || s == nil {
		return ""
	}
	n, err := metric.ParseName(r.Name)
	if err != nil {
		return ""
	}
	names, err := s.Expand(n)
	if err != nil || len(names) == 0 {
		return ""
	}
	v, err := s.Lookup(names[0])
	if err != nil {
		return ""
	}
	return v.Unit
}

// inUnit writes x in unit u: a fraction as a percentage, seconds with s,
// US dollars with $.
func inUnit(x reports.Number, u metric.Unit) string {
	f := float64(x)
	switch {
	case math.IsNaN(f):
		return "n/a"
	case u == metric.Fraction:
		return strconv.FormatFloat(100*f, 'g', 3, 64) + "%"
	case u == metric.Seconds:
		return strconv.FormatFloat(f, 'g', 3, 64) + " s"
	case u == metric.USD:
		return reports.FormatUSD(sim.Estimate{Mean: f, CI95: math.NaN()})
	}
	return num(x)
}

// objectiveLabel and objectiveText show the objective: dollars for a cost.
func objectiveLabel(name string) string {
	if strings.Contains(name, "cost_usd") {
		return "cost (" + name + ")"
	}
	return name
}

func objectiveText(name string, e sim.Estimate) string {
	if strings.Contains(name, "cost_usd") {
		return reports.FormatUSD(e)
	}
	return reports.FormatSig3(e)
}

// givenVerdict is the scenario as given's status in words.
func givenVerdict(status string) string {
	switch status {
	case "holds":
		return "meets the requirements"
	case "fails":
		return "fails the requirements"
	}
	return "may not meet the requirements (" + status + ")"
}

func savingValue(name string, s reports.OptimizeSaving) string {
	v := objectiveText(name, sim.Estimate{Mean: float64(s.Mean), CI95: float64(s.CI95)})
	if p := float64(s.Percent); !math.IsNaN(p) {
		v += fmt.Sprintf(" (%.1f%%)", p)
	}
	return v
}

// settingsNote is the settings that differ from the scenario's, briefly.
func settingsNote(ss []reports.OptimizeSetting) string {
	var out []string
	for _, s := range ss {
		if s.Given != s.Chosen {
			out = append(out, fmt.Sprintf("%s %s→%s", s.Label, s.Given, s.Chosen))
		}
	}
	if len(out) == 0 {
		return "the scenario as given"
	}
	return strings.Join(out, ", ")
}
