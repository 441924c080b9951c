package experiment

import (
	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
)

// ReplicationScopes returns the scopes of one replication's results (fr
// nil without fleets) with every declared metric's value in it: each
// Series holds one value, computed as a sweep's block holds it.
// measuredSeconds is the horizon less the warm-up. It is how callers that
// run replications themselves (package benchout, for capsim bench and
// capsimtest) read the same per-replication values as sweeps and the
// optimizer.
func ReplicationScopes(sr *streams.Result, fr *fleets.Result, measuredSeconds float64) []Scope {
	scopes := scopesOf(sr, fr)
	vals := evalReplication(sr, fr, measuredSeconds)
	for s := range scopes {
		for m := range scopes[s].Metrics {
			scopes[s].Metrics[m].Reps = Values{vals[s][m]}
		}
	}
	return scopes
}
