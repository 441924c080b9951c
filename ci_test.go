package capsim_test

import (
	"os"
	"regexp"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
)

// TestCIRunsTheLongTests: CI runs every test, with README's own test
// command. .ci/run must run README.md's second set-up command (go test
// ./...) with testutil.LongEnv=1, or the tests the default run leaves out
// (testutil.Long) would run nowhere, and the command README gives a
// newcomer would not be the one CI checks. (The newcomer's test cannot run
// that command itself: it would run the tests inside a test.)
func TestCIRunsTheLongTests(t *testing.T) {
	ci, err := os.ReadFile(".ci/run")
	if err != nil {
		t.Fatal(err)
	}
	test := setupCommands(t, readDoc(t, "README.md"))[1]
	if test != "go test ./..." {
		t.Errorf("README.md's second set-up command is %q, want go test ./...", test)
	}
	re := regexp.MustCompile(`(?m)^\s*` + testutil.LongEnv + `=1 ` + regexp.QuoteMeta(test) + `\s*$`)
	if !re.Match(ci) {
		t.Errorf(".ci/run has no line %q: CI would leave out the long tests, or not run README's test command", testutil.LongEnv+"=1 "+test)
	}
}
