package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/reports"
)

// optimizeSmall runs optimize on the textbook case of load 20, tenancy 2
// with the given extra arguments into dir/out.
func optimizeSmall(t *testing.T, dir string, extra ...string) (int, string, string) {
	t.Helper()
	file := filepath.Join(dir, "tb.toml")
	if err := os.WriteFile(file, []byte(textbookTOML("gen4n_high", 2, 200)), 0o644); err != nil {
		t.Fatal(err)
	}
	args := append([]string{"optimize", file, "--quiet", "--out", filepath.Join(dir, "out"),
		"--vary", alwaysOnPath + "=0..60:2"}, extra...)
	return capsim(t, args...)
}

// wallSeconds is optimize.json's wall time, the one line that differs
// between runs.
var wallSeconds = regexp.MustCompile(`\n\s*"wall_seconds": [0-9.e+-]+,`)

// TestOptimizeDeterministic: best.toml, optimize.json and optimize.html
// are byte-identical across --workers 1 and 2 but for the wall time.
func TestOptimizeDeterministic(t *testing.T) {
	var dirs [2]string
	for i, w := range []string{"1", "2"} {
		dirs[i] = t.TempDir()
		if code, _, stderr := optimizeSmall(t, dirs[i], "--require", p95Wait+"<=40", "--workers", w); code != 0 {
			t.Fatalf("workers %s: exit %d: %s", w, code, stderr)
		}
	}
	for _, name := range []string{"best.toml", "optimize.json", "optimize.html"} {
		a, errA := os.ReadFile(filepath.Join(dirs[0], "out", name))
		b, errB := os.ReadFile(filepath.Join(dirs[1], "out", name))
		if errA != nil || errB != nil {
			t.Fatalf("%s: %v %v", name, errA, errB)
		}
		a = wallSeconds.ReplaceAll(bytes.ReplaceAll(a, []byte(dirs[0]), nil), nil)
		b = wallSeconds.ReplaceAll(bytes.ReplaceAll(b, []byte(dirs[1]), nil), nil)
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between --workers 1 and 2", name)
		}
	}
}

// TestOptimizeInfeasible: exit 3 naming the closest plan and the missed
// requirement when no plan in the range is feasible.
func TestOptimizeInfeasible(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := capsim(t, "optimize", "--quiet", "--out", filepath.Join(dir, "out"), "--require", failureRatio+"<=0.01",
		"--vary", alwaysOnPath+"=2..10:2", writeTB(t, dir))
	if code != exitInfeasible || !strings.Contains(stderr, "always_on=10") || !strings.Contains(stderr, "misses "+failureRatio+"<=0.01") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "best.toml")); err == nil {
		t.Error("best.toml written without a feasible plan")
	}
}

func writeTB(t *testing.T, dir string) string {
	t.Helper()
	file := filepath.Join(dir, "tb.toml")
	if err := os.WriteFile(file, []byte(textbookTOML("gen4n_high", 2, 200)), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestOptimizeBestRoundTrip: capsim validate accepts best.toml and capsim
// run best.toml reproduces the plan's metrics (same seed, replications).
func TestOptimizeBestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := optimizeSmall(t, dir, "--require", failureRatio+"<=0.02"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	o := readOptimize(t, filepath.Join(dir, "out"))
	best := filepath.Join(dir, "out", "best.toml")
	if code, out, stderr := capsim(t, "validate", best); code != 0 {
		t.Fatalf("validate best.toml: exit %d: %s %s", code, out, stderr)
	}
	checkBestRun(t, best, o, failureRatio)
}

// checkBestRun checks best.toml: it carries the verification's
// replications, and run over the replications the search gave the plan
// (the same seed) it gives the search's figure of the metric of its
// first requirement, to the last digit.
func checkBestRun(t *testing.T, best string, o *reports.Optimize, metric string) {
	t.Helper()
	text, err := os.ReadFile(best)
	if err != nil || !strings.Contains(string(text), "replications = "+strconv.Itoa(o.Chosen.Replications)) {
		t.Errorf("best.toml does not carry the verification's %d replications (%v)", o.Chosen.Replications, err)
	}
	p := o.Evaluated[o.Best]
	n := p.Requirements[0].N
	code, out, stderr := capsim(t, "run", best, "--json", "--replications", strconv.Itoa(n))
	if code != 0 {
		t.Fatalf("run best.toml: exit %d: %s", code, stderr)
	}
	var s reports.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	got, err := s.Metric(metric)
	if err != nil || got.Mean != float64(p.Requirements[0].Mean) {
		t.Errorf("run best.toml: %s = %v over %d (%v), optimize said %v over %d", metric, got.Mean, got.N, err, float64(p.Requirements[0].Mean), n)
	}
}

// TestOptimizeSkipsInvalid: plans the scenario rejects (maximum below
// always_on) are listed as skipped, not fatal, and the plan chosen is valid;
// exit 3 when every plan tried is invalid.
func TestOptimizeSkipsInvalid(t *testing.T) {
	testutil.Long(t)
	dir := t.TempDir()
	code, _, stderr := capsim(t, "optimize", "--quiet", "--out", filepath.Join(dir, "bad"), "--require", failureRatio+"<=0.02",
		"--vary", alwaysOnPath+"=40..60:2", "--vary", "stream_group[0].location[0].maximum=2..20:2", writeTB(t, dir))
	if code != exitInfeasible || !strings.Contains(stderr, "every plan tried is invalid") {
		t.Fatalf("all invalid: exit %d: %s", code, stderr)
	}
	code, _, stderr = capsim(t, "optimize", "--quiet", "--out", filepath.Join(dir, "out"), "--require", failureRatio+"<=0.02",
		"--vary", "stream_group[0].location[0].maximum=2..80:2", "--vary", alwaysOnPath+"=20..60:2", writeTB(t, dir))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	o := readOptimize(t, filepath.Join(dir, "out"))
	if len(o.Skipped) == 0 || !strings.Contains(o.Skipped[0].Error, "below always_on") {
		t.Fatalf("skipped %+v, want plans with maximum below always_on", o.Skipped)
	}
	top, _ := strconv.Atoi(o.Evaluated[o.Best].Values[0])
	on, _ := strconv.Atoi(o.Evaluated[o.Best].Values[1])
	if top < on {
		t.Errorf("plan always_on %d, maximum %d", on, top)
	}
	html, err := os.ReadFile(filepath.Join(dir, "out", "optimize.html"))
	if err != nil || !bytes.Contains(html, []byte("chosen plan #"+strconv.Itoa(o.Best+1))) || !bytes.Contains(html, []byte("below always_on")) {
		t.Errorf("optimize.html does not ring the chosen plan #%d or list the skipped plans (%v)", o.Best+1, err)
	}
}

// TestOptimizeFleetDefaults: on a fleet example with no --vary and no
// --minimize, optimize varies the fleet's scaling bounds, minimizes the
// fleets' cost, the chosen plan holds both fleet requirements, and
// capsim run best.toml reproduces its p95 wait.
func TestOptimizeFleetDefaults(t *testing.T) {
	testutil.Long(t)
	dir := t.TempDir()
	const p95 = "fleet_total.placement_latency_seconds.p95"
	code, out, stderr := capsim(t, "optimize", "--quiet", "--out", filepath.Join(dir, "out"), "--require", p95+"<=30",
		"--require", "fleet_total.timed_out_ratio<=0.01", filepath.Join("..", "..", "scenarios", "examples", "fleet-target.toml"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	o := readOptimize(t, filepath.Join(dir, "out"))
	wantPaths := "fleet[0].scaling.min_instances fleet[0].scaling.max_instances fleet[0].scaling.target_percent"
	if o.Objective != "fleet_total.cost_usd" || strings.Join(o.Paths, " ") != wantPaths || !strings.Contains(out, "fleet_total.cost_usd: ") {
		t.Fatalf("objective %q, paths %q; want fleet_total.cost_usd over %q\n%s", o.Objective, o.Paths, wantPaths, out)
	}
	svg, err := os.ReadFile(filepath.Join(dir, "out", "plots", "optimize-frontier.svg"))
	if err != nil || !bytes.Contains(svg, []byte("fleet_total.cost_usd (USD)")) || !bytes.Contains(svg, []byte("chosen plan #"+strconv.Itoa(o.Best+1))) {
		t.Errorf("the frontier plot is not the fleets' cost against their p95 wait with the plan ringed (%v)", err)
	}
	p := o.Evaluated[o.Best]
	for _, a := range p.Requirements {
		if !a.Holds || float64(a.Bound) > 30 {
			t.Errorf("the plan %v: %+v does not hold", p.Values, a)
		}
	}
	checkBestRun(t, filepath.Join(dir, "out", "best.toml"), o, p95)
}

// TestOptimizeJSONContents: optimize.json holds the plan, each metric's
// mean and CI per evaluated plan, the confidence of each requirement
// (null only where the metric is undefined), the runner-ups (feasible, by
// objective, not cheaper than the plan), every evaluated plan with its
// replications (the search's: they add up to search_replications), the
// total replications (the search's and the verification's: the plan
// chosen, the runner-up and the scenario as given on as many fresh ones),
// and the wall time.
func TestOptimizeJSONContents(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := optimizeSmall(t, dir, "--require", p95Wait+"<=40", "--require", failureRatio+"<=0.02"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "out", "optimize.json"))
	if err != nil {
		t.Fatal(err)
	}
	var o struct {
		Best      int     `json:"best"`
		RunnersUp []int   `json:"runners_up"`
		Total     int     `json:"replications_simulated"`
		Search    int     `json:"search_replications"`
		Wall      float64 `json:"wall_seconds"`
		Chosen    struct{ Replications int }
		Evaluated []struct {
			Values       []string
			Replications int
			Feasible     bool
			Objective    float64 `json:"objective_mean"`
			Requirements []struct{ Confidence, Mean *float64 }
			Summary      struct {
				Total map[string]json.RawMessage
			}
		}
	}
	if err := json.Unmarshal(data, &o); err != nil {
		t.Fatal(err)
	}
	if o.Best < 0 || o.Best >= len(o.Evaluated) || len(o.Evaluated[o.Best].Values) != 1 || o.Wall <= 0 {
		t.Fatalf("best %d of %d plans, wall %v s", o.Best, len(o.Evaluated), o.Wall)
	}
	sum := 0
	for i, e := range o.Evaluated {
		sum += e.Replications
		var cost struct{ Mean, CI95 *float64 }
		if err := json.Unmarshal(e.Summary.Total["cost_usd"], &cost); err != nil || cost.Mean == nil || cost.CI95 == nil {
			t.Errorf("plan %d: total.cost_usd without mean and ci95 (%v)", i, err)
		}
		if e.Replications < 3 || len(e.Requirements) != 2 {
			t.Errorf("plan %d: %d replications, requirements %+v", i, e.Replications, e.Requirements)
		}
		for _, r := range e.Requirements {
			if (r.Confidence == nil) != (r.Mean == nil) {
				t.Errorf("plan %d: confidence %v for a mean %v", i, r.Confidence, r.Mean)
			}
		}
	}
	if sum != o.Search || o.Total < o.Search+3*o.Chosen.Replications {
		t.Errorf("replications %d (search %d), want the search's %d and 3 plans' %d fresh ones", o.Total, o.Search, sum, o.Chosen.Replications)
	}
	for _, r := range o.RunnersUp {
		if e := o.Evaluated[r]; r == o.Best || !e.Feasible || e.Objective < o.Evaluated[o.Best].Objective {
			t.Errorf("runner-up %d: %+v", r, e.Values)
		}
	}
}

// TestOptimizeProgress: without --quiet each decided plan gets a line on
// stderr with its id, the settings where it differs from the best so far,
// its verdict and replications; from the first plan that holds on, each
// line names the best feasible plan so far, always one whose line said it
// holds, and the last names the plan chosen; each verification round gets
// a line. No line is long: the settings that changed, not all of them.
func TestOptimizeProgress(t *testing.T) {
	dir := t.TempDir()
	code, out, stderr := capsim(t, "optimize", "--out", filepath.Join(dir, "out"), "--require", failureRatio+"<=0.02",
		"--vary", alwaysOnPath+"=0..60:2", writeTB(t, dir))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	line := regexp.MustCompile(`^capsim: optimize: (#\d+)[^:]*: (holds|fails|unsure) after (\d+) replications(; best (#\d+) \(([0-9.e+-]+)\))?$`)
	held := map[string]bool{}
	var lines, best string
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if strings.HasPrefix(l, "capsim: optimize: verification round ") {
			continue
		}
		m := line.FindStringSubmatch(l)
		if m == nil || len(l) > 160 {
			t.Fatalf("progress line %q", l)
		}
		lines += l + "\n"
		if m[2] == "holds" {
			held[m[1]] = true
		}
		if (m[5] != "") != (len(held) > 0) || m[5] != "" && !held[m[5]] {
			t.Fatalf("best so far %q after plans holding %v:\n%s", m[5], held, lines)
		}
		best = m[5]
	}
	if !strings.HasPrefix(out, "plan "+best+",") || !strings.Contains(stderr, "verification round 1: "+best+" ") {
		t.Errorf("the last best so far is %s; stdout:\n%s", best, out)
	}
}

// TestOptimizeSumObjective: on a scenario with stream groups and fleets
// (the default scenario with fleet-target's fleet appended) the objective
// is by default the sum of both costs, each plan's objective mean being
// its total.cost_usd plus its fleet_total.cost_usd.
func TestOptimizeSumObjective(t *testing.T) {
	dir := t.TempDir()
	def, err := os.ReadFile(filepath.Join("..", "..", "scenarios", "default.toml"))
	if err != nil {
		t.Fatal(err)
	}
	fl, err := os.ReadFile(filepath.Join("..", "..", "scenarios", "examples", "fleet-target.toml"))
	if err != nil {
		t.Fatal(err)
	}
	_, fleet, _ := strings.Cut(string(fl), "[[fleet]]")
	file := filepath.Join(dir, "both.toml")
	if err := os.WriteFile(file, append(def, "\n[[fleet]]"+fleet...), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := capsim(t, "optimize", "--quiet", "--out", filepath.Join(dir, "out"),
		"--require", failureRatio+"<=0.05", "--require", "fleet_total.timed_out_ratio<=0.05",
		"--vary", alwaysOnPath+"=0..40:20", "--vary", "fleet[0].scaling.min_instances=0..20:10", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	o := readOptimize(t, filepath.Join(dir, "out"))
	if o.Objective != "total.cost_usd+fleet_total.cost_usd" {
		t.Fatalf("objective %q", o.Objective)
	}
	for _, p := range o.Evaluated {
		a, errA := p.Summary.Metric("total.cost_usd")
		b, errB := p.Summary.Metric("fleet_total.cost_usd")
		if errA != nil || errB != nil || b.Mean <= 0 || math.Abs(a.Mean+b.Mean-float64(p.Objective)) > 1e-9*a.Mean {
			t.Errorf("plan %v: objective %v, costs %v + %v (%v %v)", p.Values, float64(p.Objective), a.Mean, b.Mean, errA, errB)
		}
	}
}
