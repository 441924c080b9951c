package streams

import "time"

// PlacementTimeout is one placement timeout that applies to a run: how long
// a stream session may wait for a slot before it ends in ERROR
// placementTimeout.
type PlacementTimeout struct {
	// OnDemand is false for always-on's timeout (every location), true for
	// on-demand's (locations that can grow beyond their always-on capacity).
	OnDemand bool
	// OS is the OS whose on-demand timeout this is; empty for always-on's.
	OS      OS
	Timeout time.Duration
}

// PlacementTimeouts lists the placement timeouts that apply to the run's
// locations at the start: always-on's first, then on-demand's for Linux and
// then for Windows if any location of that OS can grow beyond its
// always-on capacity.
func (c *Config) PlacementTimeouts() []PlacementTimeout {
	sv := &c.Service
	out := []PlacementTimeout{{Timeout: sv.PlacementTimeoutAlwaysOn}}
	var linux, windows bool
	for _, g := range c.Groups {
		for _, l := range g.Locations {
			if l.Ceiling(sv.MaximumIncludesAlwaysOn, g.Class.Tenancy) > l.AlwaysOn {
				if g.Class.OS == Windows {
					windows = true
				} else {
					linux = true
				}
			}
		}
	}
	if linux {
		out = append(out, PlacementTimeout{OnDemand: true, OS: Linux, Timeout: sv.PlacementTimeoutOnDemandLinux})
	}
	if windows {
		out = append(out, PlacementTimeout{OnDemand: true, OS: Windows, Timeout: sv.PlacementTimeoutOnDemandWindows})
	}
	return out
}

// waitTimeout is how long a waiting request of d may wait. The service
// says the timeout "varies based on the capacity type used to fulfill" the
// request (S004). capsim's rule: the on-demand timeout (by the class OS) if
// any location the request may be placed at (ACTIVE or ACTIVATING) has
// capacity other than always-on (its ceiling, maximum or on-demand, above
// always_on), at its ceiling or not, since a slot freed there is on-demand
// capacity; and if no location has always-on capacity at all. The always-on
// timeout only when every such location is always-on only.
func (m *model) waitTimeout(d *demand) time.Duration {
	alwaysOn := false
	for _, li := range d.locs {
		l := m.locs[li]
		if l.status != LocationActive && l.status != LocationActivating {
			continue
		}
		if l.ceiling > l.set.AlwaysOn {
			alwaysOn = false
			break
		}
		alwaysOn = alwaysOn || l.ceiling > 0
	}
	switch {
	case alwaysOn:
		return m.cfg.Service.PlacementTimeoutAlwaysOn
	case m.groups[d.group].class.OS == Windows:
		return m.cfg.Service.PlacementTimeoutOnDemandWindows
	}
	return m.cfg.Service.PlacementTimeoutOnDemandLinux
}
