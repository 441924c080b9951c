package reports

import (
	"fmt"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
)

// optional returns the estimate of f over samples, or nil when f is zero in
// every replication: the summary then leaves the field out, so runs without
// quotas, recreation or cold starts keep their documents unchanged.
func optional(ss []sample, f func(*sample) float64) *sim.Estimate {
	for i := range ss {
		if f(&ss[i]) != 0 {
			e := estimate(ss, f)
			return &e
		}
	}
	return nil
}

// lifecycleMetrics fills the optional metrics of cold starts, GPU quota
// stalls and stream-group recreation.
func lifecycleMetrics(m *Metrics, ss []sample) {
	m.ColdStarts = optional(ss, func(s *sample) float64 { return s.coldStarts })
	m.QuotaStalledAllocations = optional(ss, func(s *sample) float64 { return s.quotaStalls })
	m.QuotaStallInstanceHours = optional(ss, func(s *sample) float64 { return s.quotaStallSeconds / 3600 })
	m.RecreationOverlapCapacityHours = optional(ss, func(s *sample) float64 { return s.overlapSlotSeconds / 3600 })
	m.RecreationOverlapCostUSD = optional(ss, func(s *sample) float64 { return s.overlapCost })
}

func (s *sample) addLifecycle(l *streams.LocationResult) {
	s.coldStarts += float64(l.ColdStarts)
	s.quotaStalls += float64(l.QuotaStalledAllocations)
	s.quotaStallSeconds += l.QuotaStallInstanceSeconds
	s.overlapSlotSeconds += l.OverlapSlotSeconds
	s.overlapCost += l.OverlapCostUSD
}

// lifetimeWarnings says when a run outlives its stream groups: a horizon
// beyond the lifetime, groups that expired (first replication; expiry is
// deterministic).
func lifetimeWarnings(horizonSeconds float64, results []*streams.Result) []string {
	if len(results) == 0 || results[0].StreamGroupLifetime <= 0 {
		return nil
	}
	r := results[0]
	life := r.StreamGroupLifetime
	if horizonSeconds <= life.Seconds() {
		return nil
	}
	days := life.Hours() / 24
	out := []string{fmt.Sprintf("the horizon (%.1f days) exceeds the stream-group lifetime of %.0f days (S004: groups expire, then accept no new streams; recreate every 3-4 weeks)", horizonSeconds/86400, days)}
	for _, g := range r.Lifetimes {
		if g.ExpiredAtSeconds >= 0 {
			out = append(out, fmt.Sprintf("stream group %q expired at day %.1f: later requests failed with streamGroupExpired; set recreate_every (e.g. \"504h\") on it", g.Group, g.ExpiredAtSeconds/86400))
		} else if g.Recreations > 0 {
			out = append(out, fmt.Sprintf("stream group %q was recreated %d times and did not expire", g.Group, g.Recreations))
		}
	}
	return out
}
