package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The CLI's golden tests, after golang/perf's cmd/benchstat main_test.go:
// each case runs Main with buffers and compares what it printed with
// testdata/golden/NAME.stdout and NAME.stderr (a missing file means
// nothing printed) and its exit status with NAME.code.
//
//	go test ./cmd/capsim -run TestGolden -update
//
// rewrites them (and removes those of cases gone); review the diff.

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

const goldenDir = "testdata/golden"

// tmpMark stands for the case's temporary directory, in arguments and in
// the golden files.
const tmpMark = "$TMP"

const (
	fleetBuffer  = "../../scenarios/examples/fleet-buffer.toml"
	smallToml    = "testdata/scenarios/small.toml"
	goldenCmpArg = "gen4n_high,gen5n_high"
)

// goldenCase is a command line whose output has golden files NAME.*.
type goldenCase struct {
	name string
	args []string
}

// goldenCases are the CLI's cases.
var goldenCases = []goldenCase{
	// run: the default scenario and a fleet example, table and JSON.
	{"run-default", []string{"run", "--replications", "2", "--horizon", "3h"}},
	{"run-default-json", []string{"run", "--replications", "2", "--horizon", "3h", "--json"}},
	{"run-fleet", []string{"run", "--replications", "2", "--horizon", "3h", fleetBuffer}},
	{"run-fleet-json", []string{"run", "--replications", "2", "--horizon", "3h", "--json", fleetBuffer}},
	{"run-small-set", []string{"run", smallToml, "--set", "stream_group[0].location[0].target_idle=4", "--seed", "7"}},

	// validate: ok, and each kind of bad scenario.
	{"validate-ok", []string{"validate", smallToml}},
	{"validate-fleet", []string{"validate", fleetBuffer}},
	{"validate-unknown-key", []string{"validate", "testdata/scenarios/unknown-key.toml"}},
	{"validate-bad-value", []string{"validate", "testdata/scenarios/bad-value.toml"}},
	{"validate-many-errors", []string{"validate", "testdata/scenarios/many-errors.toml"}},
	{"validate-backslash", []string{"validate", "testdata/scenarios/backslash.toml"}},
	{"validate-missing-file", []string{"validate", tmpMark + "/missing.toml"}},
	{"validate-bad-set", []string{"validate", smallToml, "--set", "simulation.sed=3"}},
	{"validate-no-file", []string{"validate"}},
	{"validate-explain", []string{"validate", "--explain", "demand[0].arrivals.spikes[0].peak_per_hour"}},
	{"validate-explain-unknown", []string{"validate", "--explain", "peak_per_hr"}},
	{"validate-explain-with-file", []string{"validate", "--explain", "seed", smallToml}},

	// compare: named classes, table and JSON; the default classes with
	// the unpriced ones skipped; errors.
	{"compare", []string{"compare", classCompare, "--replications", "2", "--horizon", "2h", "--classes", goldenCmpArg}},
	{"compare-json", []string{"compare", classCompare, "--replications", "2", "--horizon", "2h", "--classes", goldenCmpArg, "--json"}},
	{"compare-default-classes", []string{"compare", classCompare, "--replications", "2", "--horizon", "2h"}},
	{"compare-unpriced-class", []string{"compare", classCompare, "--classes", "gen4n_high,gen6n_medium"}},
	{"compare-unknown-class", []string{"compare", classCompare, "--classes", "gen9z"}},
	{"compare-mixed-os", []string{"compare", "testdata/scenarios/mixed-os.toml"}},
	{"compare-no-stream-group", []string{"compare", fleetBuffer}},
	{"compare-bad-target", []string{"compare", "--target-p95", "-1s"}},
	{"compare-bad-failure-ratio", []string{"compare", "--max-failure-ratio", "2"}},

	// fit and backtest: the services' records (testdata/records, made by
	// internal/recordgen; records_test.go), and bad ones.
	{"fit", []string{"fit", recordsDir + "/sessions.json.gz", "--polls", recordsDir + "/sessions-polls.jsonl.gz", "--stream-group", "sg-1AB2C3De4",
		"--exported-at", "2025-12-03T00:00:00Z", "--out", tmpMark + "/fit"}},
	{"fit-fleet", []string{"fit", "--game-sessions", recordsDir + "/games.json.gz", "--metrics", recordsDir + "/metrics.json.gz", "--price", "0.107", "--out", tmpMark + "/ff"}},
	{"fit-two-groups", []string{"fit", recordsDir + "/sessions.json.gz", "--out", tmpMark + "/fit"}},
	{"fit-no-out", []string{"fit", recordsDir + "/sessions.json.gz"}},
	{"fit-no-file", []string{"fit", "--out", tmpMark + "/fit"}},
	{"fit-missing-file", []string{"fit", tmpMark + "/none.json", "--out", tmpMark + "/fit"}},
	{"fit-directory", []string{"fit", "testdata", "--out", tmpMark + "/fit"}},
	{"fit-truncated", []string{"fit", "testdata/records-bad/truncated.json", "--out", tmpMark + "/fit"}},
	{"fit-no-zone", []string{"fit", "testdata/records-bad/no-zone.json", "--out", tmpMark + "/fit"}},
	{"fit-bad-exported-at", []string{"fit", recordsDir + "/sessions.json.gz", "--exported-at", "yesterday", "--out", tmpMark + "/fit"}},
	{"fit-fleet-no-price", []string{"fit", "--game-sessions", recordsDir + "/games.json.gz", "--out", tmpMark + "/ff"}},
	{"fit-polls-with-games", []string{"fit", "--game-sessions", recordsDir + "/games.json.gz", "--polls", "p.jsonl", "--price", "1", "--out", tmpMark + "/ff"}},
	{"backtest", []string{"backtest", recordsDir + "/fitted.toml", "--observed", recordsDir + "/day.json.gz", "--polls", recordsDir + "/day-polls.jsonl.gz",
		"--exported-at", "2025-12-02T00:00:00Z", "--replications", "19", "--quiet"}},
	{"backtest-replay-below", []string{"backtest", recordsDir + "/fitted.toml", "--observed", recordsDir + "/day.json.gz", "--exported-at", "2025-12-02T00:00:00Z",
		"--replay", "--replications", "19", "--quiet", "--assert-coverage", "1"}},
	{"backtest-no-observed", []string{"backtest", recordsDir + "/fitted.toml"}},
	{"backtest-both-observed", []string{"backtest", recordsDir + "/fitted.toml", "--observed", "a.json", "--observed-games", "b.json"}},
	{"backtest-bad-coverage", []string{"backtest", recordsDir + "/fitted.toml", "--observed", "a.json", "--assert-coverage", "90"}},
	{"backtest-replay-fleet", []string{"backtest", fleetBuffer, "--observed-games", recordsDir + "/games.json.gz", "--replay", "--quiet"}},
	{"backtest-truncated", []string{"backtest", recordsDir + "/fitted.toml", "--observed", "testdata/records-bad/truncated.json", "--quiet"}},

	{"classes", []string{"classes"}},
	{"version", []string{"version"}},

	// help: top level and each command's -h.
	{"help", []string{"-h"}},
	{"help-run", []string{"run", "-h"}},
	{"help-compare", []string{"compare", "-h"}},
	{"help-validate", []string{"validate", "-h"}},
	{"help-classes", []string{"classes", "-h"}},
	{"help-version", []string{"version", "-h"}},
	{"help-sweep", []string{"sweep", "-h"}},
	{"help-sensitivity", []string{"sensitivity", "-h"}},
	{"help-optimize", []string{"optimize", "-h"}},
	{"help-merge", []string{"merge", "-h"}},
	{"help-fit", []string{"fit", "-h"}},
	{"help-backtest", []string{"backtest", "-h"}},

	// usage errors.
	{"no-command", nil},
	{"unknown-command", []string{"frobnicate"}},
	{"unknown-flag", []string{"run", "--no-such-flag"}},
	{"run-two-files", []string{"run", "a.toml", "b.toml"}},
	{"version-extra", []string{"version", "extra"}},
	{"replications-abc", []string{"run", "--replications", "abc"}},
	{"replications-zero", []string{"run", "--replications", "0"}},
	{"seed-negative", []string{"run", "--seed", "-1"}},
	{"workers-negative", []string{"run", "--workers", "-1"}},
	{"merge-not-sharded", []string{"merge", "testdata"}},
	{"merge-two-dirs", []string{"merge", "a", "b"}},
	{"shard-bad", []string{"run", "--shard", "3/3", "--out", tmpMark + "/out"}},
	{"run-shard-not-store", []string{"run", "--shard", "0/2", "--out", "testdata/scenarios"}},
	{"compare-workers-negative", []string{"compare", "--workers", "-1"}},
	{"horizon-bad", []string{"run", "--horizon", "soon"}},
	{"set-without-equals", []string{"run", "--set", "simulation.seed"}},
	{"sweep-no-design", []string{"sweep", smallToml, "--out", tmpMark + "/sw"}},
	{"sweep-two-designs", []string{"sweep", smallToml, "--vary", "simulation.seed=1,2", "--points", "p.csv", "--out", tmpMark + "/sw"}},
	{"sweep-no-out", []string{"sweep", smallToml, "--vary", "simulation.seed=1,2"}},
	{"sweep-bad-range", []string{"sweep", smallToml, "--vary", "stream_group[0].location[0].always_on=40..10", "--out", tmpMark + "/sw"}},
	{"sweep-unknown-metric", []string{"sweep", smallToml, "--vary", "simulation.seed=1,2", "--require", "total.placement_latency_seconds.p59<=30", "--out", tmpMark + "/sw"}},
	{"sweep-bad-require", []string{"sweep", smallToml, "--vary", "simulation.seed=1,2", "--require", "total.cost_usd=3", "--out", tmpMark + "/sw"}},
	{"sweep-hours", []string{"sweep", smallToml, "--vary", "simulation.seed=1,2", "--require", "hours[*].placement_failure_ratio<=0.01", "--out", tmpMark + "/sw"}},
	{"sensitivity-wildcard", []string{"sensitivity", smallToml, "--metric", "locations[*].cost_usd", "--out", tmpMark + "/se"}},
	{"sweep-not-store", []string{"sweep", smallToml, "--vary", "simulation.seed=1,2", "--out", "testdata/scenarios"}},
	{"sweep-no-valid-point", []string{"sweep", smallToml, "--vary", "stream_group[0].location[0].always_on=3,5", "--out", tmpMark + "/sw"}},
	{"run-sensitivity-no-out", []string{"run", smallToml, "--sensitivity"}},
	{"sensitivity-no-out", []string{"sensitivity", smallToml}},
	{"sensitivity-unknown-metric", []string{"sensitivity", smallToml, "--metric", "total.placement_latency_seconds.p59", "--out", tmpMark + "/se"}},
	{"sensitivity-unknown-scope", []string{"sensitivity", smallToml, "--metric", "totl.cost_usd", "--out", tmpMark + "/se"}},
	{"sensitivity-not-store", []string{"sensitivity", smallToml, "--out", "testdata/scenarios"}},
	{"optimize-bad-vary", []string{"optimize", smallToml, "--vary", "stream_group[0].location[0].always_on=10..2", "--require", "total.placement_failure_ratio<=0.01", "--out", tmpMark + "/op"}},
	{"optimize-unknown-metric", []string{"optimize", smallToml, "--require", "total.placement_latency_seconds.p59<=30", "--out", tmpMark + "/op"}},
	{"optimize-no-require", []string{"optimize", smallToml, "--out", tmpMark + "/op"}},
	{"event-budget", []string{"run", "--replications", "2", "--horizon", "3h", "--set", "simulation.max_events=10"}},
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = strings.ReplaceAll(a, tmpMark, tmp)
			}
			t.Logf("capsim %s", strings.Join(args, " "))
			code, stdout, stderr := capsim(t, args...)
			goldenCompare(t, tc.name+".stdout", normalise(stdout, tmp))
			goldenCompare(t, tc.name+".stderr", normalise(stderr, tmp))
			goldenCompare(t, tc.name+".code", strconv.Itoa(code)+"\n")
		})
	}
	if !t.Failed() {
		goldenStale(t)
	}
}

// normalise replaces what depends on the machine or the build: the case's
// temporary directory and capsim's version.
func normalise(s, tmp string) string {
	s = strings.ReplaceAll(s, tmp, tmpMark)
	s = strings.ReplaceAll(s, `"capsim_version": "`+Version+`"`, `"capsim_version": "$VERSION"`)
	return strings.ReplaceAll(s, "capsim "+Version+"\n", "capsim $VERSION\n")
}

// goldenCompare compares got with the golden file name (missing: empty),
// or with -update writes it (removing it if got is empty).
func goldenCompare(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(goldenDir, name)
	if *update {
		var err error
		if got == "" {
			err = os.Remove(path)
			if os.IsNotExist(err) {
				err = nil
			}
		} else if err = os.MkdirAll(goldenDir, 0o755); err == nil {
			err = os.WriteFile(path, []byte(got), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Errorf("%s differs (go test -run TestGolden -update rewrites it):\n%s", path, diff(t, want, []byte(got)))
	}
}

// goldenStale fails on golden files of no case (with -update, removes them).
func goldenStale(t *testing.T) {
	ents, err := os.ReadDir(goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		base := strings.TrimSuffix(e.Name(), filepath.Ext(e.Name()))
		if slices.ContainsFunc(goldenCases, func(c goldenCase) bool { return c.name == base }) {
			continue
		}
		if *update {
			if err := os.Remove(filepath.Join(goldenDir, e.Name())); err != nil {
				t.Error(err)
			}
			continue
		}
		t.Errorf("%s/%s belongs to no case in goldenCases (-update removes it)", goldenDir, e.Name())
	}
}

// diff returns diff -u of want and got, or both in full without diff.
func diff(t *testing.T, want, got []byte) string {
	d := t.TempDir()
	w, g := filepath.Join(d, "want"), filepath.Join(d, "got")
	if os.WriteFile(w, want, 0o644) != nil || os.WriteFile(g, got, 0o644) != nil {
		return fmt.Sprintf("want:\n%s\ngot:\n%s", want, got)
	}
	cmd := exec.Command("diff", "-u", "want", "got")
	cmd.Dir = d
	out, _ := cmd.CombinedOutput()
	if !bytes.HasPrefix(out, []byte("---")) {
		return fmt.Sprintf("want:\n%s\ngot:\n%s", want, got)
	}
	return string(out)
}
