package sim

// Gauge is a time-weighted integer quantity (slots allocated, sessions
// streaming, requests waiting). It integrates its value over virtual time
// from 0, and separately from a cut-off (the end of the warm-up, set by Cut)
// after which statistics count. Integrals are in value·seconds.
type Gauge struct {
	v     int64
	last  Time
	total float64 // value·nanoseconds since 0
	base  float64 // total at the cut-off
	max   int64   // since the cut-off
}

// Value returns the current value.
func (g *Gauge) Value() int64 { return g.v }

func (g *Gauge) advance(now Time) {
	if now > g.last {
		g.total += float64(g.v) * float64(now-g.last)
		g.last = now
	}
}

// Set sets the value at now.
func (g *Gauge) Set(now Time, v int64) {
	g.advance(now)
	g.v = v
	if v > g.max {
		g.max = v
	}
}

// Add adds dv at now.
func (g *Gauge) Add(now Time, dv int64) { g.Set(now, g.v+dv) }

// Cut starts the statistics at now: Integral and Max count from here on
// (the value held at now counts for Max).
func (g *Gauge) Cut(now Time) {
	g.advance(now)
	g.base = g.total
	g.max = g.v
}

// TotalIntegral returns the integral from 0 to now, in value·seconds.
func (g *Gauge) TotalIntegral(now Time) float64 {
	in := g.total
	if now > g.last {
		in += float64(g.v) * float64(now-g.last)
	}
	return in / 1e9
}

// Integral returns the integral from the cut-off to now, in value·seconds.
func (g *Gauge) Integral(now Time) float64 { return g.TotalIntegral(now) - g.base/1e9 }

// Max returns the largest value held since the cut-off.
func (g *Gauge) Max() int64 { return g.max }

// BucketIntegrals turns gauges into their integrals over each timeseries
// bucket, in value·seconds.
type BucketIntegrals struct {
	gauges           []*Gauge
	prev, delta, avg []float64
}

// NewBucketIntegrals watches gs from time 0.
func NewBucketIntegrals(gs ...*Gauge) *BucketIntegrals {
	return &BucketIntegrals{gauges: gs, prev: make([]float64, len(gs)), delta: make([]float64, len(gs)),
		avg: make([]float64, len(gs))}
}

// Next returns each gauge's integral since the previous call (since 0 at
// the first), in the order given, valid until the next call.
func (b *BucketIntegrals) Next(now Time) []float64 {
	for i, g := range b.gauges {
		t := g.TotalIntegral(now)
		b.delta[i] = t - b.prev[i]
		b.prev[i] = t
	}
	return b.delta
}

// Averages is Next for the bucket [start, now): it returns each gauge's
// time average over the bucket (its integral since the previous call over
// the bucket's width in seconds; 0 for a bucket without width) and the
// integrals themselves, in the order given, valid until the next call.
func (b *BucketIntegrals) Averages(start, now Time) (avg, integrals []float64) {
	in := b.Next(now)
	width := now.Sub(start).Seconds()
	for i, v := range in {
		b.avg[i] = 0
		if width > 0 {
			b.avg[i] = v / width
		}
	}
	return b.avg, in
}
