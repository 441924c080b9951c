//go:build unix

package scenarios_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/capsim/capsim/scenarios"
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
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := tc.make(filepath.Join(dir, "trace.csv")); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "s.toml")
			if err := os.WriteFile(path, []byte(traceScenario), 0o644); err != nil {
				t.Fatal(err)
			}
			sc, err := scenarios.Load(path)
			if err == nil {
				err = sc.Validate()
			}
			if !errors.Is(err, scenarios.ErrInvalid) || !strings.Contains(err.Error(), tc.want) ||
				!strings.Contains(err.Error(), "demand[0].arrivals.file") {
				t.Errorf("error %v, want ErrInvalid naming demand[0].arrivals.file and %q", err, tc.want)
			}
		})
	}
}

const traceScenario = `name = "trace"
[simulation]
horizon = "2h"
seed = 1
replications = 1
[[stream_group]]
name = "g"
class = "gen4n_high"
  [[stream_group.location]]
  name = "eu-central-1"
  always_on = 2
[[demand]]
name = "d"
stream_group = "g"
locations = ["eu-central-1"]
arrivals = { process = "trace", file = "trace.csv" }
session_length = { dist = "fixed", value = "10m" }
`
