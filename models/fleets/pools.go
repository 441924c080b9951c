package fleets

import (
	"math/rand/v2"

	"github.com/capsim/capsim/sim"
)

// instPool is one instance pool of a location: an instance definition (an
// instance type) in that location. It has its own Spot viability, and its
// own random streams, so that adding a pool shifts no other pool's draws.
type instPool struct {
	def    InstanceDefinition
	weight int // capacity units per instance (WeightedCapacity, ≥ 1)
	procs  int // server processes per instance: weight × ProcessesPerInstance
	viable bool
	// rngViable draws the viability periods, rngReclaim the correlated
	// reclaims (when, how many, which), rngSpot each Spot instance's own
	// interruption and every notice's fate.
	rngViable, rngReclaim, rngSpot *rand.Rand
	// Instances held by capacity type (billing), and the minimum-billing
	// instance-seconds after the warm-up.
	onDemandG, spotG             sim.Gauge
	extraOnDemand, extraSpotSecs float64
}

// definitions returns the fleet's instance definitions: Instances, or the
// one InstanceType with the fleet's prices; weights of 0 are 1 (F7).
func definitions(fc *FleetConfig) []InstanceDefinition {
	defs := fc.Instances
	if len(defs) == 0 {
		defs = []InstanceDefinition{{InstanceType: fc.InstanceType, PriceOnDemand: fc.PriceOnDemand, PriceSpot: fc.PriceSpot}}
	}
	out := make([]InstanceDefinition, len(defs))
	for i, d := range defs {
		d.WeightedCapacity = max(d.WeightedCapacity, 1)
		out[i] = d
	}
	return out
}

// newPools makes the location's instance pools, each with its streams
// "<path><instance type>/viability|reclaim|spot".
func (l *location) newPools(m *model, path string, rep int) {
	for _, d := range definitions(l.fc) {
		p := path + d.InstanceType + "/"
		ip := instPool{def: d, weight: d.WeightedCapacity, procs: d.WeightedCapacity * l.fc.ProcessesPerInstance, viable: true,
			rngViable:  sim.NewStream(m.cfg.Seed, rep, p+"viability"),
			rngReclaim: sim.NewStream(m.cfg.Seed, rep, p+"reclaim"),
			rngSpot:    sim.NewStream(m.cfg.Seed, rep, p+"spot"),
		}
		l.stride = max(l.stride, ip.procs)
		l.ipools = append(l.ipools, ip)
	}
	for k := range l.ipools {
		m.run.Watch(&l.ipools[k].onDemandG, &l.ipools[k].spotG)
	}
}

// billed is the gauge of the pool's instances of a capacity type.
func (ip *instPool) billed(spot bool) *sim.Gauge {
	if spot {
		return &ip.spotG
	}
	return &ip.onDemandG
}

// extra adds minimum-billing instance-seconds of a capacity type.
func (ip *instPool) extra(spot bool, seconds float64) {
	if spot {
		ip.extraSpotSecs += seconds
	} else {
		ip.extraOnDemand += seconds
	}
}

// startPools starts each Spot pool's viability process and correlated
// reclaims. A pool starts in its stationary state: not viable with
// probability NotViableMean / (ViableMean + NotViableMean); periods are
// exponential, so the first one is a full period too.
func (l *location) startPools(m *model) {
	if !l.usesSpot {
		return
	}
	sp := &l.fc.Spot
	l.poolsG.Set(0, int64(len(l.ipools)))
	for k := range l.ipools {
		ip := &l.ipools[k]
		if sp.NotViableMean > 0 {
			pNot := sp.NotViableMean.Seconds() / (sp.ViableMean.Seconds() + sp.NotViableMean.Seconds())
			ip.viable = ip.rngViable.Float64() >= pNot
			if !ip.viable {
				l.notViableG.Add(0, 1)
			}
			l.scheduleViability(m, k, 0)
		}
		if sp.ReclaimRatePerHour > 0 {
			l.scheduleReclaim(m, k, 0)
		}
	}
}

// pick chooses what the next instance is: its pool and whether it is Spot.
// A managed fleet launches its one instance type, On-Demand or Spot; a
// FleetIQ group launches Spot from the viable pool with the lowest Spot
// price per capacity unit (F7: weights serve to compare cost per unit
// hour), else, under SPOT_PREFERRED, On-Demand from the pool with the
// lowest On-Demand price per unit (F2); ON_DEMAND_ONLY always launches
// that. Ties go to the first definition. ok is false when nothing may be
// launched: Spot only and no viable pool.
func (l *location) pick() (k int, spot, ok bool) {
	if l.fc.Kind != KindFleetIQ {
		spot = l.fc.CapacityType == Spot
		return 0, spot, !spot || l.ipools[0].viable
	}
	if l.fc.Balancing != OnDemandOnly {
		if k := l.cheapest(true); k >= 0 {
			return k, true, true
		}
		if l.fc.Balancing == SpotOnly {
			return -1, false, false
		}
	}
	return l.cheapest(false), false, true
}

// cheapest is the pool with the lowest price per capacity unit, Spot
// (among viable pools) or On-Demand; -1 if none qualifies.
func (l *location) cheapest(spot bool) int {
	best, bestPrice := -1, 0.0
	for k := range l.ipools {
		ip := &l.ipools[k]
		price := ip.def.PriceOnDemand
		if spot {
			if !ip.viable {
				continue
			}
			price = ip.def.PriceSpot
		}
		if perUnit := price / float64(ip.weight); best < 0 || perUnit < bestPrice {
			best, bestPrice = k, perUnit
		}
	}
	return best
}
