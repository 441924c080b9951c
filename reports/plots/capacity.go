package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/capsim/capsim/reports"
)

// The capacity chart: panels on the shared time axis (see timeAxis) that
// draw levels (slots, instances, processes: means with 95% bands, clamped
// at 0), settings (dashed step lines: always-on floor, maximum, desired
// instances) and the demand (requests per hour). Stream-group and fleet
// capacity figures are both built from these pieces.

// layer collects series that are drawn together: every band under every
// line, so that no band covers another series' line.
type layer struct{ bands, lines []plot.Plotter }

// add adds s, drawn in col with line style sty, and its legend entry name
// (a band swatch behind the line, if s has a band) to l.
func (ly *layer) add(l *plot.Legend, name string, s stepSeries, col color.NRGBA, sty draw.LineStyle) {
	bs, ln := s.plotters(col, sty)
	ly.bands, ly.lines = append(ly.bands, bs...), append(ly.lines, ln...)
	l.Add(name, legendThumbs(col, sty, len(bs) > 0)...)
}

// addTo adds the layer's bands, then its lines, to p.
func (ly *layer) addTo(p *plot.Plot) {
	p.Add(ly.bands...)
	p.Add(ly.lines...)
}

// levels returns the step series of a level's band, clamped at 0.
func levels(b reports.Band, x func(int) float64) stepSeries {
	ser := bandOf(b, x)
	ser.lo, ser.hi = 0, math.Inf(1)
	return ser
}

// addLevel adds a level's band to p in a layer of its own, and its legend
// entry to l.
func addLevel(p *plot.Plot, l *plot.Legend, name string, b reports.Band, x func(int) float64, col color.NRGBA) {
	var ly layer
	ly.add(l, name, levels(b, x), col, lineStyle(col, lineWidth))
	ly.addTo(p)
}

// settingLine returns the lines of a setting's step series (no band).
func settingLine(v []float64, x func(int) float64, sty draw.LineStyle) []plot.Plotter {
	_, lines := stepSeries{mean: v, x: x}.plotters(black, sty)
	return lines
}

// bandPeak returns the largest finite upper edge of b, or 0.
func bandPeak(b reports.Band) float64 {
	peak := 0.0
	for k := range b.Mean {
		if u := b.Upper(k); finite(u) {
			peak = math.Max(peak, u)
		}
	}
	return peak
}

// finiteMax returns the largest of from and the finite values of v.
func finiteMax(v []float64, from float64) float64 {
	for _, x := range v {
		if finite(x) {
			from = math.Max(from, x)
		}
	}
	return from
}

// demandPanel returns the bottom panel of a capacity figure: the requests
// per hour (b averaged by v, as counts in disjoint intervals) as a banded
// level, with its legend.
func (a timeAxis) demandPanel(ylabel, name string, v view, b reports.Band) (*plot.Plot, *plot.Legend) {
	p, l := a.plot(ylabel), newLegend()
	req := v.mean(b, true)
	addLevel(p, l, name, req, v.x, skyBlue)
	p.Y.Min, p.Y.Max = 0, math.Max(bandPeak(req), 1)*1.05
	return p, l
}

// namedBand is a series to check, by the name its error gives.
type namedBand struct {
	name string
	b    reports.Band
}

// checkBands reports the first band whose length (or, for a band holding
// its values, whose half-widths' length) is not n; where names the
// location in the error.
func checkBands(where string, n int, bands []namedBand) error {
	for _, s := range bands {
		if s.b.Len() != n {
			return badLength(where, s.name, s.b.Len(), n)
		}
		if !s.b.Computed() && len(s.b.CI95) != n {
			return badLength(where, s.name+" CI95", len(s.b.CI95), n)
		}
	}
	return nil
}

// namedLen is the length of a series checked by checkLengths.
type namedLen struct {
	name string
	n    int
}

// checkLengths reports the first of lens that is not n buckets long, and
// then a step that is not positive where there are buckets.
func checkLengths(where string, n int, stepSeconds float64, lens ...namedLen) error {
	for _, l := range lens {
		if l.n != n {
			return badLength(where, l.name, l.n, n)
		}
	}
	if n > 0 && !(stepSeconds > 0) {
		return fmt.Errorf("plots: %s: step %v s is not positive", where, stepSeconds)
	}
	return nil
}

// locationViews returns a location's views at the state and the demand
// figures' bucket limits.
func locationViews(buckets int, stepSeconds float64) (state, demand view) {
	return newView(buckets, stepSeconds, maxStateBuckets), newView(buckets, stepSeconds, maxDemandBuckets)
}

// locationTitle is a location figure's title: what, owner / location and,
// when known, its kind in parentheses.
func locationTitle(what, owner, location, kind string) string {
	title := what + ": " + owner + " / " + location
	if kind != "" {
		title += " (" + kind + ")"
	}
	return title
}

func badLength(where, name string, m, n int) error {
	return fmt.Errorf("plots: %s: %s has %d buckets, want %d", where, name, m, n)
}

// rug marks x positions with short vertical ticks rising from the bottom
// of the data area; it does not change the axis ranges.
type rug struct {
	xs     []float64
	sty    draw.LineStyle
	length vg.Length
}

func (g rug) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	for _, x := range g.xs {
		px := trX(x)
		if px < c.Min.X || px > c.Max.X {
			continue
		}
		c.StrokeLine2(g.sty, px, c.Min.Y, px, c.Min.Y+g.length)
	}
}

func (g rug) Thumbnail(c *draw.Canvas) {
	x := c.Center().X
	h := min(g.length, c.Max.Y-c.Min.Y)
	y0 := c.Center().Y - h/2
	for _, dx := range []vg.Length{-4, 0, 4} {
		c.StrokeLine2(g.sty, x+dx, y0, x+dx, y0+h)
	}
}
