package capsim_test

import (
	"os"
	"regexp"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
)

// TestCIRunsTheLongTests: CI runs every test. .ci/run must run go test
// ./... with testutil.LongEnv=1, or the tests the default run leaves out
// (testutil.Long) would run nowhere.
func TestCIRunsTheLongTests(t *testing.T) {
	ci, err := os.ReadFile(".ci/run")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^\s*` + testutil.LongEnv + `=1 go test \./\.\.\.\s*$`)
	if !re.Match(ci) {
		t.Errorf(".ci/run has no line %q: CI would leave out the long tests", testutil.LongEnv+"=1 go test ./...")
	}
}
