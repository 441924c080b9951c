package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"

	"github.com/capsim/capsim/reports"
)

const (
	defaultToml = "../../scenarios/default.toml"
	totalRow    = "Capsim/scenario=starlight-rally-day/location=total/model=streams"
)

// bench runs capsim bench with args and writes its output to dir/name.
func bench(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	code, out, errOut := capsim(t, append([]string{"bench"}, args...)...)
	if code != 0 {
		t.Fatalf("bench %v: exit %d: %s", args, code, errOut)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// sample reads the values of unit on the row name from a benchmark file.
func sample(t *testing.T, path, name, unit string) []float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := benchfmt.NewReader(f, path)
	var out []float64
	for r.Scan() {
		if res, ok := r.Result().(*benchfmt.Result); ok && res.Name.String() == name {
			if v, ok := res.Value(unit); ok {
				out = append(out, v)
			}
		}
	}
	return out
}

// benchstatRow runs go tool benchstat on old and new and returns the row
// of totalRow in the table of unit.
func benchstatRow(t *testing.T, old, new, unit string) string {
	t.Helper()
	cmd := exec.Command("go", "tool", "benchstat", "-filter", "/location:total", old, new)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go tool benchstat: %v\n%s", err, out)
	}
	for _, table := range strings.Split(string(out), "\n\n") {
		if !strings.Contains(table, "│ "+unit+" ") {
			continue
		}
		sc := bufio.NewScanner(strings.NewReader(table))
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), totalRow+" ") {
				return sc.Text()
			}
		}
	}
	t.Fatalf("no %s row for %s in:\n%s", totalRow, unit, out)
	return ""
}

// TestBenchstatPipeline runs capsim bench > old; capsim bench --set ... >
// new; go tool benchstat old new: without target-idle and always-on
// capacity at the primary location the mean placement latency rises
// significantly; under another seed it does not move beyond noise. Both
// benchstat's table and its statistics library (the Mann-Whitney U test
// it applies) are read.
func TestBenchstatPipeline(t *testing.T) {
	dir := t.TempDir()
	common := []string{"--replications", "10", defaultToml}
	old := bench(t, dir, "old.txt", common...)
	worse := bench(t, dir, "worse.txt", append([]string{"--set", "stream_group[0].location[0].target_idle=0",
		"--set", "stream_group[0].location[0].always_on=0"}, common...)...)
	reseeded := bench(t, dir, "seed.txt", append([]string{"--seed", "7"}, common...)...)

	const unit = "placement_latency_seconds.mean"
	a := benchmath.NewSample(sample(t, old, totalRow, unit), &benchmath.DefaultThresholds)
	for _, c := range []struct {
		file        string
		significant bool
	}{{worse, true}, {reseeded, false}} {
		b := benchmath.NewSample(sample(t, c.file, totalRow, unit), &benchmath.DefaultThresholds)
		if len(a.Values) != 10 || len(b.Values) != 10 {
			t.Fatalf("%s: %d and %d values, want 10", c.file, len(a.Values), len(b.Values))
		}
		cmp := benchmath.AssumeNothing.Compare(a, b)
		if got := cmp.P < cmp.Alpha; got != c.significant {
			t.Errorf("%s: p=%.3g alpha %.2g: significant %v, want %v", filepath.Base(c.file), cmp.P, cmp.Alpha, got, c.significant)
		}
		row := benchstatRow(t, old, c.file, unit)
		if insignificant := strings.Contains(row, " ~ "); insignificant == c.significant || !strings.Contains(row, "n=10)") {
			t.Errorf("%s: benchstat reads %q, want significant %v", filepath.Base(c.file), row, c.significant)
		}
		if c.significant && !strings.Contains(row, "+") {
			t.Errorf("benchstat row %q: want a rise", row)
		}
	}
}

// TestBenchMatchesRun: the total lines' cost and mean latency average to
// capsim run's estimates of the same scenario and seed.
func TestBenchMatchesRun(t *testing.T) {
	args := []string{"--replications", "3", "--horizon", "4h", defaultToml}
	path := bench(t, t.TempDir(), "b.txt", args...)
	code, out, errOut := capsim(t, append([]string{"run", "--json", "--quiet"}, args...)...)
	if code != 0 {
		t.Fatalf("run: %d %s", code, errOut)
	}
	var s reports.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"cost_usd", "placement_latency_seconds.mean", "utilisation"} {
		vs := sample(t, path, totalRow, name)
		var mean float64
		for _, v := range vs {
			mean += v / float64(len(vs))
		}
		want, err := s.Metric("total." + name)
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != 3 || !near(mean, want.Mean, 1e-9) {
			t.Errorf("%s: bench mean %v over %d lines, run %v", name, mean, len(vs), want.Mean)
		}
	}
}

func near(a, b, rel float64) bool {
	d := a - b
	if d < 0 {
		d = -d
	}
	return d <= rel*max(1e-12, a, b, -a, -b)
}

// TestBenchBadInput: bad input is exit status 2 with nothing on stdout.
func TestBenchBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"bench", "no-such.toml"},
		{"bench", smallToml, "no-such.toml"},
		{"bench", "--set", "simulation.sed=3"},
		{"bench", "--replications", "0", smallToml},
		{"bench", "--set", "simulation.max_events=10", smallToml}, // runs out of events mid-run
	} {
		code, out, errOut := capsim(t, args...)
		if code != exitInvalid || out != "" || errOut == "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}
