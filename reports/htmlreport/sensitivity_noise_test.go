package htmlreport

import (
	"strings"
	"testing"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
)

// TestLargestSwingSaysWhenItIsNoise: a largest swing whose 95% CI spans 0
// is called indistinguishable from zero; one clear of 0 is not; estimates
// read to the precision of their interval, never with floating noise.
func TestLargestSwingSaysWhenItIsNoise(t *testing.T) {
	for e, want := range map[sim.Estimate]string{
		{Mean: 11.61, CI95: 50, N: 3}:                 "12 ± 50",
		{Mean: 80.5612, CI95: 8.7, N: 3}:              "80.6 ± 8.7",
		{Mean: 89.1, CI95: 0.00000000000000682, N: 3}: "89.1 ± 0",
		{Mean: 0.008368, CI95: 0.021, N: 3}:           "0.008 ± 0.021",
	} {
		if got := estimateText(e); got != want {
			t.Errorf("estimateText(%+v) = %q, want %q", e, got, want)
		}
	}
	s := &reports.Sensitivity{
		Metrics: []reports.SensitivityMetric{{Name: "a"}, {Name: "b"}},
		Assumptions: []reports.SensitivityFactor{{Section: "service", Key: "k", Effects: []reports.Effect{
			{Swing: sim.Estimate{Mean: 0.134, CI95: 0.3, N: 3}}, {Swing: sim.Estimate{Mean: 5, CI95: 1, N: 3}}}}},
	}
	p := NewSensitivityPage(s, nil, "capsim sensitivity")
	var notes []string
	for _, f := range p.KeyFigures {
		if f.Label == "largest swing" {
			notes = append(notes, f.Note)
		}
	}
	if len(notes) != 2 || !strings.Contains(notes[0], "indistinguishable from zero") || strings.Contains(notes[1], "indistinguishable") {
		t.Errorf("largest-swing notes %q: want the first (0.134 ± 0.3) called noise, the second (5 ± 1) not", notes)
	}
}
