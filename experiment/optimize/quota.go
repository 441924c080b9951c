package optimize

import (
	"strings"

	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
)

// QuotaRequirement is what holds a plan within the scenario's
// [[gpu_quota]] rows: no instance allocation waits for a GPU quota.
const QuotaRequirement = "total.quota_stalled_allocations<=0"

// WithQuotas is reqs with [QuotaRequirement] added when the scenario has
// [[gpu_quota]] rows and no requirement names quota_stalled_allocations
// already, and whether it was added. A quota is what the account may
// run (A11): a plan whose allocations wait for it is one AWS would not
// launch as planned, so optimize treats every row as a constraint
// unless told otherwise (a requirement of the caller's own on
// quota_stalled_allocations, e.g. a tolerated few, replaces it). Without
// rows the model runs unlimited and every report states the GPUs the plan
// needs against AWS's default of 0, so there is nothing to hold.
func WithQuotas(sc *scenarios.Scenario, ns *simrun.Namespace, reqs []simrun.Requirement) ([]simrun.Requirement, bool, error) {
	if len(sc.GPUQuotas) == 0 || len(sc.StreamGroups) == 0 {
		return reqs, false, nil
	}
	for _, r := range reqs {
		if strings.HasSuffix(r.Name, ".quota_stalled_allocations") {
			return reqs, false, nil
		}
	}
	q, err := ns.Requirement(QuotaRequirement)
	if err != nil {
		return nil, false, err
	}
	return append(reqs[:len(reqs):len(reqs)], q), true, nil
}
