// Package testutil holds the few helpers the module's tests share across
// packages, so that a test reads as what it checks rather than as error
// plumbing, and the check of a model in textbook form against queueing
// theory that both models run. A helper that fails does so with tb.Fatal
// (or t.Errorf for a measured value off theory), reporting the caller's line.
//
// [Long] marks the few long tests: `go test ./...` leaves them out and
// names them ([LongMain]); CAPSIM_LONG_TESTS=1, which .ci/run sets, runs them.
package testutil
