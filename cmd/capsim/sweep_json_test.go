package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// jsonKeys lists the dotted key paths of a JSON value's objects, array
// elements by index.
func jsonKeys(prefix string, v any, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			*out = append(*out, prefix+k)
			jsonKeys(prefix+k+".", c, out)
		}
	case []any:
		for i, c := range x {
			jsonKeys(prefix+"["+string(rune('0'+i))+"].", c, out)
		}
	}
}

// A sweep point's summary in sweep.json has the schema of run's
// summary.json for the same point: the same keys, optional metrics zero
// in every replication (cold_starts with always-on capacity only, the
// quota and overlap metrics) left out alike.
func TestSweepPointSummaryKeysMatchRun(t *testing.T) {
	set := "stream_group[0].location[1].target_idle=0"
	out := filepath.Join(t.TempDir(), "sw")
	if code, _, errOut := capsim(t, "sweep", "--replications", "2", "--horizon", "2h", "--vary", set, "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	code, runJSON, _ := capsim(t, "run", "--replications", "2", "--horizon", "2h", "--set", set, "--json")
	if code != 0 {
		t.Fatal("run failed")
	}
	var run any
	var sw struct {
		Points []struct{ Summary any } `json:"points"`
	}
	data, _ := os.ReadFile(filepath.Join(out, "sweep.json"))
	if err := json.Unmarshal([]byte(runJSON), &run); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &sw); err != nil || len(sw.Points) != 1 {
		t.Fatalf("sweep.json: %v", err)
	}
	var want, got []string
	jsonKeys("", run, &want)
	// A point's summary is built from its blocks' metrics and has no
	// gpu_quotas (SCHEMA.md: nor warnings), nor the prices (the sweep's
	// top level has the scenario's); its player_regions are the run's
	// (the blocks keep every region's metrics, for regions[...]).
	want = slices.DeleteFunc(want, func(k string) bool {
		return strings.HasPrefix(k, "gpu_quotas") || strings.HasPrefix(k, "prices") || k == "billing_unit"
	})
	jsonKeys("", sw.Points[0].Summary, &got)
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) {
		t.Errorf("sweep point keys differ from summary.json's:\nrun:   %s\nsweep: %s", strings.Join(want, " "), strings.Join(got, " "))
	}
	if !slices.ContainsFunc(want, func(k string) bool { return strings.Contains(k, "cold_starts") }) ||
		!slices.Contains(want, "player_regions.[1].latency_above_threshold_ratio.mean") ||
		slices.ContainsFunc(want, func(k string) bool { return strings.Contains(k, "quota_stalled") }) {
		t.Errorf("the case no longer exercises left-out metrics: %v", want)
	}
}
