// Package design is what an experiment varies: a design of points, each
// point a set of field overrides ([Assignment]: a dotted path as
// scenarios.Scenario.Set takes it, and a TOML value). A design is the full
// grid of --vary axes ([ParseVary], [Grid]: lists v1,v2,... or ranges
// LO..HI[:STEP] of numbers or durations) or the rows of a CSV file
// ([ReadPoints]: a header of paths, a row of values per point).
// [Prepare] applies each point to a clone of the scenario and resolves it
// with the run layer (simrun.Resolve, metrics only), setting aside the
// points the scenario rejects.
//
// Every point is simulated under the scenario's one root seed, so demand
// draws are identical across points (common random numbers): that is the
// run layer's and the models' doing, not this package's.
//
// Errors of a malformed design wrap [ErrDesign]; a points file's carry its
// line ([LineError]). They are prefixed "experiment: ".
package design
