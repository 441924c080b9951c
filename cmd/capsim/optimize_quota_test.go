package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/capsim/capsim/experiment/optimize"
	"github.com/capsim/capsim/scenarios"
)

// TestOptimizeHoldsGPUQuotas: the default scenario with eu-central-1's
// gen4n quota at 30 GPUs and a latency requirement that keeps a share of
// Europeans in Europe. optimize adds the quota requirement by itself,
// the plan chosen stays within the quota on its fresh replications (no
// allocation waited; its eu-central-1 maximum fits 30 GPUs of tenancy
// 2), and optimize says the eu-central-1 quota binds: cheaper plans the
// search tried waited for it. Without the row nothing is added or said.
func TestOptimizeHoldsGPUQuotas(t *testing.T) {
	def, err := os.ReadFile("../../scenarios/default.toml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "quota.toml")
	text := string(def) + "\n[[gpu_quota]]\nlocation = \"eu-central-1\"\ngeneration = \"gen4n\"\ngpus = 30\n"
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, stdout, stderr := capsim(t, "optimize", file, "--quiet", "--out", out,
		"--require", "locations[*].time_to_first_frame_seconds.p95<=60", "--require", "locations[*].placement_failure_ratio<=0.01",
		"--require", "total.latency_above_threshold_ratio<=0.4")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	o := readOptimize(t, out)
	if !o.QuotasHeld || !slices.Contains(o.Requirements, optimize.QuotaRequirement) {
		t.Fatalf("requirements %v, quotas held %v: want %s added", o.Requirements, o.QuotasHeld, optimize.QuotaRequirement)
	}
	if len(o.QuotaBinds) != 1 || o.QuotaBinds[0].Location != "eu-central-1" || o.QuotaBinds[0].Plans < 1 {
		t.Errorf("binding quotas %+v, want eu-central-1", o.QuotaBinds)
	}
	if !strings.Contains(stdout, "binding: eu-central-1") {
		t.Errorf("stdout does not say which quota binds:\n%s", stdout)
	}
	for _, l := range o.Chosen.Summary.Locations {
		if v, ok := l.Estimate("quota_stalled_allocations"); ok && v.Mean > 0 {
			t.Errorf("%s: %v allocations waited for the quota in the plan chosen", l.Location, v.Mean)
		}
	}
	best, err := scenarios.Load(filepath.Join(out, "best.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range best.StreamGroups[0].Locations {
		if l.Name == "eu-central-1" && l.Maximum > 60 {
			t.Errorf("eu-central-1 maximum %d streams: more than 30 GPUs of tenancy 2", l.Maximum)
		}
	}
}

// TestWithQuotas: the quota requirement is added only with [[gpu_quota]]
// rows, once, and not over a requirement of the caller's own on it.
func TestWithQuotas(t *testing.T) {
	sc, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	of := &optimizeFlags{require: setFlags{"total.placement_failure_ratio<=0.01"}, minimize: "total.cost_usd"}
	reqs, _, err := of.parseMetrics(sc)
	if err != nil || len(reqs) != 1 {
		t.Fatalf("without rows: %v, %v; want the one requirement given", reqs, err)
	}
	sc.GPUQuotas = append(sc.GPUQuotas, scenarios.GPUQuota{Location: "us-east-1", Generation: "gen4n", GPUs: 40})
	if reqs, _, err = of.parseMetrics(sc); err != nil || len(reqs) != 2 || reqs[1].String() != optimize.QuotaRequirement {
		t.Fatalf("with a row: %v, %v; want %s added", reqs, err, optimize.QuotaRequirement)
	}
	of.require = append(of.require, "locations[*].quota_stalled_allocations<=2")
	if reqs, _, err = of.parseMetrics(sc); err != nil || len(reqs) != 2 {
		t.Fatalf("with the caller's own: %v, %v; want it alone", reqs, err)
	}
}
