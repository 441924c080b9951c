package fleets

import "github.com/capsim/capsim/sim"

// sample writes bucket k of every location's timeseries.
func (m *model) sample(k int, now sim.Time) {
	for _, l := range m.locs {
		l.sample(m, k, now)
	}
}

func (l *location) sample(m *model, k int, now sim.Time) {
	avg, _ := l.tsInt.Averages(m.run.BucketStart(k), now) // instances, active sessions, idle processes
	row := l.tsRow
	clear(row)
	row[ColInstances], row[ColActive], row[ColIdle] = avg[0], avg[1], avg[2]
	row[ColDesired] = float64(l.desired)
	row[ColRequests] = float64(l.tsRequests)
	row[ColScaling] = float64(l.tsScaling)
	l.tsRequests, l.tsScaling = 0, 0
	l.rows.WriteRow(k, row)
}

// openTimeseries gives every location its timeseries, in memory or
// spilled (Options.TimeseriesDir); without buckets there are none.
func (m *model) openTimeseries(rep int) error {
	return m.run.OpenTimeseries(len(m.locs), RowWidth, m.opt.TimeseriesDir, "fleets", rep,
		func(li int, ts *sim.Timeseries, rows sim.RowWriter) { m.locs[li].ts, m.locs[li].rows = ts, rows })
}

// result returns the location's measurements. Cost is billed per
// instance-second at its instance pool's On-Demand or Spot price plus the
// minimum billed duration of instances released early; idle cost is the
// share of that cost that idle ready processes stand for: cost ×
// IdleProcessSeconds / ProcessSlotSeconds.
func (l *location) result(m *model, now sim.Time) LocationResult {
	r := l.res
	r.InstanceSeconds = l.instG.Integral(now)
	r.SpotInstanceSeconds = l.spotG.Integral(now)
	r.ProcessSlotSeconds = l.slotG.Integral(now)
	r.ActiveSessionSeconds = l.activeG.Integral(now)
	r.IdleProcessSeconds = l.idleG.Integral(now)
	r.StuckTerminatingSeconds = l.stuckG.Integral(now)
	r.ExpiredGameSeconds = l.expiredG.Integral(now)
	r.StaleGameInstanceSeconds = l.staleG.Integral(now)
	r.SpotPoolSeconds = l.poolsG.Integral(now)
	r.NotViablePoolSeconds = l.notViableG.Integral(now)
	r.ShortCapacitySeconds = l.shortG.Integral(now)
	r.MaxInstances = l.instG.Max()
	r.ExtraBilledInstanceSeconds = l.extraSeconds
	for k := range l.ipools {
		ip := &l.ipools[k]
		od, sp := ip.def.PriceOnDemand/3600, ip.def.PriceSpot/3600
		r.CostUSD += (ip.onDemandG.Integral(now)+ip.extraOnDemand)*od + (ip.spotG.Integral(now)+ip.extraSpotSecs)*sp
	}
	if l.fc.Kind == KindFleetIQ && l.fc.Balancing == SpotPreferred {
		r.FallbackInstanceSeconds = r.InstanceSeconds - r.SpotInstanceSeconds
	}
	if r.ProcessSlotSeconds > 0 {
		r.IdleCostUSD = r.CostUSD * r.IdleProcessSeconds / r.ProcessSlotSeconds
	}
	r.Timeseries = l.ts
	return r
}
