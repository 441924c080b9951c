package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"
)

// Estimate is a mean over independent replications together with the
// half-width of its 95% confidence interval. Mean and CI95 are in the units
// of the replicated metric (e.g. seconds for a latency, dimensionless for a
// probability).
type Estimate struct {
	// Mean is the sample mean of the kept replications; NaN if N == 0.
	Mean float64 `json:"mean"`
	// CI95 is the half-width t_{0.975,N-1} * s / sqrt(N) of the 95%
	// Student's t confidence interval, s the sample standard deviation
	// (N-1 denominator); NaN if N < 2.
	CI95 float64 `json:"ci95"`
	// N is the number of replications kept (non-NaN inputs). It is not
	// serialised.
	N int `json:"-"`
}

// NewEstimate returns the Estimate of the replication values xs. NaN values
// are skipped (a replication in which the metric is undefined); N is the
// number kept. With N == 0 Mean and CI95 are NaN; with N == 1 CI95 is NaN.
// The computation is two-pass in the order given, so it is deterministic.
func NewEstimate(xs []float64) Estimate {
	n := 0
	sum := 0.0
	for _, x := range xs {
		if math.IsNaN(x) {
			continue
		}
		n++
		sum += x
	}
	if n == 0 {
		return Estimate{Mean: math.NaN(), CI95: math.NaN(), N: 0}
	}
	mean := sum / float64(n)
	if n == 1 {
		return Estimate{Mean: mean, CI95: math.NaN(), N: 1}
	}
	ss := 0.0
	for _, x := range xs {
		if math.IsNaN(x) {
			continue
		}
		d := x - mean
		ss += d * d
	}
	sd := math.Sqrt(ss / float64(n-1))
	t := studentT975(n - 1)
	return Estimate{Mean: mean, CI95: t * sd / math.Sqrt(float64(n)), N: n}
}

// String formats the estimate as "mean ± ci95" with %.4g, "n/a" if Mean is
// NaN, or just the mean if CI95 is NaN.
func (e Estimate) String() string {
	switch {
	case math.IsNaN(e.Mean):
		return "n/a"
	case math.IsNaN(e.CI95):
		return fmt.Sprintf("%.4g", e.Mean)
	default:
		return fmt.Sprintf("%.4g ± %.4g", e.Mean, e.CI95)
	}
}

// appendJSONFloat appends x in shortest round-trip form, or null if x is NaN
// or ±Inf.
func appendJSONFloat(b []byte, x float64) []byte {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return append(b, "null"...)
	}
	return strconv.AppendFloat(b, x, 'g', -1, 64)
}

// MarshalJSON writes {"mean":x,"ci95":h}, with NaN or ±Inf written as null
// and finite numbers in shortest round-trip form, so the output is
// byte-stable. N is not written.
func (e Estimate) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 64)
	b = append(b, `{"mean":`...)
	b = appendJSONFloat(b, e.Mean)
	b = append(b, `,"ci95":`...)
	b = appendJSONFloat(b, e.CI95)
	b = append(b, '}')
	return b, nil
}

// UnmarshalJSON reads the form written by MarshalJSON; null (or a missing
// field) becomes NaN. N is set to 0, as it is not serialised.
func (e *Estimate) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil
	}
	var raw struct {
		Mean *float64 `json:"mean"`
		CI95 *float64 `json:"ci95"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("sim: Estimate: %w", err)
	}
	*e = Estimate{Mean: math.NaN(), CI95: math.NaN()}
	if raw.Mean != nil {
		e.Mean = *raw.Mean
	}
	if raw.CI95 != nil {
		e.CI95 = *raw.CI95
	}
	return nil
}

// t975 caches the Student t 0.975 quantiles by degrees of freedom: reports
// estimate a mean per timeseries bucket, with the same few sample sizes.
var t975 struct {
	sync.Mutex
	byNu []float64 // 0: not computed yet
}

// studentT975 returns the 0.975 quantile of Student's t with nu degrees of
// freedom, exactly as distuv computes it.
func studentT975(nu int) float64 {
	const cached = 1024
	if nu >= cached {
		return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(nu)}.Quantile(0.975)
	}
	t975.Lock()
	defer t975.Unlock()
	if t975.byNu == nil {
		t975.byNu = make([]float64, cached)
	}
	if t975.byNu[nu] == 0 {
		t975.byNu[nu] = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(nu)}.Quantile(0.975)
	}
	return t975.byNu[nu]
}

// OneSided95 is the half-width t(0.95, n−1)·s/√n of the one-sided 95%
// confidence bound of a mean whose two-sided 95% half-width is ci95
// (Estimate.CI95, t(0.975, n−1)·s/√n) over n replications; NaN if n < 2.
// Requirements, optimize's guarantee and the schedule's hours are all
// judged by it.
func OneSided95(ci95 float64, n int) float64 {
	if n < 2 {
		return math.NaN()
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}
	return ci95 / t.Quantile(0.975) * t.Quantile(0.95)
}
