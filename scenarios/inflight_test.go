package scenarios_test

import (
	"strings"
	"testing"
)

// A session mean near the int64 limit must not overflow the
// sessions-in-flight estimate and slip past its limit (review finding:
// mean = "2562047h47m16s" was accepted at any rate).
func TestInFlightEstimateDoesNotOverflow(t *testing.T) {
	text := strings.NewReplacer(
		`rate_per_hour = 10`, `rate_per_hour = 4000000`,
	).Replace(minimalTOML)
	text = strings.Replace(text, "[simulation]\n", "[simulation]\nmax_total_requests = 1000000000000\n", 1)
	sc := parseText(t, text)
	set(t, sc, [2]string{"demand[0].session_length", `{ dist = "exponential", mean = "2562047h47m16s" }`})
	_, _, err := sc.BuildAll()
	if err == nil || !strings.Contains(err.Error(), "sessions in flight at the peak is beyond the limit") {
		t.Errorf("error %v, want the sessions-in-flight limit", err)
	}
}
