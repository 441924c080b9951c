package backtest

import (
	"bytes"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/recordgen"
	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/records"
	"github.com/capsim/capsim/records/fit"
)

// gameSets reads the generator's fleet records of seed over days.
func gameSets(t testing.TB, seed uint64, days int) (set *records.GameSessionSet, ms *records.MetricSet) {
	t.Helper()
	games, metrics, _ := recordgen.Games(seed, days)
	var err error
	if set, err = records.ReadGameSessions("games.json", bytes.NewReader(games), "", records.Limits{}); err == nil {
		ms, err = records.ReadMetrics("metrics.json", bytes.NewReader(metrics), records.Limits{})
	}
	testutil.NoErr(t, err)
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
	testutil.NoErr(t, err)
	if _, err := Run(sc.Clone(), obs, Options{Replay: true}); err != ErrReplayFleet {
		t.Errorf("replaying a fleet's arrivals: %v", err)
	}
	rep := backtest(t, sc, obs, false)
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
