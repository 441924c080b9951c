// Package reports turns the results of finished replications into capsim's
// outputs: the stable summary.json schema ([Summary], documented field by
// field in SCHEMA.md), a human-readable transposed table ([WriteTable]) and a
// per-bucket timeseries CSV ([WriteTimeseriesCSV]).
//
// It owns:
//
//   - the summary schema and its JSON encoding ([Summary.WriteJSON]);
//   - the definitions of the reported metrics, computed per replication and
//     then turned into a mean and 95% confidence half-width over replications
//     with [sim.NewEstimate];
//   - the formatting of the table and of the CSV.
//
// Units: times in seconds (latencies, horizon, warm-up); capacity in stream
// slot-hours (one slot holds one stream session); money in US dollars;
// placement failure ratio and utilisation as dimensionless fractions in
// [0, 1] (the table shows them as percentages); counts as plain numbers
// (means over replications, so possibly fractional).
//
// reports only reads result types ([streams.Result]); it never runs a
// simulation and never imports scenarios. All output is deterministic: maps
// are never ranged over into output, replications are combined in
// replication order, and no wall clock is read.
package reports
