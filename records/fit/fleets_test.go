package fit

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/recordgen"
	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/records"
)

// A fleet's records give its arrival curve, game length (gamma, censored
// by interruptions and games still running), interruption and error rates
// and its instances; the scenario written loads and validates.
func TestFitFleets(t *testing.T) {
	games, metrics, curve := recordgen.Games(3, 5)
	set, err := records.ReadGameSessions("games.json", bytes.NewReader(games), "", records.Limits{})
	testutil.NoErr(t, err)
	ms, err := records.ReadMetrics("metrics.json", bytes.NewReader(metrics), records.Limits{})
	testutil.NoErr(t, err)
	f, err := FitFleets(set, FleetOptions{PriceUSDPerHour: 0.107, Metrics: ms, ExportedAt: time.Date(2025, 12, 6, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := f.Check()
	if err != nil {
		text, _ := f.Scenario()
		t.Fatalf("%v\n%s", err, text)
	}
	missed := 0
	for h, r := range f.Curves[0].Hours {
		if !r.Rate.Contains(curve[h]) {
			missed++
		}
	}
	if missed > 4 {
		t.Errorf("%d of 24 hourly intervals miss the rate", missed)
	}
	b := f.Lengths.Best()
	if b.Family != "gamma" || !b.Param("mean").Contains(1500) || !b.Param("shape").Contains(3) {
		t.Errorf("game length %s %+v, want gamma mean 1500 s shape 3 (%s)", b.Family, b.Params, f.Lengths.Why)
	}
	if f.MaxPlayers != 10 || sc.Fleets[0].MaxPlayers != 10 {
		t.Errorf("max players %d", f.MaxPlayers)
	}
	if in := f.Instances[0]; in.Max != 20 || in.Min != 20 {
		t.Errorf("instances %+v", in)
	}
	if ppi := f.ProcessesPerInstance; ppi != (f.Instances[0].PeakGames+19)/20 || ppi < 2 {
		t.Errorf("processes per instance %d for %d games at once on 20 instances", ppi, f.Instances[0].PeakGames)
	}
	var spot *Rate
	for i := range f.Rates {
		if f.Rates[i].Key == "spot.interruption_rate_per_hour" {
			spot = &f.Rates[i]
		}
	}
	if spot == nil || spot.Count != 4 || !spot.Est.Contains(4.0/(20*5*24)) {
		t.Errorf("spot interruption rate %+v", spot)
	}
	if _, err := FitFleets(set, FleetOptions{}); err == nil || !strings.Contains(err.Error(), "USD per instance-hour") {
		t.Errorf("a fleet fit without a price: %v", err)
	}
}
