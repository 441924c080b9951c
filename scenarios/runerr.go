package scenarios

import (
	"errors"
	"fmt"

	"github.com/capsim/capsim/sim"
)

// ExplainRunError adds to an error from running the scenario what the user
// can change. When the event budget ran out (sim.ErrEventBudget) it names
// simulation.max_events, its value and where it was set; the result still
// matches sim.ErrEventBudget, and not ErrInvalid: the input was valid, the
// run failed. Any other error is returned unchanged.
func (sc *Scenario) ExplainRunError(err error) error {
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
		how = "simulation.max_events = 0 (automatic: about 100 events per expected request)"
	}
	return fmt.Errorf("%w; the budget is %s: raise simulation.max_events if the scenario is meant to do this much", err, how)
}
