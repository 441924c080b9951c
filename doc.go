// Package capsim is the root of capsim, a discrete-event capacity simulator
// for Amazon GameLift Streams stream groups and GameLift Servers fleets. The
// root package has no API; it holds the repository-wide tests (tidy_test.go
// keeps sim, models and scenarios free of wall-clock reads and global random
// numbers). Start here:
//
//   - cmd/capsim: the command line (capsim run, compare, validate, classes);
//   - scenarios: TOML scenarios, their defaults, validation and embedded
//     examples, resolved into the models' configurations;
//   - models/streams and models/fleets: the domain models, each with a Run
//     of one replication;
//   - sim: the engine (virtual time as integer nanoseconds in sim.Time, the
//     event queue, named random streams, measurement, replications);
//   - reports, reports/plots, reports/htmlreport: summaries, tables, CSV,
//     JSON, figures and the HTML report;
//   - bench: benchmark and fixed-seed regression runs;
//   - internal/queueing: queueing-theory formulas the models are checked
//     against; internal/browser: a headless-Chromium driver for HTML tests.
//
// Imports point one way: cmd -> scenarios -> models -> sim, and cmd ->
// reports -> models.
package capsim
