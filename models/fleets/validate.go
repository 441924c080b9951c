package fleets

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// Defaults the model applies to zero values of the configuration (it never
// modifies the Config it is given). Sources: facts §6–8 and §10.
const (
	DefaultQueueTimeout           = 600 * time.Second // q17: TimeoutInSeconds, guide example
	DefaultActivationTimeout      = 300 * time.Second // q17: GameSessionActivationTimeoutSeconds
	DefaultEvaluationInterval     = 60 * time.Second  // q18: target-tracking evaluation period
	DefaultBufferInterval         = 30 * time.Second  // K1: FixedInterval sync
	DefaultScaleInAfterInactivity = 30 * time.Minute  // G12
	DefaultStaleExpiry            = 1440 * time.Minute
	DefaultClaimHold              = 60 * time.Second  // S002: fixed by the service
	DefaultSpotNotice             = 120 * time.Second // G7

	// DuplicateEndDelay is how long after the first copy a duplicated end
	// signal arrives.
	DuplicateEndDelay = time.Second
	// PolicyCheckInterval is how often TerminateOlderThan is checked.
	PolicyCheckInterval = time.Minute
	// MaxProcessesPerInstance is G1's limit of concurrent server processes.
	MaxProcessesPerInstance = 50
)

// withDefaults returns f with the documented defaults for its zero values.
// MinBilled keeps 0 (no minimum) when unset: the scenario sets G13's 1 min.
func withDefaults(f FleetConfig) FleetConfig {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&f.ActivationTimeout, DefaultActivationTimeout)
	def(&f.StaleExpiry, DefaultStaleExpiry)
	def(&f.ClaimHold, DefaultClaimHold)
	def(&f.Spot.Notice, DefaultSpotNotice)
	def(&f.Scaling.EvaluationInterval, DefaultEvaluationInterval)
	def(&f.Scaling.BufferInterval, DefaultBufferInterval)
	def(&f.Scaling.ScaleInAfterInactivity, DefaultScaleInAfterInactivity)
	if f.CapacityType == "" {
		f.CapacityType = OnDemand
	}
	if f.Balancing == "" {
		f.Balancing = SpotPreferred
	}
	if f.Scaling.Policy == "" {
		f.Scaling.Policy = ScalingNone
	}
	if f.Scaling.Protection == "" {
		f.Scaling.Protection = NoProtection
	}
	if f.TerminateMode == "" {
		f.TerminateMode = TriggerOnProcessTerminate
	}
	if f.Scaling.Policy == ScalingNone && f.Scaling.MaxInstances < f.Scaling.InitialInstances {
		f.Scaling.MaxInstances = f.Scaling.InitialInstances
	}
	return f
}

// usesSpot reports whether the fleet buys Spot instances. FleetIQ:
// SPOT_ONLY and SPOT_PREFERRED launch Spot while a pool is viable (and
// SPOT_PREFERRED falls back to On-Demand, see pick), ON_DEMAND_ONLY
// On-Demand (F2); a managed fleet of capacity type SPOT.
func usesSpot(f *FleetConfig) bool {
	if f.Kind == KindFleetIQ {
		return f.Balancing != OnDemandOnly
	}
	return f.CapacityType == Spot
}

// ValidateBuffer checks a buffer policy as Agones' ValidateBufferPolicy does
// (K1; agones pkg/apis/autoscaling/v1/fleetautoscaler.go). The buffer is
// absolute when BufferSize is set and a percentage when BufferPercent is;
// Agones has one intstr field, so setting both is an error here. Rules:
//
//   - MinReplicas must not exceed MaxReplicas ("minReplicas is bigger than
//     maxReplicas"; Agones checks this whatever the buffer type);
//   - absolute: BufferSize > 0; MaxReplicas ≥ BufferSize; MinReplicas, if
//     non-zero, ≥ BufferSize;
//   - percent: a whole percentage in 1–99 (Agones parses "N%" as an
//     integer); MinReplicas ≥ 1, else a fleet at 0 allocated would scale to
//     0 ready servers and never leave 0.
//
// It returns nil or an error listing every broken rule.
func ValidateBuffer(s Scaling) error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if s.MinReplicas < 0 || s.MaxReplicas < 0 {
		add("minReplicas %d and maxReplicas %d must not be negative", s.MinReplicas, s.MaxReplicas)
	}
	if s.MinReplicas > s.MaxReplicas {
		add("minReplicas %d is bigger than maxReplicas %d", s.MinReplicas, s.MaxReplicas)
	}
	switch {
	case s.BufferSize != 0 && s.BufferPercent != 0:
		add("give bufferSize (absolute) or bufferPercent, not both")
	case s.BufferPercent == 0: // absolute
		if s.BufferSize <= 0 {
			add("bufferSize %d must be bigger than 0", s.BufferSize)
		}
		if s.MaxReplicas < s.BufferSize {
			add("maxReplicas %d must be bigger than bufferSize %d", s.MaxReplicas, s.BufferSize)
		}
		if s.MinReplicas != 0 && s.MinReplicas < s.BufferSize {
			add("minReplicas %d is smaller than bufferSize %d", s.MinReplicas, s.BufferSize)
		}
	default: // percent
		p := s.BufferPercent
		if !(p >= 1 && p <= 99) || p != math.Trunc(p) {
			add("bufferPercent %g is not a valid percentage value (whole 1%%–99%%)", p)
		}
		if s.MinReplicas < 1 {
			add("minReplicas %d should be above 0 when used with a percentage bufferSize", s.MinReplicas)
		}
	}
	return errors.Join(errs...)
}

// bufferReplicas is Agones' applyBufferPolicy (K2): the desired replicas for
// allocated game servers, clamped to [MinReplicas, MaxReplicas], and whether
// the clamp applied (status.scalingLimited).
func bufferReplicas(s *Scaling, allocated int) (replicas int, limited bool) {
	if s.BufferPercent > 0 {
		replicas = int(math.Ceil(float64(allocated*100) / float64(100-int(s.BufferPercent))))
	} else {
		replicas = allocated + s.BufferSize
	}
	if replicas < s.MinReplicas {
		replicas, limited = s.MinReplicas, true
	}
	if replicas > s.MaxReplicas {
		replicas, limited = s.MaxReplicas, true
	}
	return replicas, limited
}

// validate rejects configurations the model cannot run, with every problem
// found, wrapping ErrInvalidConfig.
func validate(cfg *Config) error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if cfg.Horizon <= 0 {
		add("horizon %v must be positive", cfg.Horizon)
	}
	if cfg.Warmup < 0 || cfg.Warmup >= cfg.Horizon {
		add("warm-up %v must be in [0, horizon %v)", cfg.Warmup, cfg.Horizon)
	}
	if cfg.TimeseriesStep < 0 || cfg.MaxEvents < 0 {
		add("timeseries step %v and event budget %d must not be negative", cfg.TimeseriesStep, cfg.MaxEvents)
	}
	names := map[string]bool{}
	for i := range cfg.Fleets {
		validateFleet(cfg, i, names, add)
	}
	for qi := range cfg.Queues {
		validateQueue(cfg, qi, add)
	}
	for di := range cfg.Demands {
		validateDemand(cfg, di, add)
	}
	for i := range cfg.Timeline {
		validateAction(cfg, i, add)
	}
	if len(errs) > 0 {
		return fmt.Errorf("%w: %w", ErrInvalidConfig, errors.Join(errs...))
	}
	return nil
}

// validateFleet checks fleet i; names holds the fleet names seen so far.
func validateFleet(cfg *Config, i int, names map[string]bool, add func(string, ...any)) {
	f := withDefaults(cfg.Fleets[i])
	p := fmt.Sprintf("fleet %d (%q)", i, f.Name)
	if f.Name == "" || names[f.Name] {
		add("%s: needs a unique name", p)
	}
	names[f.Name] = true
	switch f.Kind {
	case KindEC2, KindContainer, KindAnywhere, KindFleetIQ:
	default:
		add("%s: unknown kind %q", p, f.Kind)
	}
	if len(f.Locations) == 0 {
		add("%s: needs at least one location", p)
	}
	seen := map[string]bool{}
	for _, l := range f.Locations {
		if l == "" || seen[l] {
			add("%s: location %q empty or repeated", p, l)
		}
		seen[l] = true
	}
	if f.ProcessesPerInstance < 1 || f.ProcessesPerInstance > MaxProcessesPerInstance {
		add("%s: processes per instance %d must be 1–%d (G1)", p, f.ProcessesPerInstance, MaxProcessesPerInstance)
	}
	if f.PriceOnDemand < 0 || f.PriceSpot < 0 || f.MinBilled < 0 {
		add("%s: prices and minimum billed duration must not be negative", p)
	}
	validateInstances(&f, p, add)
	validateSpot(&f.Spot, p, add)
	if f.CapacityType != OnDemand && f.CapacityType != Spot {
		add("%s: unknown capacity type %q", p, f.CapacityType)
	}
	if f.Balancing != SpotOnly && f.Balancing != SpotPreferred && f.Balancing != OnDemandOnly {
		add("%s: unknown balancing strategy %q", p, f.Balancing)
	}
	if f.ActivationTimeout < time.Second || f.ActivationTimeout > 600*time.Second {
		add("%s: activation timeout %v must be 1s–600s (G1)", p, f.ActivationTimeout)
	}
	for _, sh := range []float64{f.NoProcessEndingShare, f.LostEndShare, f.DuplicateEndShare} {
		if !(sh >= 0 && sh <= 1) {
			add("%s: share %g must be in [0, 1]", p, sh)
		}
	}
	if f.LostEndShare+f.DuplicateEndShare > 1+1e-12 {
		add("%s: lost %g + duplicate %g end shares exceed 1", p, f.LostEndShare, f.DuplicateEndShare)
	}
	if f.TerminateMode != TriggerOnProcessTerminate && f.TerminateMode != ForceTerminate {
		add("%s: unknown termination mode %q", p, f.TerminateMode)
	}
	if f.Kind == KindFleetIQ && f.TerminateOlderThan > 0 {
		add("%s: TerminateGameSession does not apply to a FleetIQ game server group (S000)", p)
	}
	if f.TerminateOlderThan < 0 {
		add("%s: terminate-older-than %v must not be negative", p, f.TerminateOlderThan)
	}
	validateScaling(&f, p, add)
}

// validateQueue checks queue qi and its destinations.
func validateQueue(cfg *Config, qi int, add func(string, ...any)) {
	q := cfg.Queues[qi]
	p := fmt.Sprintf("queue %d (%q)", qi, q.Name)
	if len(q.Destinations) == 0 {
		add("%s: needs at least one destination", p)
	}
	for _, d := range q.Destinations {
		if d.Fleet < 0 || d.Fleet >= len(cfg.Fleets) {
			add("%s: destination fleet %d out of range", p, d.Fleet)
			continue
		}
		f := &cfg.Fleets[d.Fleet]
		if f.Kind == KindFleetIQ {
			add("%s: FleetIQ group %q cannot be a queue destination", p, f.Name)
		}
		found := false
		for _, l := range f.Locations {
			found = found || l == d.Location
		}
		if !found {
			add("%s: fleet %q has no location %q", p, f.Name, d.Location)
		}
	}
}

// validateDemand checks demand di and what it reaches.
func validateDemand(cfg *Config, di int, add func(string, ...any)) {
	d := &cfg.Demands[di]
	p := fmt.Sprintf("demand %d (%q)", di, d.Name)
	if d.Arrivals == nil || d.GameLength == nil {
		add("%s: needs arrivals and a game length", p)
	}
	if !(d.CancelProbability >= 0 && d.CancelProbability <= 1) || d.Players < 0 || d.ClaimRetry < 0 || d.ClaimTimeout < 0 {
		add("%s: cancel probability in [0, 1], players, claim retry and timeout ≥ 0", p)
	}
	if !(d.DirectClaimShare >= 0 && d.DirectClaimShare <= 1) {
		add("%s: direct claim share %g must be in [0, 1]", p, d.DirectClaimShare)
	}
	if d.InstanceStatuses != nil {
		if !slices.Contains(d.InstanceStatuses, InstanceActive) {
			add("%s: claim filter instance statuses %v must contain ACTIVE (S002)", p, d.InstanceStatuses)
		}
		for _, st := range d.InstanceStatuses {
			if st != InstanceActive && st != InstanceDraining {
				add("%s: unknown instance status %q in the claim filter (ACTIVE, DRAINING)", p, st)
			}
		}
	}
	if d.Queue >= 0 && (d.DirectClaimShare > 0 || d.InstanceStatuses != nil) {
		add("%s: direct claims and claim filters are FleetIQ claim settings, not a queue's", p)
	}
	var reach []int
	switch {
	case d.Queue >= 0:
		if d.Queue >= len(cfg.Queues) {
			add("%s: queue %d out of range", p, d.Queue)
			return
		}
		for _, dst := range cfg.Queues[d.Queue].Destinations {
			if dst.Fleet >= 0 && dst.Fleet < len(cfg.Fleets) {
				reach = append(reach, dst.Fleet)
			}
		}
	case d.Fleet >= 0 && d.Fleet < len(cfg.Fleets) && cfg.Fleets[d.Fleet].Kind == KindFleetIQ:
		reach = []int{d.Fleet}
	default:
		add("%s: needs a queue, or a FleetIQ group as fleet", p)
	}
	for _, fi := range reach {
		if mp := cfg.Fleets[fi].MaxPlayers; mp > 0 && d.Players > mp {
			add("%s: %d players above fleet %q's max players %d", p, d.Players, cfg.Fleets[fi].Name, mp)
		}
	}
}

// validateAction checks timeline action i.
func validateAction(cfg *Config, i int, add func(string, ...any)) {
	a := cfg.Timeline[i]
	p := fmt.Sprintf("timeline action %d", i)
	if a.Fleet < 0 || a.Fleet >= len(cfg.Fleets) {
		add("%s: fleet %d out of range", p, a.Fleet)
		return
	}
	if cfg.Fleets[a.Fleet].Kind == KindFleetIQ {
		add("%s: TerminateGameSession does not apply to FleetIQ group %q (S000)", p, cfg.Fleets[a.Fleet].Name)
	}
	if a.Mode != "" && a.Mode != TriggerOnProcessTerminate && a.Mode != ForceTerminate {
		add("%s: unknown termination mode %q", p, a.Mode)
	}
	if !(a.Share >= 0 && a.Share <= 1) || a.At < 0 {
		add("%s: share %g must be in [0, 1], time %v ≥ 0", p, a.Share, a.At)
	}
}

func validateScaling(f *FleetConfig, p string, add func(string, ...any)) {
	s := &f.Scaling
	if s.MinInstances < 0 || s.InitialInstances < 0 || s.MaxInstances < 0 {
		add("%s: instance limits must not be negative", p)
	}
	switch s.Policy {
	case ScalingNone:
		return
	case ScalingTargetTracking:
		if f.Kind == KindFleetIQ {
			if !(s.TargetPercent > 0 && s.TargetPercent <= 100) {
				add("%s: PercentUtilizedGameServers target %g must be in (0, 100]", p, s.TargetPercent)
			}
		} else if !(s.TargetPercent >= 0 && s.TargetPercent < 100) {
			add("%s: PercentAvailableGameSessions target %g must be in [0, 100)", p, s.TargetPercent)
		}
	case ScalingBuffer:
		if err := ValidateBuffer(*s); err != nil {
			add("%s: buffer: %v", p, err)
		}
	default:
		add("%s: unknown scaling policy %q", p, s.Policy)
		return
	}
	if s.MaxInstances < 1 || s.MinInstances > s.MaxInstances || s.InitialInstances > s.MaxInstances {
		add("%s: need 1 ≤ max instances (%d), min (%d) and initial (%d) ≤ max", p, s.MaxInstances, s.MinInstances, s.InitialInstances)
	}
	if s.Protection != NoProtection && s.Protection != FullProtection {
		add("%s: unknown protection %q", p, s.Protection)
	}
}
