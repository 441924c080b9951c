package experiment

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/sim/metric"
)

// Scope is one location, or a total, of one model, with every declared
// metric's value in each replication of a block.
type Scope struct {
	Name     string   `json:"scope"` // "locations[0]", "total", "fleets[0]", "fleet_total"
	Model    string   `json:"model"` // "streams" or "fleets"
	Owner    string   `json:"owner,omitempty"`
	Location string   `json:"location,omitempty"`
	Kind     string   `json:"kind,omitempty"` // stream class or fleet kind
	Metrics  []Series `json:"metrics"`
}

// Series is one metric's value per replication, in replication order.
type Series struct {
	Name string `json:"name"`
	Reps Values `json:"reps"`
}

// Estimate is the series' estimate over its replications.
func (s Series) Estimate() sim.Estimate { return sim.NewEstimate(s.Reps) }

// Values are per-replication values; NaN (undefined) is written as null.
// Numbers are written in the shortest form that reads back to the same
// float64, so a block read back estimates exactly as the run did.
type Values []float64

// MarshalJSON writes null for NaN.
func (v Values) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, x := range v {
		if i > 0 {
			b.WriteByte(',')
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			b.WriteString("null")
			continue
		}
		b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
	}
	b.WriteByte(']')
	return b.Bytes(), nil
}

// UnmarshalJSON reads null as NaN.
func (v *Values) UnmarshalJSON(data []byte) error {
	var ps []*float64
	if err := json.Unmarshal(data, &ps); err != nil {
		return err
	}
	*v = make(Values, len(ps))
	for i, p := range ps {
		(*v)[i] = math.NaN()
		if p != nil {
			(*v)[i] = *p
		}
	}
	return nil
}

// PairedDifference is the estimate of the mean of x − y over the same
// replications (common random numbers: x[k] and y[k] are two plans'
// values in replication k), over len(x) replications; replications where
// either is undefined (NaN) are left out, as [sim.NewEstimate] leaves them.
// Optimize's "clearly cheaper" and a schedule's saving against a static
// plan are both judged on it.
func PairedDifference(x, y []float64) sim.Estimate {
	d := make([]float64, len(x))
	for k := range d {
		d[k] = x[k] - y[k]
	}
	return sim.NewEstimate(d)
}

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
