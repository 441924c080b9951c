package testutil

import "testing"

// NoErr stops the test at once on a non-nil err, at the caller's line.
func NoErr(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
