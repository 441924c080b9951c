package reports

import (
	"math"
	"strings"
	"testing"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
)

// TestNewFigures checks the plot data of the synthetic run by hand: two
// replications, so each band's half-width is t(0.975, 1) * |x1-x0| / 2.
func TestNewFigures(t *testing.T) {
	rs := synthetic()
	f, err := NewFigures(summarize(t, rs), rs, []Timeout{{Label: "always-on 75 s", Seconds: 75}})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Locations) != 2 || f.WarmupSeconds != 5400 || len(f.Timeouts) != 1 {
		t.Fatalf("figures: %d locations, warm-up %v, %d timeouts", len(f.Locations), f.WarmupSeconds, len(f.Timeouts))
	}
	a, b := &f.Locations[0], &f.Locations[1]
	if a.Location != "us-west-2" || a.Tenancy != 2 || a.Buckets() != 3 || a.Hours(2) != 600.0/3600 {
		t.Fatalf("location A: %+v", a)
	}
	const t1 = 12.706204736174698 // t(0.975, 1 degree of freedom)
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	// A bucket 1: streaming 5 and 6; requests 40 and 45 per 300 s.
	near("A streaming mean", bandMean(a.Streaming, 1), 5.5)
	near("A streaming CI", bandCI(a.Streaming, 1), t1*0.5)
	near("A streaming lower", a.Streaming.Lower(1), 5.5-t1*0.5)
	near("A requests/h", bandMean(a.RequestsPerHour, 1), 42.5*12)
	near("A utilisation", bandMean(a.Utilisation, 1), (5.0/7+6.0/8)/2)
	near("A always-on", bandMean(a.AlwaysOn, 1), 4)
	near("A maximum", bandMean(a.Maximum, 1), 10)
	// cumulative cost: A rep 0 (6,7,8)/12, rep 1 (7,8,9.5)/12
	near("A cumulative cost bucket 2", bandMean(a.CumulativeCostUSD, 2), ((6.0+7+8)/12+(7+8+9.5)/12)/2)
	near("A cumulative CI", bandCI(a.CumulativeCostUSD, 2), t1*math.Abs((7+8+9.5)/12-(6.0+7+8)/12)/2)
	if len(a.Failures) != 3 || a.Failures[0].Reason != "placementTimeout" || a.Failures[1].Reason != "internalError" {
		t.Fatalf("failure reasons %+v", a.Failures)
	}
	near("A timeouts/h bucket 0", bandMean(a.Failures[0].PerHour, 0), (30.0+35)/2/20*12)
	// B replication 1 allocated 2 slots, streamed 0: utilisation 0, defined.
	near("B utilisation bucket 0", bandMean(b.Utilisation, 0), (1.0/3+0)/2)
	// Latency merges both replications' sketches.
	if got, want := a.Latency.Count(), rs[0].Locations[0].Latency.Count()+rs[1].Locations[0].Latency.Count(); got != want {
		t.Errorf("A latency count %d, want %d", got, want)
	}
	if b.Latency.Count() != rs[0].Locations[1].Latency.Count() {
		t.Errorf("B latency count %d", b.Latency.Count())
	}
	// Figures must not alias the results' sketches.
	if a.Latency == rs[0].Locations[0].Latency {
		t.Error("figures alias a result's sketch")
	}
}

func TestNewFiguresErrors(t *testing.T) {
	if _, err := NewFigures(&Summary{}, nil, nil); err == nil {
		t.Error("no results: no error")
	}
	rs := synthetic()
	rs[1].Locations[0].Timeseries = sim.NewTimeseries(300, streams.RowWidth-1, 3)
	if _, err := NewFigures(summarize(t, rs), rs, nil); err == nil || !strings.Contains(err.Error(), "values") {
		t.Errorf("narrow rows: err = %v", err)
	}
	rs = synthetic()
	rs[0].Locations[1].Timeseries = nil
	if _, err := NewFigures(summarize(t, rs), rs, nil); err == nil || !strings.Contains(err.Error(), "no timeseries") {
		t.Errorf("missing series: err = %v", err)
	}
}

func bandMean(b Band, k int) float64 { m, _ := b.At(k); return m }

func bandCI(b Band, k int) float64 { _, c := b.At(k); return c }
