// Package progress is capsim's progress bar on a terminal ([Bar]): how
// far the replications have come, the virtual time reached by those
// running (so that one long replication shows progress too), and a sweep's
// points ([Sweep], which also says what an interrupted sweep keeps). It
// draws nothing for runs shorter than about a second, with --quiet, or
// when the output is not a terminal, so it never mixes into redirected or
// --json output.
//
// Wall-clock code lives here, under cmd/, and nowhere below: the models
// report only virtual time (sim.Time).
package progress
