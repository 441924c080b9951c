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
// A design is bounded before it is built: a path is made canonical
// ([CanonicalPath]: location[00] is location[0]) and one field varied
// twice, or inside another varied one, is refused; a list or range
// counts its values without overflow and has at most [MaxValues], as has
// a grid; a points file is read only if it is a regular file of at most
// [MaxPointsBytes] ([ReadPointsFile]: a FIFO or /dev/zero is refused by
// its type, before the open), to [MaxValues] rows; and [CheckWork] bounds
// the requests of a design's replications together by
// simulation.max_total_requests, as run is bounded.
//
// Errors of a malformed design wrap [ErrDesign] (a design beyond the work
// limit [ErrTooMuchWork] too); a points file's carry its line
// ([LineError]). They are prefixed "experiment: ".
package design
