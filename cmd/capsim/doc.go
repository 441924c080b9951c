// Command capsim simulates Amazon GameLift Streams stream groups and
// GameLift Servers fleets described by a TOML scenario, over virtual time
// and many replications, and reports placement latency, placement failures,
// utilisation, idle capacity and cost.
//
// Usage:
//
//	capsim run [flags] [FILE]      simulate FILE (the embedded default scenario if none)
//	capsim compare [flags] [FILE]  run FILE once per stream class, same demand, and compare
//	capsim merge DIR               write a sharded run's or sweep's outputs from its shards
//	capsim validate FILE           check a scenario and report every problem at once
//	capsim classes                 list the stream classes
//	capsim version                 print the version
//
// run and compare take --seed, --replications, --horizon, repeated
// --set path=value, --workers and --quiet; run --out DIR writes
// summary.json, timeseries.csv (fleets: fleet_timeseries.csv), report.html
// and plots/ (PNG and SVG); run --json prints summary.json instead of the
// table. capsim COMMAND -h lists a command's flags.
//
// run and sweep take --shard I/N (or an engine's array index: shard.go
// reads JOB_COMPLETION_INDEX with --shards N, AWS_BATCH_JOB_ARRAY_INDEX and
// _SIZE, SLURM_ARRAY_TASK_ID, _MIN and _COUNT): the shard writes only its
// results into --out DIR with the job file capsim-shard.json
// (shard_job.go), and capsim merge DIR (merge.go, shard_sweep.go,
// shard_run.go) writes the outputs through the same code as the unsharded
// command, so they are byte-identical.
//
// The package owns the wiring only: scenarios parses and validates,
// models/streams and models/fleets simulate (replications in parallel,
// stored by index), reports, reports/plots and reports/htmlreport format.
// main is one line over supervisedMain (crash.go: capsim runs as a
// supervised child of itself; signals.go), which calls Main(args, stdout,
// stderr); Main returns the exit code, so the whole command is testable
// with buffers, and is: testdata/golden holds each CLI case's stdout,
// stderr and exit status (golden_test.go; -update rewrites them). Model
// quantities (instances, placement timeouts, expected requests) come from
// the models; this package only wires and prints them. Wall-clock code (the
// progress bar on a terminal) lives here and nowhere below.
//
// Units on output are those of package reports: seconds, US dollars,
// fractions shown as percentages, means over replications with 95%
// confidence intervals.
//
// Errors are printed once on stderr, prefixed "capsim: ". Exit status: 0 ok
// (including -h), 1 the run failed (outputs not writable), 2 a bad command
// line or scenario (any error matching scenarios.ErrInvalid, the scenario's
// own event budget included), 70 an internal error (a bug), 130 and 143
// interrupted by SIGINT and SIGTERM.
package main
