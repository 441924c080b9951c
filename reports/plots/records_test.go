package plots

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/capsim/capsim/reports"
)

func recordsReport() *reports.RecordsReport {
	r := &reports.RecordsReport{Title: "t"}
	var a reports.ArrivalCurve
	a.Place = "eu-central-1"
	for h := range 24 {
		a.Rate[h] = 10 + float64(h)
		a.Low[h], a.High[h] = a.Rate[h]-3, a.Rate[h]+3
	}
	r.Arrivals = []reports.ArrivalCurve{a}
	lf := reports.LengthFigure{Place: "all <locations>", Chosen: "lognormal"}
	for i := 1; i <= 50; i++ {
		x := 60 * float64(i)
		lf.KM = append(lf.KM, reports.XY{X: x, Y: 1 - float64(i)/51})
	}
	lf.Families = []reports.FamilyCurve{{Family: "lognormal", AIC: 10, PValue: 0.5, Survival: lf.KM, QQ: []reports.XY{{X: 100, Y: 110}, {X: 1000, Y: 990}}}}
	r.Lengths = []reports.LengthFigure{lf}
	b := reports.BandSeries{Location: "eu-central-1", Metric: "requests", Label: "requests / h", Start: time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)}
	for h := range 24 {
		b.Hours = append(b.Hours, float64(h))
		b.Observed = append(b.Observed, float64(h))
		b.Low, b.High, b.Median = append(b.Low, float64(h)-2), append(b.High, float64(h)+2), append(b.Median, float64(h))
		b.Inside = append(b.Inside, h != 5)
	}
	r.Bands = []reports.BandSeries{b}
	return r
}

// The records figures: one per arrival set, two per length fit, one per
// backtest location; identical bytes on a second rendering.
func TestRecords(t *testing.T) {
	ps, err := Records(recordsReport())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
		if !bytes.HasPrefix(p.SVG, []byte("<svg")) || len(p.PNG) == 0 {
			t.Errorf("%s: no SVG or PNG", p.Name)
		}
	}
	if got := strings.Join(names, " "); got != "arrivals length-survival-all-locations length-qq-all-locations backtest-eu-central-1" {
		t.Errorf("figures %s", got)
	}
	again, _ := Records(recordsReport())
	for i := range ps {
		if !bytes.Equal(ps[i].SVG, again[i].SVG) || !bytes.Equal(ps[i].PNG, again[i].PNG) {
			t.Errorf("%s: not deterministic", ps[i].Name)
		}
	}
}

// Degenerate records render, or fail with a message, in bounded time:
// NaN and infinite values, one point, all zero, lengths that disagree.
func TestRecordsDegenerate(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := map[string]func(r *reports.RecordsReport){
		"nan rates":    func(r *reports.RecordsReport) { r.Arrivals[0].Rate[3], r.Arrivals[0].High[4] = nan, inf },
		"one km point": func(r *reports.RecordsReport) { r.Lengths[0].KM = r.Lengths[0].KM[:1] },
		"zero band": func(r *reports.RecordsReport) {
			b := &r.Bands[0]
			for i := range b.Observed {
				b.Observed[i], b.Low[i], b.High[i], b.Median[i] = 0, 0, 0, 0
			}
		},
		"huge":  func(r *reports.RecordsReport) { r.Bands[0].High[2], r.Bands[0].Observed[3] = 1e300, 1e300 },
		"empty": func(r *reports.RecordsReport) { *r = reports.RecordsReport{} },
		"zero rates": func(r *reports.RecordsReport) {
			a := &r.Arrivals[0]
			a.Rate, a.Low, a.High = [24]float64{}, [24]float64{}, [24]float64{}
		},
		"nan band": func(r *reports.RecordsReport) {
			r.Bands[0].High[1], r.Bands[0].Observed[2], r.Bands[0].Median[3] = nan, nan, inf
		},
		"one hour": func(r *reports.RecordsReport) {
			b := &r.Bands[0]
			b.Hours, b.Observed, b.Low, b.High, b.Median, b.Inside = b.Hours[:1], b.Observed[:1], b.Low[:1], b.High[:1], b.Median[:1], b.Inside[:1]
		},
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			r := recordsReport()
			edit(r)
			done := make(chan error, 1)
			go func() { _, err := Records(r); done <- err }()
			select {
			case <-done:
			case <-time.After(60 * time.Second):
				t.Fatal("rendering did not end in 60 s")
			}
		})
	}
	r := recordsReport()
	r.Bands[0].Low = r.Bands[0].Low[:3]
	if _, err := Records(r); err == nil || !strings.Contains(err.Error(), "lengths disagree") {
		t.Errorf("series of different lengths: %v", err)
	}
}
