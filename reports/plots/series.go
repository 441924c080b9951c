package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/capsim/capsim/reports"
)

// simplify drops the middle of every three consecutive points on one
// horizontal or vertical line, which step paths have many of; the drawn
// path is unchanged and the SVG much smaller.
func simplify(xys plotter.XYs) plotter.XYs {
	if len(xys) < 3 {
		return xys
	}
	out := plotter.XYs{xys[0]}
	for i := 1; i < len(xys)-1; i++ {
		a, b, c := out[len(out)-1], xys[i], xys[i+1]
		if (a.X == b.X && b.X == c.X) || (a.Y == b.Y && b.Y == c.Y) || (a == b) {
			continue
		}
		out = append(out, b)
	}
	return append(out, xys[len(xys)-1])
}

// segments returns the maximal runs [a, b) of buckets where ok(k) holds.
func segments(n int, ok func(k int) bool) [][2]int {
	var runs [][2]int
	for k := 0; k < n; {
		if !ok(k) {
			k++
			continue
		}
		a := k
		for k < n && ok(k) {
			k++
		}
		runs = append(runs, [2]int{a, k})
	}
	return runs
}

// stepPath returns the step path of v over buckets [a, b): value v(k) from
// x(k) to x(k+1).
func stepPath(a, b int, x func(k int) float64, v func(k int) float64) plotter.XYs {
	xys := make(plotter.XYs, 0, 2*(b-a))
	for k := a; k < b; k++ {
		xys = append(xys, plotter.XY{X: x(k), Y: v(k)}, plotter.XY{X: x(k + 1), Y: v(k)})
	}
	return simplify(xys)
}

// stepSeries is a per-bucket series drawn as a step line with an optional
// 95% CI band; NaN buckets break the line.
type stepSeries struct {
	mean, ci []float64 // ci may be nil (no band)
	scale    float64   // multiplies values (e.g. 100 for percent); 0 means 1
	lo, hi   float64   // band clamp, when lo < hi
	x        func(k int) float64
	// linear draws a running total instead of steps: value k at the end of
	// bucket k, joined by straight lines, from 0 at the start.
	linear bool
}

// path returns the drawn path of v over buckets [a, b).
func (s stepSeries) path(a, b int, v func(k int) float64) plotter.XYs {
	if !s.linear {
		return stepPath(a, b, s.x, v)
	}
	xys := make(plotter.XYs, 0, b-a+1)
	if a == 0 {
		xys = append(xys, plotter.XY{X: s.x(0), Y: 0})
	}
	for k := a; k < b; k++ {
		xys = append(xys, plotter.XY{X: s.x(k + 1), Y: v(k)})
	}
	return xys
}

func (s stepSeries) val(k int) float64 {
	sc := s.scale
	if sc == 0 {
		sc = 1
	}
	return s.mean[k] * sc
}

func (s stepSeries) halfWidth(k int) float64 {
	if s.ci == nil {
		return 0
	}
	sc := s.scale
	if sc == 0 {
		sc = 1
	}
	return zeroNaN(s.ci[k]) * sc
}

func (s stepSeries) clamp(v float64) float64 {
	if s.lo < s.hi {
		return math.Min(math.Max(v, s.lo), s.hi)
	}
	return v
}

// plotters returns the series' band polygons (nil if the band has no
// width anywhere) and lines, one per run of finite buckets.
func (s stepSeries) plotters(c color.NRGBA, sty draw.LineStyle) (bands []plot.Plotter, lines []plot.Plotter) {
	runs := segments(len(s.mean), func(k int) bool { return finite(s.mean[k]) })
	for _, r := range runs {
		lines = append(lines, newLine(s.path(r[0], r[1], s.val), sty))
		wide := false
		for k := r[0]; k < r[1]; k++ {
			wide = wide || s.halfWidth(k) > 0
		}
		if !wide {
			continue
		}
		up := s.path(r[0], r[1], func(k int) float64 { return s.clamp(s.val(k) + s.halfWidth(k)) })
		down := s.path(r[0], r[1], func(k int) float64 { return s.clamp(s.val(k) - s.halfWidth(k)) })
		ring := make(plotter.XYs, 0, len(up)+len(down))
		ring = append(ring, up...)
		for i := len(down) - 1; i >= 0; i-- {
			ring = append(ring, down[i])
		}
		bands = append(bands, filled(alpha(c, bandOpacity), ring))
	}
	return bands, lines
}

// bandOf returns the step series of a band.
func bandOf(b reports.Band, x func(k int) float64) stepSeries {
	return stepSeries{mean: b.Mean, ci: b.CI95, x: x}
}

// legendThumbs returns the legend thumbnails of a banded series: a
// translucent box behind a line.
func legendThumbs(c color.NRGBA, sty draw.LineStyle, banded bool) []plot.Thumbnailer {
	l := newLine(nil, sty)
	if !banded {
		return []plot.Thumbnailer{l}
	}
	return []plot.Thumbnailer{inset{filled(alpha(c, bandOpacity)), 3}, l}
}

// inset draws a thumbnail shrunk vertically by d on each side.
type inset struct {
	t plot.Thumbnailer
	d vg.Length
}

func (i inset) Thumbnail(c *draw.Canvas) {
	cc := *c
	cc.Min.Y += i.d
	cc.Max.Y -= i.d
	i.t.Thumbnail(&cc)
}

// vspan shades the full height of the data area between two x values; it
// does not change the axis ranges.
type vspan struct {
	x0, x1 float64
	color  color.Color
}

func (v vspan) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x0, x1 := max(trX(v.x0), c.Min.X), min(trX(v.x1), c.Max.X)
	if x1 <= x0 {
		return
	}
	c.FillPolygon(v.color, []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}})
}

func (v vspan) Thumbnail(c *draw.Canvas) { swatch(v.color).Thumbnail(c) }

// vline is a vertical line across the data area at x; the x axis range
// includes x.
type vline struct {
	x   float64
	sty draw.LineStyle
}

func (v vline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(v.x)
	if x < c.Min.X || x > c.Max.X {
		return
	}
	c.StrokeLine2(v.sty, x, c.Min.Y, x, c.Max.Y)
}

func (v vline) DataRange() (xmin, xmax, ymin, ymax float64) {
	return v.x, v.x, math.Inf(1), math.Inf(-1)
}

func (v vline) Thumbnail(c *draw.Canvas) { newLine(nil, v.sty).Thumbnail(c) }

// note returns a centred text annotation at (x, y).
func note(x, y float64, s string) *plotter.Labels {
	sty := textStyle(sansFont, labelSize)
	sty.Color = grey
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	return &plotter.Labels{XYs: plotter.XYs{{X: x, Y: y}}, Labels: []string{s}, TextStyle: []text.Style{sty}}
}

// whisker is the legend thumbnail of error bars: a capped vertical line.
type whisker struct{ sty draw.LineStyle }

func (w whisker) Thumbnail(c *draw.Canvas) {
	x := c.Center().X
	y0, y1 := c.Min.Y+1, c.Max.Y-1
	c.StrokeLine2(w.sty, x, y0, x, y1)
	c.StrokeLine2(w.sty, x-4, y0, x+4, y0)
	c.StrokeLine2(w.sty, x-4, y1, x+4, y1)
}

// tags are point labels on a translucent white box, drawn above right of
// their points so that whiskers and lines behind them stay readable.
type tags struct {
	xys    plotter.XYs
	labels []string
	sty    text.Style
	off    vg.Point
}

func newTags(xys plotter.XYs, labels []string) *tags {
	sty := textStyle(sansFont, tickSize)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
	return &tags{xys: xys, labels: labels, sty: sty, off: vg.Point{X: 5, Y: 4}}
}

func (t *tags) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, s := range t.labels {
		pt := vg.Point{X: trX(t.xys[i].X), Y: trY(t.xys[i].Y)}
		if !c.Contains(pt) {
			continue
		}
		pt = pt.Add(t.off)
		r := t.sty.Rectangle(s).Add(pt)
		const pad = 1.5
		r.Min.X, r.Min.Y, r.Max.X, r.Max.Y = r.Min.X-pad, r.Min.Y-pad, r.Max.X+pad, r.Max.Y+pad
		c.FillPolygon(color.NRGBA{0xff, 0xff, 0xff, 0xcc}, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
		c.FillText(t.sty, pt, s)
	}
}

// GlyphBoxes makes the plot leave room for the labels.
func (t *tags) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	bs := make([]plot.GlyphBox, len(t.labels))
	for i, s := range t.labels {
		bs[i] = plot.GlyphBox{X: p.X.Norm(t.xys[i].X), Y: p.Y.Norm(t.xys[i].Y), Rectangle: t.sty.Rectangle(s).Add(t.off)}
	}
	return bs
}
