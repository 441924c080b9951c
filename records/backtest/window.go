package backtest

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/records/fit"
	"github.com/capsim/capsim/scenarios"
)

// Window is how a scenario simulates the observed period: time 0 at a UTC
// midnight (where hourly curves start) at least fit.MinWarmup before the
// first observed hour, the warm-up up to it, the horizon to the last.
type Window struct {
	Virtual0         time.Time
	Warmup, Horizon  time.Duration
	FirstBucket      int // the timeseries bucket (of an hour) of the first observed hour
	Hours            int
	observedLocation []string
}

// WindowFor returns the window of the observed period.
func WindowFor(obs *Observed) Window {
	v := obs.Start.Add(-fit.MinWarmup)
	v0 := time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC)
	w := obs.Start.Sub(v0)
	return Window{Virtual0: v0, Warmup: w, Horizon: w + time.Duration(obs.Hours)*time.Hour,
		FirstBucket: int(w / time.Hour), Hours: obs.Hours, observedLocation: obs.Locations}
}

// Apply sets the scenario's simulation to the window, with hourly
// timeseries (what the comparison reads). The scenario's own horizon and
// warm-up are replaced: the backtest simulates the period the records
// cover.
func (w Window) Apply(sc *scenarios.Scenario) error {
	for _, kv := range [][2]string{
		{"simulation.horizon", scenarios.CompactDuration(w.Horizon)},
		{"simulation.warmup", scenarios.CompactDuration(w.Warmup)},
		{"simulation.timeseries_step", "1h"},
	} {
		if err := sc.Set(kv[0], kv[1]); err != nil {
			return fmt.Errorf("backtest: setting %s: %w", kv[0], err)
		}
	}
	return nil
}

// Replay makes each demand replay the observed arrivals of its first
// location (a trace), instead of its own arrival process: the requests
// then match the records hour by hour, and the comparison tests the rest
// of the model. Each observed location must be the first location of
// exactly one demand (a fitted scenario has one demand per location);
// session lengths are still drawn from the demand's distribution.
func (w Window) Replay(cfg *streams.Config, obs *Observed) error {
	first := map[string][]string{}
	for _, d := range cfg.Demands {
		loc := cfg.Groups[d.Group].Locations[0].Name
		if len(d.Locations) > 0 {
			loc = d.Locations[0]
		}
		first[loc] = append(first[loc], d.Name)
	}
	for _, l := range obs.Locations {
		if len(first[l]) > 1 {
			return mismatch("backtest: demands %s all start at %s: replaying the observed arrivals needs one demand per location (as capsim fit writes)",
				strings.Join(first[l], ", "), l)
		}
	}
	v0 := w.Virtual0.UnixNano()
	total := 0
	for i := range cfg.Demands {
		d := &cfg.Demands[i]
		loc := cfg.Groups[d.Group].Locations[0].Name
		if len(d.Locations) > 0 {
			loc = d.Locations[0]
		}
		tr := &streams.Trace{Source: "the observed arrivals at " + loc}
		if li := slices.Index(obs.Locations, loc); li >= 0 {
			for _, a := range obs.Arrivals[li] {
				tr.At = append(tr.At, time.Duration(a-v0))
			}
		}
		total += len(tr.At)
		d.Arrivals = tr
	}
	// the event budget was set for the scenario's own arrivals
	cfg.MaxEvents = max(cfg.MaxEvents, uint64(100*total)+uint64(w.Horizon/time.Minute)*2+1_000_000)
	return nil
}
