package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// writeTBAt writes the textbook scenario of load 20, tenancy 2 with
// always_on set to c, and returns its path.
func writeTBAt(t *testing.T, dir string, c int) string {
	t.Helper()
	text := strings.Replace(textbookTOML("gen4n_high", 2, 200), "always_on = 2\n", "always_on = "+strconv.Itoa(c)+"\n", 1)
	file := filepath.Join(dir, "tb.toml")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestOptimizeKeepsTheGivenOptimum: when the scenario as given is the
// exact optimum (always_on 26 at load 20 for p95 <= 40 s, as
// TestOptimizeExact finds it), optimize answers with it, never with a
// dearer plan, and says it saves nothing; when it is dearer than the
// optimum (40), optimize answers with a plan that saves against it on
// the same fresh replications.
func TestOptimizeKeepsTheGivenOptimum(t *testing.T) {
	for _, tc := range []struct {
		given   int
		optimum bool
	}{{26, true}, {40, false}} {
		dir := t.TempDir()
		code, stdout, stderr := capsim(t, "optimize", writeTBAt(t, dir, tc.given), "--quiet", "--recheck-pass", "0",
			"--require", p95Wait+"<=40", "--vary", alwaysOnPath+"=0..60:2", "--out", filepath.Join(dir, "out"))
		if code != 0 {
			t.Fatalf("given %d: exit %d: %s", tc.given, code, stderr)
		}
		o := readOptimize(t, filepath.Join(dir, "out"))
		got, _ := strconv.Atoi(o.Chosen.Values[0])
		saving := float64(o.Reference.Saving.Mean)
		switch {
		case tc.optimum && (got != tc.given || !o.Evaluated[o.Best].Given || saving != 0 ||
			!strings.Contains(stdout, "the scenario as given is the plan")):
			t.Errorf("given the optimum %d: chose %d (as given %v), saving %v\n%s", tc.given, got, o.Evaluated[o.Best].Given, saving, stdout)
		case !tc.optimum && (got >= tc.given || saving <= 0):
			t.Errorf("given %d: chose %d, saving %v", tc.given, got, saving)
		}
	}
}

// TestOptimizeCostCap: capacity that helps the failure ratio breaks a
// cost cap, so the example (--minimize the failure ratio under
// total.cost_usd<=700 on the default scenario, whose given plan costs
// about $736) is searched from the other side and answered with a plan
// whose fresh cost bound is within the cap, not called infeasible; a
// minimum utilisation with the default objective is met too.
func TestOptimizeCostCap(t *testing.T) {
	short := []string{"--quiet", "--horizon", "9h", "--set", "simulation.warmup=1h"}
	for _, tc := range []struct {
		args []string
		req  string
	}{
		{[]string{"--minimize", "total.placement_failure_ratio", "--require", "total.cost_usd<=200"}, "total.cost_usd<=200"},
		{[]string{"--require", "total.utilisation>=0.8", "--require", "total.placement_failure_ratio<=0.05"}, "total.utilisation>=0.8"},
	} {
		dir := t.TempDir()
		args := append(append(append([]string{"optimize"}, short...), tc.args...), "--out", filepath.Join(dir, "out"))
		code, _, stderr := capsim(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, stderr)
		}
		o := readOptimize(t, filepath.Join(dir, "out"))
		for _, a := range o.Chosen.Requirements {
			if a.Requirement == tc.req && (!a.Holds || float64(a.Margin) < 0) {
				t.Errorf("%v: %+v does not hold on fresh replications", tc.args, a)
			}
		}
	}
}

// TestOptimizeRefusesUnknownTrends: a requirement or objective whose
// relation to capacity capsim does not know, and an objective adding
// metrics that move opposite ways, are refused before anything runs
// (exit 2), saying why.
func TestOptimizeRefusesUnknownTrends(t *testing.T) {
	for _, tc := range []struct{ args []string }{
		{[]string{"--require", "total.requests>=10"}},
		{[]string{"--require", failureRatio + "<=0.01", "--minimize", "total.requests"}},
		{[]string{"--require", failureRatio + "<=0.01", "--minimize", "total.cost_usd+total.placement_failure_ratio"}},
	} {
		dir := t.TempDir()
		code, stdout, stderr := capsim(t, append([]string{"optimize", writeTB(t, dir), "--out", filepath.Join(dir, "out")}, tc.args...)...)
		if code != exitInvalid || stdout != "" || !strings.Contains(stderr, "capacity") || strings.Contains(stderr, "replications") {
			t.Errorf("%v: exit %d, stderr %q", tc.args, code, stderr)
		}
	}
}

// TestOptimizeSetArrays: optimize --set takes every value run --set takes
// (an array, an inline table): the search runs and best.toml holds the
// values, validates, and runs to the search's figures.
func TestOptimizeSetArrays(t *testing.T) {
	dir := t.TempDir()
	hourly := "[" + strings.TrimSuffix(strings.Repeat("40, ", 24), ", ") + "]"
	code, _, stderr := capsim(t, "optimize", "--quiet", "--horizon", "6h",
		"--set", `demand[0].locations=["us-east-1","eu-central-1"]`,
		"--set", "demand[1].arrivals="+`{ process = "poisson", hourly = `+hourly+` }`,
		"--require", failureRatio+"<=0.05", "--vary", "stream_group[0].location[1].always_on=0..40:10",
		"--out", filepath.Join(dir, "out"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	best := filepath.Join(dir, "out", "best.toml")
	text, err := os.ReadFile(best)
	if err != nil || !strings.Contains(string(text), `locations = ["us-east-1","eu-central-1"]`) || !strings.Contains(string(text), hourly) {
		t.Fatalf("best.toml lacks the arrays (%v):\n%s", err, text)
	}
	if code, out, stderr := capsim(t, "validate", best); code != 0 {
		t.Fatalf("validate best.toml: exit %d: %s %s", code, out, stderr)
	}
	checkBestRun(t, best, readOptimize(t, filepath.Join(dir, "out")), failureRatio)
}

// TestOptimizeBadDemandScale: --demand-scale and --recheck-pass out of
// range are usage errors, before anything runs.
func TestOptimizeBadDemandScale(t *testing.T) {
	for _, bad := range [][]string{{"--demand-scale", "1,0"}, {"--demand-scale", "1.5x"}, {"--demand-scale", "1000"},
		{"--recheck-pass", "1"}, {"--recheck-pass", "-0.1"}} {
		dir := t.TempDir()
		code, stdout, stderr := optimizeSmall(t, dir, append([]string{"--require", failureRatio + "<=0.02"}, bad...)...)
		if code != exitInvalid || stdout != "" || !strings.Contains(stderr, bad[0]) {
			t.Errorf("%v: exit %d, stderr %q", bad, code, stderr)
		}
	}
}
