package metric

import "github.com/capsim/capsim/sim"

// Constructors and options, so that a declaration reads as one line:
//
//	metric.Quantile("placement_latency_seconds.p95", metric.Seconds, metric.LowerIsBetter, 0.95, latency).
//		InTable("latency p95 (s)")

// NewSum declares a metric summed over locations.
func NewSum[L any](name string, u Unit, b Direction, value func(*L) float64) Def[L] {
	return Def[L]{Info: Info{Name: name, Unit: u, Better: b, Combine: Sum}, Value: value}
}

// NewHours declares seconds summed over locations and reported in hours.
func NewHours[L any](name string, u Unit, b Direction, seconds func(*L) float64) Def[L] {
	d := NewSum(name, u, b, seconds)
	d.Per = 3600
	return d
}

// NewRatio declares a ratio of sums, a Fraction.
func NewRatio[L any](name string, b Direction, num, den func(*L) float64) Def[L] {
	return Def[L]{Info: Info{Name: name, Unit: Fraction, Better: b, Combine: Ratio}, Value: num, Of: den}
}

// NewPerMeasured declares seconds summed over locations divided by the
// measured period: a time average.
func NewPerMeasured[L any](name string, u Unit, b Direction, seconds func(*L) float64) Def[L] {
	return Def[L]{Info: Info{Name: name, Unit: u, Better: b, Combine: PerMeasured}, Value: seconds}
}

// NewPeak declares a per-location peak, undefined for the total.
func NewPeak[L any](name string, u Unit, b Direction, value func(*L) float64) Def[L] {
	return Def[L]{Info: Info{Name: name, Unit: u, Better: b, Combine: Peak}, Value: value}
}

// NewMean declares the exact mean of a sketch (merged for the total).
func NewMean[L any](name string, u Unit, b Direction, sketch func(*L) *sim.Sketch) Def[L] {
	return Def[L]{Info: Info{Name: name, Unit: u, Better: b, Combine: SketchMean}, Sketch: sketch}
}

// NewQuantile declares the q-quantile of a sketch (merged for the total).
func NewQuantile[L any](name string, u Unit, b Direction, q float64, sketch func(*L) *sim.Sketch) Def[L] {
	return Def[L]{Info: Info{Name: name, Unit: u, Better: b, Combine: SketchQuantile}, Sketch: sketch, Q: q}
}

// InTable shows the metric in the table under label, in the unit's format.
func (d Def[L]) InTable(label string) Def[L] {
	d.Row = &Row{Label: label}
	return d
}

// Sparse shows the table row only where the metric is non-zero somewhere.
func (d Def[L]) Sparse() Def[L] {
	d.row().Sparse = true
	return d
}

// Formatted sets the table and key figure format.
func (d Def[L]) Formatted(f Format) Def[L] {
	d.row().Format = f
	return d
}

// Under puts the table row under a heading row.
func (d Def[L]) Under(heading string) Def[L] {
	d.row().Heading = heading
	return d
}

// RowAfter places the table row after the row of metric name.
func (d Def[L]) RowAfter(name string) Def[L] {
	d.row().After = name
	return d
}

// AsKey makes the metric a key figure of the HTML report.
func (d Def[L]) AsKey(rank int, label, note string) Def[L] {
	d.Key = &KeyFigure{Rank: rank, Label: label, Note: note}
	return d
}

// KeyShareOf makes the key figure's note the metric's share of another.
func (d Def[L]) KeyShareOf(name string) Def[L] {
	if d.Key == nil {
		d.Key = &KeyFigure{}
	}
	d.Key.ShareOf = name
	return d
}

// Omitted leaves the metric out when zero or undefined in every replication.
func (d Def[L]) Omitted() Def[L] {
	d.Optional = true
	return d
}

// Keyed marks the last name element as a map key (sorted in JSON).
func (d Def[L]) Keyed() Def[L] {
	d.SortedKey = true
	return d
}

func (d *Def[L]) row() *Row {
	if d.Row == nil {
		d.Row = &Row{}
	} else {
		r := *d.Row // copy: defs may share a Row
		d.Row = &r
	}
	return d.Row
}

// Column is one column of a model's timeseries CSV: its name, unit, and
// how to read it from a bucket's values R.
type Column[R any] struct {
	Name string
	Unit Unit
	Read func(R) float64
}

// RowColumn is the column that reads value c of a timeseries row
// (sim.TimeseriesReader.Row).
func RowColumn(name string, u Unit, c int) Column[[]float64] {
	return Column[[]float64]{Name: name, Unit: u, Read: func(row []float64) float64 { return row[c] }}
}

// Names returns the columns' names, in order.
func Names[R any](cols []Column[R]) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}
