package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --points FILE.csv: a header of paths and a row of values per point runs
// the same points as the --vary grid of those rows, and writes the same
// sweep.csv, byte for byte.
func TestSweepPointsFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "points.csv")
	csv := "stream_group[0].location[0].target_idle,stream_group[0].location[0].always_on\n0,10\n0,20\n4,10\n4,20\n"
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	common := []string{"--replications", "2", "--horizon", "2h"}
	a, b := filepath.Join(dir, "points"), filepath.Join(dir, "grid")
	if code, _, errOut := capsim(t, append(append([]string{"sweep"}, common...), "--points", file, "--out", a)...); code != 0 {
		t.Fatalf("--points: exit %d: %s", code, errOut)
	}
	if code, _, errOut := capsim(t, append(append([]string{"sweep"}, common...), "--vary", "stream_group[0].location[0].target_idle=0,4",
		"--vary", "stream_group[0].location[0].always_on=10,20", "--out", b)...); code != 0 {
		t.Fatalf("--vary: exit %d: %s", code, errOut)
	}
	x, _ := os.ReadFile(filepath.Join(a, "sweep.csv"))
	y, _ := os.ReadFile(filepath.Join(b, "sweep.csv"))
	if len(x) == 0 || string(x) != string(y) {
		t.Errorf("--points and the same --vary grid differ:\n%s\n%s", x, y)
	}
}

// A malformed points file, an unknown path or one out of range fails at
// once, exit 2, naming the file and line or the path (with the closest
// field), before anything is created or simulated.
func TestSweepBadDesign(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "p.csv")
	write := func(s string) {
		if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		csv  string
		args []string
		want string
	}{
		{"stream_group[0].location[0].target_idle\n2\n4,5\n", []string{"--points", file},
			"capsim: sweep: --points " + file + ":3: 2 values for 1 paths\n"},
		{"stream_group[0].location[0].target_idle\n2\n\"4\n", []string{"--points", file}, "capsim: sweep: --points " + file + ":3: "},
		{"stream_group[0].location[0].target_idel\n2\n", []string{"--points", file},
			"capsim: sweep: --points " + file + ":1: stream_group[0].location[0].target_idel: unknown field (did you mean \"target_idle\"?)\n"},
		{"", []string{"--vary", "stream_group[0].location[0].target_idel=0,2", "--vary", "simulation.seed=1,2"},
			"capsim: sweep: --vary: stream_group[0].location[0].target_idel: unknown field (did you mean \"target_idle\"?)\n"},
		{"", []string{"--vary", "stream_group[0].location[2].target_idle=0,2"},
			"capsim: sweep: --vary: stream_group[0].location[2].target_idle: location has 2 entries; index 2 is out of range\n"},
	} {
		write(c.csv)
		out := filepath.Join(dir, "out")
		code, _, errOut := capsim(t, append(append([]string{"sweep"}, c.args...), "--out", out)...)
		if code != exitInvalid || !strings.HasPrefix(errOut, c.want) || strings.Contains(errOut, "none of") {
			t.Errorf("%q: exit %d, stderr\n%q\nwant exit 2 and\n%q", c.args, code, errOut, c.want)
		}
		if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%q: created %s", c.args, out)
		}
	}
}
