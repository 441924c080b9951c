package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/capsim/capsim/sim"
)

func est(m, h float64) sim.Estimate { return sim.Estimate{Mean: m, CI95: h, N: 3} }

func testComparison() *Comparison {
	return &Comparison{Meta: Meta{Scenario: "cmp", Seed: 7, Replications: 3, HorizonSeconds: 86400, WarmupSeconds: 3600},
		TargetP95Seconds: 30, TargetFailureRatio: 0.01,
		Rows: []CompareRow{
			{Class: "a", Tenancy: 1, P95LatencySeconds: est(20, 1), FailureRatio: est(0.001, 0.001), CostUSD: est(100, 5)},
			{Class: "b", Tenancy: 2, P95LatencySeconds: est(25, 1), FailureRatio: est(0.005, 0.001), CostUSD: est(80, 5)},
			{Class: "c", Tenancy: 4, P95LatencySeconds: est(45, 1), FailureRatio: est(0, 0), CostUSD: est(50, 5)},
			{Class: "d", Tenancy: 1, P95LatencySeconds: est(10, 1), FailureRatio: est(0.02, 0.001), CostUSD: est(40, 5)},
			{Class: "e", Tenancy: 1, P95LatencySeconds: est(math.NaN(), math.NaN()), FailureRatio: est(0, 0), CostUSD: est(1, 0)},
		}}
}

// TestJudge: c is too slow, d fails too often, e placed nothing; of a and
// b, b is cheaper.
func TestJudge(t *testing.T) {
	c := testComparison()
	c.Judge()
	want := []bool{true, true, false, false, false}
	for i, r := range c.Rows {
		if r.Acceptable != want[i] {
			t.Errorf("%s acceptable = %v, want %v", r.Class, r.Acceptable, want[i])
		}
	}
	if c.Cheapest != "b" {
		t.Errorf("cheapest %q, want b", c.Cheapest)
	}
	c.TargetP95Seconds = 5
	c.Judge()
	if c.Cheapest != "" {
		t.Errorf("no class meets 5 s, cheapest %q", c.Cheapest)
	}
}

func TestCompareOutputs(t *testing.T) {
	c := testComparison()
	c.Judge()
	var js, cs, tb bytes.Buffer
	if err := c.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatalf("compare.json does not parse: %v", err)
	}
	if back["cheapest_acceptable"] != "b" || len(back["classes"].([]any)) != 5 {
		t.Errorf("compare.json: %v", back)
	}
	if !strings.Contains(js.String(), `"p95_placement_latency_seconds": {
        "mean": null`) {
		t.Errorf("an undefined p95 is not null:\n%s", js.String())
	}
	if err := WriteCompareCSV(&cs, c); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, cs.Bytes())
	if len(recs) != 6 || len(recs[0]) != len(CompareCSVHeader) {
		t.Fatalf("compare.csv: %d records of %d fields", len(recs), len(recs[0]))
	}
	if r := recs[2]; r[0] != "b" || r[6] != "25" || r[7] != "1" || r[len(r)-2] != "true" || r[len(r)-1] != "true" {
		t.Errorf("row b = %v", r)
	}
	if r := recs[5]; r[6] != "" || r[7] != "" {
		t.Errorf("undefined p95 not empty in CSV: %v", r)
	}
	if err := WriteCompareTable(&tb, c); err != nil {
		t.Fatal(err)
	}
	out := tb.String()
	for _, want := range []string{"p95 latency (s)", "25.0 ± 1.00", "yes, cheapest", "cheapest acceptable class: b", "n/a"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

// TestNewCompareRow checks the row against the synthetic replications by
// hand: cost per delivered stream-hour and mean instances.
func TestNewCompareRow(t *testing.T) {
	rs := synthetic()
	r := NewCompareRow("gen5n_high", 2, 3, 10, rs, 10*3600)
	// rep 0: cost 12.5+3.75, streaming 5h+2h; rep 1: 14.25+2.25, 6h+0h.
	want := ((12.5+3.75)/7 + (14.25+2.25)/6) / 2
	if math.Abs(r.CostPerStreamHour.Mean-want) > 1e-12 {
		t.Errorf("cost per stream-hour %v, want %v", r.CostPerStreamHour.Mean, want)
	}
	// instances: A tenancy 2 (8h, 9h allocated slots), B tenancy 1 (2.5h, 1.5h), over 10 h.
	wantInst := ((8.0/2+2.5)/10 + (9.0/2+1.5)/10) / 2
	if math.Abs(r.MeanInstances.Mean-wantInst) > 1e-12 {
		t.Errorf("mean instances %v, want %v", r.MeanInstances.Mean, wantInst)
	}
	if r.FailureRatio.Mean != (10.0/140+20.0/120)/2 {
		t.Errorf("failure ratio %v", r.FailureRatio.Mean)
	}
	if r.Class != "gen5n_high" || r.AlwaysOnInstances != 3 || r.MaximumInstances != 10 || r.Acceptable {
		t.Errorf("row %+v", r)
	}
}
