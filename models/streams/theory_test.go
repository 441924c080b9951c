package streams

import (
	"math"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/queueing"
	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/sim"
)

// textbook returns the model in its textbook form: c always-on slots of
// tenancy ten, Poisson arrivals at lambda per hour, exponential sessions of
// mean 1/mu hours, instant connect, no start delay, placement timeout D,
// run for 50 hours of warm-up and then about 40,000 arrivals.
func textbook(c, ten int, lambda, mu float64, D time.Duration) *Config {
	class := Class{Name: "test", Tenancy: ten, OS: Linux}
	mean := time.Duration(float64(time.Hour) / mu)
	return &Config{
		Horizon: time.Duration(float64(time.Hour) * (50 + 40000/lambda)), Warmup: 50 * time.Hour, Seed: 2026,
		Service: Service{
			PlacementTimeoutAlwaysOn: D, PlacementTimeoutOnDemandLinux: D, PlacementTimeoutOnDemandWindows: D,
			AllocationDelayLinux: sim.Fixed{D: time.Minute}, AllocationDelayWindows: sim.Fixed{D: time.Minute},
			ActivationDelay: sim.Fixed{}, SessionStartDelay: sim.Fixed{}, IdleReleaseDelay: time.Minute,
			BillingUnit: PerInstance, Packing: "fill_first", MaximumIncludesAlwaysOn: true,
		},
		Groups: []GroupConfig{{Name: "g", Class: class, Locations: []LocationConfig{{Name: "here", AlwaysOn: c, PriceUSDPerHour: 1}}}},
		Demands: []DemandConfig{{Name: "d", Arrivals: &Poisson{RatePerHour: lambda},
			SessionLength: sim.Exponential{M: mean},
			Client:        Client{ConnectionTimeout: time.Hour, EndReason: ReasonAPITerminated}}},
	}
}

func TestTheoryMMcD(t *testing.T) {
	const reps = 10
	cases := []struct {
		name       string
		slots, ten int
		lambda, mu float64
		timeout    time.Duration
	}{
		{"ErlangB tenancy 1", 10, 1, 9, 1, 0},
		{"ErlangB tenancy 4", 12, 4, 11, 1, 0},
		{"ErlangC tenancy 2", 10, 2, 8, 1, 10000 * time.Hour},
		{"ErlangC tenancy 12", 24, 12, 20, 1, 10000 * time.Hour},
		// Sessions of 6 minutes make the 75 s and 90 s timeouts bite.
		{"M/M/c+D 75s tenancy 2", 20, 2, 190, 10, 75 * time.Second},
		{"M/M/c+D 90s tenancy 4", 20, 4, 210, 10, 90 * time.Second},
		{"M/M/c+D 75s tenancy 12", 48, 12, 460, 10, 75 * time.Second},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := textbook(c.slots, c.ten, c.lambda, c.mu, c.timeout)
			th := testutil.CheckMMcD(t, c.lambda, c.mu, c.slots, c.timeout, reps, func(rep int) (*Result, error) {
				return Run(cfg, rep, Options{CheckInvariants: rep == 0})
			}, func(r *Result) testutil.Queue {
				l := r.Locations[0]
				return testutil.Queue{Abandoned: float64(l.FailuresByReason[ReasonPlacementTimeout]) / float64(l.Requests),
					MeanWaitHours: l.Latency.Mean() / 3600, Utilisation: l.StreamingSlotSeconds / l.AllocatedSlotSeconds}
			})
			if c.timeout == 0 {
				if b := queueing.ErlangB(c.slots, c.lambda/c.mu); math.Abs(b-th.AbandonProbability) > 1e-12 {
					t.Fatalf("theory: Erlang B %v != M/M/c+0 %v", b, th.AbandonProbability)
				}
			}
		})
	}
}
