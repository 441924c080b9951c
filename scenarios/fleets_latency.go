package scenarios

import (
	"fmt"
	"slices"
	"time"

	"github.com/capsim/capsim/models/fleets"
)

var priorityKinds = []string{string(fleets.PriorityLatency), string(fleets.PriorityCost), string(fleets.PriorityDestination), string(fleets.PriorityLocation)}

// queueLatency validates a queue's PlayerLatencyPolicies and PriorityOrder
// (G3, G4, G5) into qc.
func (b *builder) queueLatency(path string, q Queue, qc *fleets.QueueConfig) {
	for i, pol := range q.PlayerLatencyPolicy {
		pp := fmt.Sprintf("%s.player_latency_policy[%d]", path, i)
		if pol.MaximumIndividualPlayerLatency < time.Millisecond || pol.MaximumIndividualPlayerLatency > maxRegionRTT {
			b.p.add(pp+".maximum_individual_player_latency", "must be between 1ms and %v, got %v (write a duration such as \"50ms\")", maxRegionRTT, pol.MaximumIndividualPlayerLatency)
		}
		switch {
		case pol.PolicyDuration < 0:
			b.p.add(pp+".policy_duration", "must not be negative (0: until the queue times out), got %v", pol.PolicyDuration)
		case pol.PolicyDuration == 0 && i < len(q.PlayerLatencyPolicy)-1:
			b.p.add(pp+".policy_duration", "a policy without a duration is enforced until the queue times out, so the policies after it never apply: give it a duration or make it the last")
		}
		qc.LatencyPolicies = append(qc.LatencyPolicies, fleets.LatencyPolicy{
			MaximumIndividualPlayerLatency: pol.MaximumIndividualPlayerLatency, PolicyDuration: pol.PolicyDuration})
	}
	seen := map[string]bool{}
	for i, k := range q.PriorityOrder {
		kp := fmt.Sprintf("%s.priority_order[%d]", path, i)
		if b.enum(kp, "priority", k, priorityKinds) && seen[k] {
			b.p.add(kp, "%s is listed twice", k)
		}
		seen[k] = true
		qc.Priority = append(qc.Priority, fleets.PriorityKind(k))
	}
}

// fleetDemandRegions gives queue demands with a player_region their
// latency data: the round trip to every destination of their queue.
func (b *builder) fleetDemandRegions(fc *fleets.Config) {
	for i, d := range b.sc.FleetDemands {
		if d.PlayerRegion == "" || i >= len(fc.Demands) {
			continue
		}
		path := fmt.Sprintf("fleet_demand[%d].player_region", i)
		dc := &fc.Demands[i]
		if dc.Queue < 0 {
			if dc.Fleet >= 0 {
				b.p.add(path, "a FleetIQ claim carries no latency data: player_region goes with queue placements")
			}
			continue
		}
		r, ok := b.regions[d.PlayerRegion]
		if !ok {
			b.unknownName(path, "player region", d.PlayerRegion, slices.Sorted(func(yield func(string) bool) {
				for n := range b.regions {
					if !yield(n) {
						return
					}
				}
			}))
			continue
		}
		for _, dest := range fc.Queues[dc.Queue].Destinations {
			t, ok := b.rtt(r, dest.Location)
			if !ok {
				b.p.add(path, "no round trip from %q to %s: add [[player_region]] name = %q with [[player_region.latency]] location = %q rtt = \"...ms\"",
					r.name, dest.Location, r.name, dest.Location)
			}
			dc.RTT = append(dc.RTT, t)
		}
	}
}
