package streams

import (
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/sim/metric"
)

// Metrics declares every metric of a stream group location, in
// summary.json order (SCHEMA.md, "Metrics object"): its name, unit,
// direction, how it is read from a LocationResult and combined over
// locations for the total, and its table row and key figure. Reports,
// lookups by name and KPI assertions are driven by it.
var Metrics = metricDefs()

// TimeseriesColumns declares the timeseries CSV columns after
// stream_group, location and minute_start, read from a TimeseriesReader
// row.
var TimeseriesColumns = []metric.Column[[]float64]{
	metric.RowColumn("requests", metric.Count, ColRequests),
	metric.RowColumn("streaming", metric.Count, ColStreaming),
	metric.RowColumn("allocated", metric.Count, ColAllocated),
	metric.RowColumn("idle", metric.Count, ColIdle),
	metric.RowColumn("waiting", metric.Count, ColWaiting),
	metric.RowColumn("always_on", metric.Count, ColAlwaysOn),
	metric.RowColumn("maximum", metric.Count, ColMaximum),
	metric.RowColumn("failures_placement_timeout", metric.Count, ColFailures(ReasonPlacementTimeout)),
	metric.RowColumn("failures_internal_error", metric.Count, ColFailures(ReasonInternalError)),
	metric.RowColumn("cost_usd", metric.USD, ColCostUSD),
	metric.RowColumn("idle_cost_usd", metric.USD, ColIdleCostUSD),
}

type def = metric.Def[LocationResult]

func metricDefs() []def {
	const (
		n, lower, higher = metric.Neutral, metric.LowerIsBetter, metric.HigherIsBetter
		s                = metric.Seconds
		lat              = "placement_latency_seconds."
	)
	latency := func(l *LocationResult) *sim.Sketch { return l.Latency }
	defs := []def{
		metric.NewSum("requests", metric.Count, n, count(func(l *LocationResult) int64 { return l.Requests })).
			InTable("requests").AsKey(6, "requests", "per replication, after the warm-up"),
		metric.NewSum("placed", metric.Count, n, count(func(l *LocationResult) int64 { return l.Placed })).InTable("placed"),
		metric.NewSum("placement_failures", metric.Count, lower, count(func(l *LocationResult) int64 { return l.Failures })).
			InTable("placement failures"),
		metric.NewRatio("placement_failure_ratio", lower, count(func(l *LocationResult) int64 { return l.Failures }),
			count(func(l *LocationResult) int64 { return l.Requests })).
			InTable("failure ratio (%)").AsKey(2, "placement failure ratio", "requests that ended in ERROR"),
		metric.NewSum("placement_timeouts_while_allocating", metric.Count, lower,
			count(func(l *LocationResult) int64 { return l.PlacementTimeoutsWhileAllocating })),
		metric.NewMean(lat+"mean", s, lower, latency).InTable("latency mean (s)"),
		metric.NewQuantile(lat+"p50", s, lower, 0.50, latency).InTable("latency p50 (s)"),
		metric.NewQuantile(lat+"p95", s, lower, 0.95, latency).InTable("latency p95 (s)").
			AsKey(1, "p95 placement latency", "placed requests, all locations"),
		metric.NewQuantile(lat+"p99", s, lower, 0.99, latency).InTable("latency p99 (s)"),
	}
	defs = append(defs, waitDefs("time_to_active_seconds.", "to ACTIVE", func(l *LocationResult) *sim.Sketch { return l.TimeToActive })...)
	defs = append(defs, waitDefs("time_to_first_frame_seconds.", "to first frame", func(l *LocationResult) *sim.Sketch { return l.TimeToFirstFrame })...)
	defs = append(defs, rttDefs(func(l *LocationResult) *sim.Sketch { return l.StreamedRTT },
		func(l *LocationResult) float64 { return float64(l.AboveLatencyThreshold) })...)
	defs = append(defs,
		metric.NewRatio("utilisation", higher, func(l *LocationResult) float64 { return l.StreamingSlotSeconds },
			func(l *LocationResult) float64 { return l.AllocatedSlotSeconds }).
			InTable("utilisation (%)").AsKey(3, "utilisation", "streaming / allocated slot-time"),
		metric.NewHours("allocated_capacity_hours", metric.SlotHours, n, func(l *LocationResult) float64 { return l.AllocatedSlotSeconds }).
			InTable("allocated capacity (slot-h)"),
		metric.NewHours("idle_capacity_hours", metric.SlotHours, lower, (*LocationResult).IdleSlotSeconds).
			InTable("idle capacity (slot-h)"),
		metric.NewSum("cost_usd", metric.USD, lower, func(l *LocationResult) float64 { return l.CostUSD }).
			InTable("cost (USD)").AsKey(4, "total cost", "after the warm-up"),
		metric.NewSum("idle_cost_usd", metric.USD, lower, func(l *LocationResult) float64 { return l.IdleCostUSD }).
			InTable("idle cost (USD)").AsKey(5, "idle cost", "").KeyShareOf("cost_usd"),
	)
	defs = append(defs, reasonDefs(true)...)
	defs = append(defs, reasonDefs(false)...)
	return append(defs,
		metric.NewSum("cold_starts", metric.Count, lower, count(func(l *LocationResult) int64 { return l.ColdStarts })).Omitted().
			InTable("cold starts").Sparse(),
		metric.NewSum("quota_stalled_allocations", metric.Count, lower,
			count(func(l *LocationResult) int64 { return l.QuotaStalledAllocations })).Omitted().
			InTable("GPU-quota stalls").Sparse(),
		metric.NewHours("quota_stall_instance_hours", metric.InstanceHours, lower,
			func(l *LocationResult) float64 { return l.QuotaStallInstanceSeconds }).Omitted().
			InTable("  stalled (instance-h)").Sparse(),
		metric.NewHours("recreation_overlap_capacity_hours", metric.SlotHours, lower,
			func(l *LocationResult) float64 { return l.OverlapSlotSeconds }).Omitted().
			InTable("recreation overlap (slot-h)").Sparse(),
		metric.NewSum("recreation_overlap_cost_usd", metric.USD, lower,
			func(l *LocationResult) float64 { return l.OverlapCostUSD }).Omitted().
			InTable("overlap cost (USD)").Sparse(),
	)
}

// RegionMetrics declares the metrics of a player region (geo.go): its
// placed sessions, the share streamed from its own continent, and the
// round trips of its sessions; summary.json's player_regions.
var RegionMetrics = regionDefs()

func regionDefs() []metric.Def[RegionResult] {
	placed := func(r *RegionResult) float64 { return float64(r.Placed) }
	rtt := func(r *RegionResult) *sim.Sketch { return r.RTT }
	defs := []metric.Def[RegionResult]{
		metric.NewSum("placed", metric.Count, metric.Neutral, placed).InTable("placed"),
		metric.NewRatio("own_continent_share", metric.HigherIsBetter, func(r *RegionResult) float64 { return float64(r.OwnContinent) }, placed).
			InTable("streamed from own continent (%)"),
	}
	return append(defs, rttDefs(rtt, func(r *RegionResult) float64 { return float64(r.AboveThreshold) })...)
}

// rttDefs declares the round-trip metrics of sessions from player regions:
// streamed_rtt_seconds.{mean,p50,p95,p99} and latency_above_threshold_ratio,
// left out of a run without player regions.
func rttDefs[L any](sketch func(*L) *sim.Sketch, above func(*L) float64) []metric.Def[L] {
	const lower, s, p = metric.LowerIsBetter, metric.Seconds, "streamed_rtt_seconds."
	streamed := func(l *L) float64 {
		if sk := sketch(l); sk != nil {
			return float64(sk.Count())
		}
		return 0
	}
	return []metric.Def[L]{
		metric.NewMean(p+"mean", s, lower, sketch).Omitted().InTable("streamed RTT mean (s)").Sparse(),
		metric.NewQuantile(p+"p50", s, lower, 0.50, sketch).Omitted().InTable("streamed RTT p50 (s)").Sparse(),
		metric.NewQuantile(p+"p95", s, lower, 0.95, sketch).Omitted().InTable("streamed RTT p95 (s)").Sparse(),
		metric.NewQuantile(p+"p99", s, lower, 0.99, sketch).Omitted().InTable("streamed RTT p99 (s)").Sparse(),
		metric.NewRatio("latency_above_threshold_ratio", lower, above, streamed).Omitted().
			InTable("RTT above threshold (%)").Sparse(),
	}
}

// waitDefs declares the player's wait of one kind (prefix
// "time_to_active_seconds."): mean, p50, p95 and p99 of the sketch, in the
// table as "wait <what> ... (s)". The p95 to first frame is the first key
// figure: it is the player's wait.
func waitDefs(prefix, what string, sketch func(*LocationResult) *sim.Sketch) []def {
	const lower, s = metric.LowerIsBetter, metric.Seconds
	p95 := metric.NewQuantile(prefix+"p95", s, lower, 0.95, sketch).InTable("wait " + what + " p95 (s)")
	if what == "to first frame" {
		p95 = p95.AsKey(0, "p95 wait to first frame", "request to the client's first connection")
	}
	return []def{
		metric.NewMean(prefix+"mean", s, lower, sketch).InTable("wait " + what + " mean (s)"),
		metric.NewQuantile(prefix+"p50", s, lower, 0.50, sketch).InTable("wait " + what + " p50 (s)"),
		p95,
		metric.NewQuantile(prefix+"p99", s, lower, 0.99, sketch).InTable("wait " + what + " p99 (s)"),
	}
}

// reasonDefs declares failures_by_reason.* (isError) or
// terminations_by_reason.*, one per reason in Reason order; the table
// shows the failures after the failure ratio and the terminations under a
// heading, only where non-zero.
func reasonDefs(isError bool) []def {
	var defs []def
	for r := Reason(1); r < NumReasons; r++ {
		if r.IsError() != isError {
			continue
		}
		if isError {
			defs = append(defs, metric.NewSum("failures_by_reason."+r.String(), metric.Count, metric.LowerIsBetter,
				func(l *LocationResult) float64 { return float64(l.FailuresByReason[r]) }).
				Keyed().InTable("  "+r.String()).Sparse().RowAfter("placement_failure_ratio"))
		} else {
			defs = append(defs, metric.NewSum("terminations_by_reason."+r.String(), metric.Count, metric.Neutral,
				func(l *LocationResult) float64 { return float64(l.TerminationsByReason[r]) }).
				Keyed().InTable("  "+r.String()).Sparse().Under("terminations by reason (count)"))
		}
	}
	return defs
}

func count(f func(*LocationResult) int64) func(*LocationResult) float64 {
	return func(l *LocationResult) float64 { return float64(f(l)) }
}
