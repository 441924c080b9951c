package simrun

import (
	"fmt"
	"time"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
)

// Replication is one replication of both models: the stream groups and,
// when the scenario has fleets, GameLift Servers fleets (nil otherwise).
// Elapsed is each model's wall time ("streams", "fleets") when
// RepOptions.Clock was set.
type Replication struct {
	Streams *streams.Result
	Fleets  *fleets.Result
	Elapsed map[string]time.Duration
}

// RepOptions tune one replication.
type RepOptions struct {
	// Progress, if set, receives the virtual time reached (both models
	// cover the same horizon: the fleets' pass is reported as the second
	// half).
	Progress func(sim.Time)
	// SpillDir, if set, receives both models' timeseries as files.
	SpillDir string
	// Clock, if set, times each model's run (Replication.Elapsed); the
	// run layer reads no clock of its own.
	Clock func() time.Time
}

// Run runs replication rep of the stream groups, then of the fleets, each
// model drawing from its own named random streams. A failed run is
// explained in the scenario's terms (its event budget, where it is set).
func (r *Resolved) Run(rep int, opt RepOptions) (Replication, error) {
	var out Replication
	streamsProgress, fleetsProgress := opt.Progress, (func(sim.Time))(nil)
	if r.Fleets != nil && opt.Progress != nil {
		streamsProgress = func(t sim.Time) { opt.Progress(t / 2) }
		fleetsProgress = func(t sim.Time) { opt.Progress(sim.At(r.Streams.Horizon)/2 + t/2) }
	}
	stop := r.timer(opt.Clock, &out)
	var err error
	out.Streams, err = streams.Run(r.Streams, rep, streams.Options{Hourly: r.outputs == Hourly || r.hours,
		RunOptions: sim.RunOptions{Progress: streamsProgress, TimeseriesDir: opt.SpillDir}})
	if err != nil {
		return out, r.Scenario.ExplainRunError(err, uint64(r.Streams.MaxEvents), 0)
	}
	stop("streams")
	if r.Fleets != nil {
		out.Fleets, err = fleets.Run(r.Fleets, rep, fleets.Options{RunOptions: sim.RunOptions{Progress: fleetsProgress, TimeseriesDir: opt.SpillDir}})
		if err != nil {
			return out, r.Scenario.ExplainRunError(fmt.Errorf("fleets: %w", err), 0, uint64(r.Fleets.MaxEvents))
		}
		stop("fleets")
	}
	return out, nil
}

// timer returns what records, with clock (nil: nothing), the wall time
// since its last call under model.
func (r *Resolved) timer(clock func() time.Time, out *Replication) func(model string) {
	if clock == nil {
		return func(string) {}
	}
	out.Elapsed = map[string]time.Duration{}
	start := clock()
	return func(model string) {
		now := clock()
		out.Elapsed[model], start = now.Sub(start), now
	}
}

// Split returns the replications' stream group results and, if the
// scenario has fleets, the fleets' (nil otherwise), in replication order.
func Split(reps []Replication) ([]*streams.Result, []*fleets.Result) {
	s := make([]*streams.Result, len(reps))
	var f []*fleets.Result
	for i, r := range reps {
		s[i] = r.Streams
		if r.Fleets != nil {
			f = append(f, r.Fleets)
		}
	}
	return s, f
}
