package reports

import (
	"strings"
	"testing"

	"github.com/capsim/capsim/sim"
)

// TestFragilityNamesWhatIsMissed: a row whose plan misses a requirement
// says which and where, below the table; a row that meets says nothing.
func TestFragilityNamesWhatIsMissed(t *testing.T) {
	e := sim.Estimate{Mean: 0.0006, CI95: 0.0001, N: 10}
	rows := []OptimizeFragile{
		{Scale: 1, Chosen: FragileCell{FailureRatio: e, Meets: true}, Given: FragileCell{FailureRatio: e, Meets: true}},
		{Scale: 2, Chosen: FragileCell{FailureRatio: e, Misses: []string{"hours[*].placement_failure_ratio<=0.01 at hours[19]"}},
			Given: FragileCell{FailureRatio: e, Misses: []string{"a<=1", "b<=2 at locations[x]"}}},
	}
	var b strings.Builder
	writeFragility(&b, rows)
	out := b.String()
	for _, want := range []string{"×2, the plan misses hours[*].placement_failure_ratio<=0.01 at hours[19]\n",
		"×2, as given misses a<=1; b<=2 at locations[x]\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "×1, ") {
		t.Errorf("a row that meets its requirements names misses:\n%s", out)
	}
}
