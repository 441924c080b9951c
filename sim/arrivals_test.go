package sim

import (
	"math"
	"slices"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat"
)

// hourlyCounts draws reps replications of p over days days and returns the
// arrivals counted in each hour of the run, replication by replication.
func hourlyCounts(t *testing.T, p *Poisson, reps, days int) [][]float64 {
	t.Helper()
	horizon := Time(days) * 24 * Time(time.Hour)
	out := make([][]float64, reps)
	for rep := range reps {
		counts := make([]float64, days*24)
		g := p.NewGen()
		r := NewStream(2026, rep, "arrivals")
		now := Time(0)
		for {
			at, _, ok := g.Next(r, now)
			if !ok || at >= horizon {
				break
			}
			if at < now {
				t.Fatalf("arrival at %v before the previous one at %v", at, now)
			}
			counts[at/Time(time.Hour)]++
			now = at
		}
		out[rep] = counts
	}
	return out
}

// TestPoissonHourlyIsPoisson: the hourly curve's arrivals, drawn by
// inverting the integrated rate, are a Poisson process of those rates.
// Over 400 replications of two days, each hour's count must have the
// hour's rate as its mean and as its variance (a Poisson count), within 5
// standard errors (48 hours checked, each on 400 counts: a false alarm
// once in millions of runs); hours of rate zero must see no arrival; and
// the arrivals within an hour must be uniform (the rate is constant
// there): a Kolmogorov-Smirnov statistic below 1.63/sqrt(n), its 1%
// critical value.
func TestPoissonHourlyIsPoisson(t *testing.T) {
	hourly := []float64{40, 0, 0, 3, 120, 7, 0.5, 60, 60, 60, 15, 0, 200, 1, 2, 80, 33, 0, 9, 90, 45, 5, 25, 10}
	p := &Poisson{Hourly: hourly}
	const reps, days = 400, 2
	counts := hourlyCounts(t, p, reps, days)
	for h := range days * 24 {
		var xs []float64
		for _, c := range counts {
			xs = append(xs, c[h])
		}
		rate := hourly[h%24]
		mean, variance := stat.MeanVariance(xs, nil)
		if rate == 0 {
			if mean != 0 {
				t.Errorf("hour %d: rate 0 but %.3f arrivals on average", h, mean)
			}
			continue
		}
		if se := math.Sqrt(rate / reps); math.Abs(mean-rate) > 5*se {
			t.Errorf("hour %d: mean count %.3f, want %.3f ± %.3f (5 SE)", h, mean, rate, 5*se)
		}
		// The variance of a sample variance of n Poisson(λ) counts is
		// λ/n·(1 + 2λ) (fourth central moment λ + 3λ²).
		if se := math.Sqrt(rate * (1 + 2*rate) / reps); math.Abs(variance-rate) > 5*se {
			t.Errorf("hour %d: count variance %.3f, want %.3f ± %.3f (5 SE)", h, variance, rate, 5*se)
		}
	}
	// Within hour 12 (rate 200), offsets from the hour's start are uniform.
	g := p.NewGen()
	r := NewStream(7, 0, "uniform")
	var offsets []float64
	for now := Time(12 * time.Hour); len(offsets) < 20_000; {
		at, _, _ := g.Next(r, now)
		if h := at.Duration() / time.Hour; h%24 == 12 {
			offsets = append(offsets, float64(at.Duration()%time.Hour)/float64(time.Hour))
		}
		now = at
	}
	if d := ksUniform(offsets); d > 1.63/math.Sqrt(float64(len(offsets))) {
		t.Errorf("offsets within the hour are not uniform: KS statistic %.4f on %d", d, len(offsets))
	}
}

// TestPoissonHourlyTimeRescaled: by the time-rescaling theorem the gaps
// between arrivals measured in expected arrivals (the integrated rate)
// are independent standard exponentials. A curve of low rates (about one
// arrival an hour, many hours without) makes most gaps span hour
// boundaries, where the walk across hours is exercised; over 20,000 days
// the gaps' Kolmogorov-Smirnov statistic against Exp(1) must be below
// 1.63/sqrt(n), its 1% critical value.
func TestPoissonHourlyTimeRescaled(t *testing.T) {
	hourly := []float64{1, 0, 0, 0.1, 3, 0.2, 0.05, 1.5, 1.5, 1.5, 0.4, 0, 5, 0.03, 0.05, 2, 0.8, 0, 0.2, 2.2, 1.1, 0.1, 0.6, 0.25}
	p := &Poisson{Hourly: hourly}
	// integrated is the expected count in [0, at).
	integrated := func(at Time) float64 {
		h := at.Duration() / time.Hour
		var n float64
		for k := range h % 24 {
			n += hourly[k]
		}
		for _, r := range hourly {
			n += float64(h/24) * r
		}
		return n + hourly[h%24]*float64(at.Duration()%time.Hour)/float64(time.Hour)
	}
	g := p.NewGen()
	r := NewStream(3, 0, "rescaled")
	horizon := Time(20_000) * 24 * Time(time.Hour)
	var gaps []float64
	prev := 0.0
	for now := Time(0); ; {
		at, _, ok := g.Next(r, now)
		if !ok || at >= horizon {
			break
		}
		x := integrated(at)
		gaps = append(gaps, 1-math.Exp(-(x-prev))) // the Exp(1) CDF: uniform if exponential
		prev, now = x, at
	}
	if d := ksUniform(gaps); d > 1.63/math.Sqrt(float64(len(gaps))) {
		t.Errorf("rescaled gaps are not exponential: KS statistic %.4f on %d", d, len(gaps))
	}
}

// TestPoissonHourlyTinyRates: a curve whose only non-zero hour expects one
// arrival in a hundred days still draws (skipping whole days at once, not
// hour by hour), every arrival falls in that hour, and their number over
// 100,000 days (274 years) is within 5 standard deviations of its mean.
func TestPoissonHourlyTinyRates(t *testing.T) {
	hourly := make([]float64, 24)
	hourly[5] = 0.01
	p := &Poisson{Hourly: hourly}
	g := p.NewGen()
	r := NewStream(1, 0, "tiny")
	horizon := Time(100_000) * 24 * Time(time.Hour)
	n := 0
	for now := Time(0); ; n++ {
		at, _, ok := g.Next(r, now)
		if !ok || at >= horizon {
			break
		}
		if h := at.Duration() / time.Hour % 24; h != 5 {
			t.Fatalf("arrival at %v, in hour %d of the day; want hour 5", at, h)
		}
		now = at
	}
	const want = 1000.0
	if math.Abs(float64(n)-want) > 5*math.Sqrt(want) {
		t.Errorf("%d arrivals in 100,000 days, want %.0f ± %.0f (5 SD)", n, want, 5*math.Sqrt(want))
	}
	// Past the end of time: Never, not a wrapped time.
	if at, _, ok := g.Next(r, Never-Time(time.Hour)); ok || at != Never {
		t.Errorf("Next near the end of time = %v, %v; want Never, false", at, ok)
	}
}

// TestPoissonSpikesStillThinned: with a spike the process is drawn by
// thinning, and the count over the spike's hold matches its rate.
func TestPoissonSpikesStillThinned(t *testing.T) {
	p := &Poisson{Hourly: slices.Repeat([]float64{10}, 24),
		Spikes: []Spike{{Start: 2 * time.Hour, Ramp: time.Hour, Hold: 2 * time.Hour, PeakPerHour: 90}}}
	counts := hourlyCounts(t, p, 400, 1)
	for _, h := range []int{0, 1, 3, 4} {
		var xs []float64
		for _, c := range counts {
			xs = append(xs, c[h])
		}
		mean, _ := stat.MeanVariance(xs, nil)
		rate := p.Rate(time.Duration(h)*time.Hour + time.Minute)
		if se := math.Sqrt(rate / 400); math.Abs(mean-rate) > 5*se {
			t.Errorf("hour %d: mean count %.3f, want %.3f ± %.3f (5 SE)", h, mean, rate, 5*se)
		}
	}
}

// ksUniform is the Kolmogorov-Smirnov statistic of xs against U(0, 1).
func ksUniform(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	n := float64(len(s))
	d := 0.0
	for i, x := range s {
		d = max(d, float64(i+1)/n-x, x-float64(i)/n)
	}
	return d
}
