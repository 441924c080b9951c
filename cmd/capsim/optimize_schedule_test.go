package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/capsim/capsim/experiment"
	"github.com/capsim/capsim/reports"
)

// twoLevelTOML is the textbook scenario (tenancy 1) over one day after a
// one-hour warm-up, its demand lo requests per hour from 0:00 to 12:00 and
// hi from 12:00 to 24:00.
func twoLevelTOML(lo, hi float64) string {
	var rates []string
	for h := range 24 {
		rates = append(rates, fmt.Sprint(map[bool]float64{true: lo, false: hi}[h < 12]))
	}
	s := textbookTOML("gen4n_ultra", 1, lo)
	s = strings.Replace(s, fmt.Sprintf("rate_per_hour = %g", lo), "hourly = ["+strings.Join(rates, ", ")+"]", 1)
	return strings.Replace(s, fmt.Sprintf("horizon = \"%gh\"", 1+max(15000/lo, 20)), `horizon = "25h"`, 1)
}

const (
	scheduleLo, scheduleHi    = 50.0, 600.0 // requests per hour: loads 5 and 60
	scheduleFail, scheduleP95 = 0.01, 30.0
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

// TestScheduleTwoLevels: on a two-level demand the staffing iteration
// stops with capacities unchanged, each hour's always_on is the M/M/c+D
// staffing of its level's load within one tenancy step (the first hour of
// each level, 0 and 12, is left out: sessions begun in the previous level
// still run in it, which the iteration rightly counts), the schedule costs
// less than the static plan, and a run of best.toml meets the per-hour
// criterion in every hour.
func TestScheduleTwoLevels(t *testing.T) {
	dir := t.TempDir()
	s := optimizeTwoLevel(t, dir, "2")
	if !s.Converged || !s.Meets || len(s.Locations) != 1 {
		t.Fatalf("converged %v, every hour meets %v, %d locations", s.Converged, s.Meets, len(s.Locations))
	}
	tg := experiment.Targets{FailureRatio: scheduleFail, P95Seconds: scheduleP95}
	patience := textbookTimeout.Hours()
	for h, c := range s.Locations[0].Capacity {
		lambda := map[bool]float64{true: scheduleLo, false: scheduleHi}[h < 12]
		want, ok := experiment.WarmStart(lambda, 1/textbookMu, 1, patience, tg)
		if !ok {
			t.Fatalf("hour %d: no M/M/c+D staffing", h)
		}
		if h != 0 && h != 12 && (c < want-1 || c > want+1) {
			t.Errorf("hour %d: always_on %d, M/M/c+D at load %g wants %d", h, c, lambda/textbookMu, want)
		}
	}
	if !(s.SavingUSD > 0) || !(float64(s.CostUSD) < float64(s.StaticCostUSD)) {
		t.Errorf("schedule %g USD, static plan %g USD: no saving", s.CostUSD, s.StaticCostUSD)
	}
	best, err := os.ReadFile(filepath.Join(dir, "out", "best.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(best), `action = "UpdateStreamGroup"`); n != 24 {
		t.Errorf("best.toml has %d UpdateStreamGroup actions, want 24 (hours 1..24)", n)
	}
	hours, _, err := experiment.CheckHours(best, tg, experiment.ScheduleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hours {
		if !h.Meets || h.Requests == 0 {
			t.Errorf("best.toml, hour %d: %+v misses the per-hour criterion", h.Hour, h)
		}
	}
	if code, _, stderr := capsim(t, "run", filepath.Join(dir, "out", "best.toml"), "--quiet", "--out", filepath.Join(dir, "run")); code != 0 {
		t.Errorf("capsim run best.toml: exit %d: %s", code, stderr)
	}
}

// TestScheduleDeterministic: best.toml and optimize.json are
// byte-identical across --workers 1 and 2.
func TestScheduleDeterministic(t *testing.T) {
	var dirs [2]string
	for i, w := range []string{"1", "2"} {
		dirs[i] = t.TempDir()
		optimizeTwoLevel(t, dirs[i], w)
	}
	for _, name := range []string{"best.toml", "static.toml", "optimize.json"} {
		a, errA := os.ReadFile(filepath.Join(dirs[0], "out", name))
		b, errB := os.ReadFile(filepath.Join(dirs[1], "out", name))
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs across --workers (%v, %v)", name, errA, errB)
		}
	}
}
