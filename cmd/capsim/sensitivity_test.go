package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
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
