package htmlreport

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
)

// settingsTable has a row per location (or fleet) and a column per
// setting: the plan's value, the scenario's in brackets where it differs.
func settingsTable(ss []reports.OptimizeSetting) reports.Table {
	var owners, kinds []string
	cell := map[[2]string]string{}
	for _, s := range ss {
		owner, kind := s.Label, ""
		if i := strings.LastIndexByte(s.Label, ' '); i > 0 {
			owner, kind = s.Label[:i], s.Label[i+1:]
		}
		if !slices.Contains(owners, owner) {
			owners = append(owners, owner)
		}
		if !slices.Contains(kinds, kind) {
			kinds = append(kinds, kind)
		}
		v := s.Chosen
		if s.Given != s.Chosen {
			v += " (" + s.Given + ")"
		}
		cell[[2]string{owner, kind}] = v
	}
	t := reports.Table{Header: append([]string{"location"}, kinds...)}
	for _, o := range owners {
		row := []string{o}
		for _, k := range kinds {
			row = append(row, cellOr(cell[[2]string{o, k}], "—"))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func cellOr(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

// marginsTable has a row per requirement and scope, at the scenario's own
// demand and at each other demand scale.
func marginsTable(o *reports.Optimize) reports.Table {
	t := reports.Table{Header: []string{"requirement", "demand", "scope", "mean", "bound", "margin", "holds"}}
	add := func(scale string, as []reports.Assessment) {
		for _, a := range as {
			if len(a.Scopes) == 0 {
				t.Rows = append(t.Rows, []string{a.Requirement, scale, "—", num(a.Mean), num(a.Bound), num(a.Margin), yesNo(a.Holds)})
				continue
			}
			for _, s := range a.Scopes {
				t.Rows = append(t.Rows, []string{a.Requirement, scale, s.Scope, num(s.Mean), num(s.Bound), num(s.Margin),
					yesNo(!(float64(s.Margin) < 0))})
			}
		}
	}
	add("×1", o.Chosen.Requirements)
	for _, s := range o.Chosen.Scales {
		add("×"+strconv.FormatFloat(s.Scale, 'g', -1, 64), s.Requirements)
	}
	return t
}

// fragilityTable has a column per demand scale and a row per figure: the
// plan's, then the scenario as given's failure ratio, p95 wait, cost and
// verdict.
func fragilityTable(rows []reports.OptimizeFragile) reports.Table {
	t := reports.Table{Header: []string{"demand"}}
	for _, r := range rows {
		t.Header = append(t.Header, "×"+strconv.FormatFloat(r.Scale, 'g', -1, 64))
	}
	for _, who := range []string{"plan", "as given"} {
		cells := func(f func(reports.FragileCell) string) []string {
			var out []string
			for _, r := range rows {
				c := r.Chosen
				if who != "plan" {
					c = r.Given
				}
				out = append(out, f(c))
			}
			return out
		}
		t.Rows = append(t.Rows,
			append([]string{who + ": failure ratio"}, cells(func(c reports.FragileCell) string { return meanOnly(reports.FormatPercent, c.FailureRatio) })...),
			append([]string{who + ": p95 wait (s)"}, cells(func(c reports.FragileCell) string { return meanOnly(reports.FormatSeconds, c.P95Seconds) })...),
			append([]string{who + ": cost"}, cells(func(c reports.FragileCell) string { return meanOnly(reports.FormatUSD, c.CostUSD) })...),
			append([]string{who + ": requirements met"}, cells(func(c reports.FragileCell) string {
				if len(c.Misses) > 0 {
					return "no: misses " + strings.Join(c.Misses, "; ")
				}
				return yesNo(c.Meets)
			})...))
	}
	return t
}

// meanOnly is an estimate's mean as format writes it, without its CI.
func meanOnly(format func(sim.Estimate) string, e sim.Estimate) string {
	return format(sim.Estimate{Mean: e.Mean, CI95: math.NaN(), N: e.N})
}

// roundsTable has a row per verification round.
func roundsTable(o *reports.Optimize) reports.Table {
	t := reports.Table{Header: []string{"round", "plan", "fresh replications", "one-sided error", "holds", "re-check passes", "then"}}
	for _, r := range o.Verification {
		then := "chosen"
		if !r.Holds {
			then = cellOr(strings.Join(r.Tightened, "; "), "no plan")
		}
		t.Rows = append(t.Rows, []string{strconv.Itoa(r.Round), "#" + strconv.Itoa(r.Plan+1),
			fmt.Sprintf("%d from %d", r.Replications, r.FirstReplication), num(r.Alpha), yesNo(r.Holds), num(r.RecheckPass), then})
	}
	return t
}
