package backtest

import (
	"errors"
	"fmt"

	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
)

// Options tune a backtest run.
type Options struct {
	// Replay replays the observed arrivals ([Window.Replay]) instead of
	// the scenario's arrival process (stream groups only).
	Replay bool
	// Runs are the run layer's options (workers, progress).
	Runs simrun.RunsOptions
}

// ErrReplayFleet is Run's refusal to replay a fleet's arrivals.
var ErrReplayFleet = errors.New("backtest: replaying the observed arrivals is for stream groups; a fleet's placements are not in its game sessions")

// Run simulates the observed period with sc — its stream groups against
// stream sessions ([Observe]), its fleets against a fleet's game sessions
// ([ObserveFleet]) — through the run layer, the scenario's replications,
// and compares. It sets sc's simulation to the period ([Window.Apply]).
func Run(sc *scenarios.Scenario, obs *Observed, opt Options) (*Report, error) {
	if opt.Replay && obs.Fleet {
		return nil, ErrReplayFleet
	}
	w := WindowFor(obs)
	if err := w.Apply(sc); err != nil {
		return nil, err
	}
	rs, err := simrun.Resolve(sc, simrun.Timeseries)
	if err != nil {
		return nil, err
	}
	if opt.Replay {
		if err := w.Replay(rs.Streams, obs); err != nil {
			return nil, err
		}
	}
	reps, err := rs.Runs(0, sc.Simulation.Replications, opt.Runs)
	if err != nil {
		return nil, err
	}
	s, f := simrun.Split(reps)
	if obs.Fleet {
		if f == nil {
			return nil, fmt.Errorf("backtest: %s has no [[fleet]] to compare with game sessions", sc.Name)
		}
		return CompareFleets(obs, w, f)
	}
	return Compare(obs, w, s)
}
