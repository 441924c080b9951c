package supervise

import (
	"bytes"
	"os"
	"runtime/debug"
	"strings"
	"testing"
)

// crashChildEnv makes this test binary, started by supervise, act as a
// capsim child that the Go runtime stops fatally.
const crashChildEnv = "CAPSIM_TEST_CRASH_CHILD"

// TestMain turns the test binary into a supervised child when asked: it
// either overflows its stack (a fatal runtime error, exit status 2 from
// Go, which recover cannot catch) or exits with the status it is given.
func TestMain(m *testing.M) {
	switch os.Getenv(crashChildEnv) {
	case "":
		os.Exit(m.Run())
	case "stack":
		reportCrashesToSupervisor()
		debug.SetMaxStack(1 << 20)
		var recurse func(int) int
		recurse = func(n int) int { return recurse(n+1) + 1 }
		recurse(0)
	case "bad-input":
		os.Stderr.WriteString("capsim: k.toml:1: bad\n")
		os.Exit(2)
	}
}

// testCrash is how the tests' supervisor reports a crash.
var testCrash = Crash{Status: 70, Message: "test: internal error: the Go runtime stopped the child"}

func TestSupervisorMapsRuntimeCrashTo70(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		mode    string
		want    int
		message string
	}{
		{"stack", testCrash.Status, testCrash.Message},
		{"bad-input", 2, "k.toml:1: bad"},
	} {
		t.Setenv(crashChildEnv, tc.mode)
		var stdout, stderr bytes.Buffer
		code, ok := supervise(exe, nil, nil, &stdout, &stderr, testCrash)
		if !ok {
			t.Fatalf("%s: the child did not start", tc.mode)
		}
		if code != tc.want || !strings.Contains(stderr.String(), tc.message) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d and %q", tc.mode, code, stderr.String(), tc.want, tc.message)
		}
	}
}
