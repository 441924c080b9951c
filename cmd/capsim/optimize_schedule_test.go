package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/capsim/capsim/experiment/optimize"
	"github.com/capsim/capsim/experiment/schedule"
	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/reports"
)

// twoLevelTOML is the textbook scenario (tenancy 12: gen6n_small) over one
// day after a one-hour warm-up, 20 replications (an hour's p95 varies
// much between them), its demand lo requests per hour from 0:00
// to 12:00 and hi from 12:00 to 24:00.
func twoLevelTOML(lo, hi float64) string {
	var rates []string
	for h := range 24 {
		rates = append(rates, fmt.Sprint(map[bool]float64{true: lo, false: hi}[h < 12]))
	}
	s := textbookTOML("gen6n_small", 12, lo)
	s = strings.Replace(s, "replications = 10", "replications = 20", 1)
	s = strings.Replace(s, fmt.Sprintf("rate_per_hour = %g", lo), "hourly = ["+strings.Join(rates, ", ")+"]", 1)
	return strings.Replace(s, fmt.Sprintf("horizon = \"%gh\"", 1+max(15000/lo, 20)), `horizon = "25h"`, 1)
}

const (
	scheduleLo, scheduleHi    = 100.0, 600.0 // requests per hour: loads 10 and 60 streams
	scheduleTen               = 12
	scheduleFail, scheduleP95 = 0.03, 40.0
)

// optimizeTwoLevel runs optimize --schedule hourly on the two-level case
// into dir/out with the given workers, and returns optimize.json's schedule.
func optimizeTwoLevel(t *testing.T, dir, workers string) *reports.OptimizeSchedule {
	t.Helper()
	file := filepath.Join(dir, "two.toml")
	if err := os.WriteFile(file, []byte(twoLevelTOML(scheduleLo, scheduleHi)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := capsim(t, "optimize", file, "--quiet", "--schedule", "hourly", "--workers", workers,
		"--out", filepath.Join(dir, "out"), "--require", fmt.Sprintf("%s<=%g", failureRatio, scheduleFail),
		"--require", fmt.Sprintf("%s<=%g", p95Wait, scheduleP95))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "out", "optimize.json"))
	if err != nil {
		t.Fatal(err)
	}
	var o reports.Optimize
	if err := json.Unmarshal(data, &o); err != nil || o.Schedule == nil {
		t.Fatalf("optimize.json: %v, schedule %v", err, o.Schedule)
	}
	return o.Schedule
}

// TestScheduleTwoLevels: on a two-level demand (offered loads 10 and 60
// streams, tenancy 12, limits set where M/M/c+D puts the neighbours of
// each level's optimum clearly on either side) each hour's always_on is
// exactly its level's M/M/c+D optimum, except the first hour of each level
// (0 and 12), where sessions of the previous level still run: there it is
// between the two levels' optima. The schedule saves against the static
// plan, and best.toml, run under another seed (independent replications),
// meets the per-hour criterion in every hour; capsim run of best.toml
// follows the schedule minute by minute (its timeseries' always_on) and
// keeps every hour's failure ratio within the limit. The schedule costs no
// more than the static plan meeting every hour.
func TestScheduleTwoLevels(t *testing.T) {
	var want [2]int // low, high level
	for k, lambda := range []float64{scheduleLo, scheduleHi} {
		var at, below [2]float64
		want[k], at, below = exactOptimum(t, lambda, scheduleTen, scheduleFail, scheduleP95)
		checkApart(t, [2]float64{scheduleFail, scheduleP95}, at, below)
	}
	dir := t.TempDir()
	s := optimizeTwoLevel(t, dir, "2")
	if !s.Meets || !s.Converged || s.Iterations < 1 || len(s.Locations) != 1 {
		t.Fatalf("every hour meets %v, staffing converged %v after %d iterations, %d locations", s.Meets, s.Converged, s.Iterations, len(s.Locations))
	}
	for _, h := range s.Locations[0].Hours {
		w := want[map[bool]int{true: 0, false: 1}[h.Hour < 12]]
		switch {
		case h.Hour == 0 || h.Hour == 12:
			if h.AlwaysOn < w || h.AlwaysOn > want[1] {
				t.Errorf("hour %d: always_on %d, want between %d and %d", h.Hour, h.AlwaysOn, w, want[1])
			}
		case h.AlwaysOn != w:
			t.Errorf("hour %d: always_on %d, M/M/c+D wants %d", h.Hour, h.AlwaysOn, w)
		}
		if h.TargetIdle != 0 || h.Maximum != 0 {
			t.Errorf("hour %d: target_idle %d, maximum %d in an always-on-only plan", h.Hour, h.TargetIdle, h.Maximum)
		}
	}
	st := s.Static
	if st.Locations[0].AlwaysOn < want[1] || st.HoursMeeting != 24 || !(st.SavingUSD-st.SavingCI > 0) || !(st.SavingPercent > 20) {
		t.Errorf("static plan %+v: want always_on ≥ %d meeting 24 hours, the schedule saving > 20%% significantly", st, want[1])
	}
	// Never dearer than the static plan meeting every hour (paired mean).
	if hs := s.HourlyStatic; s.HoldsStatic || !(hs.SavingUSD >= 0) || hs.HoursMeeting != 24 {
		t.Errorf("static plan meeting every hour %+v: the schedule saves %g (holds it: %v), want ≥ 0 without holding it", hs, float64(hs.SavingUSD), s.HoldsStatic)
	}
	best, err := os.ReadFile(filepath.Join(dir, "out", "best.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(best), `action = "UpdateStreamGroup"`); n < 2 {
		t.Errorf("best.toml has %d UpdateStreamGroup actions, want one per change (≥ 2)", n)
	}
	other := strings.Replace(string(best), "seed = 11", "seed = 12", 1)
	c, err := schedule.CheckHours([]byte(other), optimize.Targets{FailureRatio: scheduleFail, P95Seconds: scheduleP95}, schedule.Options{})
	if err != nil || other == string(best) {
		t.Fatalf("check under seed 12: %v (seed replaced: %v)", err, other != string(best))
	}
	for _, h := range c.Hours {
		if !h.Meets() || h.Total.Requests == 0 {
			t.Errorf("best.toml under seed 12, hour %d: %+v misses the per-hour criterion", h.Hour, h.Total)
		}
	}
	if code, _, stderr := capsim(t, "run", filepath.Join(dir, "out", "best.toml"), "--quiet", "--out", filepath.Join(dir, "run")); code != 0 {
		t.Fatalf("capsim run best.toml: exit %d: %s", code, stderr)
	}
	checkRunFollows(t, filepath.Join(dir, "run", "timeseries.csv"), s.Locations[0].Hours)
}

// checkRunFollows reads capsim run's timeseries.csv of best.toml (one
// location, minutes): its always_on is the schedule's in every minute of
// every hour after the warm-up but the lead minutes before a raise, and
// its failures over requests, by minute's hour, are within the limit.
func checkRunFollows(t *testing.T, path string, hours []reports.ScheduleHour) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("%s: %v, %d rows", path, err, len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var req, fail [24]float64
	num := func(r []string, name string) float64 {
		x, err := strconv.ParseFloat(r[col[name]], 64)
		if err != nil {
			t.Fatalf("%s: %s %q: %v", path, name, r[col[name]], err)
		}
		return x
	}
	for _, r := range rows[1:] {
		minute := int(num(r, "minute_start"))
		if minute < 60 {
			continue // the warm-up
		}
		// always_on is the setting at the minute's end (an action at that
		// very time included), requests and failures those within it.
		end := minute + 1
		h, next := end/60%24, (end/60+1)%24
		want := hours[h].AlwaysOn
		if end%60 >= 55 && hours[next].AlwaysOn > want {
			want = hours[next].AlwaysOn // the raise, issued 5 minutes ahead
		}
		if got := num(r, "always_on"); got != float64(want) {
			t.Errorf("minute %d: always_on %g at its end, the schedule's %d", minute, got, want)
		}
		h = minute / 60 % 24
		req[h] += num(r, "requests")
		fail[h] += num(r, "failures_placement_timeout") + num(r, "failures_internal_error")
	}
	for h := range 24 {
		if req[h] == 0 || fail[h]/req[h] > scheduleFail {
			t.Errorf("capsim run, hour %d: %g failures of %g requests (limit %g)", h, fail[h], req[h], scheduleFail)
		}
	}
}

// TestScheduleDeterministic: best.toml and optimize.json (but for its
// wall_seconds) are byte-identical across --workers 1 and 2.
func TestScheduleDeterministic(t *testing.T) {
	testutil.Long(t)
	var dirs [2]string
	for i, w := range []string{"1", "2"} {
		dirs[i] = t.TempDir()
		optimizeTwoLevel(t, dirs[i], w)
	}
	for _, name := range []string{"best.toml", "static.toml", "optimize.json"} {
		a, errA := os.ReadFile(filepath.Join(dirs[0], "out", name))
		b, errB := os.ReadFile(filepath.Join(dirs[1], "out", name))
		// optimize.json's wall_seconds is the one field that differs between runs.
		a, b = wallSeconds.ReplaceAll(a, nil), wallSeconds.ReplaceAll(b, nil)
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs across --workers (%v, %v)", name, errA, errB)
		}
	}
}

// TestScheduleBadInput: a --schedule the scenario or the requirements
// cannot take is a usage error (exit 2) naming why, before any simulation,
// and writes nothing.
func TestScheduleBadInput(t *testing.T) {
	fail := "--require=" + failureRatio + "<=0.01"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--schedule", "weekly", fail}, `--schedule "weekly": the one schedule is hourly`},
		{[]string{"--schedule", "hourly", "--require", "total.cost_usd<=1000"}, "needs --require total.placement_failure_ratio<=X"},
		{[]string{"--schedule", "hourly", fail, "--require", "locations[0].placement_failure_ratio<=0.02"},
			"not per location; --require locations[0].placement_failure_ratio<=0.02 cannot be held hour by hour"},
		{[]string{"--schedule", "hourly", fail, "--require", "regions[*].latency_above_threshold_ratio<=0.05"},
			"not per player region (no hour records where its players were served from); --require regions[*].latency_above_threshold_ratio<=0.05 cannot be held"},
		{[]string{"--schedule", "hourly", fail, "--require", "total.cost_usd<=1000"},
			"--require total.cost_usd<=1000 cannot be held hour by hour"},
		{[]string{"--schedule", "hourly", fail, "--require", p95Wait + ">=1"},
			"--require " + p95Wait + ">=1 cannot be held hour by hour"},
		{[]string{"--schedule", "hourly", fail, "--require", "total.placement_latency_seconds.p99<=60"},
			"--require total.placement_latency_seconds.p99<=60 cannot be held hour by hour"},
		{[]string{"../../scenarios/examples/timeline.toml", "--schedule", "hourly", fail}, "has a timeline of its own"},
		{[]string{"../../scenarios/examples/fleet-buffer.toml", "--schedule", "hourly", fail}, "the scenario has no stream group"},
	} {
		out := filepath.Join(t.TempDir(), "out")
		code, stdout, stderr := capsim(t, append([]string{"optimize", "--quiet", "--out", out}, tc.args...)...)
		if code != 2 || !strings.Contains(stderr, tc.want) || stdout != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want exit 2 naming %q", tc.args, code, stderr, stdout, tc.want)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%v: wrote %s (%v)", tc.args, out, err)
		}
	}
}

// TestScheduleDataFiles: --schedule hourly reads the data files a scenario
// names (trace-replay.toml's trace.csv) from the scenario's directory, as
// the static search does, and optimize says that best.toml, written to
// --out, names them relative to --out, where they are not; copied there,
// best.toml runs.
func TestScheduleDataFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := capsim(t, "optimize", "--quiet", "--out", out, "--schedule", "hourly",
		"--require", failureRatio+"<=0.3", "../../scenarios/examples/trace-replay.toml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "best.toml names trace.csv relative to its own directory") {
		t.Errorf("no note that best.toml needs trace.csv beside it: %q", stderr)
	}
	best := filepath.Join(out, "best.toml")
	if code, _, _ := capsim(t, "run", "--quiet", best); code != 2 {
		t.Errorf("run best.toml without trace.csv: exit %d, want 2", code)
	}
	data, err := os.ReadFile("../../scenarios/examples/trace.csv")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "trace.csv"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := capsim(t, "run", "--quiet", best); code != 0 {
		t.Errorf("run best.toml with trace.csv beside it: exit %d: %s", code, stderr)
	}
}
