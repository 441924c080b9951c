// Package reports turns the results of finished replications into capsim's
// outputs: the stable summary.json schema ([Summary], documented field by
// field in SCHEMA.md), a human-readable transposed table ([WriteTable]) and a
// per-bucket timeseries CSV ([WriteTimeseriesCSV]), for GameLift Streams
// stream groups ([streams.Result]) and for GameLift Servers fleets
// ([fleets.Result]).
//
// It owns:
//
//   - the summary schema and its JSON encoding ([NewSummary], one path for
//     stream groups and fleets, and [Summary.WriteJSON]), every metric read
//     by dotted name ([Summary.Metric], [Summary.MetricNames]) from the
//     models' declarations (streams.Metrics, fleets.Metrics); the fleet
//     table ([WriteFleetTable]) and timeseries CSV
//     ([WriteFleetTimeseriesCSV]);
//   - the class comparison of capsim compare ([Comparison], [NewCompareRow],
//     [WriteCompareTable], [WriteCompareCSV]);
//   - the data behind the plots ([NewFigures], [NewFleetFigures]), which
//     package reports/plots draws;
//   - the definitions of the reported metrics, computed per replication and
//     then turned into a mean and 95% confidence half-width over replications
//     with [sim.NewEstimate];
//   - the formatting of the tables and of the CSVs.
//
// Units: times in seconds (latencies, horizon, warm-up); stream capacity in
// stream slot-hours (one slot holds one stream session); fleet capacity in
// instances and process-hours (one process hosts one game session); money
// in US dollars; placement failure and timed-out ratios and utilisation as
// dimensionless fractions in [0, 1] (the tables show them as percentages);
// counts as plain numbers (means over replications, so possibly
// fractional).
//
// Errors are returned, prefixed "reports: " where the package adds
// context, for results it cannot combine (no results, replications that
// disagree on their locations or on their timeseries' length or step, a
// missing timeseries, a measured period that is not a finite non-negative
// number of seconds) and for writers that fail.
//
// reports only reads result types; it never runs a simulation and never
// imports scenarios. All output is deterministic: maps are never ranged
// over into output, replications are combined in replication order, and no
// wall clock is read.
package reports
