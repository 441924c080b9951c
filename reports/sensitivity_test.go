package reports_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/capsim/capsim/reports"
)

// A hand-made example: three assumptions whose swings are -5, +10 and
// +1; the tornado draws them largest |swing| first, and the swing's CI
// comes from the paired differences (here constant: zero width) although
// each end's own values vary.
func TestTornadoOrder(t *testing.T) {
	base := []float64{10, 20, 30}
	shift := func(d float64) []float64 { return []float64{10 + d, 20 + d, 30 + d} }
	in := []reports.SensitivityInput{
		{Section: "service", Key: "a", Low: "1", High: "2", LowReps: [][]float64{shift(2)}, HighReps: [][]float64{shift(-3)}},
		{Section: "service", Key: "b", Low: "1", High: "2", LowReps: [][]float64{shift(-4)}, HighReps: [][]float64{shift(6)}},
		{Section: "demand.client", Key: "c", Low: "1", High: "2", LowReps: [][]float64{shift(0)}, HighReps: [][]float64{shift(1)}},
		{Section: "demand.client", Key: "d", Low: "1", High: "2", LowReps: [][]float64{{math.NaN(), math.NaN(), math.NaN()}},
			HighReps: [][]float64{shift(1)}},
	}
	s, err := reports.NewSensitivity(reports.Meta{Replications: 3}, []reports.Value{{Name: "total.cost_usd"}},
		[][]float64{base}, in)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, i := range s.Tornado(0) {
		keys = append(keys, s.Assumptions[i].Key)
	}
	if got, want := keys, []string{"b", "a", "c", "d"}; !slices.Equal(got, want) {
		t.Errorf("tornado order %v, want %v", got, want)
	}
	e := s.Assumptions[1].Effects[0]
	if e.Swing.Mean != 10 || e.Swing.CI95 != 0 || e.LowDelta.Mean != -4 || e.HighDelta.Mean != 6 {
		t.Errorf("b: swing %v, low−base %v, high−base %v; want 10 ± 0, -4, 6", e.Swing, e.LowDelta, e.HighDelta)
	}
	if !(e.High.CI95 > 10) {
		t.Errorf("b: the high end's own CI %v should be wide (unpaired)", e.High.CI95)
	}
	if !math.IsNaN(s.Assumptions[3].Effects[0].Swing.Mean) {
		t.Errorf("d: swing %v, want undefined", s.Assumptions[3].Effects[0].Swing)
	}
}

// TestSensitivityTableMarksNoise: the terminal table marks a swing whose
// 95% CI includes zero "(noise)", and not one clear of zero.
func TestSensitivityTableMarksNoise(t *testing.T) {
	base := []float64{10, 20, 30, 40}
	in := []reports.SensitivityInput{
		{Section: "service", Key: "clear", Low: "1", High: "2",
			LowReps: [][]float64{{10, 20, 30, 40}}, HighReps: [][]float64{{15, 25, 35, 45}}},
		{Section: "service", Key: "noisy", Low: "1", High: "2",
			LowReps: [][]float64{{10, 20, 30, 40}}, HighReps: [][]float64{{13, 17, 32, 38}}},
	}
	s, err := reports.NewSensitivity(reports.Meta{Replications: 4}, []reports.Value{{Name: "total.cost_usd"}},
		[][]float64{base}, in)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := reports.WriteSensitivityTable(&b, s); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(b.String(), "\n") {
		switch {
		case strings.Contains(line, "service.clear") && strings.Contains(line, "(noise)"):
			t.Errorf("a swing of 5 ± 0 marked noise: %q", line)
		case strings.Contains(line, "service.noisy") && !strings.Contains(line, "(noise)"):
			t.Errorf("a swing of 0 ± 3.4 not marked noise: %q", line)
		}
	}
}
