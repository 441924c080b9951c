package sim

import (
	"math"
	"testing"
	"time"
)

func TestStreamsAreIndependentAndReproducible(t *testing.T) {
	a1 := NewStream(42, 0, "demand/a")
	a2 := NewStream(42, 0, "demand/a")
	b := NewStream(42, 0, "demand/b")
	r1 := NewStream(42, 1, "demand/a")
	same, diffName, diffRep := 0, 0, 0
	for range 1000 {
		x := a1.Uint64()
		if x == a2.Uint64() {
			same++
		}
		if x == b.Uint64() {
			diffName++
		}
		if x == r1.Uint64() {
			diffRep++
		}
	}
	if same != 1000 || diffName != 0 || diffRep != 0 {
		t.Fatalf("same=%d diffName=%d diffRep=%d", same, diffName, diffRep)
	}
	// The derivation is part of the reproducibility contract: pin it.
	s1, s2 := StreamSeeds(42, 0, "demand/a")
	if s1 == s2 || s1 == 0 {
		t.Fatalf("degenerate seeds %x %x", s1, s2)
	}
}

func TestDistMeans(t *testing.T) {
	emp, err := NewEmpirical([]time.Duration{time.Second, 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		d    Dist
		want float64 // seconds
	}{
		{Fixed{D: 90 * time.Second}, 90},
		{Exponential{M: 30 * time.Minute}, 1800},
		{LogNormal{Median: 90 * time.Second, Sigma: 0.5}, 90 * math.Exp(0.125)},
		{Gamma{M: 10 * time.Minute, K: 3}, 600},
		{Weibull{M: 20 * time.Minute, K: 0.7}, 1200},
		{Weibull{M: 20 * time.Minute, K: 3}, 1200},
		{emp, 2},
	}
	for _, c := range cases {
		r := NewStream(7, 0, c.d.String())
		const n = 200000
		var sum, sumsq float64
		for range n {
			x := c.d.Sample(r).Seconds()
			if x < 0 {
				t.Fatalf("%v: negative sample", c.d)
			}
			sum += x
			sumsq += x * x
		}
		mean := sum / n
		sd := math.Sqrt(sumsq/n - mean*mean)
		se := sd / math.Sqrt(n)
		// 5 standard errors, plus rounding to nanoseconds.
		if math.Abs(mean-c.want) > 5*se+1e-6 {
			t.Errorf("%v: sample mean %.4f, want %.4f (se %.4f)", c.d, mean, c.want, se)
		}
		if got := c.d.Mean().Seconds(); math.Abs(got-c.want) > 1e-6*c.want {
			t.Errorf("%v: Mean() = %v, want %v", c.d, got, c.want)
		}
	}
}

// A Weibull's draws fall below its quantiles in the right shares: the
// shape is the shape, not only the mean.
func TestWeibullQuantiles(t *testing.T) {
	w := Weibull{M: 20 * time.Minute, K: 0.7}
	r := NewStream(9, 0, "weibull")
	const n = 100000
	for _, p := range []float64{0.1, 0.5, 0.9} {
		q := w.Scale() * math.Pow(-math.Log(1-p), 1/w.K)
		below := 0
		for range n {
			if w.Sample(r).Seconds() <= q {
				below++
			}
		}
		if got := float64(below) / n; math.Abs(got-p) > 5*math.Sqrt(p*(1-p)/n) {
			t.Errorf("P(X <= q%.0f) = %.4f, want %.2f", 100*p, got, p)
		}
	}
}

func TestEmpiricalRejectsBadInput(t *testing.T) {
	if _, err := NewEmpirical(nil); err == nil {
		t.Fatal("empty empirical accepted")
	}
	if _, err := NewEmpirical([]time.Duration{-1}); err == nil {
		t.Fatal("negative empirical value accepted")
	}
}

func TestGaugeIntegratesFromCutoff(t *testing.T) {
	var g Gauge
	g.Set(0, 5)                  // 5 from 0 s
	g.Cut(At(10 * time.Second))  // statistics start at 10 s
	g.Set(At(20*time.Second), 2) // 5 × 10 s = 50 after the cut
	g.Add(At(30*time.Second), 1) // 2 × 10 s = 20
	end := At(40 * time.Second)  // + 3 × 10 s = 30
	if got := g.Integral(end); math.Abs(got-100) > 1e-9 {
		t.Fatalf("integral since the cut = %v, want 100", got)
	}
	if got := g.TotalIntegral(end); math.Abs(got-150) > 1e-9 {
		t.Fatalf("total integral = %v, want 150", got)
	}
	if g.Max() != 5 {
		t.Fatalf("max = %d, want 5 (the value held at the cut counts)", g.Max())
	}
	g.Cut(end)
	if g.Max() != 3 || g.Integral(end) != 0 {
		t.Fatalf("after a new cut: max %d, integral %v; want 3 and 0", g.Max(), g.Integral(end))
	}
}

func TestReplicateStoresByIndex(t *testing.T) {
	out, err := Replicate(50, ReplicateOptions{Workers: 4}, func(rep int) (int, error) {
		r := NewStream(1, rep, "x")
		n := 0
		for range 1000 + r.IntN(5000) {
			n++
		}
		return rep * rep, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range out {
		if v != i*i {
			t.Fatalf("out[%d] = %d", i, v)
		}
	}
}
