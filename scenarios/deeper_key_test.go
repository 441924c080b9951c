package scenarios

import (
	"strings"
	"testing"
)

// TestUnknownKeyNamesTheTableItBelongsIn: a key written one table too
// high ([[demand.spike]] for arrivals.spikes) is named where it belongs.
func TestUnknownKeyNamesTheTableItBelongsIn(t *testing.T) {
	text := `name = "x"
[[stream_group]]
name = "g"
class = "gen4n_high"
  [[stream_group.location]]
  name = "eu-central-1"
  always_on = 2
[[demand]]
name = "d"
stream_group = "g"
arrivals = { process = "poisson", rate_per_hour = 10 }
session_length = { dist = "exponential", mean = "30m" }
  [[demand.spike]]
  start = "1h"
`
	_, err := Parse("s.toml", []byte(text), nil)
	if err == nil || !strings.Contains(err.Error(), `s.toml:13: demand[0].spike: unknown key here (did you mean "spikes", a table deeper: demand.arrivals.spikes?)`) {
		t.Errorf("error %v: want it to name demand.arrivals.spikes", err)
	}
	if got := suggestDeeper("demand.nothing_like_it"); got != "" {
		t.Errorf("suggestDeeper of a key far from every other = %q, want none", got)
	}
}
