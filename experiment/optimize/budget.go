package optimize

import (
	"fmt"

	"github.com/capsim/capsim/experiment/design"
)

// budget counts jobs against Options.MaxRequests (each replication's
// expected requests at its plan and demand scale), or refuses them all.
func (o *optimizer) budget(jobs []job) error {
	w := 0.0
	for _, j := range jobs {
		w += j.st.runs[j.scale].ExpectedRequests()
	}
	if o.opt.MaxRequests > 0 && o.work+w > float64(o.opt.MaxRequests) {
		return design.TooMuchWork(fmt.Sprintf("experiment: optimize: after %d replications (about %.3g requests) the search would simulate about %.3g requests in all, "+
			"beyond simulation.max_total_requests = %d; narrow the --vary ranges, or raise simulation.max_total_requests",
			o.reps, o.work, o.work+w, o.opt.MaxRequests))
	}
	o.work += w
	return nil
}
