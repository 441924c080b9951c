// Package testutil holds the few helpers the module's tests share across
// packages, so that a test reads as what it checks rather than as error
// plumbing. It imports only the standard library; a helper that fails
// does so with tb.Fatal, reporting the caller's line.
package testutil
