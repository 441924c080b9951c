// Package capsimtest runs capsim scenarios from Go benchmarks, so that a
// studio can keep its scenarios in its own repository and track their
// capacity figures with the Go tools it already has: go test -bench,
// benchstat.
//
// [Benchmark] runs a scenario inside a testing.B and reports its key
// metrics with b.ReportMetric, under the units capsim bench writes (the
// metrics' names in summary.json, and ns/session); see the example.
// The machinery it shares with capsim bench (loading, simulating blocks of
// replications, the benchmark format) is package
// github.com/capsim/capsim/simrun/benchout, which does not import
// package testing.
package capsimtest
