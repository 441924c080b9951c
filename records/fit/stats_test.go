package fit

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.6g, want %.6g ± %g", what, got, want, tol)
	}
}

// Garwood and Clopper–Pearson against published tables (Ulm 1990; Clopper
// and Pearson 1934 as tabulated by most texts).
func TestIntervalsAgainstTables(t *testing.T) {
	iv := PoissonRate(0, 1, 0.95)
	near(t, "poisson(0) high", iv.High, 3.689, 0.001)
	near(t, "poisson(0) low", iv.Low, 0, 0)
	iv = PoissonRate(10, 2, 0.95)
	near(t, "poisson(10)/2 low", iv.Low, 4.795/2, 0.001)
	near(t, "poisson(10)/2 high", iv.High, 18.390/2, 0.001)
	iv = Proportion(0, 10, 0.95)
	near(t, "cp(0/10) high", iv.High, 0.3085, 0.0001)
	iv = Proportion(5, 10, 0.95)
	near(t, "cp(5/10) low", iv.Low, 0.1871, 0.0001)
	near(t, "cp(5/10) high", iv.High, 0.8129, 0.0001)
	near(t, "binomial tail", upperTail(3, 10, 0.1), 1-distuv.Binomial{N: 10, P: 0.1}.CDF(2), 1e-12)
}

// Garwood's interval covers at least its level, at every rate: measured on
// fresh Poisson draws.
func TestPoissonRateCoverage(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, mu := range []float64{0.5, 3, 20, 150} {
		p := distuv.Poisson{Lambda: mu, Src: r}
		in := 0
		const n = 4000
		for range n {
			if PoissonRate(int64(p.Rand()), 1, 0.9).Contains(mu) {
				in++
			}
		}
		if cov := float64(in) / n; cov < 0.9-0.015 {
			t.Errorf("rate %g: coverage %.3f below 0.9", mu, cov)
		}
	}
}

// censoredSample draws n lengths from dist and censors each at an
// independent exponential time of mean censorMean.
func censoredSample(r *rand.Rand, n int, draw func() float64, censorMean float64) *Lengths {
	var l Lengths
	for range n {
		x := draw()
		c := r.ExpFloat64() * censorMean
		if c < x {
			l.AddCut(c)
		} else {
			l.AddEnd(x)
		}
	}
	return &l
}

// Each family is recovered from a censored sample of itself: its
// parameters within their intervals, and chosen by AIC.
func TestFitLengthsRecovers(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	const median, sigma = 2100.0, 0.8
	cases := []struct {
		family string
		draw   func() float64
		want   map[string]float64
	}{
		{"lognormal", func() float64 { return median * math.Exp(sigma*r.NormFloat64()) },
			map[string]float64{"median": median, "sigma": sigma}},
		{"gamma", distuv.Gamma{Alpha: 3, Beta: 3.0 / 2400, Src: r}.Rand, map[string]float64{"mean": 2400, "shape": 3}},
		{"weibull", distuv.Weibull{K: 0.7, Lambda: 1800, Src: r}.Rand,
			map[string]float64{"mean": 1800 * math.Gamma(1+1/0.7), "shape": 0.7}},
	}
	for _, c := range cases {
		t.Run(c.family, func(t *testing.T) {
			lf, err := FitLengths(censoredSample(r, 20000, c.draw, 6000), 1, 0.99)
			if err != nil {
				t.Fatal(err)
			}
			if lf.Censored < 2000 {
				t.Fatalf("only %d censored: the test would not test censoring", lf.Censored)
			}
			if lf.Best().Family != c.family {
				t.Fatalf("best by AIC %s, want %s (%s)", lf.Best().Family, c.family, lf.Why)
			}
			for name, want := range c.want {
				if iv := lf.Best().Param(name); !iv.Contains(want) {
					t.Errorf("%s = %.4g, interval [%.4g, %.4g] misses %g", name, iv.Value, iv.Low, iv.High, want)
				}
			}
			if lf.Chosen != c.family {
				t.Errorf("chosen %s: %s", lf.Chosen, lf.Why)
			}
		})
	}
}

// The goodness-of-fit test's size: on samples of the family it tests, it
// rejects at 5% about 5% of the time (measured on 100 fresh samples; with
// estimated parameters the chi-square reference makes it conservative).
func TestGoFSize(t *testing.T) {
	rejected := 0
	const seeds = 100
	for seed := range seeds {
		r := rand.New(rand.NewPCG(uint64(seed), 99))
		l := censoredSample(r, 2000, func() float64 { return 2100 * math.Exp(0.8*r.NormFloat64()) }, 5000)
		lf, err := FitLengths(l, 1, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		for _, ff := range lf.Families {
			if ff.Family == "lognormal" && ff.GoF.PValue < 0.05 {
				rejected++
			}
		}
	}
	t.Logf("lognormal samples rejected at 5%%: %d of %d", rejected, seeds)
	if rejected > 12 {
		t.Errorf("rejected %d of %d true lognormal samples at 5%%: the test is too liberal", rejected, seeds)
	}
	// and it has power: a Weibull sample of shape 0.7 is not lognormal
	r := rand.New(rand.NewPCG(5, 5))
	lf, _ := FitLengths(censoredSample(r, 5000, distuv.Weibull{K: 0.7, Lambda: 1800, Src: r}.Rand, 5000), 1, 0.95)
	for _, ff := range lf.Families {
		if ff.Family == "lognormal" && ff.GoF.PValue > 0.01 {
			t.Errorf("a Weibull sample passes as lognormal: p = %.3g", ff.GoF.PValue)
		}
	}
}

// A mixture no family fits is written as its Kaplan–Meier estimate, whose
// quantiles follow the sample's.
func TestFitLengthsEmpirical(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	draw := func() float64 {
		if r.Float64() < 0.5 {
			return 120 + 10*r.NormFloat64()
		}
		return 3600 * math.Exp(0.2*r.NormFloat64())
	}
	lf, err := FitLengths(censoredSample(r, 20000, draw, 1e6), 1, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	if lf.Chosen != "empirical" {
		t.Fatalf("chosen %s for a two-humped sample: %s", lf.Chosen, lf.Why)
	}
	q := lf.EmpiricalQuantiles(1000)
	near(t, "median", q[500], 0.5*(120+30)+0.5*(3600*math.Exp(0.2*-3)), 2000) // between the humps
	near(t, "quartile", q[250], 120, 15)
	near(t, "upper quartile", q[750], 3600, 200)
	_ = time.Second
}
