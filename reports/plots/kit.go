package plots

import (
	"bytes"
	"fmt"
	"image/color"
	"math"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Plot is one rendered figure.
type Plot struct {
	Name    string // file stem, lower-case, safe for a file name, e.g. "latency-cdf"
	Title   string // human title, as drawn on the plot
	Caption string // one sentence saying what it shows and how to read it
	PNG     []byte // 800 px wide, 96 dpi
	SVG     []byte // same size in px, standalone, starting at <svg
}

// Figure geometry. Lengths are in points (1/72 in); rendered at 96 dpi, a
// point is 4/3 px, so 600 pt is 800 px.
const (
	dpi         = 96
	figWidth    = vg.Length(600) // 800 px
	figHeight   = vg.Length(375) // 500 px
	tallHeight  = vg.Length(525) // 700 px, two-panel figures
	margin      = vg.Length(8)
	legendGap   = vg.Length(12) // between the data area and the legend
	titleSize   = vg.Length(13)
	labelSize   = vg.Length(11)
	tickSize    = vg.Length(10)
	legendSize  = vg.Length(10)
	lineWidth   = vg.Length(1.5)
	thinWidth   = vg.Length(1)
	bandOpacity = 0x40 // alpha of 95% CI bands (of 0xff)
)

// Okabe–Ito colour-blind-safe palette.
var (
	black         = color.NRGBA{0x00, 0x00, 0x00, 0xff}
	orange        = color.NRGBA{0xe6, 0x9f, 0x00, 0xff}
	skyBlue       = color.NRGBA{0x56, 0xb4, 0xe9, 0xff}
	bluishGreen   = color.NRGBA{0x00, 0x9e, 0x73, 0xff}
	yellow        = color.NRGBA{0xf0, 0xe4, 0x42, 0xff}
	blue          = color.NRGBA{0x00, 0x72, 0xb2, 0xff}
	vermillion    = color.NRGBA{0xd5, 0x5e, 0x00, 0xff}
	reddishPurple = color.NRGBA{0xcc, 0x79, 0xa7, 0xff}
	grey          = color.NRGBA{0x77, 0x77, 0x77, 0xff}
	warmupGrey    = color.NRGBA{0x00, 0x00, 0x00, 0x14}
	gridGrey      = color.NRGBA{0xdd, 0xdd, 0xdd, 0xff}
)

// seriesColours colour locations (and other unordered series) in turn.
var seriesColours = []color.NRGBA{blue, vermillion, bluishGreen, reddishPurple, orange, skyBlue, black, yellow}

// seriesColour returns the colour of series i.
func seriesColour(i int) color.NRGBA { return seriesColours[i%len(seriesColours)] }

// seriesDashes returns the dash pattern of series i: solid for the first
// round of colours, then dashed, so more series than colours stay distinct.
func seriesDashes(i int) []vg.Length {
	switch (i / len(seriesColours)) % 3 {
	case 1:
		return []vg.Length{6, 3}
	case 2:
		return []vg.Length{2, 2}
	}
	return nil
}

// alpha returns c with alpha a (non-premultiplied).
func alpha(c color.NRGBA, a uint8) color.NRGBA { c.A = a; return c }

var (
	sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
	boldFont = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: xfont.WeightBold}
)

func textStyle(f font.Font, size vg.Length) text.Style {
	return text.Style{Color: black, Font: font.From(f, size), Handler: plot.DefaultTextHandler}
}

// figure is a plot before rendering: render draws the title across the
// top of a canvas of figWidth × height and draw paints the rest.
type figure struct {
	name, title, caption string
	height               vg.Length
	draw                 func(c draw.Canvas)
}

// render draws f to PNG and SVG. gonum/plot panics on some bad input
// (non-positive values on a log axis, ...): such a panic is returned as an
// error naming the figure.
func (f figure) render() (p Plot, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plots: %s: %v", f.name, r)
		}
	}()
	h := f.height
	if h == 0 {
		h = figHeight
	}
	img := vgimg.NewWith(vgimg.UseWH(figWidth, h), vgimg.UseDPI(dpi))
	f.draw(drawTitle(draw.New(img), f.title))
	var pngBuf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&pngBuf); err != nil {
		return Plot{}, fmt.Errorf("plots: %s: PNG: %w", f.name, err)
	}
	sv := vgsvg.New(figWidth, h)
	f.draw(drawTitle(draw.New(sv), f.title))
	var svgBuf bytes.Buffer
	if _, err := sv.WriteTo(&svgBuf); err != nil {
		return Plot{}, fmt.Errorf("plots: %s: SVG: %w", f.name, err)
	}
	svg, err := tidySVG(svgBuf.Bytes(), figWidth, h)
	if err != nil {
		return Plot{}, fmt.Errorf("plots: %s: %w", f.name, err)
	}
	svg = withTitle(svg, f.title)
	return Plot{Name: f.name, Title: f.title, Caption: f.caption, PNG: pngBuf.Bytes(), SVG: svg}, nil
}

func renderAll(figs []figure) ([]Plot, error) {
	out := make([]Plot, 0, len(figs))
	for _, f := range figs {
		p, err := f.render()
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// newPlot returns a plot in the house style: sans-serif text, light grid,
// no title (the figure draws it) and no built-in legend (see layout).
func newPlot(xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sansFont, labelSize)
		a.Tick.Label.Font = font.From(sansFont, tickSize)
		a.Tick.Length = 5
		a.Tick.Marker = linTicks{}
		a.Padding = 3
		a.Color = grey
		a.Tick.Color = grey
	}
	p.X.Label.Text, p.Y.Label.Text = xlabel, ylabel
	p.X.Label.Padding, p.Y.Label.Padding = 2, 4
	g := plotter.NewGrid()
	g.Vertical = draw.LineStyle{Color: gridGrey, Width: 0.5}
	g.Horizontal = g.Vertical
	p.Add(g)
	return p
}

func newLegend() *plot.Legend {
	l := plot.NewLegend()
	l.TextStyle = textStyle(sansFont, legendSize)
	l.Top, l.Left = true, true
	l.ThumbnailWidth = 22
	l.Padding = 3
	return &l
}

// drawTitle draws title across the top of c and returns the rest of c.
func drawTitle(c draw.Canvas, title string) draw.Canvas {
	c = draw.Crop(c, margin, -margin, margin, -margin)
	sty := textStyle(boldFont, titleSize)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
	c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Max.Y}, title)
	c.Max.Y -= titleHeight(title)
	return c
}

// titleHeight is what drawTitle's title takes off the top of the canvas
// (besides the margins).
func titleHeight(title string) vg.Length {
	return textStyle(boldFont, titleSize).Rectangle(title).Size().Y + 6
}

// legendWidth returns the width the legend needs, 0 if it has no entry.
func legendWidth(l *plot.Legend, c draw.Canvas) vg.Length {
	if l == nil {
		return 0
	}
	r := l.Rectangle(c)
	return r.Size().X
}

// drawPanels draws plots stacked vertically in c (equal heights, aligned
// data areas) with each plot's legend to the right of its data area, so a
// legend never covers data.
func drawPanels(c draw.Canvas, ps []*plot.Plot, legends []*plot.Legend) {
	for _, p := range ps {
		tidyAxes(p)
	}
	var lw vg.Length
	for _, l := range legends {
		lw = max(lw, legendWidth(l, c))
	}
	// A legend of very long names overflows the figure rather than leave
	// the data area no width (gonum/plot then computes NaN coordinates).
	lw = min(lw, c.Size().X*0.45)
	body := c
	if lw > 0 {
		body = draw.Crop(c, 0, -(lw + legendGap), 0, 0)
	}
	rows := make([][]*plot.Plot, len(ps))
	for i, p := range ps {
		rows[i] = []*plot.Plot{p}
	}
	tiles := plot.Align(rows, draw.Tiles{Rows: len(ps), Cols: 1, PadY: 10}, body)
	for i, p := range ps {
		p.Draw(tiles[i][0])
		if i < len(legends) && legends[i] != nil {
			d := p.DataCanvas(tiles[i][0])
			lc := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: c.Max.X - lw, Y: d.Min.Y},
				Max: vg.Point{X: c.Max.X, Y: d.Max.Y},
			}}
			legends[i].Draw(lc)
		}
	}
}

// drawSingle draws the one panel p of a figure, with its legend l.
func drawSingle(c draw.Canvas, p *plot.Plot, l *plot.Legend) {
	drawPanels(c, []*plot.Plot{p}, []*plot.Legend{l})
}

// finite reports whether x is neither NaN nor infinite.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// zeroNaN returns x, or 0 if x is not finite (a CI half-width with one
// replication).
func zeroNaN(x float64) float64 {
	if !finite(x) {
		return 0
	}
	return x
}

// lineStyle returns a solid line of colour c.
func lineStyle(c color.Color, w vg.Length, dashes ...vg.Length) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: w, Dashes: dashes}
}

// newLine returns a line through the finite points of xys.
func newLine(xys plotter.XYs, sty draw.LineStyle) *plotter.Line {
	return &plotter.Line{XYs: finiteXYs(xys), LineStyle: sty}
}

// finiteXYs returns xys without its points that are not finite (xys
// itself if all are): a NaN or infinite point has no place on a figure.
func finiteXYs(xys plotter.XYs) plotter.XYs {
	for i, p := range xys {
		if finite(p.X) && finite(p.Y) {
			continue
		}
		out := append(plotter.XYs{}, xys[:i]...)
		for _, q := range xys[i+1:] {
			if finite(q.X) && finite(q.Y) {
				out = append(out, q)
			}
		}
		return out
	}
	return xys
}

// rect returns the closed ring of an axis-aligned rectangle.
func rect(x0, x1, y0, y1 float64) plotter.XYs {
	return plotter.XYs{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
}

// filled returns a polygon of rings (their finite points) filled with c,
// without outline.
func filled(c color.Color, rings ...plotter.XYs) *plotter.Polygon {
	for i := range rings {
		rings[i] = finiteXYs(rings[i])
	}
	return &plotter.Polygon{XYs: rings, Color: c}
}

// swatch is a legend thumbnail: a filled box.
func swatch(c color.Color) plot.Thumbnailer { return filled(c) }

// glyphs are drawn points; Scatter needs non-empty data, so the legend
// thumbnail is built separately.
func scatter(xys plotter.XYs, g draw.GlyphStyle) *plotter.Scatter {
	return &plotter.Scatter{XYs: finiteXYs(xys), GlyphStyle: g}
}
