package fit

import (
	"fmt"
	"math"
	"strconv"

	"github.com/capsim/capsim/records"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
)

// Report is the fit as fit.html shows it: what the records held and how
// each untidy case was read, the arrival curves, the length fits with
// their plots' data, the behaviour rates, the capacity, the spike hours
// and the values left at their defaults.
func (f *Streams) Report() *reports.RecordsReport {
	r := &reports.RecordsReport{
		Title: "capsim fit: " + f.name(),
		Meta: []reports.KeyFigure{{Label: "records", Value: f.Source}, {Label: "stream group", Value: f.groupName()},
			{Label: "period", Value: f.periodText()}, {Label: "level", Value: pct(f.Level)}},
		Notes: append([]string{"Every interval is at the level above: Garwood's for rates of events, Clopper–Pearson's for " +
			"shares, Wald's (log scale) for the length parameters. The scenario (fitted.toml) names the data of each value."}, f.Notes...),
	}
	r.KeyFigures = f.keyFigures()
	r.Tables = []reports.NamedTable{tallyTable(&f.Tally), arrivalTable(f.Curves, "Requests"), lengthTable(f.lengthFits()),
		rateTable(f.Rates, f.Level), f.capacityTable(), spikeTable(f.Curves), defaultsTable(f.Defaults)}
	for _, c := range f.Curves {
		r.Arrivals = append(r.Arrivals, arrivalCurve(&c))
	}
	for _, lf := range f.lengthFits() {
		r.Lengths = append(r.Lengths, lengthFigure(lf.place, lf.fit))
	}
	return r
}

type placedFit struct {
	place string
	fit   *LengthFit
}

// lengthFits are the pooled fit and each location's own.
func (f *Streams) lengthFits() []placedFit {
	out := []placedFit{{"all locations", f.Lengths}}
	for _, c := range f.Curves {
		if lf := f.LocationLengths[c.Place]; lf != nil {
			out = append(out, placedFit{c.Place, lf})
		}
	}
	return out
}

func pct(x float64) string { return strconv.FormatFloat(100*x, 'g', 4, 64) + "%" }

func (f *Streams) keyFigures() []reports.KeyFigure {
	var spikes int
	var requests int64
	for _, c := range f.Curves {
		spikes += c.SpikeCount()
		requests += c.Total
	}
	lf := f.Lengths
	kf := []reports.KeyFigure{
		{Label: "sessions kept", Value: strconv.Itoa(f.Tally.Kept), Note: fmt.Sprintf("of %d records read", f.Tally.Records)},
		{Label: "requests", Value: strconv.FormatInt(requests, 10), Note: fmt.Sprintf("%d locations, %d spike hours flagged", len(f.Curves), spikes)},
		{Label: "session length", Value: lf.Chosen, Note: lengthText(lf)},
	}
	for _, key := range []string{"no_show_probability", "afk_rate_per_hour"} {
		if rt := f.rate(key); rt != nil {
			kf = append(kf, reports.KeyFigure{Label: rt.Name, Value: num(rt.Est.Value), Note: rt.Est.text(f.Level, num)})
		}
	}
	return kf
}

// lengthText is the chosen family's parameters.
func lengthText(lf *LengthFit) string {
	b := lf.Best()
	if lf.Chosen == "empirical" {
		return fmt.Sprintf("Kaplan–Meier, %d ends, %d censored", lf.Events, lf.Censored)
	}
	s := ""
	for i, p := range b.Params {
		if i > 0 {
			s += ", "
		}
		s += p.Name + " " + paramText(p)
	}
	return s
}

func paramText(p Param) string {
	if p.Unit == "s" {
		d := func(v float64) string { return scenarios.CompactDuration(secs(v)) }
		return fmt.Sprintf("%s (%s–%s)", d(p.Est.Value), d(p.Est.Low), d(p.Est.High))
	}
	return fmt.Sprintf("%s (%s–%s)", num(p.Est.Value), num(p.Est.Low), num(p.Est.High))
}

func tallyTable(t *records.SessionTally) reports.NamedTable {
	rows := [][]string{
		{"records read", strconv.Itoa(t.Records)}, {"pages", strconv.Itoa(t.Pages)},
		{"duplicates (same Arn; the latest LastUpdatedAt kept)", strconv.Itoa(t.Duplicates)},
		{"of another stream group (dropped)", strconv.Itoa(t.OtherStreamGroup)},
		{"of another application (dropped)", strconv.Itoa(t.OtherApplication)},
		{"status unknown to capsim (dropped)", names(&t.UnknownStatus)},
		{"reason unknown to capsim (kept, censored)", names(&t.UnknownReason)},
		{"ended without a reason (taken as the player's end)", strconv.Itoa(t.NoReason)},
		{"running at the export (censored)", strconv.Itoa(t.Running)},
		{"without a Location", strconv.Itoa(t.NoLocation)},
		{"LastUpdatedAt before CreatedAt (clock skew)", strconv.Itoa(t.UpdatedBeforeCreated)},
		{"timestamps by zone", names(&t.Zones)},
		{"sessions kept", strconv.Itoa(t.Kept)},
	}
	if t.LastPageHasNextToken {
		rows = append(rows, []string{"the last page has a NextToken", "the export may stop before its end"})
	}
	return reports.NamedTable{ID: "tally", Caption: "What the records held, and how each case was read: nothing is dropped without a count.",
		Table: reports.Table{Header: []string{"records", "count"}, Rows: rows}}
}

func names(n *records.Names) string {
	s := ""
	for i, nc := range n.Sorted() {
		if i > 0 {
			s += ", "
		}
		name := nc.Name
		if name == "" {
			name = `""`
		}
		s += fmt.Sprintf("%s %d", name, nc.Count)
	}
	if n.Other > 0 {
		s += fmt.Sprintf(", others %d", n.Other)
	}
	if s == "" {
		return "0"
	}
	return s
}

// arrivalTable is each place's rates by hour of the day; what names what
// was counted ("Requests", "Game sessions").
func arrivalTable(curves []Curve, what string) reports.NamedTable {
	t := reports.Table{Header: []string{"hour (UTC)"}}
	for _, c := range curves {
		t.Header = append(t.Header, c.Place+" per hour", "interval", "count / hours")
	}
	for h := range HoursPerDay {
		row := []string{fmt.Sprintf("%02d", h)}
		for _, c := range curves {
			r := c.Hours[h]
			row = append(row, num(r.Rate.Value), num(r.Rate.Low)+"–"+num(r.Rate.High), fmt.Sprintf("%d / %s", r.Count, num(r.Exposure)))
		}
		t.Rows = append(t.Rows, row)
	}
	return reports.NamedTable{ID: "arrivals", Caption: what + " per hour at each UTC hour of the day, spike hours left out.", Table: t}
}

func lengthTable(fits []placedFit) reports.NamedTable {
	t := reports.Table{Header: []string{"fit", "family", "parameters", "log-likelihood", "AIC", "goodness of fit", "chosen"}}
	for _, pf := range fits {
		for _, ff := range pf.fit.Families {
			ps := ""
			for i, p := range ff.Params {
				if i > 0 {
					ps += "; "
				}
				ps += p.Name + " " + paramText(p)
			}
			chosen := ""
			if ff == pf.fit.Best() {
				chosen = pf.fit.Chosen
			}
			t.Rows = append(t.Rows, []string{pf.place, ff.Family, ps, fmt.Sprintf("%.1f", ff.LogLik), fmt.Sprintf("%.1f", ff.AIC),
				fmt.Sprintf("χ² %.1f, %d df, p = %.2g", ff.GoF.Statistic, ff.GoF.DF, ff.GoF.PValue), chosen})
		}
	}
	return reports.NamedTable{ID: "lengths", Caption: "Session length by family (maximum likelihood with right-censoring; the lowest AIC " +
		"is chosen unless its goodness-of-fit p-value is below 0.01, then the Kaplan–Meier estimate).", Table: t}
}

func rateTable(rs []Rate, level float64) reports.NamedTable {
	t := reports.Table{Header: []string{"behaviour", "estimate", "interval", "events", "of", "scenario key"}}
	for _, r := range rs {
		t.Rows = append(t.Rows, []string{r.Name, num(r.Est.Value), num(r.Est.Low) + "–" + num(r.Est.High),
			strconv.FormatInt(r.Count, 10), num(r.Of) + " " + map[bool]string{true: "trials", false: "hours"}[r.Kind == "share"], r.Key})
	}
	return reports.NamedTable{ID: "behaviour", Caption: fmt.Sprintf("Client behaviour and service rates, %s intervals.", pct(level)), Table: t}
}

func (f *Streams) capacityTable() reports.NamedTable {
	t := reports.Table{Header: []string{"location", "always_on", "target_idle", "maximum", "on_demand", "most at once", "from", "price (USD/h)", "price from"}}
	for _, l := range f.Capacity.Locations {
		t.Rows = append(t.Rows, []string{l.Name, strconv.Itoa(l.AlwaysOn), strconv.Itoa(l.TargetIdle), strconv.Itoa(l.Maximum),
			strconv.Itoa(l.OnDemand), strconv.Itoa(l.PeakConcurrent), l.From, num(l.PriceUSD), l.PriceFrom})
	}
	return reports.NamedTable{ID: "capacity", Caption: fmt.Sprintf("Stream group %s on %s (%s); %d settings changes polled during the period.",
		f.groupName(), f.Capacity.Class, f.Capacity.ClassFrom, len(f.Capacity.Changes)), Table: t}
}

func spikeTable(cs []Curve) reports.NamedTable {
	t := reports.Table{Header: []string{"hour", "place", "requests", "the curve expects", "p-value"}}
	for _, c := range cs {
		for _, h := range c.Clock {
			if h.Spike {
				t.Rows = append(t.Rows, []string{h.Start.Format("2006-01-02 15:04"), c.Place, strconv.FormatInt(h.Count, 10), num(h.Expected), fmt.Sprintf("%.2g", h.PValue)})
			}
		}
	}
	return reports.NamedTable{ID: "spikes", Caption: "Clock hours flagged as spikes (conditional binomial test, Holm's correction at 1%): written as spikes, not averaged into the curve.", Table: t}
}

func defaultsTable(ds []Default) reports.NamedTable {
	t := reports.Table{Header: []string{"key", "default", "why the records cannot tell it"}}
	for _, d := range ds {
		t.Rows = append(t.Rows, []string{d.Key, d.Value, d.Why})
	}
	return reports.NamedTable{ID: "defaults", Caption: "Values the scenario keeps at capsim's defaults.", Table: t}
}

func arrivalCurve(c *Curve) reports.ArrivalCurve {
	a := reports.ArrivalCurve{Place: c.Place, Spikes: c.SpikeCount()}
	for h, r := range c.Hours {
		a.Rate[h], a.Low[h], a.High[h] = r.Rate.Value, r.Rate.Low, r.Rate.High
	}
	return a
}

// lengthFigure is a length fit's plot data: the estimate, each family's
// survival at the estimate's steps, and its QQ points.
func lengthFigure(place string, lf *LengthFit) reports.LengthFigure {
	out := reports.LengthFigure{Place: place, Chosen: lf.Chosen}
	step := max(1, len(lf.KM)/300)
	for i := 0; i < len(lf.KM); i += step {
		out.KM = append(out.KM, reports.XY{X: lf.KM[i].Seconds, Y: lf.KM[i].Survival})
	}
	for _, ff := range lf.Families {
		fc := reports.FamilyCurve{Family: ff.Family, AIC: ff.AIC, PValue: ff.GoF.PValue}
		for _, p := range out.KM {
			fc.Survival = append(fc.Survival, reports.XY{X: p.X, Y: 1 - ff.CDF(p.X)})
		}
		for _, q := range ff.QQ {
			if !math.IsNaN(q.Fitted) {
				fc.QQ = append(fc.QQ, reports.XY{X: q.Fitted, Y: q.Observed})
			}
		}
		out.Families = append(out.Families, fc)
	}
	return out
}
