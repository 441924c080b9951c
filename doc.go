// Package capsim is the root of capsim, a discrete-event capacity simulator
// for Amazon GameLift Streams stream groups and GameLift Servers fleets. The
// root package has no API; it holds the repository-wide tests (house rules
// in house_test.go and house_arrows_test.go, determinism in tidy_test.go,
// the generated blocks of README.md and docs/*.md in readme_test.go, the
// newcomer's path in readme_newcomer_test.go). Start here:
//
//   - cmd/capsim: the command line, capsim run, compare, sweep, sensitivity,
//     optimize, fit, backtest, bench, merge, validate, classes, version
//     (capsim -h lists them with the exit statuses);
//   - simrun: the run layer every command and experiment runs replications
//     through: a resolved scenario, one replication of both models, the
//     metric namespace and the one judge of requirements;
//   - experiment/...: many variants of one scenario (design, store, shard,
//     sensitivity, compare, optimize, schedule);
//   - scenarios: TOML scenarios, their defaults, validation and embedded
//     examples, resolved into the models' configurations;
//   - models/streams and models/fleets: the domain models, each with a Run
//     of one replication;
//   - sim and sim/metric: the engine (virtual time as integer nanoseconds in
//     sim.Time, the event queue, named random streams, measurement,
//     replications) and how a model declares its metrics and names them;
//   - reports, reports/outputs, reports/plots, reports/htmlreport:
//     summaries, tables, CSV, JSON, figures and the HTML pages;
//   - bench and capsimtest: benchmarks and fixed-seed regression runs, and
//     scenarios in a studio's own go test -bench;
//   - records, records/fit and records/backtest: the services' own records
//     (stream sessions, polled capacity, CloudWatch exports, game sessions)
//     read streamed and bounded, a scenario fitted to them, and a scenario
//     compared with them hour by hour;
//   - internal/...: queueing theory for the tests and the warm start, a
//     headless-Chromium driver, --out staging, crash supervision, records
//     generated from known parameters for the tests.
//
// Imports point one way: cmd -> experiment -> simrun -> scenarios ->
// models -> sim, cmd -> records -> simrun, and simrun, records -> reports
// -> models (house_test.go holds the rules, docs/layout.md states
// them).
package capsim
