package plots

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The cost chart: one stacked bar per location (stream-group location or
// fleet location), the lower part in bluish green and the upper (idle
// cost) in orange, with a whisker for the 95% CI of the total and the
// total in dollars above it.

// costBar is one bar of a cost chart.
type costBar struct {
	name       string  // the x axis label
	ok         bool    // has an estimate; without one the bar is left empty
	split, top float64 // the lower part spans [0, split], the upper [split, top]
	total      float64 // the labelled total, at the whisker's centre
	low, high  float64 // the whisker's extent below and above total
}

// costChart is a cost chart's content.
type costChart struct {
	lower, upper string // legend names of the bars' lower and upper parts
	bars         []costBar
	markMissing  bool   // label a bar without an estimate "n/a"
	noBars       string // the note without any bar; "" for "no cost estimate"
}

// plot returns the chart's plot and legend.
func (cc costChart) plot() (*plot.Plot, *plot.Legend) {
	p, l := newPlot("", "cost (USD)"), newLegend()
	var names, labels []string
	var tops, missing plotter.XYs
	var errs plotter.YErrors
	lowerColour, upperColour := bluishGreen, orange
	for i, b := range cc.bars {
		names = append(names, b.name)
		x := float64(i)
		if !b.ok {
			missing = append(missing, plotter.XY{X: x})
			continue
		}
		p.Add(filled(lowerColour, rect(x-0.3, x+0.3, 0, b.split)))
		p.Add(filled(upperColour, rect(x-0.3, x+0.3, b.split, b.top)))
		tops = append(tops, plotter.XY{X: x, Y: b.total})
		errs = append(errs, struct{ Low, High float64 }{b.low, b.high})
		labels = append(labels, "$"+formatUSD(b.total))
	}
	l.Add(cc.lower, swatch(lowerColour))
	l.Add(cc.upper, swatch(upperColour))
	if len(tops) > 0 {
		cc.addTotals(p, l, tops, errs, labels, missing)
	} else {
		msg := "no cost estimate"
		if len(names) == 0 && cc.noBars != "" {
			msg = cc.noBars
		}
		p.Add(note(math.Max(float64(len(names)-1), 0)/2, 0.5, msg))
	}
	if len(names) > 0 {
		p.NominalX(names...)
	} else {
		p.X.Tick.Marker = plot.ConstantTicks(nil)
	}
	p.X.Min, p.X.Max = -0.6, math.Max(float64(len(names)), 1)-0.4
	p.Y.Min = 0
	p.Y.Max = math.Max(p.Y.Max, 1e-9) * 1.1
	return p, l
}

// addTotals adds the totals' whiskers and dollar labels, and the "n/a"
// marks of the bars without an estimate if the chart marks them.
func (cc costChart) addTotals(p *plot.Plot, l *plot.Legend, tops plotter.XYs, errs plotter.YErrors, labels []string, missing plotter.XYs) {
	if eb := yErrorBars(tops, plotter.Errors(errs), lineStyle(black, thinWidth)); eb != nil {
		eb.CapWidth = 10
		p.Add(eb)
		l.Add("95% CI of total", whisker{eb.LineStyle})
	}
	lab := make(plotter.XYs, len(tops))
	for j, t := range tops {
		lab[j] = plotter.XY{X: t.X, Y: t.Y + errs[j].High}
	}
	sty := textStyle(sansFont, tickSize)
	sty.XAlign = draw.XCenter
	p.Add(labelsAt(lab, labels, sty, vg.Point{Y: 3}))
	if !cc.markMissing {
		return
	}
	for _, m := range missing {
		sty := textStyle(sansFont, tickSize)
		sty.Color, sty.XAlign = grey, draw.XCenter
		p.Add(labelsAt(plotter.XYs{m}, []string{"n/a"}, sty, vg.Point{Y: 3}))
	}
}

// labelsAt returns text labels at xys, each in style sty, offset by off.
func labelsAt(xys plotter.XYs, labels []string, sty text.Style, off vg.Point) *plotter.Labels {
	styles := make([]text.Style, len(labels))
	for j := range styles {
		styles[j] = sty
	}
	return &plotter.Labels{XYs: xys, Labels: labels, TextStyle: styles, Offset: off}
}

// withError returns the points of xys, and their errors, whose error is
// not zero.
func withError(xys plotter.XYs, errs plotter.Errors) (plotter.XYs, plotter.Errors) {
	var px plotter.XYs
	var pe plotter.Errors
	for i, e := range errs {
		if e.Low > 0 || e.High > 0 {
			px, pe = append(px, xys[i]), append(pe, e)
		}
	}
	return px, pe
}

// xErrorBars returns horizontal error bars for the points with a non-zero
// error, or nil if there is none.
func xErrorBars(xys plotter.XYs, errs plotter.Errors, sty draw.LineStyle) *plotter.XErrorBars {
	px, pe := withError(xys, errs)
	if len(px) == 0 {
		return nil
	}
	return &plotter.XErrorBars{XYs: px, XErrors: plotter.XErrors(pe), LineStyle: sty, CapWidth: 6}
}

// yErrorBars is xErrorBars for vertical error bars.
func yErrorBars(xys plotter.XYs, errs plotter.Errors, sty draw.LineStyle) *plotter.YErrorBars {
	px, pe := withError(xys, errs)
	if len(px) == 0 {
		return nil
	}
	return &plotter.YErrorBars{XYs: px, YErrors: plotter.YErrors(pe), LineStyle: sty, CapWidth: 6}
}
