package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMetricNamesReadAlike: one metric name is read by one parser, so
// run's --assert, sweep's and optimize's --require,
// optimize's --minimize and sensitivity's --metric refuse a bad name with
// the same did-you-mean, exit 2 and before anything runs (no --out
// written); and a name by group/location, which --minimize used to refuse
// after the search began, is accepted by --minimize as by --require.
func TestMetricNamesReadAlike(t *testing.T) {
	dir := t.TempDir()
	tb := writeTB(t, dir)
	const bad = "total.cost"
	const hint = `reports: metric "total.cost": unknown metric; did you mean total.cost_usd`
	out := filepath.Join(dir, "out")
	for _, args := range [][]string{
		{"run", tb, "--assert", bad + "<=1"},
		{"sweep", tb, "--vary", alwaysOnPath + "=2,4", "--require", bad + "<=1", "--out", out},
		{"optimize", tb, "--vary", alwaysOnPath + "=0..60:2", "--require", bad + "<=1", "--out", out},
		{"optimize", tb, "--vary", alwaysOnPath + "=0..60:2", "--require", failureRatio + "<=0.05", "--minimize", bad, "--out", out},
		{"sensitivity", tb, "--metric", bad, "--out", out},
	} {
		code, stdout, stderr := capsim(t, append(args, "--quiet")...)
		if code != exitInvalid || stdout != "" || !strings.Contains(stderr, hint) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 saying %q", args, code, stdout, stderr, hint)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%v: wrote --out before refusing the name (%v)", args, err)
		}
	}
	for _, flag := range []string{"--require", "--minimize"} {
		name := "locations[g/us-west-2].cost_usd"
		text := name
		if flag == "--require" {
			text += "<=1e9"
		}
		args := []string{"--require", failureRatio + "<=0.05", flag, text}
		sub := filepath.Join(dir, strings.TrimPrefix(flag, "--"))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := optimizeSmall(t, sub, args...)
		if code != exitOK {
			t.Errorf("optimize %s %s: exit %d: %s", flag, text, code, stderr)
		}
	}
}
