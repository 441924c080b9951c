package testutil

import (
	"strings"
	"testing"
)

// TestLongRunsOnlyWhenAsked: under CAPSIM_LONG_TESTS=1 a long test runs;
// without it, it is skipped and named, once, in the package's notice with
// the command that runs it.
func TestLongRunsOnlyWhenAsked(t *testing.T) {
	leftMu.Lock()
	saved := leftOut
	leftOut = nil
	leftMu.Unlock()
	t.Cleanup(func() { leftMu.Lock(); leftOut = saved; leftMu.Unlock() })

	ran := false
	t.Run("asked", func(t *testing.T) {
		t.Setenv(LongEnv, "1")
		Long(t)
		ran = true
	})
	if !ran || leftOutNote("./x") != "" {
		t.Fatalf("under %s=1 the long test did not run (ran %v) or was named: %q", LongEnv, ran, leftOutNote("./x"))
	}
	ran = false
	for i := 0; i < 2; i++ {
		t.Run("default", func(t *testing.T) {
			t.Setenv(LongEnv, "")
			Long(t)
			ran = true
		})
	}
	if ran {
		t.Fatal("without the variable the long test ran")
	}
	want := "./x: 1 long test(s) left out (TestLongRunsOnlyWhenAsked); run them with CAPSIM_LONG_TESTS=1 go test ./x (CI does)\n"
	if got := leftOutNote("./x"); got != want {
		t.Errorf("notice = %q, want %q", got, want)
	}
	if !strings.Contains(leftOut[0], "TestLongRunsOnlyWhenAsked/default") {
		t.Errorf("left out %q", leftOut)
	}
}
