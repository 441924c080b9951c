package reports

import (
	"strings"
	"testing"

	"github.com/capsim/capsim/models/streams"
)

// TestQuotaSummary: a location without a quota row states its need against
// AWS's default of 0; a row reached binds; one never reached says nothing.
func TestQuotaSummary(t *testing.T) {
	rs := synthetic()
	rs[0].Quotas = []streams.QuotaResult{
		{Location: "eu-central-1", Generation: "gen4n", GPUs: 10, MaxInUse: 10, StalledAllocations: 3},
		{Location: "us-west-2", Generation: "gen5n", GPUs: 8, MaxInUse: 5},
		{Location: "us-east-1", Generation: "gen4n", Unlimited: true, MaxInUse: 44},
	}
	rs[1].Quotas = []streams.QuotaResult{
		{Location: "eu-central-1", Generation: "gen4n", GPUs: 10, MaxInUse: 9, StalledAllocations: 1},
		{Location: "us-west-2", Generation: "gen5n", GPUs: 8, MaxInUse: 7},
		{Location: "us-east-1", Generation: "gen4n", Unlimited: true, MaxInUse: 46},
	}
	s := summarize(t, rs)
	if len(s.GPUQuotas) != 3 {
		t.Fatalf("%d quota summaries, want 3", len(s.GPUQuotas))
	}
	eu, usw, use := s.GPUQuotas[0], s.GPUQuotas[1], s.GPUQuotas[2]
	if eu.Quota == nil || *eu.Quota != 10 || !eu.Binds || eu.PeakGPUsMax != 10 || eu.StalledAllocations.Mean != 2 {
		t.Errorf("eu-central-1: %+v, want quota 10 binding, peak 10, 2 stalls", eu)
	}
	if usw.Binds || usw.PeakGPUs.Mean != 6 {
		t.Errorf("us-west-2: %+v, want not binding, mean peak 6", usw)
	}
	if use.Quota != nil || use.AWSDefault != 0 || use.PeakGPUsMax != 46 || use.PeakGPUs.Mean != 45 {
		t.Errorf("us-east-1: %+v, want no quota row, default 0, peak 46 (mean 45)", use)
	}
	f := strings.Join(QuotaFindings(s), "\n")
	for _, want := range []string{"the plan needs 46 gen4n GPUs in us-east-1", "AWS grants 0 until raised",
		`[[gpu_quota]] location = "us-east-1" generation = "gen4n"`, "GPU quota binds: the [[gpu_quota]] of 10 gen4n GPUs in eu-central-1"} {
		if !strings.Contains(f, want) {
			t.Errorf("findings lack %q:\n%s", want, f)
		}
	}
	if strings.Contains(f, "us-west-2") {
		t.Errorf("a quota never reached is a finding:\n%s", f)
	}
	if tab := QuotaTable(s); len(tab.Rows) != 3 || tab.Rows[2][6] != "needs a raise" || tab.Rows[0][6] != "yes" {
		t.Errorf("quota table rows %v", tab.Rows)
	}
}
