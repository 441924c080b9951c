package sim

// Gauge is a time-weighted integer quantity (slots allocated, sessions
// streaming, requests waiting). It integrates its value over virtual time
// from a start time (the warm-up cut-off) on, and tracks the maximum from
// then on. Integrals are in value·seconds.
type Gauge struct {
	v        int64
	last     Time
	from     Time
	integral float64 // value·nanoseconds since from
	max      int64
}

// NewGauge returns a gauge at 0 whose statistics start at from.
func NewGauge(from Time) Gauge { return Gauge{from: from, last: 0} }

// Value returns the current value.
func (g *Gauge) Value() int64 { return g.v }

// advance integrates up to now.
func (g *Gauge) advance(now Time) {
	if now > g.last {
		if g.last < g.from && now >= g.from && g.v > g.max {
			g.max = g.v // the value held when statistics start counts
		}
		start := g.last
		if start < g.from {
			start = g.from
		}
		if now > start {
			g.integral += float64(g.v) * float64(now-start)
		}
		g.last = now
	}
}

// Set sets the value at now.
func (g *Gauge) Set(now Time, v int64) {
	g.advance(now)
	g.v = v
	if now >= g.from && v > g.max {
		g.max = v
	}
}

// Add adds dv at now.
func (g *Gauge) Add(now Time, dv int64) { g.Set(now, g.v+dv) }

// Integral returns the integral of the value from the cut-off to now, in
// value·seconds. It does not change the gauge.
func (g *Gauge) Integral(now Time) float64 {
	in := g.integral
	start := g.last
	if start < g.from {
		start = g.from
	}
	if now > start {
		in += float64(g.v) * float64(now-start)
	}
	return in / 1e9
}

// Max returns the largest value held at or after the cut-off (the value at
// the cut-off counts).
func (g *Gauge) Max(now Time) int64 {
	if now >= g.from && g.v > g.max {
		return g.v
	}
	return g.max
}

// RestartMax forgets the maximum so far: from now on Max reports the largest
// value held at or after now (the current value counts).
func (g *Gauge) RestartMax(now Time) {
	g.advance(now)
	g.max = g.v
}
