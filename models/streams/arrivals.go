package streams

import "github.com/capsim/capsim/sim"

// The arrival processes live in package sim, where every model draws from
// them; these names keep the scenario layer's spelling.
type (
	// Arrivals describes when stream requests arrive.
	Arrivals = sim.Arrivals
	// ArrivalGen is one replication's draw of an arrival process.
	ArrivalGen = sim.ArrivalGen
	// Spike is extra demand over a base rate.
	Spike = sim.Spike
	// Poisson is a (non-homogeneous) Poisson process.
	Poisson = sim.Poisson
	// Trace replays recorded arrivals.
	Trace = sim.Trace
)

// NewArrivalGen starts a fresh draw of a for one replication.
func NewArrivalGen(a Arrivals) ArrivalGen { return a.NewGen() }
