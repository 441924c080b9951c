package scenarios

import (
	"fmt"
	"math"
	"time"

	"github.com/capsim/capsim/models/streams"
)

func (b *builder) demands(cfg *streams.Config) {
	sc, p := b.sc, b.p
	if len(sc.Demands) == 0 && (len(sc.StreamGroups) > 0 || len(sc.Fleets) == 0) {
		p.add("demand", "a scenario needs at least one [[demand]]")
	}
	names := map[string]bool{}
	b.regions = b.resolveRegions()
	regions := b.regions
	cfg.LatencyThreshold = sc.Simulation.LatencyThreshold
	for i, d := range sc.Demands {
		path := fmt.Sprintf("demand[%d]", i)
		b.defineOnce(names, path, "demand", d.Name)
		dc := streams.DemandConfig{Name: d.Name}
		gi := b.groupIndex(d.StreamGroup)
		if gi < 0 {
			b.unknownName(path+".stream_group", "stream group", d.StreamGroup, b.groupNames())
		} else {
			dc.Group = gi
			seen := map[string]bool{}
			for li, n := range d.Locations {
				lp := fmt.Sprintf("%s.locations[%d]", path, li)
				if !b.everPresent[gi][n] {
					p.add(lp, "location %q is not in stream group %q (nor added by the timeline)%s", n, d.StreamGroup,
						notAmong(n, b.groupLocations(gi), "the group's locations"))
				}
				if seen[n] {
					p.add(lp, "location %q is listed twice", n)
				}
				seen[n] = true
			}
			if len(d.Locations) == 0 && b.sc.src.lines.has(path+".locations") {
				p.add(path+".locations", "an empty list names no location; leave locations out to use every location of stream group %q", d.StreamGroup)
			}
			if len(d.Locations) > 64 {
				p.add(path+".locations", "at most 64 locations per demand, got %d", len(d.Locations))
			}
			dc.Locations = d.Locations
			b.demandRegion(path, d, &dc, gi, cfg, regions)
		}
		var hasLengths bool
		dc.Arrivals, hasLengths = b.arrivals(path+".arrivals", d.Arrivals)
		if !hasLengths || b.sc.src.lines.has(path+".session_length") {
			dc.SessionLength = b.length(path+".session_length", d.SessionLength)
		}
		if d.SessionStartDelay != nil {
			dc.SessionStartDelay = b.dist(path+".session_start_delay", *d.SessionStartDelay)
		}
		dc.Client = b.client(path+".client", d.Client)
		cfg.Demands = append(cfg.Demands, dc)
	}
}

func (b *builder) client(path string, c Client) streams.Client {
	b.probability(path+".no_show_probability", c.NoShowProbability)
	b.probability(path+".reconnect_probability", c.ReconnectProbability)
	b.rate(path+".disconnect_rate_per_hour", c.DisconnectRatePerHour)
	b.rate(path+".afk_rate_per_hour", c.AFKRatePerHour)
	b.rate(path+".crash_rate_per_hour", c.CrashRatePerHour)
	if c.ConnectionTimeout < time.Second || c.ConnectionTimeout > time.Hour {
		b.p.add(path+".connection_timeout", "ConnectionTimeoutSeconds must be 1s–3600s, got %v", c.ConnectionTimeout)
	}
	if c.SessionLengthLimit < time.Second || c.SessionLengthLimit > 24*time.Hour {
		b.p.add(path+".session_length_limit", "SessionLengthSeconds must be 1s–86400s, got %v", c.SessionLengthLimit)
	}
	r, ok := streams.ParseReason(c.EndReason)
	if !ok || (r != streams.ReasonAPITerminated && r != streams.ReasonApplicationExit) {
		b.p.add(path+".end_reason", "how a normal end is recorded: apiTerminated or applicationExit, got %q", c.EndReason)
	}
	return streams.Client{
		ConnectDelay:          b.dist(path+".connect_delay", c.ConnectDelay),
		NoShowProbability:     c.NoShowProbability,
		DisconnectRatePerHour: c.DisconnectRatePerHour,
		ReconnectProbability:  c.ReconnectProbability,
		ReconnectDelay:        b.dist(path+".reconnect_delay", c.ReconnectDelay),
		AFKRatePerHour:        c.AFKRatePerHour,
		CrashRatePerHour:      c.CrashRatePerHour,
		EndReason:             r,
		ConnectionTimeout:     c.ConnectionTimeout,
		SessionLengthLimit:    c.SessionLengthLimit,
	}
}

// arrivals builds the arrival process; it reports whether a trace carries
// session lengths.
func (b *builder) arrivals(path string, a Arrivals) (streams.Arrivals, bool) {
	p, ix := b.p, b.sc.src.lines
	switch a.Process {
	case "poisson":
		if a.File != "" {
			p.add(path+".file", "file goes with process = \"trace\"")
		}
		hasRate, hasHourly := ix.has(path+".rate_per_hour"), ix.has(path+".hourly")
		if hasRate && hasHourly {
			p.add(path+".hourly", "give rate_per_hour or hourly, not both")
		}
		if !hasRate && !hasHourly && len(a.Spikes) == 0 {
			p.add(path, "poisson arrivals need rate_per_hour, hourly (24 rates) or spikes")
		}
		b.rate(path+".rate_per_hour", a.RatePerHour)
		if hasHourly && len(a.Hourly) != 24 {
			p.add(path+".hourly", "needs exactly 24 hourly rates (hour 0 to 23), got %d", len(a.Hourly))
		}
		for i, h := range a.Hourly {
			b.rate(fmt.Sprintf("%s.hourly[%d]", path, i), h)
		}
		if len(a.Spikes) > MaxSpikesPerDemand {
			// drawing an arrival costs time in proportion to the number of
			// spikes, and there are more arrivals with more spikes
			p.add(path+".spikes", "%d spikes is beyond the limit of %d per demand; merge overlapping spikes or use a trace", len(a.Spikes), MaxSpikesPerDemand)
		} else if len(a.Spikes) > 0 {
			peak := a.RatePerHour
			for _, h := range a.Hourly {
				peak = max(peak, h)
			}
			for _, s := range a.Spikes {
				peak += max(s.PeakPerHour, 0)
			}
			if work := peak * b.sc.Simulation.Horizon.Hours() * float64(len(a.Spikes)); work > MaxSpikeWork {
				p.add(path+".spikes", "%d spikes with peaks summing to %.3g per hour over %v make about %.3g spike-rate evaluations per replication, beyond the limit of %.3g; use fewer or lower spikes, or a trace",
					len(a.Spikes), peak, b.sc.Simulation.Horizon, work, MaxSpikeWork)
			}
		}
		pp := &streams.Poisson{RatePerHour: a.RatePerHour, Hourly: a.Hourly}
		for i, s := range a.Spikes {
			sp := fmt.Sprintf("%s.spikes[%d]", path, i)
			for _, f := range []struct {
				k string
				d time.Duration
			}{{"start", s.Start}, {"ramp", s.Ramp}, {"hold", s.Hold}, {"decay", s.Decay}} {
				if f.d < 0 {
					p.add(sp+"."+f.k, "must not be negative, got %v", f.d)
				}
			}
			if !(s.PeakPerHour > 0) || math.IsInf(s.PeakPerHour, 0) {
				p.add(sp+".peak_per_hour", "must be > 0, got %g", s.PeakPerHour)
			}
			pp.Spikes = append(pp.Spikes, streams.Spike{Start: s.Start, Ramp: s.Ramp, Hold: s.Hold, Decay: s.Decay, PeakPerHour: s.PeakPerHour})
		}
		return pp, false
	case "trace":
		if a.File == "" {
			p.add(path+".file", "trace arrivals need file = \"trace.csv\"")
			return nil, false
		}
		if ix.has(path+".rate_per_hour") || ix.has(path+".hourly") || len(a.Spikes) > 0 {
			p.add(path, "rate_per_hour, hourly and spikes go with process = \"poisson\"")
		}
		t, err := b.files.trace(a.File)
		if err != nil {
			p.add(path+".file", "%v", err)
			return nil, false
		}
		return t, t.Lengths != nil
	case "":
		p.add(path+".process", "missing: poisson or trace")
	default:
		b.enum(path+".process", "arrival process", a.Process, []string{"poisson", "trace"})
	}
	return nil, false
}

// limits rejects scenarios that would exhaust memory or run for days, and
// sets the event budget.
func (b *builder) limits(cfg *streams.Config) {
	if len(b.p.errs) > 0 || cfg.Horizon <= 0 {
		return
	}
	sc := b.sc
	var expected, concurrent float64
	for i, d := range cfg.Demands {
		if d.Arrivals == nil {
			continue
		}
		n := b.expectedArrivals(fmt.Sprintf("demand[%d].arrivals", i), d.Arrivals, cfg.Horizon)
		expected += n
		b.streamsExpected += n
		var mean time.Duration
		if d.SessionLength != nil {
			mean = d.SessionLength.Mean()
		}
		if pp, ok := d.Arrivals.(*streams.Poisson); ok {
			concurrent += pp.MaxRate() * inFlightHours(cfg.Horizon, mean, 20*time.Minute)
		}
	}
	if concurrent > MaxConcurrentSessions {
		b.p.add("demand", "about %.3g sessions in flight at the peak is beyond the limit of %d", concurrent, MaxConcurrentSessions)
	}
	locs := 0
	for _, g := range cfg.Groups {
		locs += len(g.Locations)
	}
	for _, a := range cfg.Timeline {
		locs += len(a.Locations)
	}
	for _, f := range sc.Fleets {
		locs += len(f.Locations)
	}
	points := float64(cfg.Horizon/cfg.TimeseriesStep) * float64(locs) * float64(sc.Simulation.Replications)
	if points > MaxTimeseriesPoints {
		b.p.add("simulation.timeseries_step", "%v over %v, %d locations and %d replications makes %.3g timeseries points, beyond the limit of %d; use a longer step",
			cfg.TimeseriesStep, cfg.Horizon, locs, sc.Simulation.Replications, points, MaxTimeseriesPoints)
	}
	cfg.MaxEvents = uint64(sc.Simulation.MaxEvents)
	if cfg.MaxEvents == 0 {
		// About 10 events per session plus sampling: 100 per expected arrival
		// leaves room for bursts while still stopping a runaway scenario.
		cfg.MaxEvents = uint64(100*expected) + uint64(cfg.Horizon/cfg.TimeseriesStep)*2 + 1_000_000
	}
}

// expectedArrivals is the expected requests of one replication of an
// arrival process; beyond MaxArrivalsPerRun it is reported at path.
func (b *builder) expectedArrivals(path string, a streams.Arrivals, horizon time.Duration) float64 {
	n := a.ExpectedCount(horizon)
	if n > MaxArrivalsPerRun {
		b.p.add(path, "about %.3g requests per replication is beyond the limit of %d", n, MaxArrivalsPerRun)
	}
	return n
}

// inFlightHours is how long a session holds its place, in hours, for the
// sessions-in-flight estimate: its mean plus the waits around it, at most
// the horizon. Added as floats: durations near the int64 limit must not
// overflow and slip past the limit (review finding).
func inFlightHours(horizon time.Duration, parts ...time.Duration) float64 {
	h := 0.0
	for _, p := range parts {
		h += p.Hours()
	}
	return min(h, horizon.Hours())
}
