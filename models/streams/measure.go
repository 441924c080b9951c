package streams

import "github.com/capsim/capsim/sim"

// sample writes bucket k of every location's timeseries.
func (m *model) sample(k int, now sim.Time) {
	for _, l := range m.locs {
		l.sample(m, k, now)
	}
}

func (l *location) sample(m *model, k int, now sim.Time) {
	avg, in := l.tsInt.Averages(m.run.BucketStart(k), now) // allocated, streaming, waiting
	row := l.tsRow
	clear(row)
	row[ColAllocated], row[ColStreaming], row[ColWaiting] = avg[0], avg[1], avg[2]
	row[ColIdle] = avg[0] - avg[1]
	row[ColRequests] = float64(l.tsArrivals)
	l.tsArrivals = 0
	for i, r := range errorReasons {
		row[colFailures+i] = float64(l.tsFailBy[r])
	}
	clear(l.tsFailBy[:])
	if l.status != LocationRemoved {
		row[ColAlwaysOn], row[ColMaximum] = float64(l.set.AlwaysOn), float64(l.ceiling)
	}
	row[ColCostUSD], row[ColIdleCostUSD] = l.cost(m, in[0], in[0]-in[1], l.tsExtraBilled)
	l.tsExtraBilled = 0
	l.rows.WriteRow(k, row)
}

// cost returns the total and idle cost, in USD, of allocated and idle
// slot-seconds plus extra billed instance-seconds (the minimum billed
// duration), under the service's billing unit.
func (l *location) cost(m *model, allocated, idle, extraInstanceSeconds float64) (total, idleCost float64) {
	perSecond := l.set.PriceUSDPerHour / 3600
	if m.cfg.Service.BillingUnit == PerStream {
		return perSecond * (allocated + extraInstanceSeconds*float64(l.tenancy)), perSecond * idle
	}
	t := float64(l.tenancy)
	return perSecond * (allocated/t + extraInstanceSeconds), perSecond * idle / t
}

func (l *location) result(m *model, now sim.Time) LocationResult {
	r := LocationResult{Group: m.groups[l.group].name, Location: l.name, Class: l.class.Name,
		Tenancy: l.tenancy, PriceUSDPerHour: l.set.PriceUSDPerHour,
		Requests: l.requests, Placed: l.placed, Failures: l.failures,
		FailuresByReason: l.failBy, TerminationsByReason: l.termBy, Latency: l.latency, Hours: l.hours,
		TimeToActive: l.toActive, TimeToFirstFrame: l.toFrame, StreamedRTT: l.rtt, AboveLatencyThreshold: l.rttAbove,
		PlacementTimeoutsWhileAllocating: l.timeoutsAllocating,
		StreamingSlotSeconds:             l.streamG.Integral(now),
		AllocatedSlotSeconds:             l.allocG.Integral(now),
		WaitingSeconds:                   l.waitG.Integral(now),
		MaxAllocated:                     l.allocG.Max(), MaxStreaming: l.streamG.Max(),
		Instances: l.instancesStarted, ColdStarts: l.coldStarts, Timeseries: l.ts,
		QuotaStalledAllocations: l.stalledAllocations, QuotaStallInstanceSeconds: l.stallG.Integral(now)}
	r.CostUSD, r.IdleCostUSD = l.cost(m, r.AllocatedSlotSeconds, r.IdleSlotSeconds(), l.extraBilledInstanceSeconds)
	if l.overlapSlotSeconds > 0 {
		r.OverlapSlotSeconds = l.overlapSlotSeconds
		r.OverlapCostUSD, _ = l.cost(m, l.overlapSlotSeconds, 0, 0)
		r.CostUSD += r.OverlapCostUSD
		r.IdleCostUSD += r.OverlapCostUSD
		// The overlap is allocated, billed, idle capacity: counted in the
		// capacity figures as in the cost (so utilisation falls with it).
		r.AllocatedSlotSeconds += r.OverlapSlotSeconds
	}
	return r
}
