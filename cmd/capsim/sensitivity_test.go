package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/capsim/capsim/experiment"
	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/scenarios"
)

const sensitivityGolden = "testdata/sensitivity.csv"

// TestSensitivityGolden runs the sensitivity analysis of the small
// scenario and compares sensitivity.csv with testdata/sensitivity.csv
// (-update rewrites it); the outputs are byte-identical with 1 and 3
// workers, and a rerun in the same store (resume) writes them again, the
// same.
func TestSensitivityGolden(t *testing.T) {
	dir := t.TempDir()
	var outs [3][]byte
	for i, args := range [][]string{
		{"--workers", "1", "--out", filepath.Join(dir, "w1")},
		{"--workers", "3", "--out", filepath.Join(dir, "w3")},
		{"--workers", "2", "--out", filepath.Join(dir, "w1")}, // resume: every variant is stored
	} {
		code, _, errOut := capsim(t, append([]string{"sensitivity", smallToml, "--replications", "3", "--horizon", "4h"}, args...)...)
		if code != 0 {
			t.Fatalf("sensitivity %v: exit %d, stderr %q", args, code, errOut)
		}
		var err error
		out := args[len(args)-1]
		if outs[i], err = os.ReadFile(filepath.Join(out, "sensitivity.csv")); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"sensitivity.json", "sensitivity.html"} {
			if _, err := os.Stat(filepath.Join(out, name)); err != nil {
				t.Error(err)
			}
		}
	}
	if !bytes.Equal(outs[0], outs[1]) || !bytes.Equal(outs[0], outs[2]) {
		t.Error("sensitivity.csv differs across --workers or on resume")
	}
	if want := testutil.Golden(t, sensitivityGolden, outs[0], *update); !bytes.Equal(outs[0], want) {
		t.Errorf("sensitivity.csv differs from %s (go test -run TestSensitivityGolden -update):\n%s", sensitivityGolden, outs[0])
	}
}

// loadSensitivityScenario loads a scenario with a short horizon and few
// replications.
func loadSensitivityScenario(t *testing.T, file string, reps int, horizon string) *scenarios.Scenario {
	t.Helper()
	sc, err := loadScenario([]string{file})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range [][2]string{{"simulation.replications", strconv.Itoa(reps)}, {"simulation.horizon", horizon}} {
		if err := sc.Set(s[0], s[1]); err != nil {
			t.Fatal(err)
		}
	}
	return sc
}

// TestSensitivityCRN: the baseline and a variant of a [service] assumption
// see the same requests in every replication (common random numbers), and
// the swing's CI, from paired differences, is defined.
func TestSensitivityCRN(t *testing.T) {
	sc := loadSensitivityScenario(t, smallToml, 4, "4h")
	points, factors := experiment.OneAtATime(sc)
	prep, skipped := experiment.Prepare(sc, points)
	if len(skipped) > 0 {
		t.Fatalf("skipped %v", skipped[0].Err)
	}
	st, err := experiment.OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := experiment.Run(st, prep, experiment.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	base, _ := blocks[0].Reps("total", "requests")
	checked := 0
	for _, f := range factors {
		if f.Key != "idle_release_delay" && f.Key != "allocation_delay_linux" {
			continue
		}
		for _, k := range []int{f.Low, f.High} {
			got, ok := blocks[k].Reps("total", "requests")
			if !ok || len(got) != len(base) || k == 0 {
				t.Fatalf("%s: variant %d has requests %v", f.Key, k, got)
			}
			for r := range got {
				if got[r] != base[r] {
					t.Errorf("%s variant, replication %d: %v requests, baseline %v", f.Key, r, got[r], base[r])
				}
			}
			checked++
		}
	}
	if checked != 4 {
		t.Errorf("checked %d variants, want 4", checked)
	}
}

// TestSensitivityDirection: on cold-start.toml (no always-on, no idle
// buffer) raising allocation_delay_linux to its high end does not lower
// the placement failure ratio, and raises it above the low end's.
func TestSensitivityDirection(t *testing.T) {
	sc := loadSensitivityScenario(t, "../../scenarios/examples/cold-start.toml", 6, "25h")
	sm, err := resolveMetrics(sc, []string{"total.placement_failure_ratio"})
	if err != nil {
		t.Fatal(err)
	}
	st, err := experiment.OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s, err := runSensitivity(sc, st, sm, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range s.Assumptions {
		if a.Key != "allocation_delay_linux" {
			continue
		}
		e := a.Effects[0]
		if e.HighDelta.Mean < 0 || !(e.Swing.Mean > 0) {
			t.Errorf("allocation_delay_linux: high − baseline %v, swing %v; want ≥ 0 and > 0", e.HighDelta, e.Swing)
		}
		if o := s.Tornado(0); s.Assumptions[o[0]].Key != "allocation_delay_linux" {
			t.Logf("largest swing: %s", s.Assumptions[o[0]].Key)
		}
		return
	}
	t.Fatal("allocation_delay_linux not varied")
}
