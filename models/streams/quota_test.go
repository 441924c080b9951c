package streams

import (
	"math"
	"testing"
	"time"

	"github.com/capsim/capsim/sim"
)

// TestGPUQuotaSharedByGroups: two stream groups in one location share one
// GPU quota of their generation. Their always-on capacity (4 + 4 GPUs)
// exceeds the quota (5): the group activated second gets 1 instance and 3
// allocations stall until the first group lowers its always-on at 5h and
// releases 3 instances one idle-release delay later.
func TestGPUQuotaSharedByGroups(t *testing.T) {
	class := Class{Name: "gen4n_ultra", Tenancy: 1, OS: Linux}
	cfg := detConfig(4, 0, nil, time.Hour)
	cfg.Horizon = 10 * time.Hour
	cfg.Groups[0].Class = class
	cfg.Groups = append(cfg.Groups, GroupConfig{Name: "h", Class: class,
		Locations: []LocationConfig{{Name: "here", AlwaysOn: 4, PriceUSDPerHour: 1}}})
	cfg.Demands = nil
	cfg.GPUQuotas = []GPUQuota{{Location: "here", Generation: "gen4n", GPUs: 5}}
	cfg.Timeline = []Action{{At: 5 * time.Hour, Kind: UpdateStreamGroup, Group: 0,
		Locations: []LocationConfig{{Name: "here", AlwaysOn: 1}}}}
	res, err := Run(cfg, 0, Options{CheckInvariants: true}) // checks the quota after every event
	if err != nil {
		t.Fatal(err)
	}
	g, h := res.Locations[0], res.Locations[1]
	// The invariant (allocated + allocating ≤ quota at every event) is
	// checked by CheckInvariants; MaxInUse is its record over the run.
	if g.MaxAllocated != 4 || h.MaxAllocated != 4 {
		t.Errorf("max allocated g=%d h=%d, want 4 and 4 (h catches up after g shrinks)", g.MaxAllocated, h.MaxAllocated)
	}
	if g.QuotaStalledAllocations != 0 || h.QuotaStalledAllocations != 3 {
		t.Errorf("stalled allocations g=%d h=%d, want 0 and 3", g.QuotaStalledAllocations, h.QuotaStalledAllocations)
	}
	// 3 instances wait for quota from 0 until 5h + the idle release delay.
	want := 3 * (5*time.Hour + time.Minute).Seconds()
	if got := h.QuotaStallInstanceSeconds; math.Abs(got-want) > 1e-6 {
		t.Errorf("stall = %.3f instance-seconds, want %.3f", got, want)
	}
	if len(res.Quotas) != 1 || res.Quotas[0].MaxInUse != 5 || res.Quotas[0].StalledAllocations != 3 {
		t.Errorf("quota results %+v, want one pool, max in use 5, 3 stalled", res.Quotas)
	}
}

// TestGPUQuotaOtherGeneration: a quota of one generation does not bind
// another generation's groups in the same location.
func TestGPUQuotaOtherGeneration(t *testing.T) {
	cfg := detConfig(4, 0, nil, time.Hour)
	cfg.Groups[0].Class = Class{Name: "gen5n_ultra", Tenancy: 1, OS: Linux}
	cfg.Demands = nil
	cfg.GPUQuotas = []GPUQuota{{Location: "here", Generation: "gen4n", GPUs: 1}}
	res, err := Run(cfg, 0, Options{CheckInvariants: true})
	if err != nil {
		t.Fatal(err)
	}
	if l := res.Locations[0]; l.MaxAllocated != 4 || l.QuotaStalledAllocations != 0 {
		t.Errorf("gen5n group: max allocated %d, stalled %d; want 4, 0", l.MaxAllocated, l.QuotaStalledAllocations)
	}
	_ = sim.Fixed{}
}

// TestQuotaNeedWithoutRow: a location without a quota row is not limited,
// and its result says how many GPUs it needed (AWS grants 0 until raised).
func TestQuotaNeedWithoutRow(t *testing.T) {
	m := time.Minute
	at := []time.Duration{10 * m, 10*m + time.Second, 10*m + 2*time.Second}
	cfg := detConfig(1, 3, at, time.Hour)
	res := runOne(t, cfg, nil)
	if len(res.Quotas) != 1 {
		t.Fatalf("%d quota results, want 1 (the location's need)", len(res.Quotas))
	}
	q := res.Quotas[0]
	if !q.Unlimited || q.Location != "here" || q.MaxInUse != 3 || q.StalledAllocations != 0 {
		t.Errorf("need = %+v, want unlimited, here, 3 GPUs at the peak, no stall", q)
	}
	cfg.GPUQuotas = []GPUQuota{{Location: "here", Generation: cfg.Groups[0].Class.Generation(), GPUs: 2}}
	q = runOne(t, cfg, nil).Quotas[0]
	if q.Unlimited || q.MaxInUse != 2 || q.StalledAllocations == 0 {
		t.Errorf("with a quota of 2: %+v, want 2 GPUs at the peak and a stall", q)
	}
}
