package htmlreport

import "github.com/capsim/capsim/reports"

// NewRecordsPage assembles fit.html or backtest.html from a records
// report: its metadata, key figures, notes, the plots in the order given,
// its tables and the command line.
func NewRecordsPage(r *reports.RecordsReport, figs []Figure, command, version string) *Page {
	p := &Page{Title: r.Title, Notes: r.Notes, Figures: figs, Command: command, Version: version,
		Reproduce: "The same records and flags give byte-identical outputs, whatever the machine or the number of workers.",
		Footer:    "Intervals are at the level the page states; bands are order statistics of the replications."}
	for _, m := range r.Meta {
		p.Meta = append(p.Meta, Field{Label: m.Label, Value: m.Value, Note: m.Note})
	}
	for _, k := range r.KeyFigures {
		p.KeyFigures = append(p.KeyFigures, Field{Label: k.Label, Value: k.Value, Note: k.Note})
	}
	for _, t := range r.Tables {
		p.Tables = append(p.Tables, Table{ID: t.ID, Caption: t.Caption, Table: t.Table})
	}
	return p
}
