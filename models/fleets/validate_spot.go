package fleets

import (
	"fmt"
	"math"
)

// Limits of instance definitions: MaxInstanceDefinitions and
// MaxWeightedCapacity are the API's (CreateGameServerGroup, F7);
// MaxGameServersPerInstance is capsim's bound on WeightedCapacity ×
// ProcessesPerInstance, which every instance record holds room for.
const (
	MaxInstanceDefinitions    = 20
	MaxWeightedCapacity       = 999
	MaxGameServersPerInstance = 1000
)

// validateInstances checks the fleet's instance definitions: a managed
// fleet has one instance type; a group's types are distinct and named;
// weights 1–999 (0 is the default 1); prices not negative.
func validateInstances(f *FleetConfig, p string, add func(string, ...any)) {
	if f.Kind != KindFleetIQ && len(f.Instances) > 1 {
		add("%s: a %s fleet has one instance type, got %d definitions", p, f.Kind, len(f.Instances))
	}
	if len(f.Instances) > MaxInstanceDefinitions {
		add("%s: %d instance definitions, at most %d", p, len(f.Instances), MaxInstanceDefinitions)
	}
	seen := map[string]bool{}
	for i, d := range f.Instances {
		dp := fmt.Sprintf("%s: instance definition %d (%q)", p, i, d.InstanceType)
		if len(f.Instances) > 1 && (d.InstanceType == "" || seen[d.InstanceType]) {
			add("%s: instance types must be named and distinct", dp)
		}
		seen[d.InstanceType] = true
		if d.WeightedCapacity < 0 || d.WeightedCapacity > MaxWeightedCapacity {
			add("%s: weighted capacity %d must be 1–%d", dp, d.WeightedCapacity, MaxWeightedCapacity)
		} else if n := max(d.WeightedCapacity, 1) * f.ProcessesPerInstance; n > MaxGameServersPerInstance {
			add("%s: %d game servers per instance (weight × processes per instance) is beyond %d", dp, n, MaxGameServersPerInstance)
		}
		if !(d.PriceOnDemand >= 0) || !(d.PriceSpot >= 0) {
			add("%s: prices must not be negative", dp)
		}
	}
}

// validateSpot checks a fleet's Spot behaviour.
func validateSpot(s *SpotConfig, p string, add func(string, ...any)) {
	if !(s.InterruptionRatePerHour >= 0) || !(s.ReclaimRatePerHour >= 0) || math.IsInf(s.InterruptionRatePerHour+s.ReclaimRatePerHour, 0) {
		add("%s: Spot interruption and reclaim rates must be finite and not negative", p)
	}
	for _, sh := range []float64{s.ReclaimShare, s.LateNoticeShare, s.MissingNoticeShare, s.RequeueShare} {
		if !(sh >= 0 && sh <= 1) {
			add("%s: Spot share %g must be in [0, 1]", p, sh)
		}
	}
	if s.LateNoticeShare+s.MissingNoticeShare > 1+1e-12 {
		add("%s: late %g + missing %g notice shares exceed 1", p, s.LateNoticeShare, s.MissingNoticeShare)
	}
	if s.Notice < 0 || s.ViableMean < 0 || s.NotViableMean < 0 {
		add("%s: Spot notice and viability periods must not be negative", p)
	}
	if s.NotViableMean > 0 && s.ViableMean <= 0 {
		add("%s: a Spot pool with not-viable periods (mean %v) needs viable ones too (viable mean > 0)", p, s.NotViableMean)
	}
}
