package scenarios

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
)

// fleetDemands validates [[fleet_demand]].
func (b *builder) fleetDemands(st *fleetState) []fleets.DemandConfig {
	sc, p, ix := b.sc, b.p, b.sc.src.lines
	var out []fleets.DemandConfig
	var queueNames []string
	for _, q := range sc.Queues {
		queueNames = append(queueNames, q.Name)
	}
	names := map[string]bool{}
	for di, d := range sc.FleetDemands {
		path := fmt.Sprintf("fleet_demand[%d]", di)
		b.defineOnce(names, path, "fleet demand", d.Name)
		dc := fleets.DemandConfig{Name: d.Name, Queue: -1, Fleet: -1}
		reach, via := b.fleetDemandTarget(path, d, st, queueNames, &dc)
		iqDemand := dc.Fleet >= 0

		var hasLengths bool
		dc.Arrivals, hasLengths = b.arrivals(path+".arrivals", d.Arrivals)
		_ = hasLengths // a trace's own lengths take precedence in the model; game_length covers the rest
		if d.Players < 1 {
			p.add(path+".players", "must be ≥ 1, got %d", d.Players)
		} else {
			for _, fi := range reach {
				if f := sc.Fleets[fi]; f.MaxPlayers >= 1 && d.Players > f.MaxPlayers {
					p.add(path+".players", "players %d is above max_players %d of fleet %q%s", d.Players, f.MaxPlayers, f.Name, via)
				}
			}
		}
		dc.Players = d.Players
		if !ix.has(path+".game_length") && !ix.hasUnder(path+".game_length") {
			p.add(path+".game_length", "missing: how long a game runs, e.g. game_length = { dist = \"exponential\", mean = \"20m\" }")
		} else {
			dc.GameLength = b.length(path+".game_length", d.GameLength)
		}
		b.probability(path+".cancel_probability", d.CancelProbability)
		if iqDemand && d.CancelProbability > 0 {
			p.add(path+".cancel_probability", "StopGameSessionPlacement cancels a queue placement; a FleetIQ claim has none to cancel")
		}
		dc.CancelProbability = d.CancelProbability
		dc.CancelAfter = b.dist(path+".cancel_after", d.CancelAfter)

		b.claimTiming(path, d, dc.Queue >= 0)
		dc.ClaimRetry, dc.ClaimTimeout = d.ClaimRetry, d.ClaimTimeout
		b.directClaims(path, d, dc.Queue >= 0, &dc)
		out = append(out, dc)
	}
	return out
}

// fleetDemandTarget resolves what a fleet demand reaches: a queue (dc.Queue)
// or a FleetIQ group (dc.Fleet). It returns the fleets the demand can reach
// and how, for messages.
func (b *builder) fleetDemandTarget(path string, d FleetDemand, st *fleetState, queueNames []string, dc *fleets.DemandConfig) (reach []int, via string) {
	sc, p, ix := b.sc, b.p, b.sc.src.lines
	hasQ, hasF := d.Queue != "" || ix.has(path+".queue"), d.Fleet != "" || ix.has(path+".fleet")
	switch {
	case hasQ && hasF:
		p.add(path+".queue", "give queue (placements through a queue) or fleet (claims on a FleetIQ group), not both")
	case !hasQ && !hasF:
		p.add(path, "a fleet demand needs queue = \"...\" (placements through a queue) or fleet = \"...\" (claims on a FleetIQ group)")
	case hasQ:
		qi := b.queueIndex(d.Queue)
		if qi < 0 {
			b.unknownName(path+".queue", "queue", d.Queue, queueNames)
			return nil, ""
		}
		dc.Queue, via = qi, fmt.Sprintf(" (reached through queue %q)", d.Queue)
		for _, dest := range sc.Queues[qi].Destinations {
			if fi, ok := st.index[dest.Fleet]; ok && !slices.Contains(reach, fi) && sc.Fleets[fi].Kind != string(fleets.KindFleetIQ) {
				reach = append(reach, fi)
			}
		}
	case hasF:
		fi, ok := st.index[d.Fleet]
		if !ok {
			b.unknownName(path+".fleet", "fleet", d.Fleet, st.names)
			return nil, ""
		}
		if k := sc.Fleets[fi].Kind; k != string(fleets.KindFleetIQ) {
			p.add(path+".fleet", "fleet %q is of kind %s: its game sessions are placed through a queue (queue = \"...\"); fleet = names a FleetIQ game server group", d.Fleet, k)
			return nil, ""
		}
		dc.Fleet, reach = fi, []int{fi}
	}
	return reach, via
}

// claimTiming checks claim_retry and claim_timeout, settings of claims on
// a FleetIQ group.
func (b *builder) claimTiming(path string, d FleetDemand, viaQueue bool) {
	p := b.p
	retryOK := b.nonNegative(path+".claim_retry", d.ClaimRetry)
	timeoutOK := b.nonNegative(path+".claim_timeout", d.ClaimTimeout)
	switch {
	case viaQueue && (d.ClaimRetry != 0 || d.ClaimTimeout != 0):
		k := "claim_retry"
		if d.ClaimRetry == 0 {
			k = "claim_timeout"
		}
		p.add(path+"."+k, "%s goes with claims on a FleetIQ group (fleet = \"...\"); a queue retries placements itself until its timeout", k)
	case retryOK && timeoutOK && d.ClaimRetry > 0 && d.ClaimTimeout < d.ClaimRetry:
		p.add(path+".claim_timeout", "claim_timeout %v must be at least claim_retry %v (or claim_retry = \"0s\": no retry)", d.ClaimTimeout, d.ClaimRetry)
	}
}

// directClaims validates direct_claim_share and instance_statuses, FleetIQ
// claim settings (S002): a filter, if given, must contain ACTIVE.
func (b *builder) directClaims(path string, d FleetDemand, viaQueue bool, dc *fleets.DemandConfig) {
	p, ix := b.p, b.sc.src.lines
	if viaQueue {
		for _, k := range []string{"direct_claim_share", "instance_statuses"} {
			if ix.has(path + "." + k) {
				p.add(path+"."+k, "%s goes with claims on a FleetIQ group (fleet = \"...\", ClaimGameServer); a queue places game sessions itself", k)
			}
		}
		return
	}
	b.share(path+".direct_claim_share", d.DirectClaimShare)
	dc.DirectClaimShare = d.DirectClaimShare
	if !ix.has(path + ".instance_statuses") {
		return
	}
	seen := map[string]bool{}
	ok := true
	for i, st := range d.InstanceStatuses {
		sp := fmt.Sprintf("%s.instance_statuses[%d]", path, i)
		if !b.enum(sp, "instance status", st, instanceStatuses) {
			ok = false
			continue
		}
		if seen[st] {
			p.add(sp, "instance status %q is listed twice", st)
		}
		seen[st] = true
		dc.InstanceStatuses = append(dc.InstanceStatuses, fleets.InstanceStatus(st))
	}
	if ok && !seen[string(fleets.InstanceActive)] {
		p.add(path+".instance_statuses", "FilterOption.InstanceStatuses must contain ACTIVE (S002), got [%s]", strings.Join(d.InstanceStatuses, ", "))
	}
	if dc.InstanceStatuses == nil {
		dc.InstanceStatuses = []fleets.InstanceStatus{}
	}
}

// instanceStatuses are the values of a claim's FilterOption.InstanceStatuses.
var instanceStatuses = []string{string(fleets.InstanceActive), string(fleets.InstanceDraining)}

// fleetLimits rejects fleet scenarios that would exhaust memory or run for
// days, and sets the event budget, as limits does for stream groups.
func (b *builder) fleetLimits() {
	fc := b.fleetCfg
	if fc == nil || len(b.p.errs) > 0 || fc.Horizon <= 0 {
		return
	}
	var expected, concurrent float64
	for i, d := range fc.Demands {
		if d.Arrivals == nil {
			continue
		}
		expected += b.expectedArrivals(fmt.Sprintf("fleet_demand[%d].arrivals", i), d.Arrivals, fc.Horizon)
		var mean time.Duration
		if d.GameLength != nil {
			mean = d.GameLength.Mean()
		}
		wait := d.ClaimTimeout
		if d.Queue >= 0 {
			wait = fc.Queues[d.Queue].Timeout
		}
		if pp, ok := d.Arrivals.(*streams.Poisson); ok {
			concurrent += pp.MaxRate() * inFlightHours(fc.Horizon, mean, wait, 20*time.Minute)
		}
	}
	if concurrent > MaxConcurrentSessions {
		b.p.add("fleet_demand", "about %.3g game sessions in flight at the peak is beyond the limit of %d", concurrent, MaxConcurrentSessions)
	}
	if b.sc.Simulation.MaxEvents > 0 {
		fc.MaxEvents = b.sc.Simulation.MaxEvents
		return
	}
	// As for stream groups, 100 events per expected arrival, plus every
	// controller tick (scaling, buffer sync, the per-minute termination
	// policy) per location, the Spot pools' viability switches and
	// correlated reclaims, and the timeseries samples.
	ticks := float64(fc.Horizon / fc.TimeseriesStep * 2)
	for _, f := range fc.Fleets {
		every := time.Duration(0)
		switch f.Scaling.Policy {
		case fleets.ScalingTargetTracking:
			every = f.Scaling.EvaluationInterval
		case fleets.ScalingBuffer:
			every = f.Scaling.BufferInterval
		}
		if every > 0 {
			ticks += float64(fc.Horizon/every) * float64(len(f.Locations))
		}
		if f.TerminateOlderThan > 0 {
			ticks += float64(fc.Horizon / time.Minute)
		}
		ticks += spotEvents(&f, fc.Horizon)
	}
	fc.MaxEvents = int64(100*expected+ticks) + 1_000_000
}
