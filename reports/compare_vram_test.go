package reports

import (
	"strings"
	"testing"

	"github.com/capsim/capsim/sim"
)

// TestCompareJudgesTheGamesVRAM: given the game's VRAM need, a class with
// less VRAM per stream is not acceptable however cheap, the next cheapest
// that fits is; without it, the cheapest fast class is named with the
// VRAM it assumes.
func TestCompareJudgesTheGamesVRAM(t *testing.T) {
	row := func(class string, cost float64) CompareRow {
		return CompareRow{Class: class, CostUSD: sim.Estimate{Mean: cost}, P95LatencySeconds: sim.Estimate{Mean: 1}}
	}
	c := &Comparison{TargetP95Seconds: 30, TargetFailureRatio: 0.01,
		Rows: []CompareRow{row("gen6n_medium", 1), row("gen4n_high", 2), row("gen5n_high", 3)}}
	c.Judge()
	if c.Cheapest != "gen6n_medium" || !strings.Contains(c.VRAMNote(c.Cheapest), "if the game runs in 6 GB") {
		t.Errorf("without a VRAM need: cheapest %q (%s), want gen6n_medium with its 6 GB named", c.Cheapest, c.VRAMNote(c.Cheapest))
	}
	c.GameVRAMGB = 10
	c.Judge()
	if c.Cheapest != "gen5n_high" || c.Rows[0].Acceptable || c.Rows[1].Acceptable {
		t.Errorf("needing 10 GB: cheapest %q, rows %+v; want gen5n_high (12 GB), the 6 and 8 GB classes refused", c.Cheapest, c.Rows)
	}
	if tab := CompareTable(c); tab.Rows[0][1] != "no: too little VRAM" {
		t.Errorf("table says %q for a class without the VRAM", tab.Rows[0][1])
	}
}
