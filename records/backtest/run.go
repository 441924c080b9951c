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

// ErrMismatch is matched (errors.Is) by every error saying that the
// records and the scenario (or the options) cannot be compared: no record,
// less than an hour, a fleet scenario against stream sessions, a replay a
// scenario's demands do not allow. Callers exit 2 on it.
var ErrMismatch = errors.New("records and scenario do not match")

// mismatchError is an error matching ErrMismatch, worded on its own.
type mismatchError struct{ msg string }

func (e *mismatchError) Error() string        { return e.msg }
func (e *mismatchError) Is(target error) bool { return target == ErrMismatch }

func mismatch(format string, args ...any) error {
	return &mismatchError{fmt.Sprintf(format, args...)}
}

// ErrReplayFleet is Run's refusal to replay a fleet's arrivals.
var ErrReplayFleet = mismatch("backtest: --replay replays the arrivals of stream sessions; a fleet's placements are not in its game sessions")

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
			return nil, mismatch("backtest: %s has no [[fleet]] to compare with game sessions", sc.Name)
		}
		return CompareFleets(obs, w, f)
	}
	return Compare(obs, w, s)
}
