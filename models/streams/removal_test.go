package streams

import (
	"math"
	"testing"
	"time"

	"github.com/capsim/capsim/sim"
)

// twoLocations is a stream group of tenancy-1 Linux class with a primary
// location "a" and, if b is set, a second location "b" present at the start.
// Sessions are long (fixed 10 h) and connect at once; the activation delay
// is a fixed 5 min and the allocation delay a fixed 1 min.
func twoLocations(a LocationConfig, b *LocationConfig, locs []string, ratePerHour float64) *Config {
	class := Class{Name: "test", Tenancy: 1, OS: Linux}
	g := GroupConfig{Name: "g", Class: class, Locations: []LocationConfig{a}}
	if b != nil {
		g.Locations = append(g.Locations, *b)
	}
	svc := fixedService()
	svc.PlacementTimeoutAlwaysOn, svc.PlacementTimeoutOnDemandLinux, svc.PlacementTimeoutOnDemandWindows =
		75*time.Second, 90*time.Second, 600*time.Second
	return &Config{
		Horizon: 4 * time.Hour, Seed: 7, Service: svc,
		Groups: []GroupConfig{g},
		Demands: []DemandConfig{{Name: "d", Locations: locs, Arrivals: &Poisson{RatePerHour: ratePerHour},
			SessionLength: sim.Fixed{D: 10 * time.Hour},
			Client:        Client{ConnectionTimeout: time.Hour, EndReason: ReasonAPITerminated}}},
	}
}

func loc(r *Result, name string) *LocationResult {
	for i := range r.Locations {
		if r.Locations[i].Location == name {
			return &r.Locations[i]
		}
	}
	return nil
}

// A location removed while ACTIVATING never becomes ACTIVE, and an
// activation scheduled before a removal does not activate the location when
// it is added again: only the new activation counts.
func TestRemovedWhileActivatingStaysRemoved(t *testing.T) {
	add := Action{At: time.Hour, Kind: AddStreamGroupLocations,
		Locations: []LocationConfig{{Name: "b", AlwaysOn: 40, PriceUSDPerHour: 1}}}
	remove := Action{At: time.Hour + 2*time.Minute, Kind: RemoveStreamGroupLocations, Names: []string{"b"}}
	cfg := twoLocations(LocationConfig{Name: "a", AlwaysOn: 4, PriceUSDPerHour: 1}, nil, nil, 2)
	cfg.Timeline = []Action{add, remove}
	if b := loc(runOne(t, cfg, nil), "b"); b.AllocatedSlotSeconds != 0 || b.CostUSD != 0 {
		t.Errorf("removed while ACTIVATING: b allocated %g slot-s, cost $%g; want 0", b.AllocatedSlotSeconds, b.CostUSD)
	}

	// Added again at 1h03m: the first activation (due 1h05m) is void, the
	// second ends at 1h08m; 40 slots from then to the 4 h horizon.
	readd := add
	readd.At = time.Hour + 3*time.Minute
	cfg.Timeline = []Action{add, remove, readd}
	want := 40 * (4*time.Hour - (time.Hour + 8*time.Minute)).Seconds()
	if b := loc(runOne(t, cfg, nil), "b"); math.Abs(b.AllocatedSlotSeconds-want) > 1e-6 {
		t.Errorf("re-added: b allocated %g slot-s, want %g (active from 1h08m)", b.AllocatedSlotSeconds, want)
	}
}

// RemoveStreamGroupLocations releases the location's capacity at once: its
// running sessions end TERMINATED locationRemoved at the removal time and
// nothing is billed afterwards.
func TestRemoveReleasesCapacityAndEndsSessions(t *testing.T) {
	b := LocationConfig{Name: "b", AlwaysOn: 10, PriceUSDPerHour: 1}
	cfg := twoLocations(LocationConfig{Name: "a", PriceUSDPerHour: 1}, &b, []string{"b"}, 6)
	cfg.Timeline = []Action{{At: 2 * time.Hour, Kind: RemoveStreamGroupLocations, Names: []string{"b"}}}
	ended := 0
	r := runOne(t, cfg, func(rec SessionRecord) {
		if rec.Reason == ReasonLocationRemoved {
			ended++
			if rec.Status != StatusTerminated || rec.EndSeconds != 7200 || rec.Location != "b" {
				t.Errorf("session ended by removal: %+v, want TERMINATED at 7200 s in b", rec)
			}
		}
	})
	lb := loc(r, "b")
	if want := 10 * 7200.0; lb.AllocatedSlotSeconds != want {
		t.Errorf("b allocated %g slot-s, want %g (10 slots until the removal at 2 h)", lb.AllocatedSlotSeconds, want)
	}
	if got := lb.TerminationsByReason[ReasonLocationRemoved]; got != 10 || ended != 10 {
		t.Errorf("removal ended %d sessions (%d records), want 10: 6/h over 2 h fill all 10 slots", got, ended)
	}
}

// Requests counted as demand by a location that is removed move to the next
// location that can take them instead of waiting on a location that is gone.
func TestRemoveMovesWaitingRequests(t *testing.T) {
	b := LocationConfig{Name: "b", AlwaysOn: 0, Maximum: 5, PriceUSDPerHour: 1}
	cfg := twoLocations(LocationConfig{Name: "a", Maximum: 50, PriceUSDPerHour: 1}, &b, []string{"b", "a"}, 60)
	cfg.Service.AllocationDelayLinux = sim.Fixed{D: 80 * time.Second}
	cfg.Service.PlacementTimeoutOnDemandLinux = 90 * time.Second
	cfg.Timeline = []Action{{At: 30 * time.Minute, Kind: RemoveStreamGroupLocations, Names: []string{"b"}}}
	cfg.Horizon = time.Hour
	r := runOne(t, cfg, nil) // the invariants: a removed location holds nothing, counts no demand
	if a := loc(r, "a"); a.Placed == 0 {
		t.Errorf("a placed nothing after b was removed")
	}
}
