package queueing

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func relDiff(got, want float64) float64 {
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}

// erlangBLogSpace is an independent Erlang B: a^c/c! / sum_k a^k/k! summed
// by log-sum-exp with Lgamma.
func erlangBLogSpace(c int, a float64) float64 {
	terms := make([]float64, c+1)
	m := math.Inf(-1)
	for k := 0; k <= c; k++ {
		lg, _ := math.Lgamma(float64(k) + 1)
		terms[k] = float64(k)*math.Log(a) - lg
		m = math.Max(m, terms[k])
	}
	s := 0.0
	for _, t := range terms {
		s += math.Exp(t - m)
	}
	return math.Exp(terms[c] - m - math.Log(s))
}

// erlangCDirect is the textbook Erlang C with explicit factorials (small c).
func erlangCDirect(c int, a float64) float64 {
	sum, term := 0.0, 1.0 // term = a^k/k!
	for k := 0; k < c; k++ {
		sum += term
		term *= a / float64(k+1)
	}
	top := term * float64(c) / (float64(c) - a)
	return top / (sum + top)
}

func TestErlangBTables(t *testing.T) {
	// Hand/closed-form values.
	exact := []struct {
		c    int
		a, b float64
	}{
		{1, 1, 0.5}, // a/(1+a)
		{2, 1, 0.2}, // (1/2)/(1+1+1/2)
		{3, 2, (8.0 / 6) / (1 + 2 + 2 + 8.0/6)},
		{10, 5, 0.018384570336648}, // table: 0.018384
		{4, 0, 0},
	}
	for _, e := range exact {
		if got := ErlangB(e.c, e.a); relDiff(got, e.b) > 1e-12 {
			t.Errorf("ErlangB(%d, %v) = %.15g, want %.15g", e.c, e.a, got, e.b)
		}
	}
	// Erlang B tables give 0.01838 (the exact value 0.0183846 truncates to
	// 0.018384).
	if got := ErlangB(10, 5); math.Abs(got-0.01838) > 5e-6 {
		t.Errorf("ErlangB(10,5) = %v, table 0.01838", got)
	}
	// Published Erlang B table capacities at 1%% grade of service
	// (5 lines: 1.36 E, 10: 4.46 E, 20: 12.03 E, 100: 84.06 E) bracket 1%.
	for _, r := range []struct {
		c  int
		lo float64 // table value; lo + 0.01 must exceed 1%
	}{{5, 1.36}, {10, 4.46}, {20, 12.03}, {100, 84.06}} {
		if b := ErlangB(r.c, r.lo); !(b <= 0.01) {
			t.Errorf("ErlangB(%d, %v) = %v, table says <= 1%%", r.c, r.lo, b)
		}
		if b := ErlangB(r.c, r.lo+0.01); !(b > 0.01) {
			t.Errorf("ErlangB(%d, %v) = %v, table says > 1%%", r.c, r.lo+0.01, b)
		}
	}
	// Large c and load against the independent log-space sum.
	for _, r := range []struct {
		c int
		a float64
	}{{50, 45}, {1000, 900}, {2000, 2000}, {2000, 1800}, {2000, 2500}, {1, 2000}, {300, 5}} {
		got, want := ErlangB(r.c, r.a), erlangBLogSpace(r.c, r.a)
		if math.IsNaN(got) || math.IsInf(got, 0) || relDiff(got, want) > 1e-9 {
			t.Errorf("ErlangB(%d, %v) = %.15g, log-space %.15g", r.c, r.a, got, want)
		}
	}
	for _, bad := range []struct {
		c int
		a float64
	}{{0, 1}, {-1, 1}, {3, -1}, {3, math.NaN()}, {3, math.Inf(1)}} {
		if got := ErlangB(bad.c, bad.a); !math.IsNaN(got) {
			t.Errorf("ErlangB(%d, %v) = %v, want NaN", bad.c, bad.a, got)
		}
	}
}

func TestErlangC(t *testing.T) {
	// M/M/2 with rho = 1/2: P(wait) = 2 rho^2/(1+rho) = 1/3. M/M/1: rho.
	if got := ErlangC(2, 1); relDiff(got, 1.0/3) > 1e-14 {
		t.Errorf("ErlangC(2,1) = %v, want 1/3", got)
	}
	if got := ErlangC(1, 0.7); relDiff(got, 0.7) > 1e-14 {
		t.Errorf("ErlangC(1,0.7) = %v, want 0.7", got)
	}
	for _, r := range []struct {
		c int
		a float64
	}{{1, 0.3}, {5, 4.5}, {10, 5}, {20, 19.9}, {50, 45}, {100, 84}} {
		got := ErlangC(r.c, r.a)
		if want := erlangCDirect(r.c, r.a); relDiff(got, want) > 1e-11 {
			t.Errorf("ErlangC(%d,%v) = %.15g, direct %.15g", r.c, r.a, got, want)
		}
		b := ErlangB(r.c, r.a)
		rel := float64(r.c) * b / (float64(r.c) - r.a*(1-b))
		if relDiff(got, rel) > 1e-14 {
			t.Errorf("ErlangC(%d,%v) = %v, relation gives %v", r.c, r.a, got, rel)
		}
	}
	// Large c against log-space B via the relation.
	b := erlangBLogSpace(2000, 1950)
	if got, want := ErlangC(2000, 1950), 2000*b/(2000-1950*(1-b)); relDiff(got, want) > 1e-9 {
		t.Errorf("ErlangC(2000,1950) = %v, want %v", got, want)
	}
	if ErlangC(5, 5) != 1 || ErlangC(5, 7) != 1 {
		t.Errorf("ErlangC for a >= c must be 1")
	}
	if !math.IsNaN(ErlangC(0, 1)) || !math.IsNaN(ErlangC(2, -1)) {
		t.Errorf("ErlangC invalid input must be NaN")
	}
}

func TestMMc(t *testing.T) {
	// M/M/1, lambda 0.5, mu 1: Wq = rho/(mu - lambda) = 1.
	r, err := MMc(0.5, 1, 1)
	if err != nil || relDiff(r.WaitProbability, 0.5) > 1e-14 || relDiff(r.MeanWait, 1) > 1e-14 || r.Utilisation != 0.5 {
		t.Errorf("MMc(0.5,1,1) = %+v, %v", r, err)
	}
	// M/M/2, lambda 2, mu 2 (a=1): C = 1/3, Wq = C/(4-2) = 1/6.
	r, err = MMc(2, 2, 2)
	if err != nil || relDiff(r.MeanWait, 1.0/6) > 1e-14 || relDiff(r.Utilisation, 0.5) > 1e-15 {
		t.Errorf("MMc(2,2,2) = %+v, %v", r, err)
	}
	for _, bad := range []struct {
		l, m float64
		c    int
	}{{1, 1, 1}, {3, 1, 2}, {-1, 1, 1}, {1, 0, 1}, {1, 1, 0}, {math.NaN(), 1, 1}, {1, math.Inf(1), 1}} {
		if _, err := MMc(bad.l, bad.m, bad.c); !errors.Is(err, ErrInvalid) {
			t.Errorf("MMc(%v,%v,%d) err = %v, want ErrInvalid", bad.l, bad.m, bad.c, err)
		}
	}
}

func TestMMcDInvalid(t *testing.T) {
	for _, bad := range []struct {
		l, m float64
		c    int
		d    float64
	}{
		{1, 1, 0, 1}, {-1, 1, 1, 1}, {1, -1, 1, 1}, {1, 0, 1, 1}, {1, 1, 1, -0.5},
		{1, 1, 1, math.NaN()}, {math.NaN(), 1, 1, 1}, {2, 1, 2, math.Inf(1)}, {3, 1, 2, math.Inf(1)},
	} {
		if _, err := MMcD(bad.l, bad.m, bad.c, bad.d); !errors.Is(err, ErrInvalid) {
			t.Errorf("MMcD(%v,%v,%d,%v) err = %v, want ErrInvalid", bad.l, bad.m, bad.c, bad.d, err)
		}
	}
}

// TestMMcDZeroPatience: D = 0 is the Erlang loss system.
func TestMMcDZeroPatience(t *testing.T) {
	for _, c := range []int{1, 2, 5, 50, 2000} {
		for _, a := range []float64{0.1, 1, 4.5, 45, 500, 2000} {
			mu := 2.0
			r, err := MMcD(a*mu, mu, c, 0)
			if err != nil {
				t.Fatal(err)
			}
			b := ErlangB(c, a)
			if math.Abs(r.AbandonProbability-b) > 1e-12 || math.Abs(r.WaitProbability-b) > 1e-12 {
				t.Errorf("c=%d a=%v: P_ab %.15g P_w %.15g, ErlangB %.15g", c, a, r.AbandonProbability, r.WaitProbability, b)
			}
			if r.MeanWaitServed != 0 || !math.IsNaN(r.MeanWaitServedPositive) || r.WaitQuantileServed(0.99) != 0 {
				t.Errorf("c=%d a=%v: D=0 waits %+v", c, a, r)
			}
			if relDiff(r.Utilisation, a*(1-b)/float64(c)) > 1e-12 {
				t.Errorf("c=%d a=%v: Utilisation %v", c, a, r.Utilisation)
			}
		}
	}
}

// TestMMcDInfinitePatience: D -> infinity with a < c is M/M/c.
func TestMMcDInfinitePatience(t *testing.T) {
	for _, p := range []struct {
		c      int
		lambda float64
	}{{1, 0.5}, {5, 4.5}, {50, 45}, {2000, 1990}, {10, 0.01}} {
		mu := 1.0
		mm, err := MMc(p.lambda, mu, p.c)
		if err != nil {
			t.Fatal(err)
		}
		for _, D := range []float64{1e9 / mu, math.Inf(1)} {
			r, err := MMcD(p.lambda, mu, p.c, D)
			if err != nil {
				t.Fatal(err)
			}
			if relDiff(r.WaitProbability, mm.WaitProbability) > 1e-9 ||
				relDiff(r.MeanWaitServed, mm.MeanWait) > 1e-9 ||
				r.AbandonProbability > 1e-300 ||
				relDiff(r.Utilisation, mm.Utilisation) > 1e-12 ||
				relDiff(r.MeanWaitServedPositive, 1/(float64(p.c)*mu-p.lambda)) > 1e-9 {
				t.Errorf("c=%d lambda=%v D=%v: %+v vs M/M/c %+v", p.c, p.lambda, D, r, mm)
			}
			// Waiting time given wait is Exp(c mu - lambda): quantile closed form.
			pq := 0.95
			if pq > 1-mm.WaitProbability {
				want := -math.Log((1-pq)/mm.WaitProbability) / (float64(p.c)*mu - p.lambda)
				if got := r.WaitQuantileServed(pq); relDiff(got, want) > 1e-8 {
					t.Errorf("c=%d lambda=%v D=%v: q95 %v, want %v", p.c, p.lambda, D, got, want)
				}
			}
		}
	}
}

// TestMMcDCriticalContinuity: the theta = c*mu - lambda = 0 branch and the
// small-|theta D| series agree with the general formulas just off zero.
func TestMMcDCriticalContinuity(t *testing.T) {
	c, mu, D := 5, 1.0, 0.7
	at, err := MMcD(5, mu, c, D)
	if err != nil {
		t.Fatal(err)
	}
	for _, eps := range []float64{1e-3, -1e-3, 1e-7, -1e-7} {
		near, _ := MMcD(5*(1+eps), mu, c, D)
		tol := 10 * math.Abs(eps)
		if relDiff(near.AbandonProbability, at.AbandonProbability) > tol ||
			relDiff(near.MeanWaitServed, at.MeanWaitServed) > tol ||
			relDiff(near.MeanWaitServedPositive, D/2) > tol ||
			relDiff(near.WaitQuantileServed(0.9), at.WaitQuantileServed(0.9)) > tol {
			t.Errorf("eps=%v: %+v vs theta=0 %+v", eps, near, at)
		}
	}
	// Series/direct switch at |x| = 1e-2 is continuous.
	lo, hi := truncExpMeanFactor(0.00999999), truncExpMeanFactor(0.01000001)
	if math.Abs(lo-hi) > 1e-8 {
		t.Errorf("truncExpMeanFactor jump at 1e-2: %v vs %v", lo, hi)
	}
}

// TestMMcDOverload: lambda > c*mu with long patience: servers saturate, so
// served throughput -> c*mu, P_ab -> 1 - c*mu/lambda, Utilisation -> 1, and
// the served wait concentrates just below D. Nothing overflows.
func TestMMcDOverload(t *testing.T) {
	c, mu := 10, 1.0
	lambda := 20.0
	for _, D := range []float64{100, 1e5} {
		r, err := MMcD(lambda, mu, c, D)
		if err != nil {
			t.Fatal(err)
		}
		if relDiff(r.AbandonProbability, 0.5) > 1e-9 || relDiff(r.Utilisation, 1) > 1e-9 {
			t.Errorf("D=%v: %+v", D, r)
		}
		// V | 0<V<=D is D - Exp(lambda - c mu) truncated: mean D - 1/10.
		if relDiff(r.MeanWaitServed, D-0.1) > 1e-9 {
			t.Errorf("D=%v: MeanWaitServed %v, want %v", D, r.MeanWaitServed, D-0.1)
		}
		// Median: D - ln(2)/10.
		if got, want := r.WaitQuantileServed(0.5), D-math.Ln2/10; math.Abs(got-want) > 1e-9*D {
			t.Errorf("D=%v: median %v, want %v", D, got, want)
		}
	}
}

// servedCDF integrates the served-wait density numerically (composite
// Simpson on (0, v]) for comparison with the closed-form quantile.
func servedCDF(r MMcDResult, theta, D, v float64) float64 {
	const n = 2000
	h := v / n
	s := 0.0
	for i := 0; i <= n; i++ {
		w := 2.0
		if i == 0 || i == n {
			w = 1
		} else if i%2 == 1 {
			w = 4
		}
		s += w * math.Exp(-theta*float64(i)*h)
	}
	partial := s * h / 3
	total := D // integral of exp(-theta u) over (0, D]
	if theta != 0 {
		total = -math.Expm1(-theta*D) / theta
	}
	return r.q0 + (1-r.q0)*partial/total
}

func TestMMcDQuantileConsistency(t *testing.T) {
	for _, p := range []struct {
		lambda, mu float64
		c          int
		D          float64
	}{{4.5, 1, 5, 0.2}, {45, 1, 50, 0.2}, {8, 1, 5, 2}, {5, 1, 5, 1}, {1, 1, 3, 5}} {
		r, err := MMcD(p.lambda, p.mu, p.c, p.D)
		if err != nil {
			t.Fatal(err)
		}
		theta := float64(p.c)*p.mu - p.lambda
		for _, q := range []float64{0.5, 0.9, 0.95, 0.99, 0.999} {
			v := r.WaitQuantileServed(q)
			if q <= r.q0 {
				if v != 0 {
					t.Errorf("%+v q=%v: %v, want 0", p, q, v)
				}
				continue
			}
			if got := servedCDF(r, theta, p.D, v); math.Abs(got-q) > 1e-9 {
				t.Errorf("%+v: F(Q(%v)) = %v", p, q, got)
			}
		}
		// Mean from quantiles: int_0^1 Q(p) dp = MeanWaitServed. Q is 0 on
		// [0, q0] and smooth on (q0, 1] (steep near 1 when theta*D is large,
		// hence many points); midpoint rule on the latter.
		const m = 1_000_000
		s := 0.0
		for i := 0; i < m; i++ {
			s += r.WaitQuantileServed(r.q0 + (1-r.q0)*(float64(i)+0.5)/m)
		}
		if got := s / m * (1 - r.q0); relDiff(got, r.MeanWaitServed) > 1e-8 {
			t.Errorf("%+v: mean of quantiles %v, MeanWaitServed %v", p, got, r.MeanWaitServed)
		}
		if r.WaitQuantileServed(1) != p.D || r.WaitQuantileServed(0) != 0 ||
			!math.IsNaN(r.WaitQuantileServed(1.5)) || !math.IsNaN(r.WaitQuantileServed(math.NaN())) {
			t.Errorf("%+v: bad quantile edges", p)
		}
		// Identity: WaitProbability = P_ab + (1 - P_ab)(1 - q0).
		if got := r.AbandonProbability + (1-r.AbandonProbability)*(1-r.q0); relDiff(got, r.WaitProbability) > 1e-12 {
			t.Errorf("%+v: P_w %v vs %v", p, r.WaitProbability, got)
		}
	}
}

// mcStats is one batch-means estimate: mean over batches and its standard
// error sd/sqrt(batches).
type mcStats struct{ mean, se float64 }

func batchStats(xs []float64) mcStats {
	n := float64(len(xs))
	m := 0.0
	for _, x := range xs {
		m += x
	}
	m /= n
	ss := 0.0
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return mcStats{m, math.Sqrt(ss / (n - 1) / n)}
}

// simulateMMcD is an independent FCFS M/M/c+D simulation by the
// Kiefer-Wolfowitz recursion: free[k] is when server k next becomes free. An
// arrival at t would start at s = max(t, min_k free[k]); under FCFS with
// deterministic patience it abandons iff s - t > D (it then never holds a
// server), else it takes that server for an Exp(mu) service. Returns
// batch-means estimates of P(abandon), P(wait > 0), mean wait of served,
// the served-wait 0.9 quantile and utilisation.
func simulateMMcD(lambda, mu float64, c int, D float64, arrivals, warmup, batches int, seed uint64) (pab, pw, wServed, q90, util mcStats) {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	free := make([]float64, c)
	t := 0.0
	per := arrivals / batches
	var bPab, bPw, bW, bQ, bU []float64
	waits := make([]float64, 0, per)
	var nAb, nWait int
	var busy, tStart float64
	for i := 0; i < warmup+batches*per; i++ {
		inBatch := i >= warmup
		if inBatch && (i-warmup)%per == 0 { // batch start
			waits = waits[:0]
			nAb, nWait, busy, tStart = 0, 0, 0, t
		}
		t += r.ExpFloat64() / lambda
		k := 0
		for j := 1; j < c; j++ {
			if free[j] < free[k] {
				k = j
			}
		}
		start := math.Max(t, free[k])
		w := start - t
		if w > D {
			nAb++
		} else {
			s := r.ExpFloat64() / mu
			free[k] = start + s
			busy += s
			waits = append(waits, w)
		}
		if w > 0 {
			nWait++
		}
		if inBatch && (i-warmup)%per == per-1 { // batch end
			sum := 0.0
			for _, x := range waits {
				sum += x
			}
			bPab = append(bPab, float64(nAb)/float64(per))
			bPw = append(bPw, float64(nWait)/float64(per))
			bW = append(bW, sum/float64(len(waits)))
			slices.Sort(waits)
			bQ = append(bQ, waits[int(math.Floor(0.9*float64(len(waits)-1)))])
			bU = append(bU, busy/(float64(c)*(t-tStart)))
		}
	}
	return batchStats(bPab), batchStats(bPw), batchStats(bW), batchStats(bQ), batchStats(bU)
}

// TestMMcDMonteCarlo cross-checks the formulas against simulateMMcD.
// Tolerance: |theory - estimate| <= 3 standard errors, the SE from 40 batch
// means of 50,000 arrivals each (2e6 arrivals after 20,000 warm-up), plus
// 1e-12 absolute slack. With a correct formula a miss has probability ~0.3%
// per comparison (the seed is fixed, so the outcome is deterministic); a
// formula error of more than ~3 SE (about 1% relative here) fails.
func TestMMcDMonteCarlo(t *testing.T) {
	if testing.Short() {
		t.Skip("Monte-Carlo cross-check skipped in -short mode")
	}
	cases := []struct {
		name       string
		lambda, mu float64
		c          int
		D          float64
		seed       uint64
	}{
		{"c=5 a=4.5 D=0.2/mu", 4.5, 1, 5, 0.2, 1},
		{"reference c=50 lambda=45 mu=1 D=0.2", 45, 1, 50, 0.2, 2},
		{"overload c=5 a=6 D=1/mu", 6, 1, 5, 1, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			th, err := MMcD(tc.lambda, tc.mu, tc.c, tc.D)
			if err != nil {
				t.Fatal(err)
			}
			pab, pw, ws, q90, util := simulateMMcD(tc.lambda, tc.mu, tc.c, tc.D, 2_000_000, 20_000, 40, tc.seed)
			t.Logf("theory: P_ab=%.6g P_wait=%.6g E[W|served]=%.6g E[W|0<W<=D]=%.6g W90|served=%.6g W99|served=%.6g util=%.6g",
				th.AbandonProbability, th.WaitProbability, th.MeanWaitServed, th.MeanWaitServedPositive,
				th.WaitQuantileServed(0.9), th.WaitQuantileServed(0.99), th.Utilisation)
			for _, chk := range []struct {
				name   string
				theory float64
				mc     mcStats
			}{
				{"AbandonProbability", th.AbandonProbability, pab},
				{"WaitProbability", th.WaitProbability, pw},
				{"MeanWaitServed", th.MeanWaitServed, ws},
				{"WaitQuantileServed(0.9)", th.WaitQuantileServed(0.9), q90},
				{"Utilisation", th.Utilisation, util},
			} {
				t.Logf("  %-24s theory %.6g  MC %.6g ± %.2g (SE)", chk.name, chk.theory, chk.mc.mean, chk.mc.se)
				if math.Abs(chk.theory-chk.mc.mean) > 3*chk.mc.se+1e-12 {
					t.Errorf("%s: theory %.6g, MC %.6g, |diff| %.3g > 3 SE = %.3g",
						chk.name, chk.theory, chk.mc.mean, math.Abs(chk.theory-chk.mc.mean), 3*chk.mc.se)
				}
			}
		})
	}
}
