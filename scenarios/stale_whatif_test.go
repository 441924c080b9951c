package scenarios_test

import (
	"strings"
	"testing"
)

// Turning stale expiry off with --set over a file that sets stale_expiry
// is a what-if, not a contradiction; the file saying both still is one
// (review finding).
func TestStaleExpiryOffBySet(t *testing.T) {
	text := minimalTOML + strings.Replace(fleetTOML, "max_players = 8\n", "max_players = 8\nstale_expiry = \"2h\"\n", 1)
	sc := parseText(t, text)
	set(t, sc, [2]string{"fleet[0].enable_stale_expiration", "false"})
	if _, _, err := sc.BuildAll(); err != nil {
		t.Errorf("--set enable_stale_expiration=false over a file with stale_expiry: %v", err)
	}
	both := parseText(t, strings.Replace(text, "stale_expiry = \"2h\"\n", "stale_expiry = \"2h\"\nenable_stale_expiration = false\n", 1))
	if _, _, err := both.BuildAll(); err == nil || !strings.Contains(err.Error(), "stale_expiry goes with enable_stale_expiration = true") {
		t.Errorf("file with both: %v", err)
	}
}
