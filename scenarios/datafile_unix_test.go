//go:build unix

package scenarios_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A data file must be a regular file inside the scenario's directory: a
// named pipe with no writer would block for ever, and a symbolic link must
// not lead outside (review finding, issue 9).
func TestDataFileMustBeRegularAndInside(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.csv")
	if err := os.WriteFile(outside, []byte("at\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, want string
		make       func(path string) error
	}{
		{"fifo", "a named pipe, not a regular file", func(p string) error { return syscall.Mkfifo(p, 0o644) }},
		{"symlink-out", "leads outside the scenario's directory", func(p string) error { return os.Symlink(outside, p) }},
		{"device", "leads outside the scenario's directory", func(p string) error { return os.Symlink("/dev/zero", p) }},
	} {
		t.Run(tc.name, func(t *testing.T) { checkTraceErr(t, tc.make, tc.want) })
	}
}
