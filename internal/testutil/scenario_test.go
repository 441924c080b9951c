package testutil

import (
	"strings"
	"testing"
)

// The line map in MinimalTOML's comment is what tests state error lines
// from: it must match the text.
func TestMinimalTOMLLineMap(t *testing.T) {
	lines := strings.Split(MinimalTOML, "\n")
	for n, prefix := range map[int]string{
		1: "name", 3: "[simulation]", 4: "horizon", 5: "warmup", 6: "replications",
		8: "[[stream_group]]", 9: "name", 10: "class", 12: "[[stream_group.location]]", 13: "name", 14: "always_on",
		16: "[[demand]]", 17: "name", 18: "stream_group", 19: "arrivals", 20: "session_length",
	} {
		if got := strings.TrimSpace(lines[n-1]); !strings.HasPrefix(got, prefix) {
			t.Errorf("line %d is %q, the map says %s", n, got, prefix)
		}
	}
	if len(lines) != 21 || lines[20] != "" {
		t.Errorf("%d lines: appended text does not start on line 21", len(lines))
	}
}
