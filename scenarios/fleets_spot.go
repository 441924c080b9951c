package scenarios

import (
	"fmt"
	"strings"
	"time"

	"github.com/capsim/capsim/models/fleets"
)

// Limits of a FleetIQ group's instance definitions (F7, F11) and of Spot
// viability periods.
const (
	MinInstanceDefinitions = 2                             // F7: "at least two instance types"
	MaxInstanceDefinitions = fleets.MaxInstanceDefinitions // F11: CreateGameServerGroup, at most 20
	MaxWeightedCapacity    = fleets.MaxWeightedCapacity    // F11: WeightedCapacity "1" to "999"
	// MinViabilityPeriod bounds viable_mean and not_viable_mean from below
	// (FleetIQ evaluates viability periodically, F12; shorter periods would
	// only flood the run with events).
	MinViabilityPeriod = time.Minute
	// MaxSpotRatePerHour bounds interruption_rate_per_hour and
	// reclaim_rate_per_hour: one a minute, far beyond any source (G21);
	// it keeps a run's events, and its event budget, bounded.
	MaxSpotRatePerHour = 60.0
)

// instanceDefinitions checks a FleetIQ group's instance definitions (F7):
// at least two (at most 20) distinct instance types, each with a weight of
// 1–999 (default 1) and the prices its balancing strategy uses; the
// fleet-level instance_type and prices belong to managed fleets.
func (c *fleetCheck) instanceDefinitions(usesOnDemand, usesSpot bool) {
	b, p, ix, f, path := c.b, c.b.p, c.b.sc.src.lines, c.f, c.path
	const example = `instance_definitions = [{ instance_type = "c5.large", price_on_demand = 0.085, price_spot = 0.034 }, { instance_type = "c5a.large", ... }]`
	var fleetLevel []string
	for _, key := range []string{"instance_type", "price_on_demand", "price_spot"} {
		if ix.has(path + "." + key) {
			fleetLevel = append(fleetLevel, key)
		}
	}
	defs := f.InstanceDefinitions
	if len(fleetLevel) > 0 {
		p.add(path+"."+fleetLevel[0], "a FleetIQ group gives its instance types and their prices in instance_definitions, at least %d (F7), not as %s: %s",
			MinInstanceDefinitions, strings.Join(fleetLevel, ", "), example)
	}
	switch {
	case len(defs) == 0 && len(fleetLevel) > 0: // said above
	case len(defs) < MinInstanceDefinitions:
		p.add(path+".instance_definitions", "a FleetIQ game server group needs at least %d instance types (F7), got %d: %s",
			MinInstanceDefinitions, len(defs), example)
	case len(defs) > MaxInstanceDefinitions:
		p.add(path+".instance_definitions", "%d instance definitions is beyond the API's %d (F11)", len(defs), MaxInstanceDefinitions)
		return
	}
	seen := map[string]int{}
	for i, d := range defs {
		dp := fmt.Sprintf("%s.instance_definitions[%d]", path, i)
		switch first, dup := seen[d.InstanceType]; {
		case d.InstanceType == "":
			p.add(dp+".instance_type", "an instance definition needs its instance_type, e.g. \"c5.large\"")
		case dup:
			p.add(dp+".instance_type", "instance type %q is defined twice (also instance_definitions[%d])", d.InstanceType, first)
		default:
			seen[d.InstanceType] = i
		}
		w := d.WeightedCapacity
		if !ix.has(dp + ".weighted_capacity") {
			w = 1 // F7: default "1"
		}
		switch {
		case w < 1 || w > MaxWeightedCapacity:
			p.add(dp+".weighted_capacity", "must be 1–%d (F11), got %d", MaxWeightedCapacity, w)
		case w*f.ProcessesPerInstance > fleets.MaxGameServersPerInstance && f.ProcessesPerInstance >= 1:
			p.add(dp+".weighted_capacity", "weight %d × processes_per_instance %d = %d game servers per instance is beyond capsim's limit of %d",
				w, f.ProcessesPerInstance, w*f.ProcessesPerInstance, fleets.MaxGameServersPerInstance)
		}
		b.pricePair(dp, f.Name, orDefault(d.InstanceType, "this instance type"), d.PriceOnDemand, d.PriceSpot, usesOnDemand, usesSpot)
		c.out.Instances = append(c.out.Instances, fleets.InstanceDefinition{InstanceType: d.InstanceType, WeightedCapacity: w,
			PriceOnDemand: d.PriceOnDemand, PriceSpot: d.PriceSpot})
	}
}

// fleetSpot checks [fleet.spot] and the keys that moved there, and builds
// the model's Spot configuration. A fleet that buys no Spot may not set
// [fleet.spot] keys, unless --set turned its Spot off.
func (c *fleetCheck) fleetSpot(usesSpot, capOK bool) {
	b, p, ix, f, path := c.b, c.b.p, c.b.sc.src.lines, c.f, c.path
	for _, moved := range []struct{ old, now string }{
		{"spot_interruption_rate_per_hour", "interruption_rate_per_hour"}, {"spot_notice", "notice"},
	} {
		if ix.has(path + "." + moved.old) {
			p.add(path+"."+moved.old, "moved to the fleet's [fleet.spot] table: write %s under [fleet.spot] (or --set %s.spot.%s=...)", moved.now, path, moved.now)
		}
	}
	sp, spath := f.Spot, path+".spot"
	// Contradictory only as written: a --set that turns Spot off over a
	// file with [fleet.spot] is a what-if (the keys are then unused).
	whatIf := false
	for _, key := range []string{".balancing", ".capacity_type"} {
		whatIf = whatIf || (ix.has(path+key) && !ix.fromFile(path+key))
	}
	if !usesSpot && capOK && !whatIf {
		for _, q := range ix.order {
			if len(q) > len(spath) && q[:len(spath)+1] == spath+"." {
				p.add(q, "[fleet.spot] applies to Spot capacity, and fleet %q uses none (capacity_type or balancing)", f.Name)
				break
			}
		}
	}
	for _, r := range []struct {
		key string
		x   float64
	}{{"interruption_rate_per_hour", sp.InterruptionRatePerHour}, {"reclaim_rate_per_hour", sp.ReclaimRatePerHour}} {
		b.rate(spath+"."+r.key, r.x)
		if r.x > MaxSpotRatePerHour {
			p.add(spath+"."+r.key, "%g per hour is beyond capsim's limit of %g (one a minute)", r.x, MaxSpotRatePerHour)
		}
	}
	for _, s := range []struct {
		key string
		x   float64
	}{{"reclaim_share", sp.ReclaimShare}, {"late_notice_share", sp.LateNoticeShare}, {"missing_notice_share", sp.MissingNoticeShare}, {"requeue_share", sp.RequeueShare}} {
		b.share(spath+"."+s.key, s.x)
	}
	if sum := sp.LateNoticeShare + sp.MissingNoticeShare; sum > 1 && sp.LateNoticeShare <= 1 && sp.MissingNoticeShare <= 1 {
		p.add(spath+".missing_notice_share", "late_notice_share + missing_notice_share is %g: a notice comes on time, late or not at all, so the shares cannot exceed 1", sum)
	}
	if sp.Notice < time.Second {
		p.add(spath+".notice", "the interruption notice must be at least 1s (two minutes, G7), got %v", sp.Notice)
	}
	if sp.ViableMean < MinViabilityPeriod {
		p.add(spath+".viable_mean", "must be at least %v (the mean length of a viable period), got %v", MinViabilityPeriod, sp.ViableMean)
	}
	if sp.NotViableMean != 0 && (sp.NotViableMean < MinViabilityPeriod) {
		p.add(spath+".not_viable_mean", "must be 0 (Spot always viable) or at least %v, got %v", MinViabilityPeriod, sp.NotViableMean)
	}
	c.out.Spot = fleets.SpotConfig{InterruptionRatePerHour: sp.InterruptionRatePerHour, ReclaimRatePerHour: sp.ReclaimRatePerHour,
		ReclaimShare: sp.ReclaimShare, Notice: sp.Notice, LateNoticeShare: sp.LateNoticeShare, MissingNoticeShare: sp.MissingNoticeShare,
		LateNoticeDelay: b.dist(spath+".late_notice_delay", sp.LateNoticeDelay), ViableMean: sp.ViableMean, NotViableMean: sp.NotViableMean,
		RebalanceToSpot: sp.RebalanceToSpot, RequeueShare: sp.RequeueShare, RequeueDelay: b.dist(spath+".requeue_delay", sp.RequeueDelay)}
}

// spotEvents is a bound on the events of a fleet's Spot pools over the
// horizon: viability switches (two per cycle of viable_mean +
// not_viable_mean) and correlated reclaims, per pool and location, four
// times their expected number (for the event budget).
func spotEvents(f *fleets.FleetConfig, horizon time.Duration) float64 {
	sp := &f.Spot
	per := sp.ReclaimRatePerHour * horizon.Hours()
	if cycle := sp.ViableMean + sp.NotViableMean; sp.NotViableMean > 0 && cycle > 0 {
		per += 2 * horizon.Hours() / cycle.Hours()
	}
	pools := max(len(f.Instances), 1) * len(f.Locations)
	return 4 * per * float64(pools)
}
