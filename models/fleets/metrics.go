package fleets

import (
	"strconv"

	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/sim/metric"
)

// Metrics declares every metric of a fleet location, in summary.json order
// (SCHEMA.md, "Fleet metrics object"): its name, unit, direction, how it
// is read from a LocationResult and combined over fleet locations for the
// total, and its table row and key figure.
var Metrics = metricDefs()

// TimeseriesColumns declares the fleet timeseries CSV columns after
// fleet, location and minute_start, read from a TimeseriesReader row.
var TimeseriesColumns = []metric.Column[[]float64]{
	metric.RowColumn("instances", metric.Instances, ColInstances),
	metric.RowColumn("active", metric.Count, ColActive),
	metric.RowColumn("idle", metric.Count, ColIdle),
	metric.RowColumn("desired", metric.Instances, ColDesired),
	metric.RowColumn("requests", metric.Count, ColRequests),
	metric.RowColumn("scaling_actions", metric.Count, ColScaling),
}

// SummaryKey returns the reason's terminations_by_reason key: the
// service's StatusReason spelling, "normal" for ReasonNone, capsim's
// SCALED_IN and EXPIRED for its own reasons.
func (r GameSessionReason) SummaryKey() string {
	switch r {
	case ReasonNone:
		return "normal"
	case ReasonInterrupted:
		return "INTERRUPTED"
	case ReasonTriggeredOnProcessTerminate:
		return "TRIGGERED_ON_PROCESS_TERMINATE"
	case ReasonForceTerminated:
		return "FORCE_TERMINATED"
	case ReasonScaledIn:
		return "SCALED_IN"
	case ReasonExpired:
		return "EXPIRED"
	}
	return "REASON_" + strconv.Itoa(int(r))
}

type def = metric.Def[LocationResult]

func metricDefs() []def {
	defs := placementDefs()
	defs = append(defs, capacityDefs()...)
	defs = append(defs, incidentDefs()...)
	for r := range NumGameSessionReasons {
		defs = append(defs, metric.NewSum("terminations_by_reason."+r.SummaryKey(), metric.Count, metric.Neutral,
			func(l *LocationResult) float64 { return float64(l.Terminations[r]) }).
			Keyed().InTable("  "+r.SummaryKey()).Sparse().Under("terminations by reason (count)"))
	}
	return append(defs, metric.NewSum("errors", metric.Count, metric.LowerIsBetter, count(func(l *LocationResult) int64 { return l.Errors })).
		InTable("game session errors").Sparse().RowAfter("stale_game_instance_hours"))
}

func placementDefs() []def {
	const lower, lat = metric.LowerIsBetter, "placement_latency_seconds."
	status := func(st PlacementStatus) func(*LocationResult) float64 {
		return func(l *LocationResult) float64 { return float64(l.ByStatus[st]) }
	}
	conflict := func(c ConflictCause) func(*LocationResult) float64 {
		return func(l *LocationResult) float64 { return float64(l.DirectClaimConflicts[c]) }
	}
	placements := count(func(l *LocationResult) int64 { return l.Placements })
	latency := func(l *LocationResult) *sim.Sketch { return l.Latency }
	rtt := func(l *LocationResult) *sim.Sketch { return l.RTT } // players' round trips (latency.go)
	return []def{
		metric.NewSum("placements", metric.Count, metric.Neutral, placements).InTable("placements"),
		metric.NewSum("fulfilled", metric.Count, metric.HigherIsBetter, status(PlacementFulfilled)).InTable("  fulfilled"),
		metric.NewSum("timed_out", metric.Count, lower, status(PlacementTimedOut)).InTable("  timed out"),
		metric.NewSum("cancelled", metric.Count, lower, status(PlacementCancelled)).InTable("  cancelled"),
		metric.NewSum("failed", metric.Count, lower, status(PlacementFailed)).InTable("  failed"),
		metric.NewSum("pending", metric.Count, lower, status(PlacementPending)).InTable("  pending at the horizon").Sparse(),
		metric.NewRatio("timed_out_ratio", lower, status(PlacementTimedOut), placements).
			InTable("timed-out ratio (%)").AsKey(1, "fleet placements timed out", "of placement requests"),
		metric.NewSum("out_of_capacity", metric.Count, lower, count(func(l *LocationResult) int64 { return l.OutOfCapacity })).
			InTable("out of capacity (claim attempts)").Sparse(),
		metric.NewSum("direct_claims", metric.Count, metric.Neutral, count(func(l *LocationResult) int64 { return l.DirectClaims })).
			InTable("direct claims (named server)").Sparse(),
		metric.NewSum("direct_claim_conflicts_utilized", metric.Count, lower, conflict(ConflictUtilized)).InTable("  conflict: UTILIZED").Sparse(),
		metric.NewSum("direct_claim_conflicts_claimed", metric.Count, lower, conflict(ConflictClaimed)).InTable("  conflict: CLAIMED").Sparse(),
		metric.NewSum("direct_claim_conflicts_draining", metric.Count, lower, conflict(ConflictDraining)).InTable("  conflict: DRAINING").Sparse(),
		metric.NewMean(lat+"mean", metric.Seconds, lower, latency).InTable("latency mean (s)"),
		metric.NewQuantile(lat+"p50", metric.Seconds, lower, 0.50, latency).InTable("latency p50 (s)"),
		metric.NewQuantile(lat+"p95", metric.Seconds, lower, 0.95, latency).InTable("latency p95 (s)").
			AsKey(2, "fleet p95 placement latency", "fulfilled placements"),
		metric.NewQuantile(lat+"p99", metric.Seconds, lower, 0.99, latency).InTable("latency p99 (s)"),
		metric.NewMean("streamed_rtt_seconds.mean", metric.Seconds, lower, rtt).Omitted().InTable("players' RTT mean (s)").Sparse(),
		metric.NewQuantile("streamed_rtt_seconds.p50", metric.Seconds, lower, 0.50, rtt).Omitted().InTable("players' RTT p50 (s)").Sparse(),
		metric.NewQuantile("streamed_rtt_seconds.p95", metric.Seconds, lower, 0.95, rtt).Omitted().InTable("players' RTT p95 (s)").Sparse(),
		metric.NewQuantile("streamed_rtt_seconds.p99", metric.Seconds, lower, 0.99, rtt).Omitted().InTable("players' RTT p99 (s)").Sparse(),
	}
}

func capacityDefs() []def {
	const lower = metric.LowerIsBetter
	hours := func(name string, f func(*LocationResult) float64) def {
		return metric.NewHours(name, metric.ProcessHours, lower, f)
	}
	return []def{
		metric.NewPerMeasured("instances.mean", metric.Instances, metric.Neutral, func(l *LocationResult) float64 { return l.InstanceSeconds }).
			InTable("instances, mean").AsKey(4, "fleet instances", "time-averaged"),
		metric.NewPerMeasured("instances.spot_mean", metric.Instances, metric.Neutral, func(l *LocationResult) float64 { return l.SpotInstanceSeconds }).
			InTable("  of which Spot").Sparse(),
		metric.NewPeak("instances.max", metric.Instances, metric.Neutral, count(func(l *LocationResult) int64 { return l.MaxInstances })).
			InTable("instances, max").Formatted(metric.Integer),
		metric.NewRatio("utilisation", metric.HigherIsBetter, func(l *LocationResult) float64 { return l.ActiveSessionSeconds },
			func(l *LocationResult) float64 { return l.ProcessSlotSeconds }).
			InTable("utilisation (%)").AsKey(3, "fleet utilisation", "game sessions / process slots"),
		hours("idle_process_hours", func(l *LocationResult) float64 { return l.IdleProcessSeconds }).InTable("idle processes (process-h)"),
		hours("stuck_terminating_process_hours", func(l *LocationResult) float64 { return l.StuckTerminatingSeconds }).
			InTable("stuck terminating (process-h)").Sparse(),
		metric.NewSum("expired_games", metric.Count, lower, count(func(l *LocationResult) int64 { return l.ExpiredGames })).
			InTable("expired games").Sparse(),
		metric.NewSum("expired_in_play", metric.Count, lower, count(func(l *LocationResult) int64 { return l.ExpiredInPlay })).
			InTable("  of which in play").Sparse(),
		hours("expired_game_process_hours", func(l *LocationResult) float64 { return l.ExpiredGameSeconds }).
			InTable("held by lost ends (process-h)").Sparse(),
		metric.NewHours("stale_game_instance_hours", metric.Hours, lower, func(l *LocationResult) float64 { return l.StaleGameInstanceSeconds }).
			InTable("stale game instances (h)").Sparse(),
	}
}

func incidentDefs() []def {
	const lower = metric.LowerIsBetter
	c := func(name, label string, f func(*LocationResult) int64) def {
		return metric.NewSum(name, metric.Count, lower, count(f)).InTable(label).Sparse()
	}
	scaling := c("scaling_actions", "scaling actions", func(l *LocationResult) int64 { return l.ScalingActions })
	scaling.Row.Sparse, scaling.Better = false, metric.Neutral
	defs := []def{c("interruptions", "Spot interruptions", func(l *LocationResult) int64 { return l.Interruptions })}
	defs = append(defs, spotDefs()...)
	return append(defs,
		c("claim_lapses", "claim lapses", func(l *LocationResult) int64 { return l.ClaimLapses }),
		c("scale_in_terminations", "games ended by scale-in", func(l *LocationResult) int64 { return l.ScaleInTerminations }),
		c("terminate_rejected", "terminate calls rejected", func(l *LocationResult) int64 { return l.TerminateRejected }),
		c("duplicate_ends", "duplicate end signals", func(l *LocationResult) int64 { return l.DuplicateEnds }),
		c("lost_ends", "lost end signals", func(l *LocationResult) int64 { return l.LostEnds }),
		scaling,
		c("buffer_limited", "buffer clamped by min/max", func(l *LocationResult) int64 { return l.BufferLimited }),
		metric.NewSum("cost_usd", metric.USD, lower, func(l *LocationResult) float64 { return l.CostUSD }).
			InTable("cost (USD)").AsKey(5, "fleet cost", "after the warm-up"),
		metric.NewSum("idle_cost_usd", metric.USD, lower, func(l *LocationResult) float64 { return l.IdleCostUSD }).
			InTable("idle cost (USD)").AsKey(6, "fleet idle cost", "").KeyShareOf("cost_usd"),
	)
}

// spotDefs declares how Spot behaved: the share of instance-hours on Spot,
// the On-Demand fallback of SPOT_PREFERRED, viability and the capacity
// SPOT_ONLY could not launch, interruptions by kind and notice, and the
// players interrupted games sent back to placement. Each is left out of
// summary.json and the table where it is zero in every replication (a
// fleet without Spot shows none of them).
func spotDefs() []def {
	const lower, n = metric.LowerIsBetter, metric.Neutral
	c := func(name, label string, b metric.Direction, f func(*LocationResult) int64) def {
		return metric.NewSum(name, metric.Count, b, count(f)).Omitted().InTable(label).Sparse()
	}
	h := func(name string, u metric.Unit, label string, b metric.Direction, f func(*LocationResult) float64) def {
		return metric.NewHours(name, u, b, f).Omitted().InTable(label).Sparse()
	}
	return []def{
		c("interruptions_correlated", "  of which in correlated reclaims", lower, func(l *LocationResult) int64 { return l.CorrelatedInterruptions }),
		c("reclaim_events", "  correlated reclaim events", lower, func(l *LocationResult) int64 { return l.ReclaimEvents }),
		c("interruption_notices_late", "  of which notice late", lower, func(l *LocationResult) int64 { return l.LateNotices }),
		c("interruption_notices_missing", "  of which no notice", lower, func(l *LocationResult) int64 { return l.MissingNotices }),
		c("interrupted_sessions_unwarned", "games cut without OnProcessTerminate", lower, func(l *LocationResult) int64 { return l.UnwarnedSessions }),
		c("requeued_requests", "requeued requests (interrupted games)", n, func(l *LocationResult) int64 { return l.RequeuedRequests }),
		c("requeued_players", "  requeued players", n, func(l *LocationResult) int64 { return l.RequeuedPlayers }),
		c("requeued_players_placed", "  requeued players placed again", metric.HigherIsBetter, func(l *LocationResult) int64 { return l.RequeuedPlayersPlaced }),
		metric.NewRatio("spot_share", n, func(l *LocationResult) float64 { return l.SpotInstanceSeconds },
			func(l *LocationResult) float64 { return l.InstanceSeconds }).Omitted().InTable("Spot share of instance-hours (%)").Sparse(),
		h("on_demand_fallback_instance_hours", metric.InstanceHours, "On-Demand fallback (instance-h)", lower,
			func(l *LocationResult) float64 { return l.FallbackInstanceSeconds }),
		h("spot_not_viable_pool_hours", metric.Hours, "Spot pools not viable (pool-h)", n,
			func(l *LocationResult) float64 { return l.NotViablePoolSeconds }),
		c("nonviable_drains", "  Spot instances drained (not viable)", n, func(l *LocationResult) int64 { return l.NonviableDrains }),
		c("fallback_drains", "  On-Demand drained (Spot viable again)", n, func(l *LocationResult) int64 { return l.FallbackDrains }),
		h("spot_shortfall_capacity_hours", metric.InstanceHours, "capacity short of Spot (unit-h)", lower,
			func(l *LocationResult) float64 { return l.ShortCapacitySeconds }),
	}
}

func count(f func(*LocationResult) int64) func(*LocationResult) float64 {
	return func(l *LocationResult) float64 { return float64(f(l)) }
}
