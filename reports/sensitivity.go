package reports

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/sim/metric"
)

// Sensitivity is a one-at-a-time sensitivity analysis (sensitivity.json):
// each assumption moved to the low and the high end of its plausible range,
// the others at their values in the scenario, every variant under the
// scenario's seed. Common random numbers make every variant see the same
// demand in replication r, so each effect is estimated from the
// per-replication differences (paired): its confidence interval is
// narrower than one from two independent means would be.
type Sensitivity struct {
	Meta                            // of the baseline scenario
	Metrics     []SensitivityMetric `json:"metrics"`
	Assumptions []SensitivityFactor `json:"assumptions"`
}

// SensitivityMetric is one metric analysed, with its baseline estimate.
type SensitivityMetric struct {
	Name     string           `json:"name"` // as Summary.Metric takes it
	Unit     metric.Unit      `json:"unit"`
	Better   metric.Direction `json:"better"`
	Baseline sim.Estimate     `json:"baseline"`
}

// SensitivityFactor is one assumption at its two ends, with one Effect per
// metric (in Metrics' order).
type SensitivityFactor struct {
	Section string   `json:"section"` // "service" or "demand.client"
	Key     string   `json:"key"`
	Low     string   `json:"low"`  // the low end, as the scenario would spell it
	High    string   `json:"high"` // the high end (an enum's alternative)
	Effects []Effect `json:"effects"`
}

// Effect is one metric at an assumption's two ends: the means at each end,
// each end against the baseline (LowDelta = low − baseline, HighDelta =
// high − baseline) and the swing (high − low); the differences and their
// 95% confidence half-widths come from per-replication differences.
type Effect struct {
	Low       sim.Estimate `json:"low"`
	High      sim.Estimate `json:"high"`
	LowDelta  sim.Estimate `json:"low_minus_baseline"`
	HighDelta sim.Estimate `json:"high_minus_baseline"`
	Swing     sim.Estimate `json:"swing"` // high − low
}

// SensitivityInput is one assumption's per-replication values: [metric][rep]
// at the low and the high end.
type SensitivityInput struct {
	Section, Key, Low, High string
	LowReps, HighReps       [][]float64
}

// NewEffect estimates an effect from per-replication values at the
// baseline and the two ends, replication r of each under the same random
// numbers. A replication undefined (NaN) at either side of a difference is
// left out of that difference.
func NewEffect(base, low, high []float64) Effect {
	return Effect{Low: sim.NewEstimate(low), High: sim.NewEstimate(high),
		LowDelta: sim.NewEstimate(diff(low, base)), HighDelta: sim.NewEstimate(diff(high, base)),
		Swing: sim.NewEstimate(diff(high, low))}
}

func diff(a, b []float64) []float64 {
	out := make([]float64, min(len(a), len(b)))
	for i := range out {
		out[i] = a[i] - b[i]
	}
	return out
}

// NewSensitivity estimates every assumption's effect on every metric;
// baseline is [metric][rep], metrics name, unit and direction each.
func NewSensitivity(meta Meta, metrics []Value, baseline [][]float64, in []SensitivityInput) (*Sensitivity, error) {
	s := &Sensitivity{Meta: meta, Metrics: []SensitivityMetric{}, Assumptions: []SensitivityFactor{}}
	if len(baseline) != len(metrics) {
		return nil, fmt.Errorf("reports: sensitivity: %d metrics, %d baseline series", len(metrics), len(baseline))
	}
	for m, v := range metrics {
		s.Metrics = append(s.Metrics, SensitivityMetric{Name: v.Name, Unit: v.Unit, Better: v.Better,
			Baseline: sim.NewEstimate(baseline[m])})
	}
	for _, a := range in {
		if len(a.LowReps) != len(metrics) || len(a.HighReps) != len(metrics) {
			return nil, fmt.Errorf("reports: sensitivity: %s: want %d metrics", a.Key, len(metrics))
		}
		f := SensitivityFactor{Section: a.Section, Key: a.Key, Low: a.Low, High: a.High}
		for m := range metrics {
			f.Effects = append(f.Effects, NewEffect(baseline[m], a.LowReps[m], a.HighReps[m]))
		}
		s.Assumptions = append(s.Assumptions, f)
	}
	return s, nil
}

// Tornado returns the assumptions' indices in the order a tornado chart of
// metric m draws them: largest |swing| first; an undefined swing last; ties
// in table order.
func (s *Sensitivity) Tornado(m int) []int {
	idx := make([]int, len(s.Assumptions))
	for i := range idx {
		idx[i] = i
	}
	size := func(i int) float64 {
		x := math.Abs(s.Assumptions[i].Effects[m].Swing.Mean)
		if math.IsNaN(x) {
			return -1
		}
		return x
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(size(b), size(a)) })
	return idx
}

// WriteJSON writes sensitivity.json, indented, with a final newline.
func (s *Sensitivity) WriteJSON(w io.Writer) error {
	return writeJSON(w, "sensitivity", s)
}

// WriteCSV writes sensitivity.csv: a row per metric and assumption, in
// tornado order (largest swing first) per metric, with the baseline, each
// end's mean and ci95, each end minus the baseline and the swing with
// their ci95 (from per-replication differences). Numbers are written in
// the shortest form that reads back exactly; an undefined one is empty.
func (s *Sensitivity) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := []string{"metric", "rank", "section", "key", "low", "high", "baseline.mean", "baseline.ci95"}
	for _, c := range []string{"low", "high", "low_minus_baseline", "high_minus_baseline", "swing"} {
		head = append(head, c+".mean", c+".ci95")
	}
	cw.Write(head)
	for m, met := range s.Metrics {
		for rank, i := range s.Tornado(m) {
			a := &s.Assumptions[i]
			e := a.Effects[m]
			row := []string{met.Name, fmt.Sprint(rank + 1), a.Section, a.Key, a.Low, a.High}
			for _, est := range []sim.Estimate{met.Baseline, e.Low, e.High, e.LowDelta, e.HighDelta, e.Swing} {
				row = append(row, csvNumber(est.Mean), csvNumber(est.CI95))
			}
			cw.Write(row)
		}
	}
	cw.Flush()
	return cw.Error()
}
