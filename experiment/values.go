package experiment

import (
	"fmt"
	"strconv"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/sim/metric"
	"github.com/capsim/capsim/simrun"
)

// Scope, Series and Values are the run layer's per-replication metric
// values (simrun.Scope).
type (
	Scope  = simrun.Scope
	Series = simrun.Series
	Values = simrun.Values
)

// PairedDifference is simrun.PairedDifference.
func PairedDifference(x, y []float64) sim.Estimate { return simrun.PairedDifference(x, y) }

// scopesOf returns the scopes of a replication's results, without values:
// each stream group location, the total, and with fleet locations each of
// them and the fleet total.
func scopesOf(sr *streams.Result, fr *fleets.Result) []Scope {
	var out []Scope
	for i, l := range sr.Locations {
		out = append(out, Scope{Name: "locations[" + strconv.Itoa(i) + "]", Model: "streams", Owner: l.Group,
			Location: l.Location, Kind: l.Class, Metrics: series(metric.Infos(streams.Metrics))})
	}
	out = append(out, Scope{Name: "total", Model: "streams", Metrics: series(metric.Infos(streams.Metrics))})
	if fr == nil || len(fr.Locations) == 0 {
		return out
	}
	for i, l := range fr.Locations {
		out = append(out, Scope{Name: "fleets[" + strconv.Itoa(i) + "]", Model: "fleets", Owner: l.Fleet,
			Location: l.Location, Kind: string(l.Kind), Metrics: series(metric.Infos(fleets.Metrics))})
	}
	return append(out, Scope{Name: "fleet_total", Model: "fleets", Metrics: series(metric.Infos(fleets.Metrics))})
}

func series(infos []metric.Info) []Series {
	out := make([]Series, len(infos))
	for i, in := range infos {
		out[i] = Series{Name: in.Name}
	}
	return out
}

// evalReplication returns every scope's metric values in one replication,
// [scope][metric] in scopesOf order, as reports computes them.
func evalReplication(sr *streams.Result, fr *fleets.Result, measuredSeconds float64) [][]float64 {
	var out [][]float64
	for li := range sr.Locations {
		out = append(out, evalDefs(streams.Metrics, sr.Locations, li, 0))
	}
	out = append(out, evalDefs(streams.Metrics, sr.Locations, -1, 0))
	if fr == nil || len(fr.Locations) == 0 {
		return out
	}
	for li := range fr.Locations {
		out = append(out, evalDefs(fleets.Metrics, fr.Locations, li, measuredSeconds))
	}
	return append(out, evalDefs(fleets.Metrics, fr.Locations, -1, measuredSeconds))
}

func evalDefs[L any](defs []metric.Def[L], locs []L, li int, measuredSeconds float64) []float64 {
	if li >= 0 {
		locs = locs[li : li+1]
	}
	out := make([]float64, len(defs))
	for d := range defs {
		out[d] = defs[d].Eval(locs, li < 0, measuredSeconds)
	}
	return out
}

// fill sets the scopes' values from per-replication values
// ([rep][scope][metric]).
func fill(scopes []Scope, reps [][][]float64) error {
	for _, r := range reps {
		if len(r) != len(scopes) {
			return fmt.Errorf("experiment: a replication has %d scopes, replication 0 has %d", len(r), len(scopes))
		}
	}
	for s := range scopes {
		for m := range scopes[s].Metrics {
			vs := make(Values, len(reps))
			for i, r := range reps {
				vs[i] = r[s][m]
			}
			scopes[s].Metrics[m].Reps = vs
		}
	}
	return nil
}
