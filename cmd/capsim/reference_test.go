package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/capsim/capsim/scenarios"
)

// TestReferenceExampleRuns runs the scenario reference's annotated example
// (every table of the format): it runs, its [[assert]] passes, and the
// table shows both its stream-group locations and its fleets.
func TestReferenceExampleRuns(t *testing.T) {
	file := filepath.Join(t.TempDir(), "reference.toml")
	if err := os.WriteFile(file, []byte(scenarios.ReferenceTOML()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := capsim(t, "run", "--quiet", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{"main/eu-central-1", "main/us-east-1", "matches", "arena", "assert"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

// TestValidateExplain checks capsim validate --explain end to end: an
// entry on stdout, exit 0; an unknown key names the closest, exit 2.
func TestValidateExplain(t *testing.T) {
	code, out, _ := capsim(t, "validate", "--explain", "service.billing_unit")
	if code != 0 || !strings.Contains(out, "per_instance") || !strings.Contains(out, "tenancy") {
		t.Errorf("exit %d, stdout %q", code, out)
	}
	code, _, errOut := capsim(t, "validate", "--explain", "service.biling_unit")
	if code != 2 || !strings.Contains(errOut, "service.billing_unit") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
