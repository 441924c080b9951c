package plots

import (
	"math"
	"testing"
)

// TestCellNumber: a heatmap cell reads to three significant digits and
// never in exponent form for a cost of thousands of dollars ("8.62e+03"
// was what a reader saw).
func TestCellNumber(t *testing.T) {
	for v, want := range map[float64]string{8620.4: "8620", 75.55: "75.5", 0.01234: "0.0123", 2: "2.00", 0: "0", 123456789: "1.23e+08"} {
		if got := cellNumber(v); got != want {
			t.Errorf("cellNumber(%g) = %q, want %q", v, got, want)
		}
	}
	if heatLegend(1, 1) == nil || heatLegend(0, 4) == nil || heatLegend(math.NaN(), 1) != nil {
		t.Error("heatLegend: want a legend for finite ends, none otherwise")
	}
}
