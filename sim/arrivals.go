package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Arrivals describes when requests arrive (stream sessions, game session
// placements, claims). It is immutable
// configuration; each replication draws its own arrivals from it.
type Arrivals interface {
	// ExpectedCount is the mean number of arrivals in [0, horizon).
	ExpectedCount(horizon time.Duration) float64
	String() string
	// NewGen starts a fresh draw of the process for one replication.
	NewGen() ArrivalGen
}

// ExpectedTotal returns the mean number of arrivals in [0, horizon) summed
// over demands, each demand's process read by arrivals; a nil process
// counts none. It is a model's expected requests per replication.
func ExpectedTotal[D any](demands []D, horizon time.Duration, arrivals func(*D) Arrivals) float64 {
	n := 0.0
	for i := range demands {
		if a := arrivals(&demands[i]); a != nil {
			n += a.ExpectedCount(horizon)
		}
	}
	return n
}

// ArrivalGen is one replication's draw of an arrival process.
type ArrivalGen interface {
	// Next returns the arrival after now and, when the process carries it
	// (a trace), the session length (0: draw it); ok is false when none is
	// left. Calls come with now non-decreasing.
	Next(r *rand.Rand, now Time) (at Time, length time.Duration, ok bool)
}

// Spike is extra demand over a base rate: a linear ramp to PeakPerHour over
// Ramp from Start, a hold at the peak for Hold, then exponential decay with
// time constant Decay (none when Decay is 0).
type Spike struct {
	Start, Ramp, Hold, Decay time.Duration
	PeakPerHour              float64
}

func (s Spike) rate(t time.Duration) float64 {
	switch {
	case t < s.Start:
		return 0
	case t < s.Start+s.Ramp:
		return s.PeakPerHour * float64(t-s.Start) / float64(s.Ramp)
	case t < s.Start+s.Ramp+s.Hold:
		return s.PeakPerHour
	case s.Decay > 0:
		return s.PeakPerHour * math.Exp(-float64(t-s.Start-s.Ramp-s.Hold)/float64(s.Decay))
	}
	return 0
}

// expected integrates the spike's rate over [0, h).
func (s Spike) expected(h time.Duration) float64 {
	// Numerical integration at one-second resolution is exact enough for
	// budgets and validation and immune to edge cases.
	step := time.Second
	if h/step > 1e6 {
		step = h / 1e6
	}
	var sum float64
	for t := step / 2; t < h; t += step {
		sum += s.rate(t)
	}
	return sum * step.Hours()
}

// Poisson is a (non-homogeneous) Poisson process: a constant RatePerHour, or
// 24 hourly rates repeating every day (Hourly), plus any Spikes. Without
// spikes the rate is constant by the hour, and each arrival is drawn by
// inverting the integrated rate (one exponential draw per arrival: the
// expected count it stands for is walked across the hours); with spikes
// arrivals are drawn by thinning against MaxRate. Both are exact for this
// rate function.
type Poisson struct {
	RatePerHour float64
	Hourly      []float64 // 24 values (per hour), or nil
	Spikes      []Spike
}

// Rate returns the arrival rate per hour at t.
func (p *Poisson) Rate(t time.Duration) float64 {
	r := p.RatePerHour
	if len(p.Hourly) == 24 {
		r = p.Hourly[int(t/time.Hour)%24]
	}
	for _, s := range p.Spikes {
		r += s.rate(t)
	}
	return r
}

// MaxRate bounds the rate per hour: the highest base or hourly rate plus
// every spike's peak (the thinning's candidate rate).
func (p *Poisson) MaxRate() float64 {
	m := p.RatePerHour
	for _, h := range p.Hourly {
		m = max(m, h)
	}
	for _, s := range p.Spikes {
		m += s.PeakPerHour
	}
	return m
}

func (p *Poisson) ExpectedCount(h time.Duration) float64 {
	var n float64
	if len(p.Hourly) == 24 {
		for t := time.Duration(0); t < h; t += time.Hour {
			w := min(time.Hour, h-t)
			n += p.Hourly[int(t/time.Hour)%24] * w.Hours()
		}
	} else {
		n = p.RatePerHour * h.Hours()
	}
	for _, s := range p.Spikes {
		n += s.expected(h)
	}
	return n
}

func (p *Poisson) String() string {
	s := fmt.Sprintf("poisson(%g/h)", p.RatePerHour)
	if len(p.Hourly) == 24 {
		s = "poisson(hourly curve)"
	}
	if len(p.Spikes) > 0 {
		s += fmt.Sprintf(" + %d spike(s)", len(p.Spikes))
	}
	return s
}

type poissonGen struct {
	p    *Poisson
	rmax float64
	day  float64 // expected arrivals in 24 hours (hourly rates only)
}

func (p *Poisson) NewGen() ArrivalGen {
	g := &poissonGen{p: p, rmax: p.MaxRate()}
	for _, h := range p.Hourly {
		g.day += h
	}
	return g
}

func (g *poissonGen) Next(r *rand.Rand, now Time) (Time, time.Duration, bool) {
	if g.rmax <= 0 {
		return Never, 0, false
	}
	var t Time
	switch {
	case len(g.p.Spikes) > 0:
		t = g.thin(r, now)
	case len(g.p.Hourly) == 24:
		t = g.invertHourly(r.ExpFloat64(), now)
	default:
		t = ExpAfter(r, now, g.rmax)
	}
	return t, 0, t != Never
}

// thin draws the next arrival after now by thinning: candidates at the
// rate MaxRate, each kept with probability Rate/MaxRate.
func (g *poissonGen) thin(r *rand.Rand, now Time) Time {
	t := now
	for {
		t = ExpAfter(r, t, g.rmax)
		if t == Never || r.Float64()*g.rmax <= g.p.Rate(t.Duration()) {
			return t
		}
	}
}

// invertHourly returns the time after now at which the hourly rates'
// integral from now reaches e (an exponential draw: expected arrivals),
// or Never past the end of time. Whole days are skipped at once, so a
// curve of tiny rates costs no more than a few days' walk.
func (g *poissonGen) invertHourly(e float64, now Time) Time {
	const hour = Time(time.Hour)
	t := now
	for {
		if e >= g.day {
			days := math.Floor(e / g.day)
			if days*24*float64(hour) >= float64(Never-t) {
				return Never
			}
			e -= days * g.day
			t += Time(days) * 24 * hour
		}
		h := t / hour
		if h >= Never/hour-1 {
			return Never
		}
		end := (h + 1) * hour
		if rate := g.p.Hourly[h%24]; rate > 0 {
			span := float64(end-t) / float64(hour)
			if need := e / rate; need < span {
				return min(t.Add(toTicks(need*3600)), end)
			}
			e = max(e-rate*span, 0)
		}
		t = end
	}
}

// Trace replays recorded arrivals: offsets from the start, sorted, and
// optionally each session's length (0: draw it from the demand's distribution).
type Trace struct {
	Source  string // file the trace came from, for messages
	At      []time.Duration
	Lengths []time.Duration // nil, or one per arrival
}

func (t *Trace) ExpectedCount(h time.Duration) float64 {
	n := 0
	for _, a := range t.At {
		if a < h {
			n++
		}
	}
	return float64(n)
}

func (t *Trace) String() string { return fmt.Sprintf("trace(%s, %d arrivals)", t.Source, len(t.At)) }

type traceGen struct {
	t *Trace
	i int
}

func (t *Trace) NewGen() ArrivalGen { return &traceGen{t: t} }

func (g *traceGen) Next(_ *rand.Rand, now Time) (Time, time.Duration, bool) {
	if g.i >= len(g.t.At) {
		return Never, 0, false
	}
	at := At(g.t.At[g.i])
	var l time.Duration
	if g.t.Lengths != nil {
		l = g.t.Lengths[g.i]
	}
	g.i++
	if at < now {
		at = now
	}
	return at, l, true
}
