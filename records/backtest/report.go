package backtest

import (
	"fmt"
	"strconv"

	"github.com/capsim/capsim/reports"
)

// units name what each metric's values count, labels are the short names
// the page shows.
var (
	units = [NumMetrics]string{"per hour", "streams, hour average", "streams, hour average", "streams, hour average", "per hour", "per hour",
		"per hour", "hour average", "hour average"}
	labels = [NumMetrics]string{"requests / h", "sessions", "allocated", "idle", "timeouts / h", "internal errors / h",
		"games / h", "games", "instances"}
	titles = [NumMetrics]string{"requests", "sessions placed", "allocated capacity", "idle capacity", "placementTimeout failures", "internalError failures",
		"game sessions", "active game sessions", "instances"}
)

// Report is the backtest as backtest.html shows it: the coverage overall
// and per metric, the hours outside ranked, the coverage of each series,
// and each location's bands. scenario and source name what was compared.
func (r *Report) Report(scenario, source, mode string) *reports.RecordsReport {
	out := &reports.RecordsReport{
		Title: "capsim backtest: " + scenario,
		Meta: []reports.KeyFigure{{Label: "scenario", Value: scenario}, {Label: "records", Value: source},
			{Label: "period", Value: fmt.Sprintf("%s, %d h", r.Start.Format("2006-01-02 15:04 UTC"), r.Hours)},
			{Label: "replications", Value: strconv.Itoa(r.Replications)}, {Label: "arrivals", Value: mode}},
		KeyFigures: []reports.KeyFigure{
			{Label: "coverage", Value: pct(r.Coverage), Note: fmt.Sprintf("of the hours of every series inside a %s band", pct(r.Level))},
			{Label: "hours outside", Value: strconv.Itoa(len(r.Outside)), Note: "ranked below, worst first"},
		},
		Notes: []string{fmt.Sprintf("Each band runs from the %s smallest to the %s largest of the %d replications: a new draw of the "+
			"simulated hour falls inside it with probability %s. Where the scenario is right, about that share of the observed hours "+
			"falls inside; far fewer says where it is not.", ordinal(BandRank(r.Replications)), ordinal(BandRank(r.Replications)), r.Replications, pct(r.Level)),
			"The records' sessions run from CreatedAt, so they include the wait for a slot; the simulation's from placement. " +
				fmt.Sprintf("The first %d hours' sessions are not compared: sessions created before the records begin are missing from them.", HiddenHours)},
	}
	for m, name := range metricNames { // the order of the metrics
		if c, ok := r.ByMetric[name]; ok {
			out.KeyFigures = append(out.KeyFigures, reports.KeyFigure{Label: titles[m], Value: pct(c), Note: "coverage"})
		}
	}
	out.Tables = []reports.NamedTable{r.outsideTable(), r.seriesTable()}
	for _, s := range r.Series {
		if b := bandSeries(r, &s); !allZero(b) {
			out.Bands = append(out.Bands, b)
		}
	}
	return out
}

// allZero reports a series with nothing to see: observed and simulated
// zero every hour (failures, mostly). It stays in the tables.
func allZero(b reports.BandSeries) bool {
	for i := range b.Observed {
		if b.Observed[i] != 0 || b.High[i] != 0 {
			return false
		}
	}
	return true
}

func pct(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) + "%" }

func ordinal(k int) string {
	switch k {
	case 1:
		return "1st"
	case 2:
		return "2nd"
	case 3:
		return "3rd"
	}
	return strconv.Itoa(k) + "th"
}

func f3(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }

func (r *Report) outsideTable() reports.NamedTable {
	t := reports.Table{Header: []string{"rank", "hour", "location", "metric", "observed", "band", "median", "score"}}
	for i, o := range r.Outside {
		t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), o.Start.Format("2006-01-02 15:04"), o.Location, o.Metric,
			f3(o.Observed), f3(o.Low) + "–" + f3(o.High), f3(o.Median), f3(o.Score)})
	}
	return reports.NamedTable{ID: "outside", Caption: "Hours outside their band, worst first: the score is the distance to the band in " +
		"standard deviations of the replications (at least 1).", Table: t}
}

func (r *Report) seriesTable() reports.NamedTable {
	t := reports.Table{Header: []string{"location", "metric", "hours compared", "inside", "coverage"}}
	for _, s := range r.Series {
		t.Rows = append(t.Rows, []string{s.Location, s.Metric, strconv.Itoa(len(s.Hours)), strconv.Itoa(s.Inside), pct(s.Coverage())})
	}
	return reports.NamedTable{ID: "series", Caption: "Coverage of each series.", Table: t}
}

func bandSeries(r *Report, s *Series) reports.BandSeries {
	b := reports.BandSeries{Location: s.Location, Metric: s.Metric, Start: r.Start}
	for m, n := range metricNames {
		if n == s.Metric {
			b.Unit, b.Label = units[m], labels[m]
		}
	}
	for _, h := range s.Hours {
		b.Hours = append(b.Hours, h.Start.Sub(r.Start).Hours())
		b.Observed = append(b.Observed, h.Observed)
		b.Low = append(b.Low, h.Low)
		b.High = append(b.High, h.High)
		b.Median = append(b.Median, h.Median)
		b.Inside = append(b.Inside, h.Inside)
	}
	return b
}
