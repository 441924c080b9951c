package scenarios

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
)

// Limits of the GameLift Servers API that validation enforces (the model's
// constants where it has them).
const (
	MaxProcessesPerInstance = fleets.MaxProcessesPerInstance // G1: concurrent server processes per instance
	MaxActivationTimeout    = 600 * time.Second              // G1: GameSessionActivationTimeoutSeconds
	ClaimHold               = fleets.DefaultClaimHold        // S002: a claim lasts 60 s, fixed by the service
)

// BuildFleets validates the whole scenario, exactly as Build does (every
// problem of every section at once), and resolves its GameLift Servers
// sections into the fleets model's configuration: fleet, queue and demand
// names turned into indices, queue destinations without a location expanded
// to the fleet's locations in alphabetical order (G3), distributions built
// and traces read with the helpers of [[demand]], and the event budget set
// from the expected arrivals. It returns (nil, nil) if the scenario has no
// [[fleet]].
//
// In the result, CapacityType is set for managed fleets (ec2, container,
// anywhere) and Balancing for FleetIQ groups only; the other is empty.
// Every distribution is non-nil.
//
// A caller that needs both configurations calls BuildAll, which validates
// once.
func (sc *Scenario) BuildFleets() (*fleets.Config, error) {
	_, fc, err := sc.BuildAll()
	return fc, err
}

// Names of the fleet-side enumerations, as the API spells them.
var (
	fleetKinds    = []string{string(fleets.KindEC2), string(fleets.KindContainer), string(fleets.KindAnywhere), string(fleets.KindFleetIQ)}
	capacityTypes = []string{string(fleets.OnDemand), string(fleets.Spot)}
	balancings    = []string{string(fleets.SpotOnly), string(fleets.SpotPreferred), string(fleets.OnDemandOnly)}
	policies      = []string{string(fleets.ScalingNone), string(fleets.ScalingTargetTracking), string(fleets.ScalingBuffer)}
	protections   = []string{string(fleets.NoProtection), string(fleets.FullProtection)}
	termModes     = []string{string(fleets.TriggerOnProcessTerminate), string(fleets.ForceTerminate)}
	fleetActions  = []string{"TerminateGameSession"}
)

// fleetState is what the fleet sections resolve, for the checks that cross
// sections.
type fleetState struct {
	index map[string]int // fleet name -> index
	names []string       // fleet names, in order
}

// fleetSections validates [[fleet]], [[queue]], [[fleet_demand]] and
// [[fleet_timeline]] and sets b.fleetCfg (nil if there is no fleet).
func (b *builder) fleetSections(cfg *streams.Config) {
	sc, p := b.sc, b.p
	fc := &fleets.Config{Horizon: cfg.Horizon, Warmup: cfg.Warmup, Seed: cfg.Seed, TimeseriesStep: cfg.TimeseriesStep}
	st := &fleetState{index: map[string]int{}}
	for fi, f := range sc.Fleets {
		path := fmt.Sprintf("fleet[%d]", fi)
		switch _, dup := st.index[f.Name]; {
		case f.Name == "":
			p.add(path+".name", "a fleet needs a name")
		case dup:
			p.add(path+".name", "fleet %q is defined twice", f.Name)
		default:
			st.index[f.Name] = fi
			st.names = append(st.names, f.Name)
		}
		fc.Fleets = append(fc.Fleets, b.fleet(path, f))
	}
	fc.Queues = b.queues(st)
	fc.Demands = b.fleetDemands(st)
	b.fleetDemandRegions(fc)
	fc.Timeline = b.fleetTimeline(st)
	if len(sc.Fleets) > 0 && len(sc.FleetDemands) == 0 {
		p.add("fleet_demand", "a scenario with fleets needs at least one [[fleet_demand]] (placements through a queue or FleetIQ claims)")
	}
	if len(sc.Fleets) > 0 {
		b.fleetCfg = fc
	}
}

// queues validates [[queue]] and resolves destinations.
func (b *builder) queues(st *fleetState) []fleets.QueueConfig {
	sc, p := b.sc, b.p
	var out []fleets.QueueConfig
	names := map[string]bool{}
	for qi, q := range sc.Queues {
		path := fmt.Sprintf("queue[%d]", qi)
		switch {
		case q.Name == "":
			p.add(path+".name", "a queue needs a name")
		case names[q.Name]:
			p.add(path+".name", "queue %q is defined twice", q.Name)
		}
		names[q.Name] = true
		if q.Timeout < time.Second {
			p.add(path+".timeout", "TimeoutInSeconds must be at least 1s, got %v", q.Timeout)
		}
		qc := fleets.QueueConfig{Name: q.Name, Timeout: q.Timeout}
		b.queueLatency(path, q, &qc)
		if len(q.Destinations) == 0 {
			p.add(path+".destinations", "queue %q needs at least one destination, e.g. destinations = [{ fleet = \"my-fleet\", location = \"us-east-1\" }]", q.Name)
		}
		type key struct {
			fleet int
			loc   string
		}
		dup := map[key]bool{}
		for di, d := range q.Destinations {
			dp := fmt.Sprintf("%s.destinations[%d]", path, di)
			fi, ok := st.index[d.Fleet]
			if !ok {
				b.unknownName(dp+".fleet", "fleet", d.Fleet, st.names)
				continue
			}
			f := sc.Fleets[fi]
			if f.Kind == string(fleets.KindFleetIQ) {
				p.add(dp+".fleet", "fleet %q is a FleetIQ game server group: it is claimed directly (ClaimGameServer), not placed through a queue; use [[fleet_demand]] fleet = %q", d.Fleet, d.Fleet)
				continue
			}
			locs := []string{d.Location}
			if d.Location == "" {
				locs = slices.Clone(f.Locations)
				sort.Strings(locs) // G3: destination order, then locations alphabetically
			} else if !slices.Contains(f.Locations, d.Location) {
				p.add(dp+".location", "location %q is not in fleet %q (its locations: %s)", d.Location, d.Fleet, strings.Join(f.Locations, ", "))
				continue
			}
			for _, l := range locs {
				if dup[key{fi, l}] {
					p.add(dp, "destination fleet %q location %q is listed twice", d.Fleet, l)
					continue
				}
				dup[key{fi, l}] = true
				qc.Destinations = append(qc.Destinations, fleets.Destination{Fleet: fi, Location: l})
			}
		}
		out = append(out, qc)
	}
	return out
}

func (b *builder) queueIndex(name string) int {
	for i, q := range b.sc.Queues {
		if q.Name == name {
			return i
		}
	}
	return -1
}

// fleetTimeline validates [[fleet_timeline]] and returns it in time order.
func (b *builder) fleetTimeline(st *fleetState) []fleets.Action {
	sc, p := b.sc, b.p
	var out []fleets.Action
	horizon := sc.Simulation.Horizon
	for i, a := range sc.FleetTimeline {
		path := fmt.Sprintf("fleet_timeline[%d]", i)
		if a.At < 0 || (horizon > 0 && a.At >= horizon) {
			p.add(path+".at", "%v is outside the simulated time [0, %v)", a.At, horizon)
		}
		if !b.enum(path+".action", "action", a.Action, fleetActions) {
			continue
		}
		act := fleets.Action{At: a.At, Fleet: -1, Share: a.Share}
		if fi, ok := st.index[a.Fleet]; !ok {
			b.unknownName(path+".fleet", "fleet", a.Fleet, st.names)
		} else if sc.Fleets[fi].Kind == string(fleets.KindFleetIQ) {
			p.add(path+".fleet", "TerminateGameSession works on EC2, container and Anywhere fleets (S000), not on the FleetIQ group %q", a.Fleet)
		} else {
			// FORCE_TERMINATE on an Anywhere fleet without the agent is
			// valid here: the API rejects it at run time and the model
			// counts the rejection (S000).
			act.Fleet = fi
		}
		if b.enum(path+".mode", "termination mode", a.Mode, termModes) {
			act.Mode = fleets.TerminationMode(a.Mode)
		}
		if !(a.Share > 0 && a.Share <= 1) {
			p.add(path+".share", "TerminateGameSession needs a share of the fleet's game sessions in (0, 1], got %g", a.Share)
		}
		out = append(out, act)
	}
	slices.SortStableFunc(out, func(x, y fleets.Action) int { return int(x.At - y.At) })
	return out
}
