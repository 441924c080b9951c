package htmlreport

import (
	"strings"
	"testing"
)

// TestBreakableBreaksBetweenTokens: a name may break after its
// underscores, dots, slashes, commas and equals signs, never inside a
// number or a token, and markup is escaped.
func TestBreakableBreaksBetweenTokens(t *testing.T) {
	in := []string{"gen6n_medium", "total.placement_failure_ratio<=0.01", "76.12 ± 11", "g/eu-central-1, <b>"}
	want := "gen6n_<wbr>medium | total.<wbr>placement_<wbr>failure_<wbr>ratio&lt;=<wbr>0.01 | 76.12 ± 11 | g/<wbr>eu-central-1, &lt;b&gt;"
	var got []string
	for _, s := range in {
		got = append(got, string(Breakable(s)))
	}
	if g := strings.Join(got, " | "); g != want {
		t.Errorf("Breakable:\n got %s\nwant %s", g, want)
	}
}
