package testutil

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
)

// LongEnv names the environment variable that runs the long tests:
// CAPSIM_LONG_TESTS=1 go test ./... (.ci/run sets it, so CI runs every
// test). Without it `go test ./...` leaves them out and names them.
const LongEnv = "CAPSIM_LONG_TESTS"

var (
	leftMu  sync.Mutex
	leftOut []string
)

// LongRun reports whether the long tests run (LongEnv is "1").
func LongRun() bool { return os.Getenv(LongEnv) == "1" }

// Long marks tb as one of the long tests: it runs under LongEnv=1 and is
// otherwise left out, with a message saying how to run it, and named by
// [LongMain] when the package's tests end. A long test is one of the
// few whose minutes the default run cannot afford (a README figure
// regenerated, an end-to-end walk, a browser); what it checks is not
// checked more weakly anywhere else, so CI must run it.
func Long(tb testing.TB) {
	tb.Helper()
	if LongRun() {
		return
	}
	leftMu.Lock()
	leftOut = append(leftOut, tb.Name())
	leftMu.Unlock()
	tb.Skipf("a long test, left out of the default run: %s=1 go test -run '^%s$' runs it", LongEnv, topName(tb.Name()))
}

func topName(name string) string {
	top, _, _ := strings.Cut(name, "/")
	return top
}

// LongMain runs the package's tests (m.Run) and then, if it left long
// tests out, names them and how to run them: on the terminal (go test
// shows a passing package's own output only with -v) and on stdout.
// Call it from TestMain: os.Exit(testutil.LongMain(m, "./cmd/capsim")).
func LongMain(m *testing.M, pkg string) int {
	code := m.Run()
	if note := leftOutNote(pkg); note != "" {
		fmt.Print(note)
		if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
			io.WriteString(tty, note)
			tty.Close()
		}
	}
	return code
}

// leftOutNote is the notice naming the long tests left out of pkg's run,
// "" if none was.
func leftOutNote(pkg string) string {
	leftMu.Lock()
	defer leftMu.Unlock()
	if len(leftOut) == 0 {
		return ""
	}
	seen := map[string]bool{}
	var names []string
	for _, n := range leftOut {
		if n = topName(n); !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return fmt.Sprintf("%s: %d long test(s) left out (%s); run them with %s=1 go test %s (CI does)\n",
		pkg, len(names), strings.Join(names, ", "), LongEnv, pkg)
}
