package streams

import (
	"testing"
	"time"
)

// The placement timeout follows the capacity type (S004): the always-on
// 75 s only where every location the request may be placed at is always-on
// only, the on-demand 90 s (Linux) where any of them has capacity above
// always-on, at its ceiling or not.
func TestPlacementTimeoutByCapacityType(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b LocationConfig
		want float64 // seconds from request to placementTimeout
	}{
		{"maximum only, at its ceiling", LocationConfig{Name: "a", Maximum: 2}, LocationConfig{Name: "b"}, 90},
		{"always-on only", LocationConfig{Name: "a", AlwaysOn: 2}, LocationConfig{Name: "b"}, 75},
		{"mixed list, both full", LocationConfig{Name: "a", AlwaysOn: 2}, LocationConfig{Name: "b", Maximum: 2}, 90},
		{"always-on plus maximum, at its ceiling", LocationConfig{Name: "a", AlwaysOn: 1, Maximum: 2}, LocationConfig{Name: "b"}, 90},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.a.PriceUSDPerHour, tc.b.PriceUSDPerHour = 1, 1
			cfg := twoLocations(tc.a, &tc.b, []string{"a", "b"}, 30)
			cfg.Horizon = 2 * time.Hour
			n := 0
			runOne(t, cfg, func(rec SessionRecord) {
				if rec.Reason != ReasonPlacementTimeout {
					return
				}
				n++
				// tolerance 1 µs: times are float seconds of integer nanoseconds
				if got := rec.EndSeconds - rec.ArrivalSeconds; got < tc.want-1e-6 || got > tc.want+1e-6 {
					t.Errorf("timed out after %g s, want %g", got, tc.want)
				}
			})
			if n < 10 {
				t.Errorf("%d placement timeouts, want ≥ 10 (30/h onto 2 slots of 10 h sessions)", n)
			}
		})
	}
}
