package scenarios

import (
	"strings"
	"time"

	"github.com/capsim/capsim/models/fleets"
)

// fleetScaling validates [fleet.scaling].
func (b *builder) fleetScaling(path string, f Fleet, kindOK, iq bool) fleets.Scaling {
	p, ix := b.p, b.sc.src.lines
	s := f.Scaling
	out := fleets.Scaling{Policy: fleets.ScalingPolicy(s.Policy)}
	policyOK := b.enum(path+".policy", "scaling policy", s.Policy, policies)

	out.MinInstances, out.MaxInstances, out.InitialInstances = b.instanceLimits(path, f)

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

// instanceLimits checks a fleet's instance limits per location (G11) and
// returns min, max and initial instances (initial unset: max(min, 1)).
func (b *builder) instanceLimits(path string, f Fleet) (minN, maxN, initial int) {
	p, ix, s := b.p, b.sc.src.lines, f.Scaling
	initial = s.InitialInstances
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
	return s.MinInstances, s.MaxInstances, initial
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
