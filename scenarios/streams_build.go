package scenarios

import (
	"fmt"
	"time"

	"github.com/capsim/capsim/models/geo"
	"github.com/capsim/capsim/models/streams"
)

func (b *builder) service() streams.Service {
	s, p := b.sc.Service, b.p
	nonNeg := func(path string, d time.Duration) {
		if d < 0 {
			p.add("service."+path, "must not be negative, got %v", d)
		}
	}
	nonNeg("placement_timeout_always_on", s.PlacementTimeoutAlwaysOn)
	nonNeg("placement_timeout_on_demand_linux", s.PlacementTimeoutOnDemandLinux)
	nonNeg("placement_timeout_on_demand_windows", s.PlacementTimeoutOnDemandWindows)
	nonNeg("idle_release_delay", s.IdleReleaseDelay)
	nonNeg("idle_timeout", s.IdleTimeout)
	nonNeg("terminating_duration", s.TerminatingDuration)
	nonNeg("reconnecting_duration", s.ReconnectingDuration)
	nonNeg("min_billed_duration", s.MinBilledDuration)
	nonNeg("shortfall_duration", s.ShortfallDuration)
	nonNeg("stream_group_lifetime", s.StreamGroupLifetime)
	nonNeg("last_mile_rtt", s.LastMileRTT)
	out := streams.Service{
		PlacementTimeoutAlwaysOn:        s.PlacementTimeoutAlwaysOn,
		PlacementTimeoutOnDemandLinux:   s.PlacementTimeoutOnDemandLinux,
		PlacementTimeoutOnDemandWindows: s.PlacementTimeoutOnDemandWindows,
		AllocationDelayLinux:            b.dist("service.allocation_delay_linux", s.AllocationDelayLinux),
		AllocationDelayWindows:          b.dist("service.allocation_delay_windows", s.AllocationDelayWindows),
		ActivationDelay:                 b.dist("service.activation_delay", s.ActivationDelay),
		IdleReleaseDelay:                s.IdleReleaseDelay,
		SessionStartDelay:               b.dist("service.session_start_delay", s.SessionStartDelay),
		SessionStartDelayCold:           b.dist("service.session_start_delay_cold", s.SessionStartDelayCold),
		IdleTimeout:                     s.IdleTimeout,
		TerminatingDuration:             s.TerminatingDuration,
		ReconnectingDuration:            s.ReconnectingDuration,
		BillingUnit:                     streams.BillingUnit(s.BillingUnit),
		MinBilledDuration:               s.MinBilledDuration,
		Packing:                         s.Packing,
		MaximumIncludesAlwaysOn:         s.MaximumIncludesAlwaysOn,
		InternalErrorProbability:        s.InternalErrorProbability,
		ShortfallRatePerHour:            s.ShortfallRatePerHour,
		ShortfallDuration:               s.ShortfallDuration,
		StreamGroupLifetime:             s.StreamGroupLifetime,
	}
	if out.BillingUnit != streams.PerInstance && out.BillingUnit != streams.PerStream {
		b.enum("service.billing_unit", "billing unit", s.BillingUnit, []string{string(streams.PerInstance), string(streams.PerStream)})
	}
	if _, err := streams.LookupPacking(s.Packing); err != nil {
		p.add("service.packing", "%v", err)
	}
	b.probability("service.internal_error_probability", s.InternalErrorProbability)
	b.rate("service.shortfall_rate_per_hour", s.ShortfallRatePerHour)
	return out
}

func (b *builder) groups(cfg *streams.Config) {
	sc, p := b.sc, b.p
	if len(sc.StreamGroups) == 0 && len(sc.Fleets) == 0 {
		p.add("stream_group", "a scenario needs at least one [[stream_group]] or [[fleet]]")
	}
	seen := map[string]bool{}
	for gi, g := range sc.StreamGroups {
		path := fmt.Sprintf("stream_group[%d]", gi)
		if g.Name == "" {
			p.add(path+".name", "a stream group needs a name")
		} else if seen[g.Name] {
			p.add(path+".name", "stream group %q is defined twice", g.Name)
		}
		seen[g.Name] = true
		class, err := streams.LookupClass(g.Class)
		if err != nil {
			p.add(path+".class", "%s", unknownClassMsg(g.Class))
		}
		b.classes = append(b.classes, class)
		gc := streams.GroupConfig{Name: g.Name, Class: class, RecreateEvery: g.RecreateEvery}
		b.recreateEvery(path+".recreate_every", g.RecreateEvery)
		if len(g.Locations) == 0 {
			p.add(path, "stream group %q needs at least one [[stream_group.location]]", g.Name)
		}
		if len(g.Locations) > MaxLocationsPerGroup {
			p.add(path+".location", "%d locations: the API takes at most %d", len(g.Locations), MaxLocationsPerGroup)
		}
		names := map[string]bool{}
		for li, l := range g.Locations {
			lp := fmt.Sprintf("%s.location[%d]", path, li)
			if names[l.Name] {
				p.add(lp+".name", "location %q appears twice in stream group %q", l.Name, g.Name)
			}
			names[l.Name] = true
			primary := ""
			if li > 0 {
				primary = g.Locations[0].Name
			}
			b.streamLocation(lp, l.Name, class, primary)
			gc.Locations = append(gc.Locations, b.location(lp, l, class, true))
		}
		cfg.Groups = append(cfg.Groups, gc)
	}
}

// location validates capacity settings as the API does and applies the
// class default capacity when none is given.
func (b *builder) location(path string, l Location, class streams.Class, classDefault bool) streams.LocationConfig {
	p, ix := b.p, b.sc.src.lines
	if l.Name == "" {
		p.add(path+".name", "a location needs a name, e.g. \"us-east-1\"")
	}
	anySet := ix.has(path+".always_on") || ix.has(path+".target_idle") || ix.has(path+".maximum") || ix.has(path+".on_demand")
	if !anySet && classDefault && class.Tenancy > 0 {
		l.AlwaysOn = class.DefaultCapacity
	}
	for _, f := range []struct {
		key string
		v   int
	}{{"always_on", l.AlwaysOn}, {"target_idle", l.TargetIdle}, {"maximum", l.Maximum}, {"on_demand", l.OnDemand}} {
		switch {
		case f.v < 0:
			p.add(path+"."+f.key, "must be ≥ 0, got %d", f.v)
		case f.v > MaxStreamsPerLocation:
			p.add(path+"."+f.key, "%d streams is beyond the limit of %d per location", f.v, MaxStreamsPerLocation)
		case class.Tenancy > 0 && f.v%class.Tenancy != 0:
			p.add(path+"."+f.key, "%d is not a whole multiple of the tenancy %d of class %s", f.v, class.Tenancy, class.Name)
		}
	}
	if ix.has(path + ".gpu_quota") {
		p.add(path+".gpu_quota", "the GPU quota is the account's, per location and GPU generation, shared by every stream group: use [[gpu_quota]] location = %q generation = %q gpus = N", l.Name, class.Generation())
	}
	if l.OnDemand > 0 && (l.TargetIdle > 0 || l.Maximum > 0) {
		p.add(path+".on_demand", "on_demand (deprecated) cannot be used with target_idle or maximum in the same location")
	}
	if b.sc.Service.MaximumIncludesAlwaysOn && l.Maximum > 0 && l.Maximum < l.AlwaysOn {
		p.add(path+".maximum", "maximum %d is below always_on %d (maximum includes always-on capacity)", l.Maximum, l.AlwaysOn)
	}
	switch {
	case l.TargetIdle > 0 && l.Maximum == 0:
		p.add(path+".target_idle", "target_idle needs a maximum above always_on to grow into")
	case l.TargetIdle > 0 && b.sc.Service.MaximumIncludesAlwaysOn && l.Maximum == l.AlwaysOn:
		// Rejected, not warned: the service keeps no on-demand capacity
		// here, so the setting is inconsistent, and a warning is easy to
		// miss in a batch of runs whose idle capacity it would misstate.
		p.add(path+".target_idle", "target_idle %d can never be honoured: maximum %d equals always_on %d (maximum includes always-on capacity), so there is no on-demand capacity to keep idle; raise maximum or set target_idle = 0",
			l.TargetIdle, l.Maximum, l.AlwaysOn)
	}
	return streams.LocationConfig{Name: l.Name, AlwaysOn: l.AlwaysOn, TargetIdle: l.TargetIdle,
		Maximum: l.Maximum, OnDemand: l.OnDemand, PriceUSDPerHour: -1}
}

// prices resolves each location's price (Scenario.priceOf: the
// scenario's [[price]] first, then the shipped table). A missing price is
// an error naming class and location.
func (b *builder) prices(cfg *streams.Config) {
	sc, p := b.sc, b.p
	seen := map[[2]string]bool{}
	for i, pr := range sc.Prices {
		path := fmt.Sprintf("price[%d]", i)
		if _, err := streams.LookupClass(pr.Class); err != nil {
			p.add(path+".class", "%s", unknownClassMsg(pr.Class))
		}
		if pr.Location == "" {
			p.add(path+".location", "a price needs a location")
		} else {
			b.knownLocation(path+".location", pr.Location)
		}
		if !(pr.USDPerHour >= 0) {
			p.add(path+".usd_per_hour", "must be ≥ 0, got %g", pr.USDPerHour)
		} else if pr.USDPerHour > MaxPriceUSDPerHour {
			p.add(path+".usd_per_hour", "%g USD per hour is beyond the limit of %g", pr.USDPerHour, MaxPriceUSDPerHour)
		}
		b.pairOnce(seen, path, "price", pr.Class, pr.Location)
	}
	resolve := func(path string, class streams.Class, l *streams.LocationConfig) {
		if loc, ok := geo.LookupLocation(l.Name); class.Name == "" || !ok || !loc.Offers(class.Generation()) {
			return // an unknown location or class is reported where it is named
		}
		if use, ok := sc.priceOf(class, l.Name); ok {
			l.PriceUSDPerHour = use.USDPerHour
			return
		}
		p.addKind(ErrNoPrice, path, "no price for class %s in %s: capsim ships only prices with a public source; add [[price]] class = %q location = %q usd_per_hour = ...",
			class.Name, l.Name, class.Name, l.Name)
	}
	for gi := range cfg.Groups {
		for li := range cfg.Groups[gi].Locations {
			resolve(fmt.Sprintf("stream_group[%d].location[%d]", gi, li), b.classes[gi], &cfg.Groups[gi].Locations[li])
		}
	}
	b.resolvePrice = resolve
}

// groupIndex returns the index of the group named name, or -1.
func (b *builder) groupIndex(name string) int {
	for i, g := range b.sc.StreamGroups {
		if g.Name == name {
			return i
		}
	}
	return -1
}
