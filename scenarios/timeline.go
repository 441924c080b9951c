package scenarios

import (
	"fmt"
	"slices"
	"time"

	"github.com/capsim/capsim/models/streams"
)

// activation is a location that AddStreamGroupLocations added and that may
// still be ACTIVATING until until (see activationBound).
type activation struct {
	name      string
	at, until time.Duration
	path      string // the adding action
}

// timeline validates actions in time order against which locations exist
// then. While a location added by the timeline may still be ACTIVATING (up
// to the activation delay's bound after the add, inclusive: an action at
// that very time runs before the activation), the group is
// UPDATING_LOCATIONS: UpdateStreamGroup and AddStreamGroupLocations, which
// need an ACTIVE group, and the removal of that location are rejected.
func (b *builder) timeline(cfg *streams.Config) {
	sc, p := b.sc, b.p
	present := make([]map[string]bool, len(sc.StreamGroups))
	b.everPresent = make([]map[string]bool, len(sc.StreamGroups))
	for gi, g := range sc.StreamGroups {
		present[gi], b.everPresent[gi] = map[string]bool{}, map[string]bool{}
		for _, l := range g.Locations {
			present[gi][l.Name], b.everPresent[gi][l.Name] = true, true
		}
	}
	order := make([]int, len(sc.Timeline))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, c int) int {
		return int(sc.Timeline[a].At - sc.Timeline[c].At)
	})
	bound, how := activationBound(cfg.Service.ActivationDelay)
	activating := make([][]activation, len(sc.StreamGroups))
	for _, i := range order {
		a := sc.Timeline[i]
		path := fmt.Sprintf("timeline[%d]", i)
		if a.At < 0 || (sc.Simulation.Horizon > 0 && a.At >= sc.Simulation.Horizon) {
			p.add(path+".at", "%v is outside the simulated time [0, %v)", a.At, sc.Simulation.Horizon)
		}
		kind, ok := streams.ParseActionKind(a.Action)
		if !ok {
			p.add(path+".action", "unknown action %q (valid: UpdateStreamGroup, AddStreamGroupLocations, RemoveStreamGroupLocations, TerminateStreamSession)", a.Action)
			continue
		}
		gi := b.groupIndex(a.StreamGroup)
		if gi < 0 {
			p.add(path+".stream_group", "unknown stream group %q", a.StreamGroup)
			continue
		}
		class := b.classes[gi]
		act := streams.Action{At: a.At, Kind: kind, Group: gi, Share: a.Share}
		// An action at the very end of the window runs before the activation.
		still := slices.DeleteFunc(activating[gi], func(x activation) bool { return x.until < a.At })
		activating[gi] = still
		if len(still) > 0 && (kind == streams.UpdateStreamGroup || kind == streams.AddStreamGroupLocations) {
			x := still[0]
			p.add(path+".at", "%s needs an ACTIVE stream group (S004), but %q is UPDATING_LOCATIONS at %v: location %q added at %v (%s) may be ACTIVATING until %v (service.activation_delay up to %v, %s)",
				a.Action, a.StreamGroup, a.At, x.name, x.at, x.path, x.until, bound, how)
		}
		switch kind {
		case streams.UpdateStreamGroup, streams.AddStreamGroupLocations:
			if len(a.Locations) == 0 {
				p.add(path+".locations", "%s needs at least one location", a.Action)
			}
			if len(a.LocationNames) > 0 {
				p.add(path+".location_names", "%s takes locations = [{ name = ..., always_on = ... }], not location_names", a.Action)
			}
			for li, l := range a.Locations {
				lp := fmt.Sprintf("%s.locations[%d]", path, li)
				lc := b.location(lp, l, class, kind == streams.AddStreamGroupLocations)
				if kind == streams.UpdateStreamGroup && !present[gi][l.Name] {
					p.add(lp+".name", "location %q is not in stream group %q at %v", l.Name, a.StreamGroup, a.At)
				}
				if kind == streams.AddStreamGroupLocations {
					if present[gi][l.Name] {
						p.add(lp+".name", "location %q is already in stream group %q at %v", l.Name, a.StreamGroup, a.At)
					}
					present[gi][l.Name], b.everPresent[gi][l.Name] = true, true
					activating[gi] = append(activating[gi], activation{name: l.Name, at: a.At, until: a.At + bound, path: path})
					if b.resolvePrice != nil {
						b.resolvePrice(lp, class, &lc)
					}
				}
				act.Locations = append(act.Locations, lc)
			}
		case streams.RemoveStreamGroupLocations:
			if len(a.LocationNames) == 0 {
				p.add(path+".location_names", "RemoveStreamGroupLocations needs location_names")
			}
			for li, n := range a.LocationNames {
				lp := fmt.Sprintf("%s.location_names[%d]", path, li)
				switch {
				case len(sc.StreamGroups[gi].Locations) > 0 && sc.StreamGroups[gi].Locations[0].Name == n:
					p.add(lp, "the primary location %q cannot be removed; set its capacity to 0 instead", n)
				case !present[gi][n]:
					p.add(lp, "location %q is not in stream group %q at %v", n, a.StreamGroup, a.At)
				default:
					for _, x := range activating[gi] {
						if x.name == n {
							p.add(lp, "location %q added at %v (%s) may be ACTIVATING until %v (service.activation_delay up to %v, %s): an ACTIVATING location cannot be removed yet (S004)",
								n, x.at, x.path, x.until, bound, how)
						}
					}
				}
				present[gi][n] = false
			}
			act.Names = a.LocationNames
		case streams.TerminateStreamSession:
			if !(a.Share > 0 && a.Share <= 1) {
				p.add(path+".share", "TerminateStreamSession needs a share of running sessions in (0, 1], got %g", a.Share)
			}
			for li, n := range a.LocationNames {
				if !b.everPresent[gi][n] {
					p.add(fmt.Sprintf("%s.location_names[%d]", path, li), "location %q is never in stream group %q", n, a.StreamGroup)
				}
			}
			act.Names = a.LocationNames
		}
		cfg.Timeline = append(cfg.Timeline, act)
	}
	// The model applies actions in slice order: keep it the time order.
	slices.SortStableFunc(cfg.Timeline, func(x, y streams.Action) int { return int(x.At - y.At) })
}
