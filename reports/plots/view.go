package plots

import (
	"math"
	"strconv"

	"github.com/capsim/capsim/reports"
)

// Display resolution of time series. A run with fine buckets (a day at 1
// minute is 1,440 buckets) has several buckets per pixel at 800 px: they
// would be drawn as noise and make each SVG several hundred KB. Series are
// therefore averaged over whole groups of buckets for display.
const (
	maxStateBuckets  = 300 // slots, utilisation, cost: ≥ 2 px per display bucket
	maxDemandBuckets = 100 // requests per hour: per-minute counts are Poisson noise
)

// niceFactors are the group sizes tried in turn, so a display bucket is a
// round multiple of the original one (1 min → 5 min, 10 s → 5 min).
var niceFactors = []int{1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1440}

// view is a location's time series at display resolution: display bucket j
// covers original buckets [j*f, min((j+1)*f, n)).
type view struct {
	n, f int     // original buckets, group size
	step float64 // original step, seconds
}

// newView returns the view of n buckets of stepSeconds with at most
// maxBuckets display buckets (whole groups of a nice size).
func newView(n int, stepSeconds float64, maxBuckets int) view {
	need := (n + maxBuckets - 1) / maxBuckets
	f := need
	for _, c := range niceFactors {
		if c >= need {
			f = c
			break
		}
	}
	return view{n: n, f: max(f, 1), step: stepSeconds}
}

// buckets returns the number of display buckets.
func (v view) buckets() int { return (v.n + v.f - 1) / v.f }

// x returns the start of display bucket j in hours (the end of the data
// for j = buckets()).
func (v view) x(j int) float64 { return float64(min(j*v.f, v.n)) * v.step / 3600 }

// group returns the original buckets of display bucket j.
func (v view) group(j int) (a, b int) { return j * v.f, min((j+1)*v.f, v.n) }

// mean averages a band over each group, skipping NaN buckets (NaN if all
// are). The half-width assumes the buckets' estimates independent
// (sqrt of the summed squares over the count) if indep, as for counts in
// disjoint intervals, and perfectly correlated (the mean half-width)
// otherwise, as for slowly changing levels; both are exact in their case.
func (v view) mean(b reports.Band, indep bool) reports.Band {
	m := v.buckets()
	out := reports.Band{Mean: make([]float64, m), CI95: make([]float64, m)}
	for j := range m {
		a, e := v.group(j)
		var sum, ciSum, ciSq float64
		var cnt, ciCnt int
		for k := a; k < e; k++ {
			mk, c := b.At(k)
			if !finite(mk) {
				continue
			}
			sum += mk
			cnt++
			if finite(c) {
				ciSum += c
				ciSq += c * c
				ciCnt++
			}
		}
		out.Mean[j], out.CI95[j] = math.NaN(), math.NaN()
		if cnt > 0 {
			out.Mean[j] = sum / float64(cnt)
		}
		if ciCnt > 0 && ciCnt == cnt {
			if indep {
				out.CI95[j] = math.Sqrt(ciSq) / float64(ciCnt)
			} else {
				out.CI95[j] = ciSum / float64(ciCnt)
			}
		}
	}
	return out
}

// meanOf averages a band's means over each group, skipping NaN, and
// ignores its half-widths.
func (v view) meanOf(b reports.Band) []float64 {
	m := v.buckets()
	out := make([]float64, m)
	for j := range m {
		a, e := v.group(j)
		var sum float64
		var cnt int
		for k := a; k < e; k++ {
			if mk, _ := b.At(k); finite(mk) {
				sum += mk
				cnt++
			}
		}
		out[j] = math.NaN()
		if cnt > 0 {
			out[j] = sum / float64(cnt)
		}
	}
	return out
}

// last takes each group's last bucket, for running totals.
func (v view) last(b reports.Band) reports.Band {
	m := v.buckets()
	out := reports.Band{Mean: make([]float64, m), CI95: make([]float64, m)}
	for j := range m {
		_, e := v.group(j)
		out.Mean[j], out.CI95[j] = b.At(e - 1)
	}
	return out
}

// durText formats seconds as a short duration: "30 s", "5 min", "2 h".
func durText(s float64) string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }
	switch {
	case s >= 3600 && math.Mod(s, 3600) == 0:
		return f(s/3600) + " h"
	case s >= 60 && math.Mod(s, 60) == 0:
		return f(s/60) + " min"
	default:
		return f(s) + " s"
	}
}

// captionNote returns a caption sentence if the view averages buckets, else "".
func (v view) captionNote(what string) string {
	if v.f <= 1 {
		return ""
	}
	return " " + what + " drawn as " + durText(v.step*float64(v.f)) + " averages of the " + durText(v.step) + " buckets."
}
