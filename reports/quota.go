package reports

import (
	"fmt"
	"strconv"

	"github.com/capsim/capsim/models/geo"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
)

// QuotaSummary is one location and GPU generation's use of GPUs against
// the account's quota (A11: counted in GPUs, i.e. instances, per location
// and generation, shared by every stream group there).
type QuotaSummary struct {
	Location   string `json:"location"`
	Generation string `json:"generation"`
	// Quota is the scenario's [[gpu_quota]] row; nil (JSON null) when it
	// has none, and the run did not limit the GPUs.
	Quota *int `json:"quota"`
	// AWSDefault is what AWS grants until a raise: 0 GPUs (A11).
	AWSDefault int `json:"aws_default"`
	// PeakGPUs is, per replication, the most GPUs allocated or allocating
	// at once (the whole run, warm-up included); PeakGPUsMax its largest
	// value over the replications: the quota the plan needs.
	PeakGPUs    sim.Estimate `json:"peak_gpus"`
	PeakGPUsMax int64        `json:"peak_gpus_max"`
	// StalledAllocations are instance allocations that waited for the
	// quota (after the warm-up).
	StalledAllocations sim.Estimate `json:"stalled_allocations"`
	// Binds is true when the quota row was reached in some replication.
	Binds bool `json:"binds"`
}

// quotaSummaries combines the models' quota results over replications, in
// the order of the first replication.
func quotaSummaries(results []*streams.Result) []QuotaSummary {
	if len(results) == 0 {
		return nil
	}
	var out []QuotaSummary
	for qi, q0 := range results[0].Quotas {
		s := QuotaSummary{Location: q0.Location, Generation: q0.Generation, AWSDefault: geo.DefaultGPUQuota}
		if !q0.Unlimited {
			s.Quota = &q0.GPUs
		}
		var peaks, stalls []float64
		for _, r := range results {
			if qi >= len(r.Quotas) {
				continue
			}
			q := r.Quotas[qi]
			peaks, stalls = append(peaks, float64(q.MaxInUse)), append(stalls, float64(q.StalledAllocations))
			s.PeakGPUsMax = max(s.PeakGPUsMax, q.MaxInUse)
		}
		s.PeakGPUs, s.StalledAllocations = sim.NewEstimate(peaks), sim.NewEstimate(stalls)
		s.Binds = s.Quota != nil && s.PeakGPUsMax >= int64(*s.Quota)
		out = append(out, s)
	}
	return out
}

// QuotaFindings are one sentence per location and generation that needs a
// GPU quota AWS has not granted by default, or whose quota row binds.
func QuotaFindings(s *Summary) []string {
	var out []string
	for _, q := range s.GPUQuotas {
		where := fmt.Sprintf("%s GPUs in %s", q.Generation, q.Location)
		switch {
		case q.Quota == nil && q.PeakGPUsMax > int64(q.AWSDefault):
			out = append(out, fmt.Sprintf("GPU quota: the plan needs %d %s at its peak (mean peak %s); AWS grants %d until raised (A11) and the scenario has no [[gpu_quota]] row, so it ran unlimited: request a raise to at least %d before launch, or add [[gpu_quota]] location = %q generation = %q gpus = N to simulate the quota you have.",
				q.PeakGPUsMax, where, FormatSig3(q.PeakGPUs), q.AWSDefault, q.PeakGPUsMax, q.Location, q.Generation))
		case q.Binds:
			out = append(out, fmt.Sprintf("GPU quota binds: the [[gpu_quota]] of %d %s was reached; %s instance allocations waited for it (mean per replication).",
				*q.Quota, where, FormatSig3(q.StalledAllocations)))
		}
	}
	return out
}

// QuotaTable is the GPU quota table of report.html: per location and
// generation the quota (AWS's default, 0, is in the caption), the peak
// GPUs needed, the allocations that waited and whether the quota binds.
func QuotaTable(s *Summary) Table {
	t := Table{Header: []string{"location", "generation", "quota (GPUs)", "peak GPUs (mean)", "peak (max)", "stalled", "binds"}}
	for _, q := range s.GPUQuotas {
		quota, binds := "none: unlimited", "no"
		if q.Quota != nil {
			quota = strconv.Itoa(*q.Quota)
			if q.Binds {
				binds = "yes"
			}
		} else if q.PeakGPUsMax > int64(q.AWSDefault) {
			binds = "needs a raise"
		}
		t.Rows = append(t.Rows, []string{q.Location, q.Generation, quota,
			FormatSig3(q.PeakGPUs), strconv.FormatInt(q.PeakGPUsMax, 10), FormatSig3(q.StalledAllocations), binds})
	}
	return t
}
