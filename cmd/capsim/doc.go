// Command capsim simulates Amazon GameLift Streams stream groups and
// GameLift Servers fleets described by a TOML scenario, over virtual time
// and many replications, and reports placement latency, placement failures,
// utilisation, idle capacity and cost.
//
// Usage:
//
//	capsim run [flags] [FILE]   simulate FILE (the embedded default scenario if none)
//	capsim compare [flags] [FILE]
//	                            run FILE once per stream class (same demand) and compare
//	capsim sweep [flags] [FILE] --vary PATH=VALUES --out DIR
//	                            run FILE at every point of a grid (same demand), resumably
//	capsim sensitivity [flags] [FILE] --out DIR
//	                            move each assumption to the ends of its range (same demand)
//	capsim optimize [flags] [FILE] --require NAME<=X --out DIR
//	                            the cheapest plan meeting the requirements (95% bound), or an hourly schedule
//	capsim fit [flags] SESSIONS.json --out DIR
//	                            fit a scenario to the service's own records (list-stream-sessions output)
//	capsim backtest [flags] FILE --observed SESSIONS.json
//	                            compare FILE with the records, hour by hour (90% bands, coverage)
//	capsim bench [flags] [FILE...]
//	                            run scenarios and write the Go benchmark format (for benchstat)
//	capsim merge DIR            write the outputs of a sharded run or sweep (--shard)
//	capsim validate FILE | --explain KEY
//	                            check a scenario (every problem at once), or explain a scenario key
//	capsim classes              list the stream classes
//	capsim version              print the version
//
// Run 'capsim COMMAND -h' for a command's flags.
//
// Exit status:
//
//	0    ok
//	1    the run failed: its outputs could not be written
//	2    bad command line, scenario or records (fit, backtest), including a
//	     scenario whose own event budget (simulation.max_events) runs out
//	3    optimize: no plan in the ranges is feasible; run: an --assert or
//	     [[assert]] KPI gate failed; backtest: coverage below --assert-coverage
//	70   internal error: a bug in capsim; please report it with the scenario
//	130  interrupted (SIGINT); 143 terminated (SIGTERM): partial outputs removed
//
// The two lists above are capsim -h's, word for word (docs_test.go checks
// them against it, the root package's doc and README.md).
//
// The package is flags, dispatch and output: each command parses its
// flags, checks everything it can before anything runs, calls the
// packages that do the work and prints or writes what they return.
// scenarios parses and validates; simrun (the run layer) resolves a
// scenario, runs its replications, reads metric names and judges
// requirements; experiment/... runs sweeps (design, store, shard),
// sensitivity, compare, optimize and schedule; records reads the
// services' own records, records/fit fits a scenario to them and
// records/backtest compares one with them; reports, reports/outputs,
// reports/plots and reports/htmlreport format; internal/outdir writes
// --out whole or not at all. main is one line over supervisedMain (package
// internal/supervise: capsim runs as a supervised child of itself so that
// a Go runtime crash exits 70; signals.go turns SIGINT and SIGTERM into
// their statuses), which calls Main(args, stdout, stderr); Main returns the
// exit code, so the whole command is testable with buffers, and is:
// testdata/golden holds each CLI case's stdout, stderr and exit status
// (golden_test.go; -update rewrites them). Wall-clock code (the progress
// bar, cmd/internal/progress) lives under cmd/ and nowhere below.
//
// run and sweep take --shard I/N (or an engine's array index, see capsim
// run -h): the shard writes only its results into --out DIR with the job
// file capsim-shard.json (experiment/shard), and capsim merge DIR writes
// the outputs through the same code as the unsharded command, so they are
// byte-identical.
//
// Units on output are those of package reports: seconds, US dollars,
// fractions shown as percentages, means over replications with 95%
// confidence intervals. Errors are printed once on stderr, prefixed
// "capsim: "; names from the scenario are made terminal-safe.
package main
