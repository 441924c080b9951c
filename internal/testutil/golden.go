package testutil

import (
	"os"
	"path/filepath"
	"testing"
)

// Golden returns the golden file at path for the caller to compare got
// with. With update it first writes got there (making its folder), so the
// comparison passes; a file it cannot write or read stops the test.
func Golden(tb testing.TB, path string, got []byte, update bool) []byte {
	tb.Helper()
	if update {
		NoErr(tb, os.MkdirAll(filepath.Dir(path), 0o755))
		NoErr(tb, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (go test -update writes it)", err)
	}
	return want
}
