package streams

import (
	"testing"
	"time"

	"github.com/capsim/capsim/sim"
)

func fixed(d time.Duration) sim.Dist { return sim.Fixed{D: d} }

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

// A placement timeout while capacity is allocating at a location the request
// waited at is counted there: with a 10 min allocation delay and a 90 s
// timeout every timeout of an empty on-demand location is one; at a full
// always-on location, where nothing allocates, none is.
func TestPlacementTimeoutsWhileAllocating(t *testing.T) {
	cfg := twoLocations(LocationConfig{Name: "a", Maximum: 50, PriceUSDPerHour: 1}, nil, nil, 30)
	cfg.Service.AllocationDelayLinux = fixed(10 * time.Minute)
	r := runOne(t, cfg, nil)
	a := loc(r, "a")
	if n := a.FailuresByReason[ReasonPlacementTimeout]; n < 10 || a.PlacementTimeoutsWhileAllocating != n {
		t.Errorf("%d timeouts while allocating, want all %d placement timeouts (≥ 10)", a.PlacementTimeoutsWhileAllocating, n)
	}

	cfg = twoLocations(LocationConfig{Name: "a", AlwaysOn: 2, PriceUSDPerHour: 1}, nil, nil, 30)
	a = loc(runOne(t, cfg, nil), "a")
	if a.FailuresByReason[ReasonPlacementTimeout] < 10 || a.PlacementTimeoutsWhileAllocating != 0 {
		t.Errorf("always-on only: %d timeouts while allocating of %d, want 0", a.PlacementTimeoutsWhileAllocating, a.FailuresByReason[ReasonPlacementTimeout])
	}
}
