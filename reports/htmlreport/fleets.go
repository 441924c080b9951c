package htmlreport

import (
	"github.com/capsim/capsim/reports"
)

// FleetTableID is the id (and anchor) of the fleet table on a page.
const FleetTableID = "fleets"

// AddFleets adds the GameLift Servers fleets of a run to p: key figures
// (timed-out placement ratio, p95 placement latency, utilisation, mean
// instances, cost and idle cost), a note on how placements are counted,
// and the fleet table ([reports.FleetTable], id [FleetTableID]) after p's
// other tables. The key figures are those of total, all fleet locations
// together, when it is not nil; otherwise, since quantiles and confidence
// intervals cannot be combined from per-location estimates, those of the
// first fleet location, named in each card's note. It does nothing if fs
// is empty.
func AddFleets(p *Page, fs []reports.FleetSummary, total *reports.FleetMetrics) {
	if len(fs) == 0 {
		return
	}
	m, scope := total, "all fleet locations"
	if m == nil {
		m, scope = &fs[0].FleetMetrics, fs[0].Fleet+"/"+fs[0].Location
	}
	p.KeyFigures = append(p.KeyFigures, keyFigures(m, scope)...)
	p.Notes = append(p.Notes, "Fleet placements (FleetIQ: claims) are counted at the fleet location that fulfilled "+
		"them, or, if none did, at their queue's first destination (FleetIQ: the group's first location).")
	caption := "Per fleet location (columns)"
	if total != nil {
		caption += " and all fleet locations together (total)"
	}
	p.Tables = append(p.Tables, Table{ID: FleetTableID, Caption: caption + ".", Table: reports.FleetTable(fs, total)})
}

// keyFigures returns the key figures m's model declares, as fields.
func keyFigures(m *reports.Metrics, scope string) []Field {
	var out []Field
	for _, k := range reports.KeyFigures(m, scope) {
		out = append(out, Field{Label: k.Label, Value: k.Value, Note: k.Note})
	}
	return out
}
