package streams

import (
	"math"
	"testing"
	"time"

	"github.com/capsim/capsim/sim"
)

const day = 24 * time.Hour

// longRun is a 400-day run of one group (always-on 2, tenancy 1, price
// 1 USD per instance-hour) with 365-day lifetime and light Poisson demand.
func longRun(ratePerHour float64) *Config {
	cfg := detConfig(2, 4, nil, 20*time.Minute)
	cfg.Horizon = 400 * day
	cfg.Service.StreamGroupLifetime = 365 * day
	cfg.Demands[0].Arrivals = &Poisson{RatePerHour: ratePerHour}
	cfg.Demands[0].SessionLength = sim.Exponential{M: 20 * time.Minute}
	if ratePerHour == 0 {
		cfg.Demands = nil
	}
	return cfg
}

// TestGroupExpiresAfter365Days: without recreation every request from day
// 365 on fails with streamGroupExpired, and none before.
func TestGroupExpiresAfter365Days(t *testing.T) {
	cfg := longRun(2)
	recs, res := records(t, cfg)
	exp := (365 * day).Seconds()
	if got := res.Lifetimes[0].ExpiredAtSeconds; got != exp {
		t.Fatalf("expired at %vs, want %vs", got, exp)
	}
	var after, failedAfter, failedBefore int
	for _, r := range recs {
		expired := r.Reason == ReasonStreamGroupExpired
		if r.ArrivalSeconds >= exp {
			after++
			if expired {
				failedAfter++
			}
		} else if expired && r.EndSeconds < exp {
			failedBefore++
		}
	}
	if after < 1000 || failedAfter != after {
		t.Errorf("%d of %d requests after day 365 failed streamGroupExpired, want all (and > 1000)", failedAfter, after)
	}
	if failedBefore != 0 {
		t.Errorf("%d requests failed streamGroupExpired before day 365", failedBefore)
	}
	l := res.Locations[0]
	if l.FailuresByReason[ReasonStreamGroupExpired] < int64(after) {
		t.Errorf("FailuresByReason[streamGroupExpired] = %d, want ≥ %d", l.FailuresByReason[ReasonStreamGroupExpired], after)
	}
}

// TestRecreationAvoidsExpiry: recreating every 21 days, nothing expires.
func TestRecreationAvoidsExpiry(t *testing.T) {
	cfg := longRun(2)
	cfg.Groups[0].RecreateEvery = 21 * day
	_, res := records(t, cfg)
	lt := res.Lifetimes[0]
	if lt.ExpiredAtSeconds != -1 || lt.Recreations != 19 {
		t.Errorf("lifetime %+v, want no expiry and 19 recreations (21d × 19 < 400d)", lt)
	}
	if n := res.Locations[0].FailuresByReason[ReasonStreamGroupExpired]; n != 0 {
		t.Errorf("%d streamGroupExpired failures with recreation", n)
	}
	// With sessions running at the switch the old group drains after it:
	// the overlap is at least the activation delay per recreation.
	if min := 19 * 2 * (5 * time.Minute).Seconds(); res.Locations[0].OverlapSlotSeconds < min {
		t.Errorf("overlap %v slot-seconds, want ≥ %v", res.Locations[0].OverlapSlotSeconds, min)
	}
}

// TestRecreationOverlapCost: with no sessions the old group is deleted as
// soon as the new one is ACTIVE, so each overlap lasts the activation delay
// (5 min): cost = always-on instances × 19 × 5 min × price.
func TestRecreationOverlapCost(t *testing.T) {
	cfg := longRun(0)
	cfg.Groups[0].RecreateEvery = 21 * day
	_, res := records(t, cfg)
	l := res.Locations[0]
	wantSlotSeconds := 2 * 19 * (5 * time.Minute).Seconds()
	wantCost := wantSlotSeconds / 3600 * 1.0 // tenancy 1, 1 USD per instance-hour
	if math.Abs(l.OverlapSlotSeconds-wantSlotSeconds) > 1e-6 {
		t.Errorf("overlap %v slot-seconds, want %v", l.OverlapSlotSeconds, wantSlotSeconds)
	}
	if math.Abs(l.OverlapCostUSD-wantCost) > 1e-9 {
		t.Errorf("overlap cost %v USD, want %v", l.OverlapCostUSD, wantCost)
	}
	// The run's cost is the always-on capacity all along plus the overlap.
	base := 2 * (400 * day).Hours()
	if math.Abs(l.CostUSD-(base+wantCost)) > 1e-6 {
		t.Errorf("cost %v USD, want %v + %v", l.CostUSD, base, wantCost)
	}
	// The capacity figures count the overlap as the cost does (review
	// finding: allocated slot-hours left it out while the cost had it).
	if want := base*3600 + wantSlotSeconds; math.Abs(l.AllocatedSlotSeconds-want) > 1e-3 {
		t.Errorf("allocated %v slot-seconds, want %v (always-on all along + the overlap)", l.AllocatedSlotSeconds, want)
	}
}
