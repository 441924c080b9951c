package scenarios

import (
	"errors"
	"fmt"

	"github.com/capsim/capsim/sim"
)

// ExplainRunError adds to an error from running the scenario what the user
// can change. When the event budget ran out (sim.ErrEventBudget) it names
// simulation.max_events, its value and where it was set (or, when it is 0,
// the automatic budgets the models used: streams and fleets, 0 for a model
// the scenario does not have); the result still matches sim.ErrEventBudget
// and not ErrInvalid. The command line treats it as bad input (exit 2): it
// is the scenario's own limit that is too small. Any other error is
// returned unchanged.
func (sc *Scenario) ExplainRunError(err error, streamsBudget, fleetsBudget uint64) error {
	if err == nil || !errors.Is(err, sim.ErrEventBudget) {
		return err
	}
	var how string
	switch n := sc.Simulation.MaxEvents; {
	case n > 0 && sc.src.lines != nil && sc.src.lines.line("simulation.max_events") > 0:
		how = fmt.Sprintf("simulation.max_events = %d (%s:%d)", n, sc.src.file, sc.src.lines.line("simulation.max_events"))
	case n > 0:
		how = fmt.Sprintf("simulation.max_events = %d", n)
	default:
		how = "simulation.max_events = 0 (automatic, about 100 events per expected request:"
		if streamsBudget > 0 {
			how += fmt.Sprintf(" %d for the stream groups", streamsBudget)
		}
		if fleetsBudget > 0 {
			how += fmt.Sprintf(" %d for the fleets", fleetsBudget)
		}
		how += ")"
	}
	return fmt.Errorf("%w\nthe scenario's event budget %s ran out before the horizon; "+
		"raise it (--set simulation.max_events=N) or shorten the horizon", err, how)
}
