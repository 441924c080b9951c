package backtest

import (
	"bytes"
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/recordgen"
	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/records"
	"github.com/capsim/capsim/records/fit"
	"github.com/capsim/capsim/scenarios"
)

// read reads model-made records.
func read(t testing.TB, sessions, polls []byte) (*records.SessionSet, *records.PollSet) {
	t.Helper()
	set, err := records.ReadSessions("sessions.json", bytes.NewReader(sessions), records.SessionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := records.ReadPolls("polls.jsonl", bytes.NewReader(polls), "", records.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return set, ps
}

// backtest runs the scenario over the observed period (replaying the
// observed arrivals if replay) and compares.
func backtest(t testing.TB, sc *scenarios.Scenario, obs *Observed, replay bool) *Report {
	t.Helper()
	rep, err := Run(sc, obs, Options{Replay: replay})
	testutil.NoErr(t, err)
	return rep
}

func summary(r *Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "coverage %.3f over %d hours, %d replications (band level %.3f)\n", r.Coverage, r.Hours, r.Replications, r.Level)
	for _, m := range metricNames {
		if c, ok := r.ByMetric[m]; ok {
			fmt.Fprintf(&b, "  %-38s %.3f\n", m, c)
		}
	}
	for i, o := range r.Outside {
		if i == 8 {
			break
		}
		fmt.Fprintf(&b, "  outside: %s %s %s observed %.1f band [%.1f, %.1f] score %.1f\n", o.Start.Format("01-02T15Z"), o.Location, o.Metric, o.Observed, o.Low, o.High, o.Score)
	}
	return b.String()
}

// The done-when: a scenario fitted to a week the model made (the
// default scenario: two locations, target-idle capacity, polls a minute)
// is backtested against three other replications' days, which the fit
// never saw; at least 90% of the hours of each fall inside the 90% bands.
// The same backtest against one of those days with the demand doubled in
// four evening hours flags those four hours' requests at both locations,
// and the hours ranked worst are all in that evening.
func TestBacktestFittedScenario(t *testing.T) {
	def, err := scenarios.Default()
	testutil.NoErr(t, err)
	// the fit: a week of replication 0
	sessions, polls := modelRecords(t, def.Clone(), 0, 24*time.Hour, 8*24*time.Hour)
	set, ps := read(t, sessions, polls)
	f, err := fit.FitStreams(set, fit.Options{Polls: ps, ExportedAt: day0.Add(8 * 24 * time.Hour), Replications: 39})
	testutil.NoErr(t, err)
	fitted, err := f.Check()
	testutil.NoErr(t, err)
	var table strings.Builder
	table.WriteString("| day compared | coverage | requests | sessions placed | allocated | idle | placementTimeout |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	row := func(name string, rep *Report) {
		fmt.Fprintf(&table, "| %s | %s |", name, pct(rep.Coverage))
		for _, m := range []string{"requests", "concurrent_sessions", "allocated_capacity", "idle_capacity", "placement_failures.placementTimeout"} {
			fmt.Fprintf(&table, " %s |", pct(rep.ByMetric[m]))
		}
		table.WriteString("\n")
	}
	// the days compared: the second day of replications 1 to 3
	for r := 1; r <= 3; r++ {
		rep := backtest(t, fitted.Clone(), modelDay(t, def.Clone(), r), false)
		t.Logf("fitted scenario against replication %d's day:\n%s", r, summary(rep))
		row(fmt.Sprintf("replication %d, day 2", r), rep)
		if rep.Coverage < 0.9 {
			t.Errorf("replication %d: coverage %.3f below 0.9", r, rep.Coverage)
		}
		for _, m := range []string{"requests", "concurrent_sessions", "allocated_capacity", "idle_capacity"} {
			if rep.ByMetric[m] < 0.75 {
				t.Errorf("replication %d: %s coverage %.3f", r, m, rep.ByMetric[m])
			}
		}
	}
	// replication 1's day with the demand doubled from 18:00 to 22:00 UTC
	doubled := def.Clone()
	for i := range doubled.Demands {
		a := &doubled.Demands[i].Arrivals
		for h := 18; h < 22; h++ {
			a.Spikes = append(a.Spikes, scenarios.Spike{Start: 24*time.Hour + time.Duration(h)*time.Hour, Hold: time.Hour, PeakPerHour: a.Hourly[h]})
		}
	}
	rep := backtest(t, fitted.Clone(), modelDay(t, doubled, 1), false)
	t.Logf("against the day with the evening doubled:\n%s", summary(rep))
	row("replication 1, day 2, demand doubled 18:00–22:00", rep)
	fmt.Fprintf(&table, "\nWith the demand doubled, the worst hours: %s.\n", checkDoubled(t, rep))
	golden(t, "testdata/coverage.md", table.String())
}

// modelDay is the second day of replication r of sc as the records show it.
func modelDay(t *testing.T, sc *scenarios.Scenario, r int) *Observed {
	sessions, polls := modelRecords(t, sc, r, 24*time.Hour, 48*time.Hour)
	set, ps := read(t, sessions, polls)
	obs, err := Observe(set, ps, day0.Add(48*time.Hour))
	testutil.NoErr(t, err)
	return obs
}

// checkDoubled: the doubled hours' requests are outside their bands at
// every location, and the hours ranked worst are all in that evening (or
// the hour after, while its extra sessions end). It returns the worst
// hours, for README.
func checkDoubled(t *testing.T, rep *Report) string {
	flagged := map[string]bool{}
	for _, o := range rep.Outside {
		if o.Metric == "requests" {
			flagged[o.Location+o.Start.Format(" 15")] = true
		}
	}
	for _, s := range rep.Series {
		for h := 18; h < 22; h++ {
			if s.Metric == "requests" && !flagged[fmt.Sprintf("%s %02d", s.Location, h)] {
				t.Errorf("%s %02dh: doubled requests not flagged", s.Location, h)
			}
		}
	}
	var worst []string
	for _, o := range rep.Outside[:min(12, len(rep.Outside))] {
		if h := o.Start.Hour(); h < 18 || h > 22 {
			t.Errorf("%s %s at %02dh ranked among the worst (score %.1f): not a doubled hour", o.Location, o.Metric, h, o.Score)
		}
		worst = append(worst, fmt.Sprintf("%s %s %02d:00", o.Location, o.Metric, o.Start.Hour()))
	}
	return strings.Join(worst, ", ")
}

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// golden compares got with the file (-update writes it): a figure
// README.md shows is this test's.
func golden(t *testing.T, file, got string) {
	t.Helper()
	if want := testutil.Golden(t, file, []byte(got), *update); string(want) != got {
		t.Errorf("%s is not what the test measures now (go test -run %s -update rewrites it):\n%s", file, t.Name(), got)
	}
}

// generated writes the independent generator's records (sessions and
// polls) from p.
func generated(t testing.TB, p recordgen.Params) (*records.SessionSet, *records.PollSet) {
	t.Helper()
	var sb, pb bytes.Buffer
	tr, err := recordgen.Generate(&sb, p)
	if err != nil {
		t.Fatal(err)
	}
	if err := recordgen.WritePolls(&pb, p, tr); err != nil {
		t.Fatal(err)
	}
	return read(t, sb.Bytes(), pb.Bytes())
}

// The same, on records capsim did not make: the independent generator's
// week (one location, 120 slots short at the evening peak, lognormal
// lengths, no-shows, crashes, walk-aways, drops) is fitted, and the
// fitted scenario backtested against days of three other seeds, with its
// own arrival process and replaying each day's arrivals: on average at
// least 90% of the hours inside the bands.
func TestBacktestIndependentRecords(t *testing.T) {
	p := genParams(1, 7)
	set, ps := generated(t, p)
	f, err := fit.FitStreams(set, fit.Options{Polls: ps, ExportedAt: p.ExportAt(), Replications: 39})
	if err != nil {
		t.Fatal(err)
	}
	fitted, err := f.Check()
	if err != nil {
		t.Fatal(err)
	}
	for _, replay := range []bool{false, true} {
		var sum float64
		for seed := uint64(2); seed <= 4; seed++ {
			q := genParams(seed, 1)
			set, ps = generated(t, q)
			obs, err := Observe(set, ps, q.ExportAt())
			if err != nil {
				t.Fatal(err)
			}
			rep := backtest(t, fitted.Clone(), obs, replay)
			t.Logf("seed %d, replay %v:\n%s", seed, replay, summary(rep))
			sum += rep.Coverage
			if replay && rep.ByMetric["requests"] != 1 {
				t.Errorf("replaying the observed arrivals, requests are covered in %.3f of hours, not all", rep.ByMetric["requests"])
			}
		}
		if sum/3 < 0.9 {
			t.Errorf("replay %v: mean coverage %.3f below 0.9", replay, sum/3)
		}
	}
}

// genParams are the independent generator's parameters of the backtest:
// the recovery test's, days long, starting at day0.
func genParams(seed uint64, days int) recordgen.Params {
	p := recordgen.Defaults()
	p.Start = day0
	p.Hours = days * 24
	p.Locations = []recordgen.Location{{Name: "eu-central-1", Slots: 120,
		Hourly: [24]float64{30, 18, 10, 6, 5, 6, 12, 20, 28, 34, 40, 46, 52, 56, 60, 70, 95, 130, 165, 185, 175, 140, 95, 55}}}
	p.Median, p.Sigma = 35*time.Minute, 0.8
	p.NoShow, p.CrashPerHour, p.AFKPerHour, p.DropPerHour = 0.03, 0.02, 0.06, 0.03
	p.Seed = seed
	return p
}
