package metric

import (
	"math"

	"github.com/capsim/capsim/sim"
)

// Unit is the unit of a metric's value, as SCHEMA.md spells it.
type Unit string

// Units.
const (
	Count         Unit = "count"      // events per replication
	Fraction      Unit = "fraction"   // dimensionless, in [0, 1]
	Seconds       Unit = "s"          // seconds
	USD           Unit = "USD"        // US dollars
	SlotHours     Unit = "slot-h"     // stream slots integrated over time
	InstanceHours Unit = "instance-h" // instances integrated over time
	ProcessHours  Unit = "process-h"  // server processes integrated over time
	Hours         Unit = "h"          // hours
	Instances     Unit = "instances"  // a number of instances
)

// Direction says which way a metric improves.
type Direction int

// Directions.
const (
	Neutral        Direction = iota // neither: a volume, a setting
	LowerIsBetter                   // latencies, failures, costs
	HigherIsBetter                  // utilisation, fulfilled
)

func (d Direction) String() string {
	switch d {
	case LowerIsBetter:
		return "lower is better"
	case HigherIsBetter:
		return "higher is better"
	}
	return "neutral"
}

// Combine is how a replication's value is computed from the locations'
// results. For one location the "sum" is that location's value.
type Combine int

// Ways to combine.
const (
	Sum            Combine = iota // Σ Value over locations, divided by Per
	Ratio                         // Σ Value / Σ Of; undefined when Σ Of is 0
	PerMeasured                   // Σ Value / the measured seconds (horizon − warm-up); undefined when 0
	Peak                          // a location's Value; undefined for the total (peaks need not coincide)
	SketchMean                    // exact mean of the merged Sketch; undefined when empty
	SketchQuantile                // Q-quantile of the merged Sketch; undefined when empty
)

// Format is how a table cell or key figure shows an estimate.
type Format int

// Formats; Auto picks from the unit: Count as Integer, Fraction as Percent,
// USD as Dollars, anything else with 3 significant digits.
const (
	Auto    Format = iota
	Integer        // "1234 ± 56"
	Percent        // "1.23% ± 0.10"
	Sig3           // "0.123 ± 0.00456"
	Dollars        // "$12.34 ± 0.56"
)

// Row is how a metric appears in the terminal table.
type Row struct {
	Label  string
	Format Format
	// Sparse rows are shown only if the mean is non-zero (and defined) in
	// some column.
	Sparse bool
	// Heading, if set, is a heading row (empty cells) shown once before
	// the first shown row of a run of rows with the same heading.
	Heading string
	// After, if set, places the row right after the row of that metric
	// (the JSON order stays the declaration order).
	After string
}

// KeyFigure is how a metric appears among the HTML report's key figures.
type KeyFigure struct {
	Rank  int    // position among the model's key figures, ascending
	Label string // e.g. "p95 placement latency"
	Note  string // shown under the value
	// ShareOf, if set, names a metric: the note is then this metric's
	// share of it ("12.5% of the cost").
	ShareOf string
}

// Info is everything about a metric but how to read it: what reports and
// lookups need.
type Info struct {
	Name    string // as in summary.json, dotted: "placement_latency_seconds.p95"
	Unit    Unit
	Better  Direction
	Combine Combine
	// Optional metrics are left out of summary.json and the table when
	// zero in every replication.
	Optional bool
	// SortedKey marks the last element of Name as a map key: summary.json
	// sorts such keys within their object.
	SortedKey bool
	Row       *Row       // nil: not in the table
	Key       *KeyFigure // nil: not a key figure
}

// Def declares one metric of a model whose per-location result is L.
type Def[L any] struct {
	Info
	Value  func(*L) float64     // Sum, Ratio (numerator), PerMeasured, Peak
	Of     func(*L) float64     // Ratio: denominator
	Sketch func(*L) *sim.Sketch // SketchMean, SketchQuantile; nil sketch: none
	Q      float64              // SketchQuantile
	Per    float64              // Sum: divisor after summing (3600: seconds to hours); 0 means 1
}

// Eval returns the metric's value in one replication: for the location
// locs[0] (total false) or for all of locs together, in order (total true).
// measuredSeconds is the measured period, for PerMeasured. NaN is
// undefined.
func (d *Def[L]) Eval(locs []L, total bool, measuredSeconds float64) float64 {
	if !total {
		locs = locs[:min(1, len(locs))]
	}
	switch d.Combine {
	case Ratio:
		return ratio(sum(locs, d.Value), sum(locs, d.Of))
	case PerMeasured:
		return ratio(sum(locs, d.Value), measuredSeconds)
	case Peak:
		if total || len(locs) == 0 {
			return math.NaN()
		}
		return d.Value(&locs[0])
	case SketchMean, SketchQuantile:
		s := d.sketch(locs, total)
		if s == nil {
			return math.NaN()
		}
		if d.Combine == SketchMean {
			return s.Mean()
		}
		return s.Quantile(d.Q)
	}
	x := sum(locs, d.Value)
	if d.Per != 0 {
		x /= d.Per
	}
	return x
}

// sketch returns the location's sketch, or for the total a fresh sketch
// merging every location's (exactly).
func (d *Def[L]) sketch(locs []L, total bool) *sim.Sketch {
	if !total {
		if len(locs) == 0 {
			return nil
		}
		return d.Sketch(&locs[0])
	}
	s := sim.NewSketch()
	for i := range locs {
		s.Merge(d.Sketch(&locs[i]))
	}
	return s
}

func sum[L any](locs []L, f func(*L) float64) float64 {
	var x float64
	for i := range locs {
		x += f(&locs[i])
	}
	return x
}

// ratio returns a/b, or NaN if b is 0.
func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// Infos returns the Info of every def, in order.
func Infos[L any](defs []Def[L]) []Info {
	out := make([]Info, len(defs))
	for i := range defs {
		out[i] = defs[i].Info
	}
	return out
}
