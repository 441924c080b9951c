package scenarios

import (
	"fmt"
	"math"
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
func (sc *Scenario) BuildFleets() (*fleets.Config, error) {
	_, fc, err := sc.buildAll()
	if err != nil {
		return nil, err
	}
	return fc, nil
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

// closest returns the candidate v most likely stands for: the same word in
// another case, or one at most two edits away; "" if none.
func closest(v string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if strings.EqualFold(v, c) {
			return c
		}
		if d := editDistance(strings.ToLower(v), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// enum reports v unless it is one of valid; what names the setting.
func (b *builder) enum(path, what, v string, valid []string) bool {
	if slices.Contains(valid, v) {
		return true
	}
	if v == "" {
		b.p.add(path, "missing %s: %s", what, strings.Join(valid, ", "))
		return false
	}
	msg := fmt.Sprintf("unknown %s %q (valid: %s)", what, v, strings.Join(valid, ", "))
	if s := closest(v, valid); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	b.p.add(path, "%s", msg)
	return false
}

// unknownName reports a reference to a name that is not defined.
func (b *builder) unknownName(path, what, v string, known []string) {
	msg := fmt.Sprintf("unknown %s %q", what, v)
	if v == "" {
		msg = fmt.Sprintf("missing: the name of a %s", what)
	}
	if s := closest(v, known); s != "" && v != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	} else if len(known) > 0 {
		msg += fmt.Sprintf(" (defined: %s)", strings.Join(known, ", "))
	} else {
		msg += " (none is defined)"
	}
	b.p.add(path, "%s", msg)
}

func (b *builder) share(path string, x float64) {
	if !(x >= 0 && x <= 1) {
		b.p.add(path, "must be a share between 0 and 1, got %g", x)
	}
}

func (b *builder) nonNegative(path string, d time.Duration) bool {
	if d < 0 {
		b.p.add(path, "must not be negative, got %v", d)
		return false
	}
	return true
}

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
	fc.Timeline = b.fleetTimeline(st)
	if len(sc.Fleets) > 0 && len(sc.FleetDemands) == 0 {
		p.add("fleet_demand", "a scenario with fleets needs at least one [[fleet_demand]] (placements through a queue or FleetIQ claims)")
	}
	if len(sc.Fleets) > 0 {
		b.fleetCfg = fc
	}
}

// fleet validates one [[fleet]].
func (b *builder) fleet(path string, f Fleet) fleets.FleetConfig {
	p, ix := b.p, b.sc.src.lines
	kindOK := b.enum(path+".kind", "fleet kind", f.Kind, fleetKinds)
	kind := fleets.Kind(f.Kind)
	managed := kind == fleets.KindEC2 || kind == fleets.KindContainer
	iq := kind == fleets.KindFleetIQ

	// Locations.
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

	// Processes and players.
	if f.ProcessesPerInstance < 1 || f.ProcessesPerInstance > MaxProcessesPerInstance {
		p.add(path+".processes_per_instance", "must be 1–%d (at most %d concurrent server processes per instance, G1), got %d",
			MaxProcessesPerInstance, MaxProcessesPerInstance, f.ProcessesPerInstance)
	}
	if f.MaxPlayers < 1 {
		p.add(path+".max_players", "must be ≥ 1, got %d", f.MaxPlayers)
	}

	// Capacity type (managed fleets) or balancing (FleetIQ), and what each uses.
	var usesOnDemand, usesSpot, capOK bool
	out := fleets.FleetConfig{Name: f.Name, Kind: kind, Locations: f.Locations, InstanceType: f.InstanceType}
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
	case kindOK:
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
	b.fleetPrices(path, f, kind, usesOnDemand, usesSpot)
	out.PriceOnDemand, out.PriceSpot = f.PriceOnDemand, f.PriceSpot
	if b.nonNegative(path+".min_billed", f.MinBilled) {
		out.MinBilled = f.MinBilled
	}

	// Spot.
	b.rate(path+".spot_interruption_rate_per_hour", f.SpotInterruptionRatePerHour)
	if f.SpotInterruptionRatePerHour > 0 && !usesSpot && capOK {
		p.add(path+".spot_interruption_rate_per_hour", "applies to Spot instances, and fleet %q uses none (capacity_type or balancing)", f.Name)
	}
	b.nonNegative(path+".spot_notice", f.SpotNotice)
	out.SpotInterruptionRatePerHour, out.SpotNotice = f.SpotInterruptionRatePerHour, f.SpotNotice
	out.ProcessesPerInstance, out.MaxPlayers = f.ProcessesPerInstance, f.MaxPlayers

	// Timing.
	out.InstanceLaunchDelay = b.dist(path+".instance_launch_delay", f.InstanceLaunchDelay)
	out.ProcessStartDelay = b.dist(path+".process_start_delay", f.ProcessStartDelay)
	out.RestartDelay = b.dist(path+".restart_delay", f.RestartDelay)
	out.ActivationTime = b.dist(path+".activation_time", f.ActivationTime)
	if f.ActivationTimeout < time.Second || f.ActivationTimeout > MaxActivationTimeout {
		p.add(path+".activation_timeout", "GameSessionActivationTimeoutSeconds must be 1s–600s (G1), got %v", f.ActivationTimeout)
	}
	out.ActivationTimeout = f.ActivationTimeout

	// Termination. FORCE_TERMINATE on an Anywhere fleet without the agent is
	// deliberately not a validation error: the API rejects the call at run
	// time (S000) and the model counts it (TerminateRejected), which is the
	// behaviour a scenario may want to see.
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

	// Ending games.
	b.share(path+".lost_end_share", f.LostEndShare)
	b.share(path+".duplicate_end_share", f.DuplicateEndShare)
	if s := f.LostEndShare + f.DuplicateEndShare; s > 1 && f.LostEndShare <= 1 && f.DuplicateEndShare <= 1 {
		p.add(path+".duplicate_end_share", "lost_end_share + duplicate_end_share is %g: an end signal is lost, doubled or delivered once, so the shares cannot exceed 1", s)
	}
	if f.StaleExpiry <= 0 {
		p.add(path+".stale_expiry", "must be positive, got %v", f.StaleExpiry)
	}
	if !f.EnableStaleExpiration && ix.has(path+".stale_expiry") {
		p.add(path+".stale_expiry", "stale_expiry goes with enable_stale_expiration = true (S003); expiry is disabled here")
	}
	if b.nonNegative(path+".access_interval", f.AccessInterval) && f.EnableStaleExpiration && f.StaleExpiry > 0 && f.AccessInterval > f.StaleExpiry {
		p.add(path+".access_interval", "access_interval %v is longer than stale_expiry %v: every game longer than stale_expiry would expire in play; use \"0s\" to say games are not accessed during play", f.AccessInterval, f.StaleExpiry)
	}
	out.LostEndShare, out.DuplicateEndShare, out.StaleExpiry = f.LostEndShare, f.DuplicateEndShare, f.StaleExpiry
	out.DisableStaleExpiration, out.AccessInterval = !f.EnableStaleExpiration, f.AccessInterval
	out.LostEndFreesProcess = !f.LostEndHoldsProcess

	// FleetIQ claims.
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

	out.Scaling = b.fleetScaling(path+".scaling", f, kindOK, iq)
	return out
}

// fleetPrices checks that the prices a fleet uses are given: capsim ships
// no GameLift Servers prices.
func (b *builder) fleetPrices(path string, f Fleet, kind fleets.Kind, usesOnDemand, usesSpot bool) {
	p, ix := b.p, b.sc.src.lines
	valid := func(key string, x float64) bool {
		if !(x >= 0) || math.IsInf(x, 0) {
			p.add(path+"."+key, "must be ≥ 0 USD per instance-hour, got %g", x)
			return false
		}
		if x > MaxPriceUSDPerHour {
			p.add(path+"."+key, "%g USD per instance-hour is beyond the limit of %g", x, MaxPriceUSDPerHour)
			return false
		}
		return true
	}
	odOK, spotOK := valid("price_on_demand", f.PriceOnDemand), valid("price_spot", f.PriceSpot)
	need := func(key string, x float64, what string) {
		switch {
		case !ix.has(path + "." + key):
			p.add(path+"."+key, "fleet %q uses %s instances and has no %s: capsim ships no GameLift Servers prices; give your USD per instance-hour for %s (G13)",
				f.Name, what, key, orDefault(f.InstanceType, "its instance type"))
		case x == 0:
			p.add(path+"."+key, "fleet %q uses %s instances: %s must be > 0, got 0", f.Name, what, key)
		}
	}
	switch {
	case kind == fleets.KindAnywhere:
		// Anywhere compute is yours: its cost may be 0, but say so. The
		// per-placement and per-minute Anywhere fees (G14) are not modelled.
		if !ix.has(path + ".price_on_demand") {
			p.add(path+".price_on_demand", "fleet %q is an Anywhere fleet: give the cost of your own compute per instance-hour as price_on_demand (0 to leave it out)", f.Name)
		}
	default:
		if usesOnDemand && odOK {
			need("price_on_demand", f.PriceOnDemand, "On-Demand")
		}
		if usesSpot && spotOK {
			need("price_spot", f.PriceSpot, "Spot")
		}
	}
	if odOK && spotOK && f.PriceSpot > 0 && f.PriceOnDemand > 0 && f.PriceSpot > f.PriceOnDemand {
		p.add(path+".price_spot", "Spot price %g is above the On-Demand price %g: Spot never exceeds On-Demand (G13)", f.PriceSpot, f.PriceOnDemand)
	}
}

func orDefault(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

// fleetScaling validates [fleet.scaling].
func (b *builder) fleetScaling(path string, f Fleet, kindOK, iq bool) fleets.Scaling {
	p, ix := b.p, b.sc.src.lines
	s := f.Scaling
	out := fleets.Scaling{Policy: fleets.ScalingPolicy(s.Policy)}
	policyOK := b.enum(path+".policy", "scaling policy", s.Policy, policies)

	// Instance limits, per location (G11).
	initial := s.InitialInstances
	if !ix.has(path + ".initial_instances") {
		initial = max(s.MinInstances, 1)
	}
	switch {
	case s.MinInstances < 0:
		p.add(path+".min_instances", "must be ≥ 0, got %d", s.MinInstances)
	case s.MaxInstances < 1:
		p.add(path+".max_instances", "must be ≥ 1 (a location's maximum is 1 instance unless raised, G11), got %d", s.MaxInstances)
	case s.MinInstances > s.MaxInstances:
		p.add(path+".min_instances", "min_instances %d is above max_instances %d", s.MinInstances, s.MaxInstances)
	case initial < s.MinInstances || initial > s.MaxInstances:
		p.add(path+".initial_instances", "initial_instances %d is outside [min_instances %d, max_instances %d]", initial, s.MinInstances, s.MaxInstances)
	case f.ProcessesPerInstance >= 1 && s.MaxInstances > MaxStreamsPerLocation/f.ProcessesPerInstance:
		p.add(path+".max_instances", "%d instances × %d processes is beyond the limit of %d processes per location",
			s.MaxInstances, f.ProcessesPerInstance, MaxStreamsPerLocation)
	}
	out.MinInstances, out.MaxInstances, out.InitialInstances = s.MinInstances, s.MaxInstances, initial

	// Keys of another policy are a mistake, not a no-op.
	misplaced := func(policy string, keys ...string) {
		for _, k := range keys {
			if ix.has(path + "." + k) {
				p.add(path+"."+k, "%s goes with policy = %q, not %q", k, policy, s.Policy)
			}
		}
	}
	if policyOK && s.Policy != string(fleets.ScalingTargetTracking) {
		misplaced(string(fleets.ScalingTargetTracking), "target_percent", "evaluation_interval")
	}
	if policyOK && s.Policy != string(fleets.ScalingBuffer) {
		misplaced(string(fleets.ScalingBuffer), "buffer_size", "buffer_percent", "min_replicas", "max_replicas", "buffer_interval")
	}

	// Target tracking (G8, G9; FleetIQ F5).
	if s.Policy == string(fleets.ScalingTargetTracking) {
		metric := "PercentAvailableGameSessions"
		if iq {
			metric = "PercentUtilizedGameServers"
		}
		if !(s.TargetPercent > 0 && s.TargetPercent < 100) {
			p.add(path+".target_percent", "target tracking needs a %s target in (0, 100) percent, got %g", metric, s.TargetPercent)
		}
		if s.EvaluationInterval < time.Second {
			p.add(path+".evaluation_interval", "must be at least 1s, got %v", s.EvaluationInterval)
		}
	}
	out.TargetPercent, out.EvaluationInterval = s.TargetPercent, s.EvaluationInterval

	// Scale to and from zero (G12): managed capacity of a fleet, not of a
	// FleetIQ group.
	if s.ScaleToZero {
		switch {
		case iq:
			p.add(path+".scale_to_zero", "ZeroCapacityStrategy is a fleet setting (G12); a FleetIQ group has none")
		case s.MinInstances > 1:
			p.add(path+".scale_to_zero", "SCALE_TO_AND_FROM_ZERO moves the minimum between 0 and 1 (G12): min_instances must be 0 or 1, got %d", s.MinInstances)
		}
	}
	if s.ScaleInAfterInactivity < 5*time.Minute || s.ScaleInAfterInactivity > 1440*time.Minute {
		p.add(path+".scale_in_after_inactivity", "ScaleInAfterInactivityMinutes must be 5m–1440m (G12), got %v", s.ScaleInAfterInactivity)
	}
	out.ScaleToZero, out.ScaleInAfterInactivity = s.ScaleToZero, s.ScaleInAfterInactivity

	// Buffer (Agones FleetAutoscaler, K1/K2).
	out.BufferSize, out.BufferPercent = s.BufferSize, s.BufferPercent
	out.MinReplicas, out.MaxReplicas, out.BufferInterval = s.MinReplicas, s.MaxReplicas, s.BufferInterval
	if s.Policy == string(fleets.ScalingBuffer) {
		b.buffer(path, out)
	}

	if b.enum(path+".protection", "protection policy", s.Protection, protections) {
		out.Protection = fleets.Protection(s.Protection)
	}
	return out
}

// buffer validates a buffer policy with the model's fleets.ValidateBuffer,
// Agones' ValidateBufferPolicy (K1), and reports each broken rule on the key
// it names first, in the scenario's spelling; the sync interval is checked
// here.
func (b *builder) buffer(path string, s fleets.Scaling) {
	if err := fleets.ValidateBuffer(s); err != nil {
		errs := []error{err}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			errs = j.Unwrap()
		}
		for _, e := range errs {
			key, msg := bufferMessage(e.Error())
			kp := path
			if key != "" {
				kp += "." + key
			}
			b.p.add(kp, "%s (Agones FleetAutoscaler rule, K1)", msg)
		}
	}
	if s.BufferInterval < time.Second {
		b.p.add(path+".buffer_interval", "the FixedInterval sync must be at least 1s (K1), got %v", s.BufferInterval)
	}
}

// bufferNames maps the Agones field names of the model's messages to the
// scenario's keys.
var bufferNames = strings.NewReplacer(
	"a percentage bufferSize", "buffer_percent",
	"bufferSize", "buffer_size", "bufferPercent", "buffer_percent",
	"minReplicas", "min_replicas", "maxReplicas", "max_replicas",
)

// bufferMessage rewrites a ValidateBuffer message in the scenario's key
// names and returns the key it names first ("" if none).
func bufferMessage(msg string) (key, out string) {
	out = bufferNames.Replace(msg)
	first := len(out)
	for _, k := range []string{"buffer_size", "buffer_percent", "min_replicas", "max_replicas"} {
		if i := strings.Index(out, k); i >= 0 && i < first {
			key, first = k, i
		}
	}
	return key, out
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

// fleetDemands validates [[fleet_demand]].
func (b *builder) fleetDemands(st *fleetState) []fleets.DemandConfig {
	sc, p, ix := b.sc, b.p, b.sc.src.lines
	var out []fleets.DemandConfig
	var queueNames []string
	for _, q := range sc.Queues {
		queueNames = append(queueNames, q.Name)
	}
	names := map[string]bool{}
	for di, d := range sc.FleetDemands {
		path := fmt.Sprintf("fleet_demand[%d]", di)
		if names[d.Name] {
			p.add(path+".name", "fleet demand %q is defined twice", d.Name)
		}
		names[d.Name] = true
		dc := fleets.DemandConfig{Name: d.Name, Queue: -1, Fleet: -1}
		hasQ, hasF := d.Queue != "" || ix.has(path+".queue"), d.Fleet != "" || ix.has(path+".fleet")
		var reach []int // fleets the demand can reach
		via := ""
		switch {
		case hasQ && hasF:
			p.add(path+".queue", "give queue (placements through a queue) or fleet (claims on a FleetIQ group), not both")
		case !hasQ && !hasF:
			p.add(path, "a fleet demand needs queue = \"...\" (placements through a queue) or fleet = \"...\" (claims on a FleetIQ group)")
		case hasQ:
			qi := b.queueIndex(d.Queue)
			if qi < 0 {
				b.unknownName(path+".queue", "queue", d.Queue, queueNames)
				break
			}
			dc.Queue, via = qi, fmt.Sprintf(" (reached through queue %q)", d.Queue)
			for _, dest := range sc.Queues[qi].Destinations {
				if fi, ok := st.index[dest.Fleet]; ok && !slices.Contains(reach, fi) && sc.Fleets[fi].Kind != string(fleets.KindFleetIQ) {
					reach = append(reach, fi)
				}
			}
		case hasF:
			fi, ok := st.index[d.Fleet]
			if !ok {
				b.unknownName(path+".fleet", "fleet", d.Fleet, st.names)
				break
			}
			if k := sc.Fleets[fi].Kind; k != string(fleets.KindFleetIQ) {
				p.add(path+".fleet", "fleet %q is of kind %s: its game sessions are placed through a queue (queue = \"...\"); fleet = names a FleetIQ game server group", d.Fleet, k)
				break
			}
			dc.Fleet, reach = fi, []int{fi}
		}
		iqDemand := dc.Fleet >= 0

		var hasLengths bool
		dc.Arrivals, hasLengths = b.arrivals(path+".arrivals", d.Arrivals)
		_ = hasLengths // a trace's own lengths take precedence in the model; game_length covers the rest
		if d.Players < 1 {
			p.add(path+".players", "must be ≥ 1, got %d", d.Players)
		} else {
			for _, fi := range reach {
				if f := sc.Fleets[fi]; f.MaxPlayers >= 1 && d.Players > f.MaxPlayers {
					p.add(path+".players", "players %d is above max_players %d of fleet %q%s", d.Players, f.MaxPlayers, f.Name, via)
				}
			}
		}
		dc.Players = d.Players
		if !ix.has(path+".game_length") && !ix.hasUnder(path+".game_length") {
			p.add(path+".game_length", "missing: how long a game runs, e.g. game_length = { dist = \"exponential\", mean = \"20m\" }")
		} else {
			dc.GameLength = b.length(path+".game_length", d.GameLength)
		}
		b.probability(path+".cancel_probability", d.CancelProbability)
		if iqDemand && d.CancelProbability > 0 {
			p.add(path+".cancel_probability", "StopGameSessionPlacement cancels a queue placement; a FleetIQ claim has none to cancel")
		}
		dc.CancelProbability = d.CancelProbability
		dc.CancelAfter = b.dist(path+".cancel_after", d.CancelAfter)

		retryOK := b.nonNegative(path+".claim_retry", d.ClaimRetry)
		timeoutOK := b.nonNegative(path+".claim_timeout", d.ClaimTimeout)
		switch {
		case dc.Queue >= 0 && (d.ClaimRetry != 0 || d.ClaimTimeout != 0):
			k := "claim_retry"
			if d.ClaimRetry == 0 {
				k = "claim_timeout"
			}
			p.add(path+"."+k, "%s goes with claims on a FleetIQ group (fleet = \"...\"); a queue retries placements itself until its timeout", k)
		case retryOK && timeoutOK && d.ClaimRetry > 0 && d.ClaimTimeout < d.ClaimRetry:
			p.add(path+".claim_timeout", "claim_timeout %v must be at least claim_retry %v (or claim_retry = \"0s\": no retry)", d.ClaimTimeout, d.ClaimRetry)
		}
		dc.ClaimRetry, dc.ClaimTimeout = d.ClaimRetry, d.ClaimTimeout
		b.directClaims(path, d, dc.Queue >= 0, &dc)
		out = append(out, dc)
	}
	return out
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

// fleetLimits rejects fleet scenarios that would exhaust memory or run for
// days, and sets the event budget, as limits does for stream groups.
func (b *builder) fleetLimits() {
	fc := b.fleetCfg
	if fc == nil || len(b.p.errs) > 0 || fc.Horizon <= 0 {
		return
	}
	var expected, concurrent float64
	for i, d := range fc.Demands {
		if d.Arrivals == nil {
			continue
		}
		n := d.Arrivals.ExpectedCount(fc.Horizon)
		expected += n
		if n > MaxArrivalsPerRun {
			b.p.add(fmt.Sprintf("fleet_demand[%d].arrivals", i), "about %.3g requests per replication is beyond the limit of %d", n, MaxArrivalsPerRun)
		}
		var mean time.Duration
		if d.GameLength != nil {
			mean = d.GameLength.Mean()
		}
		wait := d.ClaimTimeout
		if d.Queue >= 0 {
			wait = fc.Queues[d.Queue].Timeout
		}
		if pp, ok := d.Arrivals.(*streams.Poisson); ok {
			peak := pp.RatePerHour
			for _, h := range pp.Hourly {
				peak = max(peak, h)
			}
			for _, s := range pp.Spikes {
				peak += s.PeakPerHour
			}
			concurrent += peak * (mean + wait + 20*time.Minute).Hours()
		}
	}
	if concurrent > MaxConcurrentSessions {
		b.p.add("fleet_demand", "about %.3g game sessions in flight at the peak is beyond the limit of %d", concurrent, MaxConcurrentSessions)
	}
	if b.sc.Simulation.MaxEvents > 0 {
		fc.MaxEvents = b.sc.Simulation.MaxEvents
		return
	}
	// As for stream groups, 100 events per expected arrival, plus every
	// controller tick (scaling, buffer sync, the per-minute termination
	// policy) per location and the timeseries samples.
	ticks := float64(fc.Horizon / fc.TimeseriesStep * 2)
	for _, f := range fc.Fleets {
		every := time.Duration(0)
		switch f.Scaling.Policy {
		case fleets.ScalingTargetTracking:
			every = f.Scaling.EvaluationInterval
		case fleets.ScalingBuffer:
			every = f.Scaling.BufferInterval
		}
		if every > 0 {
			ticks += float64(fc.Horizon/every) * float64(len(f.Locations))
		}
		if f.TerminateOlderThan > 0 {
			ticks += float64(fc.Horizon / time.Minute)
		}
	}
	fc.MaxEvents = int64(100*expected+ticks) + 1_000_000
}

// instanceStatuses are the values of a claim's FilterOption.InstanceStatuses.
var instanceStatuses = []string{string(fleets.InstanceActive), string(fleets.InstanceDraining)}

// directClaims validates direct_claim_share and instance_statuses, FleetIQ
// claim settings (S002): a filter, if given, must contain ACTIVE.
func (b *builder) directClaims(path string, d FleetDemand, viaQueue bool, dc *fleets.DemandConfig) {
	p, ix := b.p, b.sc.src.lines
	if viaQueue {
		for _, k := range []string{"direct_claim_share", "instance_statuses"} {
			if ix.has(path + "." + k) {
				p.add(path+"."+k, "%s goes with claims on a FleetIQ group (fleet = \"...\", ClaimGameServer); a queue places game sessions itself", k)
			}
		}
		return
	}
	b.share(path+".direct_claim_share", d.DirectClaimShare)
	dc.DirectClaimShare = d.DirectClaimShare
	if !ix.has(path + ".instance_statuses") {
		return
	}
	seen := map[string]bool{}
	ok := true
	for i, st := range d.InstanceStatuses {
		sp := fmt.Sprintf("%s.instance_statuses[%d]", path, i)
		if !b.enum(sp, "instance status", st, instanceStatuses) {
			ok = false
			continue
		}
		if seen[st] {
			p.add(sp, "instance status %q is listed twice", st)
		}
		seen[st] = true
		dc.InstanceStatuses = append(dc.InstanceStatuses, fleets.InstanceStatus(st))
	}
	if ok && !seen[string(fleets.InstanceActive)] {
		p.add(path+".instance_statuses", "FilterOption.InstanceStatuses must contain ACTIVE (S002), got [%s]", strings.Join(d.InstanceStatuses, ", "))
	}
	if dc.InstanceStatuses == nil {
		dc.InstanceStatuses = []fleets.InstanceStatus{}
	}
}
