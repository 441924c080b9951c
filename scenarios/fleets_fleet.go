package scenarios

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/capsim/capsim/models/fleets"
)

// fleet validates one [[fleet]].
func (b *builder) fleet(path string, f Fleet) fleets.FleetConfig {
	kind := fleets.Kind(f.Kind)
	c := &fleetCheck{b: b, path: path, f: f, kind: kind,
		kindOK:  b.enum(path+".kind", "fleet kind", f.Kind, fleetKinds),
		managed: kind == fleets.KindEC2 || kind == fleets.KindContainer,
		iq:      kind == fleets.KindFleetIQ,
		out:     &fleets.FleetConfig{Name: f.Name, Kind: kind, Locations: f.Locations, InstanceType: f.InstanceType},
	}
	c.fleetLocations()
	c.fleetProcesses()
	usesSpot, capOK := c.fleetCapacity()
	c.fleetSpot(usesSpot, capOK)
	c.fleetProcessesOut()
	c.fleetTiming()
	c.fleetTermination()
	c.fleetEnding()
	c.fleetClaims()
	c.out.Scaling = b.fleetScaling(path+".scaling", f, c.kindOK, c.iq)
	return *c.out
}

// fleetCheck is one [[fleet]] being validated and the configuration built
// from it.
type fleetCheck struct {
	b                   *builder
	path                string
	f                   Fleet
	kind                fleets.Kind
	kindOK, managed, iq bool
	out                 *fleets.FleetConfig
}

// fleetLocations checks a fleet's locations.
func (c *fleetCheck) fleetLocations() {
	p, f, iq := c.b.p, c.f, c.iq
	path := c.path
	switch {
	case len(f.Locations) == 0:
		p.add(path+".locations", "fleet %q needs at least one location, e.g. locations = [\"us-east-1\"]", f.Name)
	case len(f.Locations) > MaxLocationsPerGroup:
		p.add(path+".locations", "%d locations is beyond the limit of %d", len(f.Locations), MaxLocationsPerGroup)
	case iq && len(f.Locations) > 1:
		p.add(path+".locations", "a FleetIQ game server group lives in one Region (one Auto Scaling group): give one location, got %d", len(f.Locations))
	}
	seen := map[string]bool{}
	for li, l := range f.Locations {
		lp := fmt.Sprintf("%s.locations[%d]", path, li)
		if l == "" {
			p.add(lp, "a location needs a name, e.g. \"us-east-1\"")
		} else if seen[l] {
			p.add(lp, "location %q is listed twice", l)
		}
		seen[l] = true
	}
}

// fleetProcesses checks processes per instance and players.
func (c *fleetCheck) fleetProcesses() {
	p, f := c.b.p, c.f
	path := c.path
	if f.ProcessesPerInstance < 1 || f.ProcessesPerInstance > MaxProcessesPerInstance {
		p.add(path+".processes_per_instance", "must be 1–%d (at most %d concurrent server processes per instance, G1), got %d",
			MaxProcessesPerInstance, MaxProcessesPerInstance, f.ProcessesPerInstance)
	}
	if f.MaxPlayers < 1 {
		p.add(path+".max_players", "must be ≥ 1, got %d", f.MaxPlayers)
	}
}

// fleetCapacity checks the capacity type (managed fleets) or balancing (FleetIQ),
// and its prices; it returns whether Spot is used and whether that is known.
func (c *fleetCheck) fleetCapacity() (usesSpot, capOK bool) {
	var usesOnDemand bool
	p, ix, f, kind, kindOK, managed, iq, out := c.b.p, c.b.sc.src.lines, c.f, c.kind, c.kindOK, c.managed, c.iq, c.out
	b := c.b
	path := c.path
	switch {
	case iq:
		if ix.has(path + ".capacity_type") {
			p.add(path+".capacity_type", "capacity_type is for managed fleets; a FleetIQ group uses balancing (%s)", strings.Join(balancings, ", "))
		}
		if b.enum(path+".balancing", "balancing strategy", f.Balancing, balancings) {
			bal := fleets.Balancing(f.Balancing)
			usesSpot = bal != fleets.OnDemandOnly
			usesOnDemand = bal != fleets.SpotOnly // SPOT_PREFERRED falls back to On-Demand (F2)
			out.Balancing, capOK = bal, true
		}
		c.instanceDefinitions(usesOnDemand, usesSpot)
	case kindOK:
		if ix.has(path + ".instance_definitions") {
			p.add(path+".instance_definitions", "instance_definitions are a FleetIQ game server group's (F7); a fleet of kind %q has one instance_type with price_on_demand and price_spot", f.Kind)
		}
		if ix.has(path + ".balancing") {
			p.add(path+".balancing", "balancing is a FleetIQ setting (kind = \"fleetiq\"); %s fleets use capacity_type", f.Kind)
		}
		if b.enum(path+".capacity_type", "capacity type", f.CapacityType, capacityTypes) {
			ct := fleets.CapacityType(f.CapacityType)
			if !managed && ct == fleets.Spot {
				p.add(path+".capacity_type", "an Anywhere fleet runs on your own compute: it has no Spot capacity")
			}
			usesSpot = managed && ct == fleets.Spot
			usesOnDemand = !usesSpot
			out.CapacityType, capOK = ct, true
		}
	}
	if !iq {
		b.fleetPrices(path, f, kind, usesOnDemand, usesSpot)
		out.PriceOnDemand, out.PriceSpot = f.PriceOnDemand, f.PriceSpot
	}
	if b.nonNegative(path+".min_billed", f.MinBilled) {
		out.MinBilled = f.MinBilled
	}

	return usesSpot, capOK
}

// fleetProcessesOut copies processes and players.
func (c *fleetCheck) fleetProcessesOut() {
	c.out.ProcessesPerInstance, c.out.MaxPlayers = c.f.ProcessesPerInstance, c.f.MaxPlayers
}

// fleetTiming builds the launch and start delays.
func (c *fleetCheck) fleetTiming() {
	p, f, out := c.b.p, c.f, c.out
	b := c.b
	path := c.path
	out.InstanceLaunchDelay = b.dist(path+".instance_launch_delay", f.InstanceLaunchDelay)
	out.ProcessStartDelay = b.dist(path+".process_start_delay", f.ProcessStartDelay)
	out.RestartDelay = b.dist(path+".restart_delay", f.RestartDelay)
	out.ActivationTime = b.dist(path+".activation_time", f.ActivationTime)
	if f.ActivationTimeout < time.Second || f.ActivationTimeout > MaxActivationTimeout {
		p.add(path+".activation_timeout", "GameSessionActivationTimeoutSeconds must be 1s–600s (G1), got %v", f.ActivationTimeout)
	}
	out.ActivationTimeout = f.ActivationTimeout
}

// fleetTermination checks the shutdown and termination settings. FORCE_TERMINATE on an
// Anywhere fleet without the agent is deliberately not a validation error:
// the API rejects the call at run time (S000) and the model counts it
// (TerminateRejected), which is the behaviour a scenario may want to see.
func (c *fleetCheck) fleetTermination() {
	p, ix, f, kind, kindOK, iq, out := c.b.p, c.b.sc.src.lines, c.f, c.kind, c.kindOK, c.iq, c.out
	b := c.b
	path := c.path
	out.GracefulShutdown = b.dist(path+".graceful_shutdown", f.GracefulShutdown)
	b.share(path+".no_process_ending_share", f.NoProcessEndingShare)
	out.NoProcessEndingShare = f.NoProcessEndingShare
	if f.AnywhereAgent && kindOK && kind != fleets.KindAnywhere {
		p.add(path+".anywhere_agent", "the GameLift Agent setting applies to kind = \"anywhere\", not %s", f.Kind)
	}
	out.AnywhereAgent = f.AnywhereAgent
	switch {
	case !b.nonNegative(path+".terminate_older_than", f.TerminateOlderThan):
	case f.TerminateOlderThan > 0:
		if iq {
			p.add(path+".terminate_older_than", "TerminateGameSession works on EC2, container and Anywhere fleets (S000), not on a FleetIQ group")
		} else if b.enum(path+".terminate_mode", "termination mode", f.TerminateMode, termModes) {
			out.TerminateOlderThan, out.TerminateMode = f.TerminateOlderThan, fleets.TerminationMode(f.TerminateMode)
		}
	case ix.has(path + ".terminate_mode"):
		p.add(path+".terminate_mode", "terminate_mode goes with terminate_older_than (the age at which sessions are terminated)")
	}
}

// fleetEnding checks how games end: lost and doubled end signals, stale expiry.
func (c *fleetCheck) fleetEnding() {
	p, ix, f, out := c.b.p, c.b.sc.src.lines, c.f, c.out
	b := c.b
	path := c.path
	b.share(path+".lost_end_share", f.LostEndShare)
	b.share(path+".duplicate_end_share", f.DuplicateEndShare)
	if s := f.LostEndShare + f.DuplicateEndShare; s > 1 && f.LostEndShare <= 1 && f.DuplicateEndShare <= 1 {
		p.add(path+".duplicate_end_share", "lost_end_share + duplicate_end_share is %g: an end signal is lost, doubled or delivered once, so the shares cannot exceed 1", s)
	}
	if f.StaleExpiry <= 0 {
		p.add(path+".stale_expiry", "must be positive, got %v", f.StaleExpiry)
	}
	// Contradictory only when the file says both; turning expiry off with
	// --set over a file that sets stale_expiry is a what-if.
	if !f.EnableStaleExpiration && ix.has(path+".stale_expiry") && ix.fromFile(path+".enable_stale_expiration") {
		p.add(path+".stale_expiry", "stale_expiry goes with enable_stale_expiration = true (S003); expiry is disabled here")
	}
	if b.nonNegative(path+".access_interval", f.AccessInterval) && f.EnableStaleExpiration && f.StaleExpiry > 0 && f.AccessInterval > f.StaleExpiry {
		p.add(path+".access_interval", "access_interval %v is longer than stale_expiry %v: every game longer than stale_expiry would expire in play; use \"0s\" to say games are not accessed during play", f.AccessInterval, f.StaleExpiry)
	}
	out.LostEndShare, out.DuplicateEndShare, out.StaleExpiry = f.LostEndShare, f.DuplicateEndShare, f.StaleExpiry
	out.DisableStaleExpiration, out.AccessInterval = !f.EnableStaleExpiration, f.AccessInterval
	out.LostEndFreesProcess = !f.LostEndHoldsProcess
}

// fleetClaims checks the FleetIQ claim settings.
func (c *fleetCheck) fleetClaims() {
	p, ix, f, kindOK, iq, out := c.b.p, c.b.sc.src.lines, c.f, c.kindOK, c.iq, c.out
	b := c.b
	path := c.path
	if f.ClaimHold != ClaimHold {
		p.add(path+".claim_hold", "ClaimGameServer holds a claim for 60s, fixed by the service (S002); got %v", f.ClaimHold)
	}
	if !iq && kindOK {
		if ix.has(path+".client_connect_delay") || ix.hasUnder(path+".client_connect_delay") {
			p.add(path+".client_connect_delay", "applies to FleetIQ claims (kind = \"fleetiq\"); a game session's players are not modelled one by one")
		}
		if f.ClaimDraining {
			p.add(path+".claim_draining", "applies to FleetIQ claims (kind = \"fleetiq\")")
		}
	}
	out.ClaimHold = ClaimHold
	out.ClientConnectDelay = b.dist(path+".client_connect_delay", f.ClientConnectDelay)
	out.ClaimDraining = f.ClaimDraining
}

// fleetPrices checks that the prices a managed or Anywhere fleet uses are
// given: capsim ships no GameLift Servers prices.
func (b *builder) fleetPrices(path string, f Fleet, kind fleets.Kind, usesOnDemand, usesSpot bool) {
	if kind == fleets.KindAnywhere {
		// Anywhere compute is yours: its cost may be 0, but say so. The
		// per-placement and per-minute Anywhere fees (G14) are not modelled.
		b.priceValid(path+".price_on_demand", f.PriceOnDemand)
		b.priceValid(path+".price_spot", f.PriceSpot)
		if !b.sc.src.lines.has(path + ".price_on_demand") {
			b.p.add(path+".price_on_demand", "fleet %q is an Anywhere fleet: give the cost of your own compute per instance-hour as price_on_demand (0 to leave it out)", f.Name)
		}
		return
	}
	b.pricePair(path, f.Name, orDefault(f.InstanceType, "its instance type"), f.PriceOnDemand, f.PriceSpot, usesOnDemand, usesSpot)
}

// pricePair checks the On-Demand and Spot prices at path (a fleet, or one
// of a group's instance definitions): each valid, each the fleet uses
// given and non-zero, Spot not above On-Demand (G13).
func (b *builder) pricePair(path, fleet, instanceType string, od, spot float64, usesOnDemand, usesSpot bool) {
	p, ix := b.p, b.sc.src.lines
	odOK, spotOK := b.priceValid(path+".price_on_demand", od), b.priceValid(path+".price_spot", spot)
	need := func(key string, x float64, what string) {
		switch {
		case !ix.has(path + "." + key):
			p.add(path+"."+key, "fleet %q uses %s instances and has no %s: capsim ships no GameLift Servers prices; give your USD per instance-hour for %s (G13)",
				fleet, what, key, instanceType)
		case x == 0:
			p.add(path+"."+key, "fleet %q uses %s instances: %s must be > 0, got 0", fleet, what, key)
		}
	}
	if usesOnDemand && odOK {
		need("price_on_demand", od, "On-Demand")
	}
	if usesSpot && spotOK {
		need("price_spot", spot, "Spot")
	}
	if odOK && spotOK && spot > 0 && od > 0 && spot > od {
		p.add(path+".price_spot", "Spot price %g is above the On-Demand price %g: Spot never exceeds On-Demand (G13)", spot, od)
	}
}

// priceValid checks a price in USD per instance-hour.
func (b *builder) priceValid(path string, x float64) bool {
	if !(x >= 0) || math.IsInf(x, 0) {
		b.p.add(path, "must be ≥ 0 USD per instance-hour, got %g", x)
		return false
	}
	if x > MaxPriceUSDPerHour {
		b.p.add(path, "%g USD per instance-hour is beyond the limit of %g", x, MaxPriceUSDPerHour)
		return false
	}
	return true
}
