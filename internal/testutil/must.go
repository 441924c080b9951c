package testutil

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// NoErr stops the test at once on a non-nil err, at the caller's line.
func NoErr(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// Within returns what f returns, failing the test at once (at the
// caller's line) if f has not returned after d: for a call that must not
// block, such as opening a FIFO.
func Within(tb testing.TB, d time.Duration, what string, f func() error) error {
	tb.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		tb.Fatalf("%s: still running after %v", what, d)
		return nil
	}
}

// FIFO makes a named pipe name in dir and returns its path: an input
// whose open blocks until a writer comes.
func FIFO(tb testing.TB, dir, name string) string {
	tb.Helper()
	path := filepath.Join(dir, name)
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}
