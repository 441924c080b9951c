// Package capsimtest runs capsim scenarios from Go benchmarks and writes
// their results in the Go benchmark format, so that a studio can keep its
// scenarios in its own repository and track their capacity figures with
// the Go tools it already has: go test -bench, benchstat.
//
// [Benchmark] runs a scenario inside a testing.B and reports its key
// metrics with b.ReportMetric. [Simulate] and [Results] are what
// capsim bench is built on: one benchmark-format result line per
// replication and per location (and total), named
//
//	BenchmarkCapsim/scenario=NAME/location=GROUP:LOCATION/model=streams
//	BenchmarkCapsim/scenario=NAME/location=total/model=streams
//	BenchmarkCapsim/scenario=NAME/location=FLEET:LOCATION/model=fleets
//
// with the key metrics ([StreamMetrics], [FleetMetrics]) as values whose
// units are the metrics' names in summary.json (placement_latency_seconds.p95
// is in seconds, cost_usd in US dollars, ratios are fractions), and, on the
// total lines, the simulator's own wall time per simulated session in
// ns/session. The name ends in /model=... so that a location such as
// us-east-1 is never read as a GOMAXPROCS suffix ("-1") by benchfmt.
//
// A comment line before each scenario's results records what reproduces
// them: capsim's version, the scenario's SHA-256, its seed and
// replications ([Write] says why it is not a configuration line).
//
// Every value but ns/session is a function of the scenario and its seed
// only; ns/session is a wall-clock measurement of this machine.
package capsimtest
