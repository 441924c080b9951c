package sim

import (
	"encoding/json"
	"math"
	"testing"
)

func estClose(got, want, relTol float64) bool {
	return math.Abs(got-want) <= relTol*math.Abs(want)
}

func TestNewEstimateHandComputed(t *testing.T) {
	cases := []struct {
		name     string
		xs       []float64
		mean, ci float64
		n        int
	}{
		// mean 3, s = sqrt(2.5) = 1.58113883, t(0.975, 4) = 2.7764451052 (table),
		// ci = t*s/sqrt(5) = 2.7764451052*sqrt(0.5) = 1.9632432.
		{"1..5", []float64{1, 2, 3, 4, 5}, 3, 2.7764451051977987 * math.Sqrt(0.5), 5},
		// nu=1 is Cauchy: t = tan(pi*0.475) = 12.7062047; s = sqrt(2), n = 2,
		// so ci = t exactly.
		{"2,4", []float64{2, 4}, 3, math.Tan(math.Pi * 0.475), 2},
		// nu=2 closed form: t = (2p-1)/sqrt(2p(1-p)) = 4.3026527; xs mean 10,
		// s = 1, ci = t/sqrt(3).
		{"9,10,11", []float64{9, 10, 11}, 10, 0.95 / math.Sqrt(2*0.975*0.025) / math.Sqrt(3), 3},
		// NaNs are skipped: same as 1..5.
		{"1..5 with NaNs", []float64{math.NaN(), 1, 2, math.NaN(), 3, 4, 5, math.NaN()}, 3, 2.7764451051977987 * math.Sqrt(0.5), 5},
	}
	for _, c := range cases {
		e := NewEstimate(c.xs)
		if e.N != c.n || !estClose(e.Mean, c.mean, 1e-15) || !estClose(e.CI95, c.ci, 1e-9) {
			t.Errorf("%s: got %+v, want mean %v ci %v n %d", c.name, e, c.mean, c.ci, c.n)
		}
	}
	// The worked example's rounded values from the spec.
	e := NewEstimate([]float64{1, 2, 3, 4, 5})
	if math.Abs(e.CI95-1.963) > 5e-4 {
		t.Errorf("CI95 = %v, want 1.963", e.CI95)
	}
	// Large n: t(0.975, 999) = 1.9623415 (table); values 0,1 alternating:
	// mean 0.5, s^2 = 1000*0.25/999.
	xs := make([]float64, 1000)
	for i := range xs {
		xs[i] = float64(i % 2)
	}
	e = NewEstimate(xs)
	want := 1.9623414611 * math.Sqrt(1000*0.25/999) / math.Sqrt(1000)
	if e.Mean != 0.5 || !estClose(e.CI95, want, 1e-8) {
		t.Errorf("n=1000: got %+v, want ci %v", e, want)
	}
}

func TestNewEstimateDegenerate(t *testing.T) {
	for _, xs := range [][]float64{nil, {}, {math.NaN(), math.NaN()}} {
		e := NewEstimate(xs)
		if e.N != 0 || !math.IsNaN(e.Mean) || !math.IsNaN(e.CI95) {
			t.Errorf("NewEstimate(%v) = %+v, want NaN/NaN/0", xs, e)
		}
		if e.String() != "n/a" {
			t.Errorf("String() = %q, want n/a", e.String())
		}
	}
	e := NewEstimate([]float64{math.NaN(), 7.25})
	if e.N != 1 || e.Mean != 7.25 || !math.IsNaN(e.CI95) {
		t.Errorf("N=1: got %+v", e)
	}
	if e.String() != "7.25" {
		t.Errorf("N=1 String() = %q, want 7.25", e.String())
	}
	// Constant input: zero width.
	e = NewEstimate([]float64{4, 4, 4})
	if e.Mean != 4 || e.CI95 != 0 {
		t.Errorf("constant: got %+v", e)
	}
}

func TestEstimateString(t *testing.T) {
	e := Estimate{Mean: 12.3456, CI95: 0.41234, N: 5}
	if got, want := e.String(), "12.35 ± 0.4123"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestEstimateJSON(t *testing.T) {
	cases := []struct {
		e    Estimate
		want string
	}{
		{Estimate{Mean: 3, CI95: math.NaN(), N: 1}, `{"mean":3,"ci95":null}`},
		{Estimate{Mean: math.NaN(), CI95: math.NaN()}, `{"mean":null,"ci95":null}`},
		{Estimate{Mean: math.Inf(1), CI95: math.Inf(-1)}, `{"mean":null,"ci95":null}`},
		{Estimate{Mean: 0.1, CI95: 1e-20, N: 9}, `{"mean":0.1,"ci95":1e-20}`},
		// strconv 'g' shortest form switches to exponent notation for large
		// exponents (here >= 6 with few digits); pinned so output stays byte-stable.
		{Estimate{Mean: -2.5, CI95: 123456789012}, `{"mean":-2.5,"ci95":1.23456789012e+11}`},
		{Estimate{Mean: 1e6, CI95: 123456}, `{"mean":1e+06,"ci95":123456}`},
	}
	for _, c := range cases {
		b, err := json.Marshal(c.e)
		if err != nil || string(b) != c.want {
			t.Errorf("Marshal(%+v) = %s, %v; want %s", c.e, b, err, c.want)
		}
		// Also via pointer and inside a container.
		b, err = json.Marshal(map[string]*Estimate{"x": &c.e})
		if err != nil || string(b) != `{"x":`+c.want+`}` {
			t.Errorf("Marshal(map) = %s, %v", b, err)
		}
	}

	// Round trip is bit-exact for finite values; NaN survives as NaN.
	for _, in := range []Estimate{
		NewEstimate([]float64{0.1, 0.2, 0.7, 1.3}),
		NewEstimate([]float64{1.5}),
		NewEstimate(nil),
	} {
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		var out Estimate
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("Unmarshal(%s): %v", b, err)
		}
		same := func(a, b float64) bool {
			return math.Float64bits(a) == math.Float64bits(b) || (math.IsNaN(a) && math.IsNaN(b))
		}
		if !same(in.Mean, out.Mean) || !same(in.CI95, out.CI95) || out.N != 0 {
			t.Errorf("round trip %+v -> %s -> %+v", in, b, out)
		}
	}

	var out Estimate
	if err := json.Unmarshal([]byte(`{"mean":1.25}`), &out); err != nil || out.Mean != 1.25 || !math.IsNaN(out.CI95) {
		t.Errorf("missing ci95: %+v, %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{"mean":"x"}`), &out); err == nil {
		t.Errorf("bad JSON accepted")
	}
}
