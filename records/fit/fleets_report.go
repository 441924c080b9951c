package fit

import (
	"fmt"
	"strconv"

	"github.com/capsim/capsim/reports"
)

// Report is the fleet fit as fit.html shows it.
func (f *Fleets) Report() *reports.RecordsReport {
	r := &reports.RecordsReport{
		Title: "capsim fit: " + f.Fleet, Counted: "Game sessions", Length: "Game length",
		Meta: []reports.KeyFigure{{Label: "records", Value: f.Source}, {Label: "fleet", Value: f.Fleet},
			{Label: "period", Value: f.periodText()}, {Label: "level", Value: pct(f.Level)}},
		KeyFigures: []reports.KeyFigure{
			{Label: "game sessions kept", Value: strconv.Itoa(f.Tally.Kept), Note: fmt.Sprintf("of %d records read", f.Tally.Records)},
			{Label: "game length", Value: f.Lengths.Chosen, Note: lengthText(f.Lengths)},
			{Label: "processes per instance", Value: strconv.Itoa(f.ProcessesPerInstance), Note: f.ProcessesFrom},
		},
		Notes: append([]string{"Game sessions are placements that succeeded: a placement that timed out leaves none " +
			"(CloudWatch's PlacementsTimedOut counts them). The scenario (fitted.toml) names the data of each value."}, f.Notes...),
	}
	r.Tables = []reports.NamedTable{f.tallyTable(), arrivalTable(f.Curves, "Game sessions"),
		lengthTable([]placedFit{{"all locations", f.Lengths}}), rateTable(f.Rates, f.Level), f.instanceTable(),
		spikeTable(f.Curves), defaultsTable(f.Defaults)}
	for _, c := range f.Curves {
		r.Arrivals = append(r.Arrivals, arrivalCurve(&c))
	}
	r.Lengths = []reports.LengthFigure{lengthFigure("all locations", f.Lengths)}
	return r
}

func (f *Fleets) tallyTable() reports.NamedTable {
	t := f.Tally
	rows := [][]string{
		{"records read", strconv.Itoa(t.Records)}, {"pages", strconv.Itoa(t.Pages)},
		{"duplicates (same GameSessionId; the latest state kept)", strconv.Itoa(t.Duplicates)},
		{"of another fleet (dropped)", strconv.Itoa(t.OtherFleet)},
		{"status unknown to capsim (dropped)", names(&t.UnknownStatus)},
		{"reason unknown to capsim (kept, censored)", names(&t.UnknownReason)},
		{"running at the export (censored)", strconv.Itoa(t.Running)},
		{"ended without a TerminationTime (censored at the export)", strconv.Itoa(t.TerminatedWithoutTime)},
		{"TerminationTime before CreationTime (clock skew)", strconv.Itoa(t.TerminatedBeforeCreated)},
		{"timestamps by zone", names(&t.Zones)},
		{"game sessions kept", strconv.Itoa(t.Kept)},
	}
	return reports.NamedTable{ID: "tally", Caption: "What the records held, and how each case was read: nothing is dropped without a count.",
		Table: reports.Table{Header: []string{"records", "count"}, Rows: rows}}
}

func (f *Fleets) instanceTable() reports.NamedTable {
	t := reports.Table{Header: []string{"location", "min", "mean", "max", "games at once (most)", "from"}}
	for _, in := range f.Instances {
		t.Rows = append(t.Rows, []string{in.Location, strconv.Itoa(in.Min), num(in.Mean), strconv.Itoa(in.Max), strconv.Itoa(in.PeakGames), in.From})
	}
	for _, m := range f.Metrics {
		t.Rows = append(t.Rows, []string{"CloudWatch " + m.Metric + " " + m.Location, num(m.Min), num(m.Mean), num(m.Max),
			"", fmt.Sprintf("%d points, sum %s, partial %v", m.Points, num(m.Sum), m.Partial)})
	}
	return reports.NamedTable{ID: "instances", Caption: "Instances per location, and every CloudWatch series read.", Table: t}
}
