package plots

import (
	"encoding/binary"
	"math"
	"strconv"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/capsim/capsim/internal/testutil"
)

// fuzzFloats reads data as little-endian float64 bit patterns (so NaN,
// ±Inf and subnormals come up as often as any), at most 48 of them.
func fuzzFloats(data []byte) []float64 {
	var vs []float64
	for len(data) >= 8 && len(vs) < 48 {
		vs = append(vs, math.Float64frombits(binary.LittleEndian.Uint64(data)))
		data = data[8:]
	}
	return vs
}

func floatBytes(vs ...float64) []byte {
	var b []byte
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	return b
}

// fuzzSeeds are number sets that once broke or nearly broke a figure: a
// value with noise a few ulps wide, NaN and ±Inf, huge, negative and
// subnormal values, all zero.
var fuzzSeeds = [][]float64{
	{89.1, 89.1 + 1.4e-14, 20, 20, 6.82e-15},
	{1e7, math.Nextafter(1e7, 2e7), 0, 1, 1e-9},
	{math.NaN(), 1, math.Inf(1), math.Inf(-1), 5},
	{1e300, -1e300, math.MaxFloat64, 3, 1e300},
	{-5, -1, 0, 2, 5e-324},
	{0, 0, 0, 0, 0, 0},
	{1, 2, 3, 4, 5, 6, 7, 8},
}

// FuzzTicks drives the numeric core of every axis with arbitrary numbers:
// the tick markers and the range tidying on [lo, hi], the clamped scale
// on x within the tidied ranges, and the number formats of x. It is fast,
// so it covers far more inputs than FuzzFigureKit, which renders.
func FuzzTicks(f *testing.F) {
	for _, vs := range fuzzSeeds {
		for i := 0; i+2 < len(vs); i++ {
			f.Add(vs[i], vs[i+1], vs[i+2])
		}
	}
	f.Fuzz(func(t *testing.T, lo, hi, x float64) {
		checkTickers(t, []float64{lo, hi})
		for _, s := range []string{formatNumber(x), formatUSD(x), signed(x)} {
			if len(s) > 24 {
				t.Fatalf("%g formatted as %q", x, s)
			}
		}
		a, b := tidyRange(lo, hi)
		if n := (clampedScale{plot.LinearScale{}}).Normalize(a, b, x); !(math.Abs(n) <= maxNorm) {
			t.Fatalf("Normalize(%g, %g, %g) = %g", a, b, x, n)
		}
		a, b = tidyLogRange(lo, hi)
		if n := (clampedScale{plot.LogScale{}}).Normalize(a, b, x); !(math.Abs(n) <= maxNorm) {
			t.Fatalf("log Normalize(%g, %g, %g) = %g", a, b, x, n)
		}
	})
}

// FuzzFigureKit drives the figure kit every plot goes through with
// arbitrary numbers: by kind, a figure built from the kit's parts (lines,
// filled rings, points, labels, whiskers, a vertical line and span on
// linear, log or time axes, ranges set or autoscaled) or a sweep,
// comparison, tornado or schedule of them. Each must render, without an
// error, in bounded time and memory, with no NaN or Inf in its SVG.
func FuzzFigureKit(f *testing.F) {
	for kind, vs := range fuzzSeeds {
		f.Add(uint8(kind), floatBytes(vs...))
		for _, axes := range []uint8{1 << 3, 1 << 4, 1 << 5, 1 << 6, 0xf << 3} {
			f.Add(axes, floatBytes(vs...)) // kit figures on other axes
		}
	}
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		vs := fuzzFloats(data)
		if len(vs) == 0 {
			return
		}
		o := &odd{mean: func(k int) float64 { return vs[k%len(vs)] }, ci: func(k int) float64 { return vs[(k+1)%len(vs)] }}
		var e oddEntry
		switch kind % 5 {
		case 0:
			e = oddEntry{name: "kit", render: func() ([]Plot, error) { return renderAll([]figure{kitFigure(kind, vs)}) }}
		case 1:
			e = oddEntry{name: "sweep", render: func() ([]Plot, error) {
				return Sweep(o.sweep(t, []string{"a"}, []string{strconv.FormatFloat(vs[0], 'g', -1, 64)}, []string{"2"}))
			}}
		case 2:
			e = oddEntry{name: "compare", render: func() ([]Plot, error) { return Compare(o.comparison()) }}
		case 3:
			e = oddEntry{name: "tornado", render: func() ([]Plot, error) { return Tornado(o.sensitivity()) }}
		case 4:
			e = oddEntry{name: "schedule", render: func() ([]Plot, error) { return Schedule(o.schedule()) }}
		}
		ps, err := bounded(t, e.name, e.render)
		testutil.NoErr(t, err)
		for _, p := range ps {
			if i := nonFinite.FindIndex(p.SVG); i != nil {
				t.Fatalf("%s: SVG has a value that is not finite: …%s…", p.Name, p.SVG[max(0, i[0]-60):min(len(p.SVG), i[1]+20)])
			}
		}
	})
}

// checkTickers calls every tick marker and the range tidying on each pair
// of vs: a bounded number of ticks at finite values with short labels
// that are not NaN, and tidied ranges finite, ordered, of some width
// (positive on a log axis).
func checkTickers(t *testing.T, vs []float64) {
	for i := 0; i+1 < len(vs); i++ {
		lo, hi := vs[i], vs[i+1]
		for _, m := range []plot.Ticker{linTicks{}, hourTicks{}, logTicks{}} {
			ts := m.Ticks(lo, hi)
			if len(ts) > 2*maxTicks {
				t.Fatalf("%T.Ticks(%g, %g): %d ticks", m, lo, hi, len(ts))
			}
			for _, tk := range ts {
				if !finite(tk.Value) || nonFinite.MatchString(tk.Label) || len(tk.Label) > 24 {
					t.Fatalf("%T.Ticks(%g, %g): tick %g %q", m, lo, hi, tk.Value, tk.Label)
				}
			}
		}
		if a, b := tidyRange(lo, hi); !(a < b) || !finite(b-a) || b-a < minSpan {
			t.Fatalf("tidyRange(%g, %g) = %g, %g", lo, hi, a, b)
		}
		if a, b := tidyLogRange(lo, hi); !(a > 0) || !(a < b) || math.IsInf(b, 0) {
			t.Fatalf("tidyLogRange(%g, %g) = %g, %g", lo, hi, a, b)
		}
	}
}

// kitFigure is a figure of the kit's parts over vs, its axes chosen by
// kind's bits: a log x (bit 3) or log y (bit 4) axis, a time axis (bit 5),
// ranges set from vs (bit 6) or autoscaled.
func kitFigure(kind uint8, vs []float64) figure {
	return figure{name: "kit", title: "kit", caption: "kit", draw: func(c draw.Canvas) {
		var p *plot.Plot
		if kind&(1<<5) != 0 {
			p = newTimeAxis(1, func(int) (int, float64) { return len(vs), vs[0] }, vs[len(vs)-1], vs[len(vs)/2]).plot("y")
		} else {
			p = newPlot("x", "y")
		}
		if kind&(1<<3) != 0 {
			p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, logTicks{}
		}
		if kind&(1<<4) != 0 {
			p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, logTicks{}
		}
		var xys plotter.XYs
		var errs plotter.Errors
		var labels []string
		for i := 0; i+1 < len(vs); i += 2 {
			xys = append(xys, plotter.XY{X: vs[i], Y: vs[i+1]})
			errs = append(errs, struct{ Low, High float64 }{math.Abs(vs[i+1]), math.Abs(vs[i])})
			labels = append(labels, "#"+strconv.Itoa(i))
		}
		l := newLegend()
		ln := newLine(xys, lineStyle(blue, lineWidth))
		p.Add(filled(alpha(orange, bandOpacity), xys), ln, scatter(xys, okGlyph), note(vs[0], vs[len(vs)-1], "note"))
		l.Add("line", ln)
		if fin := finiteXYs(xys); len(fin) > 0 {
			p.Add(newTags(fin, labels[:len(fin)]), labelsAt(fin, labels[:len(fin)], textStyle(sansFont, tickSize), vg.Point{Y: 3}))
			if eb := yErrorBars(fin, errs[:len(fin)], lineStyle(black, thinWidth)); eb != nil {
				p.Add(eb)
			}
		}
		if finite(vs[0]) {
			p.Add(vline{vs[0], lineStyle(grey, thinWidth)}, vspan{vs[0], vs[len(vs)-1], warmupGrey})
		}
		if kind&(1<<6) != 0 && len(vs) >= 4 {
			p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = vs[0], vs[1], vs[2], vs[3]
		}
		drawSingle(c, p, l)
	}}
}
