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
	ts := &timelineState{present: make([]map[string]bool, len(sc.StreamGroups)), activating: make([][]activation, len(sc.StreamGroups))}
	b.everPresent = make([]map[string]bool, len(sc.StreamGroups))
	for gi, g := range sc.StreamGroups {
		ts.present[gi], b.everPresent[gi] = map[string]bool{}, map[string]bool{}
		for _, l := range g.Locations {
			ts.present[gi][l.Name], b.everPresent[gi][l.Name] = true, true
		}
	}
	order := make([]int, len(sc.Timeline))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, c int) int {
		return int(sc.Timeline[a].At - sc.Timeline[c].At)
	})
	ts.bound, ts.how = activationBound(cfg.Service.ActivationDelay)
	for _, i := range order {
		a := sc.Timeline[i]
		path := fmt.Sprintf("timeline[%d]", i)
		if a.At < 0 || (sc.Simulation.Horizon > 0 && a.At >= sc.Simulation.Horizon) {
			p.add(path+".at", "%v is outside the simulated time [0, %v)", a.At, sc.Simulation.Horizon)
		}
		kind, ok := streams.ParseActionKind(a.Action)
		if !ok {
			b.enum(path+".action", "action", a.Action, []string{"UpdateStreamGroup", "AddStreamGroupLocations", "RemoveStreamGroupLocations", "TerminateStreamSession"})
			continue
		}
		gi := b.groupIndex(a.StreamGroup)
		if gi < 0 {
			b.unknownName(path+".stream_group", "stream group", a.StreamGroup, b.groupNames())
			continue
		}
		act := streams.Action{At: a.At, Kind: kind, Group: gi, Share: a.Share}
		b.checkActive(ts, path, a, kind, gi)
		switch kind {
		case streams.UpdateStreamGroup, streams.AddStreamGroupLocations:
			act.Locations = b.timelineLocations(ts, path, a, kind, gi)
		case streams.RemoveStreamGroupLocations:
			b.timelineRemove(ts, path, a, gi)
			act.Names = a.LocationNames
		case streams.TerminateStreamSession:
			b.timelineTerminate(path, a, gi)
			act.Names = a.LocationNames
		}
		cfg.Timeline = append(cfg.Timeline, act)
	}
	// The model applies actions in slice order: keep it the time order.
	slices.SortStableFunc(cfg.Timeline, func(x, y streams.Action) int { return int(x.At - y.At) })
}

// timelineState is what the timeline's checks track, action by action in
// time order: the locations of each group, and those that may still be
// ACTIVATING.
type timelineState struct {
	present    []map[string]bool // per group: locations present now
	activating [][]activation    // per group
	bound      time.Duration     // the activation delay's bound
	how        string            // how bound was found
}

// checkActive forgets the activations over before a and rejects an
// UpdateStreamGroup or AddStreamGroupLocations while the group is
// UPDATING_LOCATIONS.
func (b *builder) checkActive(ts *timelineState, path string, a TimelineAction, kind streams.ActionKind, gi int) {
	// An action at the very end of the window runs before the activation.
	still := slices.DeleteFunc(ts.activating[gi], func(x activation) bool { return x.until < a.At })
	ts.activating[gi] = still
	if len(still) > 0 && (kind == streams.UpdateStreamGroup || kind == streams.AddStreamGroupLocations) {
		x := still[0]
		b.p.add(path+".at", "%s needs an ACTIVE stream group (S004), but %q is UPDATING_LOCATIONS at %v: location %q added at %v (%s) may be ACTIVATING until %v (service.activation_delay up to %v, %s)",
			a.Action, a.StreamGroup, a.At, x.name, x.at, x.path, x.until, ts.bound, ts.how)
	}
}

// timelineLocations checks the locations of an UpdateStreamGroup or
// AddStreamGroupLocations and returns their configuration.
func (b *builder) timelineLocations(ts *timelineState, path string, a TimelineAction, kind streams.ActionKind, gi int) []streams.LocationConfig {
	p, class, present := b.p, b.classes[gi], ts.present[gi]
	if len(a.Locations) == 0 {
		p.add(path+".locations", "%s needs at least one location", a.Action)
	}
	if len(a.LocationNames) > 0 {
		p.add(path+".location_names", "%s takes locations = [{ name = ..., always_on = ... }], not location_names", a.Action)
	}
	var out []streams.LocationConfig
	for li, l := range a.Locations {
		lp := fmt.Sprintf("%s.locations[%d]", path, li)
		lc := b.location(lp, l, class, kind == streams.AddStreamGroupLocations)
		if kind == streams.UpdateStreamGroup && !present[l.Name] {
			p.add(lp+".name", "location %q is not in stream group %q at %v%s", l.Name, a.StreamGroup, a.At,
				notAmong(l.Name, presentLocations(present), "its locations then"))
		}
		if kind == streams.AddStreamGroupLocations {
			if g := b.sc.StreamGroups[gi]; len(g.Locations) > 0 {
				b.streamLocation(lp, l.Name, class, g.Locations[0].Name)
			}
			if present[l.Name] {
				p.add(lp+".name", "location %q is already in stream group %q at %v", l.Name, a.StreamGroup, a.At)
			}
			present[l.Name], b.everPresent[gi][l.Name] = true, true
			ts.activating[gi] = append(ts.activating[gi], activation{name: l.Name, at: a.At, until: a.At + ts.bound, path: path})
			if b.resolvePrice != nil {
				b.resolvePrice(lp, class, &lc)
			}
		}
		out = append(out, lc)
	}
	return out
}

// timelineRemove checks a RemoveStreamGroupLocations.
func (b *builder) timelineRemove(ts *timelineState, path string, a TimelineAction, gi int) {
	p, locs := b.p, b.sc.StreamGroups[gi].Locations
	if len(a.LocationNames) == 0 {
		p.add(path+".location_names", "RemoveStreamGroupLocations needs location_names")
	}
	for li, n := range a.LocationNames {
		lp := fmt.Sprintf("%s.location_names[%d]", path, li)
		switch {
		case len(locs) > 0 && locs[0].Name == n:
			p.add(lp, "the primary location %q cannot be removed; set its capacity to 0 instead", n)
		case !ts.present[gi][n]:
			p.add(lp, "location %q is not in stream group %q at %v%s", n, a.StreamGroup, a.At,
				notAmong(n, presentLocations(ts.present[gi]), "its locations then"))
		default:
			for _, x := range ts.activating[gi] {
				if x.name == n {
					p.add(lp, "location %q added at %v (%s) may be ACTIVATING until %v (service.activation_delay up to %v, %s): an ACTIVATING location cannot be removed yet (S004)",
						n, x.at, x.path, x.until, ts.bound, ts.how)
				}
			}
		}
		ts.present[gi][n] = false
	}
}

// timelineTerminate checks a TerminateStreamSession.
func (b *builder) timelineTerminate(path string, a TimelineAction, gi int) {
	if !(a.Share > 0 && a.Share <= 1) {
		b.p.add(path+".share", "TerminateStreamSession needs a share of running sessions in (0, 1], got %g", a.Share)
	}
	for li, n := range a.LocationNames {
		if !b.everPresent[gi][n] {
			b.p.add(fmt.Sprintf("%s.location_names[%d]", path, li), "location %q is never in stream group %q%s", n, a.StreamGroup,
				notAmong(n, b.groupLocations(gi), "the group's locations"))
		}
	}
}
