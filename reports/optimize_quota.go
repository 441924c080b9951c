package reports

import (
	"fmt"
	"slices"
)

// QuotaBinding is a stream location whose GPU quota held optimize's
// search back: Plans of the plans it evaluated were cheaper than the one
// chosen and missed their requirements while instance allocations waited
// for the quota there (quota_stalled_allocations above 0).
type QuotaBinding struct {
	Location string `json:"location"`
	Plans    int    `json:"cheaper_plans_held_back"`
}

// QuotaBindings are the locations whose [[gpu_quota]] binds the chosen
// plan, in the order of the summary's locations (several stream groups
// at one location share its quota, so each location is named once).
func QuotaBindings(o *Optimize) []QuotaBinding {
	if o.Chosen == nil {
		return nil
	}
	limit := float64(o.Chosen.Objective)
	counts := map[string]int{}
	var order []string
	for _, p := range o.Evaluated {
		if p.Feasible || p.Summary == nil || !(float64(p.Objective) < limit) {
			continue
		}
		for _, l := range p.Summary.Locations {
			v, ok := l.Estimate("quota_stalled_allocations")
			if !ok || !(v.Mean > 0) {
				continue
			}
			if !slices.Contains(order, l.Location) {
				order = append(order, l.Location)
			}
			counts[l.Location]++
		}
	}
	var out []QuotaBinding
	for _, loc := range order {
		out = append(out, QuotaBinding{Location: loc, Plans: counts[loc]})
	}
	return out
}

// quotaBindingText says which GPU quotas bind, for optimize's terminal
// output; empty when the scenario holds no quota.
func quotaBindingText(o *Optimize) string {
	if !o.QuotasHeld {
		return ""
	}
	if len(o.QuotaBinds) == 0 {
		return "GPU quotas: held (no allocation of the plan waited for one); none binds: no cheaper plan searched was held back by a quota\n"
	}
	s := "GPU quotas: held (no allocation of the plan waited for one); binding:"
	for i, b := range o.QuotaBinds {
		if i > 0 {
			s += ","
		}
		s += fmt.Sprintf(" %s (%d cheaper plans missed while allocations waited for its quota)", TerminalSafe(b.Location), b.Plans)
	}
	return s + ": a raise there would buy a cheaper plan\n"
}
