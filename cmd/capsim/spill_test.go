package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRunOutSpilledByteIdentical checks that a run whose timeseries are kept
// in files (as long runs' are) writes exactly the files of one that keeps
// them in memory, with 2 workers, and leaves no scratch files behind: the
// default scenario (stream groups) and a fleet example (fleet_timeseries.csv,
// the fleet plots and report.html from spilled fleet timeseries).
func TestRunOutSpilledByteIdentical(t *testing.T) {
	for _, tc := range []struct {
		name, scenario, csv string
	}{
		{"streams", "", "timeseries.csv"},
		{"fleets", fleetBuffer, "fleet_timeseries.csv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := slices.Clone(fastRun)
			if tc.scenario != "" {
				args = append(args, tc.scenario)
			}
			root := t.TempDir()
			mem, spilled := filepath.Join(root, "mem"), filepath.Join(root, "spilled")
			if code, _, errOut := capsim(t, append(slices.Clone(args), "--out", mem, "--workers", "1")...); code != 0 {
				t.Fatalf("in memory: exit %d, stderr %q", code, errOut)
			}
			func() {
				defer func(b int64) { spillThresholdBytes = b }(spillThresholdBytes)
				spillThresholdBytes = -1
				if code, _, errOut := capsim(t, append(slices.Clone(args), "--out", spilled, "--workers", "2")...); code != 0 {
					t.Fatalf("spilled: exit %d, stderr %q", code, errOut)
				}
			}()
			files1, files2 := readTree(t, mem), readTree(t, spilled)
			if len(files1) != len(files2) || len(files1) < 5 || files1[tc.csv] == nil || files1["report.html"] == nil {
				t.Errorf("wrote %d and %d files, %s %d bytes", len(files1), len(files2), tc.csv, len(files1[tc.csv]))
			}
			plotsSeen := 0
			for n, data := range files1 {
				if !bytes.Equal(data, files2[n]) {
					t.Errorf("%s differs between in-memory and spilled timeseries", n)
				}
				if strings.HasPrefix(n, "plots/"+strings.TrimSuffix(tc.name, "s")) {
					plotsSeen++
				}
			}
			if tc.name == "fleets" && plotsSeen == 0 {
				t.Error("no fleet plot written")
			}
			if ents, err := os.ReadDir(root); err != nil || len(ents) != 2 {
				t.Errorf("scratch left beside the outputs: %v (%v)", ents, err)
			}
		})
	}
}
