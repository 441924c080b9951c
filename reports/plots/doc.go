// Package plots renders the figures of a capsim run and of a class
// comparison with gonum.org/v1/plot, as PNG (800 px wide, 96 dpi) and SVG.
//
// It owns the drawing only: what is plotted comes from package reports
// ([reports.Figures], [reports.FleetFigures], [reports.Comparison]), which
// computes every number. The entry points each return a fixed, ordered list
// of [Plot]s (file stem, title, caption, PNG, SVG):
//
//   - [Run]: a run's stream-group figures (latency CDF and histogram,
//     capacity per location, utilisation, failures, cost);
//   - [Fleets]: a run's GameLift Servers figures, one per fleet location and
//     a cost figure;
//   - [Compare]: the class comparison (cost against p95 latency, cost bars).
//
// [InlineSVG] prepares an SVG for an HTML page that holds several.
//
// The figures share one kit: kit.go (a figure, its rendering, stacked
// panels with their legends, the palette), axes.go (the time axis every
// time figure shares, with the warm-up shaded; legend labels, file names,
// number formats), capacity.go (the capacity chart: banded levels drawn
// as one layer, settings, the demand panel), cost.go (the cost chart:
// stacked bars with CI whiskers and totals), series.go (step series and
// marks), ticks.go and view.go (display resolution), ranges.go (axis
// ranges made drawable: see Degenerate data below). streams.go,
// streamcapacity.go and latency.go draw a stream-group run, fleets.go a
// fleet run and compare.go a class comparison.
//
// Units: time axes are hours since the start, with the warm-up shaded;
// latencies are in seconds, money in US dollars, capacity in stream slots
// (fleets: instances and processes), requests and failures per hour,
// utilisation in percent.
// SVG sizes are in px equal to the PNG's pixel size.
//
// Every function is deterministic: the same input gives byte-identical PNG
// and SVG. SVGs start at <svg (no XML prolog) and name their font with web
// fallbacks.
//
// # Degenerate data
//
// Every figure renders, in bounded time and memory, whatever the numbers:
// a single point, a zero-width or ulp-wide range (a value repeated with
// floating-point noise), NaN, ±Inf, huge magnitudes, negative values on a
// log axis. Points that are not finite are left out; an axis range is
// made finite, ordered and at least 1e-9 of its magnitude wide (a single
// value gets ±5%, or ±1 about 0) within ±1e300; values far outside an
// axis are clamped to 10⁴ axis lengths before they reach the rasteriser;
// tick markers place at most a hundred ticks; a failures figure of more
// than a week has bars of several hours. FuzzTicks and FuzzFigureKit
// (scripts/fuzz.sh) drive this.
//
// Errors, prefixed "plots: ", are returned for nil input, for series whose
// lengths disagree with their bucket count or whose step is not positive,
// and for a drawing that fails; a panic inside gonum/plot on bad input is
// recovered and returned as an error.
package plots
