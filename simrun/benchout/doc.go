// Package benchout runs a capsim scenario's replications through the run
// layer, each model timed, and writes their results in the Go benchmark
// format, for benchstat. It is what capsim bench is built on, and what
// package capsimtest (scenarios inside a go test -bench) reports from; it
// does not import package testing, so the capsim binary links no test
// code.
//
// [Load] reads a scenario and applies [Options]' overrides, [Simulate] runs
// a block of its replications, [Means] are their key metrics' means (what
// capsimtest.Benchmark reports with b.ReportMetric), and [Write] and
// [Results] give one benchmark-format result line per replication and per
// location (and total), named
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
// [NameValue] and [ConfigValue] keep any scenario, group or location name
// to one name part and one configuration value.
//
// A comment line before each scenario's results records what reproduces
// them: capsim's version, the scenario's SHA-256, its seed and
// replications ([Write] says why it is not a configuration line).
//
// Every value but ns/session is a function of the scenario and its seed
// only; ns/session is a wall-clock measurement of this machine.
package benchout
