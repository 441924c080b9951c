package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// Dist is a distribution of non-negative durations. Sample draws from the
// stream it is given and rounds to whole nanoseconds once, here.
type Dist interface {
	Sample(r *rand.Rand) time.Duration
	// Mean is the distribution's mean.
	Mean() time.Duration
	// String describes the distribution and its parameters.
	String() string
}

// toTicks rounds a sample in seconds to nanoseconds, saturating far beyond
// any horizon instead of overflowing.
func toTicks(seconds float64) time.Duration {
	// 9e9 s (~285 years) is beyond any horizon (at most 100 years) and, in
	// nanoseconds, still below math.MaxInt64 (~9.22e18); later sums with
	// sim.Time saturate at Never.
	const maxSeconds = 9e9
	if !(seconds > 0) {
		return 0
	}
	if seconds > maxSeconds {
		seconds = maxSeconds
	}
	return time.Duration(roundPositive(seconds * 1e9))
}

// roundPositive is math.Round(x) as an int64 for 0 <= x < 2^63, in fewer
// instructions (it is on the path of every duration drawn): truncate, then
// add one if the fraction is at least a half. Both steps are exact:
// int64(x) truncates, float64 of the result is exact (x with its fraction
// cleared), and so is x minus it (Sterbenz's lemma for x >= 1; x itself
// below 1); so it rounds half away from zero exactly as math.Round does.
// TestRoundPositiveIsMathRound checks it.
func roundPositive(x float64) int64 {
	i := int64(x)
	up := int64(0)
	if x-float64(i) >= 0.5 { // a conditional move: fractions are random
		up = 1
	}
	return i + up
}

// Fixed always returns D.
type Fixed struct{ D time.Duration }

func (f Fixed) Sample(*rand.Rand) time.Duration { return f.D }
func (f Fixed) Mean() time.Duration             { return f.D }
func (f Fixed) String() string                  { return "fixed(" + f.D.String() + ")" }

// Exponential has mean M.
type Exponential struct{ M time.Duration }

func (e Exponential) Sample(r *rand.Rand) time.Duration {
	return toTicks(r.ExpFloat64() * e.M.Seconds())
}
func (e Exponential) Mean() time.Duration { return e.M }
func (e Exponential) String() string      { return "exponential(mean " + e.M.String() + ")" }

// LogNormal has median Median and log-scale standard deviation Sigma:
// exp(ln(median) + sigma*Z).
type LogNormal struct {
	Median time.Duration
	Sigma  float64
}

func (l LogNormal) Sample(r *rand.Rand) time.Duration {
	return toTicks(l.Median.Seconds() * math.Exp(l.Sigma*r.NormFloat64()))
}
func (l LogNormal) Mean() time.Duration {
	return toTicks(l.Median.Seconds() * math.Exp(l.Sigma*l.Sigma/2))
}
func (l LogNormal) String() string {
	return fmt.Sprintf("lognormal(median %v, sigma %g)", l.Median, l.Sigma)
}

// Gamma has mean M and shape K (K = 1 is exponential; larger K is less variable).
type Gamma struct {
	M time.Duration
	K float64
}

func (g Gamma) Sample(r *rand.Rand) time.Duration {
	d := distuv.Gamma{Alpha: g.K, Beta: g.K / g.M.Seconds(), Src: r}
	return toTicks(d.Rand())
}
func (g Gamma) Mean() time.Duration { return g.M }
func (g Gamma) String() string      { return fmt.Sprintf("gamma(mean %v, shape %g)", g.M, g.K) }

// Weibull has mean M and shape K (K = 1 is exponential; K < 1 has a
// heavier tail, K > 1 a lighter one): scale M/Γ(1+1/K).
type Weibull struct {
	M time.Duration
	K float64
}

// Scale is the Weibull scale λ in seconds: M/Γ(1+1/K).
func (w Weibull) Scale() float64 { return w.M.Seconds() / math.Gamma(1+1/w.K) }

func (w Weibull) Sample(r *rand.Rand) time.Duration {
	// λ·E^(1/K) with E a standard exponential is Weibull(K, λ).
	return toTicks(w.Scale() * math.Pow(r.ExpFloat64(), 1/w.K))
}
func (w Weibull) Mean() time.Duration { return w.M }
func (w Weibull) String() string      { return fmt.Sprintf("weibull(mean %v, shape %g)", w.M, w.K) }

// Empirical resamples observed durations: it draws from the piecewise-linear
// inverse of their empirical distribution function, so every value between
// the smallest and the largest observation can occur.
type Empirical struct {
	sorted []time.Duration
	mean   time.Duration
}

// NewEmpirical returns the empirical distribution of values; it needs at least
// one value, none negative.
func NewEmpirical(values []time.Duration) (*Empirical, error) {
	if len(values) == 0 {
		return nil, fmt.Errorf("empirical distribution needs at least one value")
	}
	s := slices.Clone(values)
	slices.Sort(s)
	if s[0] < 0 {
		return nil, fmt.Errorf("empirical distribution: negative value %v", s[0])
	}
	// The mean as an offset from the smallest value, kept within the
	// observed range: a float sum of large durations loses the low digits.
	var sum float64
	for _, v := range s {
		sum += float64(v - s[0])
	}
	mean := s[0] + time.Duration(math.Round(sum/float64(len(s))))
	mean = min(max(mean, s[0]), s[len(s)-1])
	return &Empirical{sorted: s, mean: mean}, nil
}

func (e *Empirical) Sample(r *rand.Rand) time.Duration {
	n := len(e.sorted)
	if n == 1 {
		return e.sorted[0]
	}
	u := r.Float64() * float64(n-1)
	i := int(u)
	f := u - float64(i)
	a, b := float64(e.sorted[i]), float64(e.sorted[i+1])
	return time.Duration(math.Round(a + f*(b-a)))
}
func (e *Empirical) Mean() time.Duration { return e.mean }

// Min is the smallest observed value.
func (e *Empirical) Min() time.Duration { return e.sorted[0] }

// Max is the largest value the distribution can return.
func (e *Empirical) Max() time.Duration { return e.sorted[len(e.sorted)-1] }
func (e *Empirical) String() string {
	return fmt.Sprintf("empirical(%d values, mean %v)", len(e.sorted), e.mean)
}

// ExpAfter returns now plus an exponential delay at ratePerHour, or Never when
// the rate is zero: the time of the next event of a Poisson process.
func ExpAfter(r *rand.Rand, now Time, ratePerHour float64) Time {
	if ratePerHour <= 0 {
		return Never
	}
	return now.Add(toTicks(r.ExpFloat64() * 3600 / ratePerHour))
}
