package reports

import (
	"strconv"

	"github.com/capsim/capsim/sim/metric"
)

// KeyFigure is one key figure of a report: a metric declared as a key
// figure (metric.KeyFigure), formatted.
type KeyFigure struct {
	Label, Value, Note string
}

// KeyFigures returns the key figures m's model declares, by rank, formatted
// as the table formats them (seconds with " s"). scope, if set, is added
// to each note (", scope"); a share note reads "12.5% of the cost" ("n/a"
// when the whole is not positive).
func KeyFigures(m *Metrics, scope string) []KeyFigure {
	if m.spec == nil {
		return nil
	}
	sp := m.spec
	out := make([]KeyFigure, 0, len(sp.keys))
	for _, i := range sp.keys {
		in := &sp.infos[i]
		e := m.est[i]
		v := formatEstimate(e, cellUnit(in))
		if in.Unit == metric.Seconds {
			v += " s"
		}
		note := in.Key.Note
		if in.Key.ShareOf != "" {
			note = "n/a"
			if whole := meanOf(m, in.Key.ShareOf); whole > 0 {
				note = strconv.FormatFloat(100*e.Mean/whole, 'f', 1, 64) + "% of the cost"
			}
		}
		if scope != "" && note != "n/a" {
			note += ", " + scope
		}
		out = append(out, KeyFigure{Label: in.Key.Label, Value: v, Note: note})
	}
	return out
}
