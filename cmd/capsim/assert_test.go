package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/capsim/capsim/reports"
)

const assertsToml = "testdata/scenarios/asserts.toml"

// TestAssertExitCodes: gates that hold exit 0, a failed one exits 3 with
// a message naming metric, value, CI and limit (outputs still written),
// --assert-on bound fails a gate whose mean holds but whose bound does
// not, and a malformed gate or unknown metric exits 2 before the run.
func TestAssertExitCodes(t *testing.T) {
	const p95 = "total.placement_latency_seconds.mean"
	runExits(t, []exitCase{
		{"held", []string{assertsToml, "--assert", p95 + "<=1000"}, exitOK, nil},
		{"failed", []string{assertsToml, "--assert", "total.cost_usd<=1"}, exitInfeasible,
			[]string{"assertion failed: total.cost_usd: mean ", "(95% CI; one-sided bound ", "over 4 replications, limit <=1, judged on the mean"}},
		{"failed-in-file", []string{assertsToml, "--set", "demand[0].arrivals.rate_per_hour=200"},
			exitInfeasible, []string{"assertion failed: total.placement_failure_ratio: "}},
		{"unknown-metric", []string{assertsToml, "--assert", "total.placement_latency_seconds.p59<=30"}, exitInvalid,
			[]string{`--assert: reports: metric "total.placement_latency_seconds.p59": unknown metric; did you mean`}},
		{"malformed", []string{assertsToml, "--assert", "total.cost_usd=3"}, exitInvalid, []string{`requirement "total.cost_usd=3": bad requirement`}},
		{"file-unknown-metric", []string{"testdata/scenarios/assert-unknown-metric.toml"}, exitInvalid,
			[]string{"assert-unknown-metric.toml:27: assert[1].expr: ", "did you mean locations[eu-central-1].utilisation"}},
		{"file-unknown-key", []string{"testdata/scenarios/assert-unknown-key.toml"}, exitInvalid,
			[]string{"assert-unknown-key.toml:31: assert[2].limit: unknown key"}},
		{"bad-assert-on", []string{assertsToml, "--assert-on", "median"}, exitInvalid, []string{"--assert-on median: want mean or bound"}},
		{"every-hour", []string{assertsToml, "--assert", "hours[*].placement_latency_seconds.p95<=1000", "--assert",
			"locations[*].cost_usd<=1000000"}, exitOK, nil},
		{"every-hour-failed", []string{assertsToml, "--assert", "hours[*].placement_failure_ratio<0"}, exitInfeasible,
			[]string{"assertion failed: hours[*].placement_failure_ratio (worst of ", " scopes: hours["}},
		{"bad-hour", []string{assertsToml, "--assert", "hours[24].placement_failure_ratio<=0.01"}, exitInvalid,
			[]string{`hour "24" is not a whole number from 0 to 23`}},
	})
}

// exitCase is capsim run --quiet with args: the exit status it must give
// and what its stderr must say.
type exitCase struct {
	name string
	args []string
	code int
	want []string // in stderr
}

// runExits runs each case as a subtest.
func runExits(t *testing.T, cases []exitCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := capsim(t, append([]string{"run", "--quiet"}, c.args...)...)
			if code != c.code {
				t.Fatalf("exit %d, want %d: %s", code, c.code, errOut)
			}
			for _, w := range c.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr %q lacks %q", errOut, w)
				}
			}
		})
	}
}

// TestAssertOnBound: a gate set between the mean and its worse-side bound
// holds on the mean and fails on the bound; summary.json records both,
// and the failed run's outputs are written.
func TestAssertOnBound(t *testing.T) {
	code, out, errOut := capsim(t, "run", "--quiet", "--json", assertsToml)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var s reports.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Assertions) != 2 || !s.Assertions[0].Held || !s.Assertions[1].Held || s.Assertions[1].JudgedOn != "mean" {
		t.Fatalf("assertions %+v", s.Assertions)
	}
	v, err := s.Metric("total.cost_usd")
	if err != nil || v.CI95 <= 0 {
		t.Fatalf("cost %+v %v", v, err)
	}
	limit := v.Mean + v.CI95/4 // above the mean, below the one-sided bound
	gate := "total.cost_usd<=" + strconv.FormatFloat(limit, 'g', -1, 64)
	dir := filepath.Join(t.TempDir(), "out")
	for _, on := range []string{"mean", "bound"} {
		code, _, errOut = capsim(t, "run", "--quiet", "--out", dir, "--assert", gate, "--assert-on", on, assertsToml)
		want := map[string]int{"mean": exitOK, "bound": exitInfeasible}[on]
		if code != want {
			t.Fatalf("--assert-on %s: exit %d, want %d: %s", on, code, want, errOut)
		}
		data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
		if err != nil {
			t.Fatal(err)
		}
		var got reports.Summary
		if err := json.Unmarshal(data, &got); err != nil {
			t.Fatal(err)
		}
		a := got.Assertions[2]
		if !a.HoldsOnMean || a.HoldsOnBound || a.JudgedOn != on || a.Held != (on == "mean") || float64(a.Bound) <= limit {
			t.Errorf("--assert-on %s: %+v", on, a)
		}
	}
}
