package backtest

import (
	"bytes"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/recordgen"
	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/records"
	"github.com/capsim/capsim/records/fit"
	"github.com/capsim/capsim/sim"
)

// gameSets reads the generator's fleet records of seed over days.
func gameSets(t testing.TB, seed uint64, days int) (*records.GameSessionSet, *records.MetricSet) {
	t.Helper()
	games, metrics, _ := recordgen.Games(seed, days)
	set, err := records.ReadGameSessions("games.json", bytes.NewReader(games), "", records.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := records.ReadMetrics("metrics.json", bytes.NewReader(metrics), records.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return set, ms
}

// The fleet side: a fleet scenario fitted to five days of game sessions
// and CloudWatch exports, backtested against a day of another seed: game
// sessions created, active game sessions and instances, hour by hour, at
// least 90% of the hours inside the bands.
func TestBacktestFleet(t *testing.T) {
	set, ms := gameSets(t, 3, 5)
	start := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	f, err := fit.FitFleets(set, fit.FleetOptions{PriceUSDPerHour: 0.107, Metrics: ms, ExportedAt: start.Add(5 * 24 * time.Hour), Replications: 39})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := f.Check()
	if err != nil {
		t.Fatal(err)
	}
	set, ms = gameSets(t, 4, 1)
	obs, err := ObserveFleet(set, ms, start.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	w := WindowFor(obs)
	if err := w.Apply(sc); err != nil {
		t.Fatal(err)
	}
	cfg, err := sc.BuildFleets()
	if err != nil {
		t.Fatal(err)
	}
	reps, err := sim.Replicate(sc.Simulation.Replications, sim.ReplicateOptions{}, func(r int) (*fleets.Result, error) {
		return fleets.Run(cfg, r, fleets.Options{})
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := CompareFleets(obs, w, reps)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("fleet:\n%s", summary(rep))
	for _, m := range []string{"game_sessions", "active_game_sessions", "active_instances"} {
		if _, ok := rep.ByMetric[m]; !ok {
			t.Errorf("%s not compared", m)
		}
	}
	if rep.Coverage < 0.9 {
		t.Errorf("coverage %.3f below 0.9", rep.Coverage)
	}
}
