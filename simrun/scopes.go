package simrun

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
// metric's value in each replication: the metric namespace of a run, as
// stored per replication. Its Name is a metric name's scope with the
// selector an index ([metric.Name.ScopeName] of a canonical name).
type Scope struct {
	Name     string   `json:"scope"` // "locations[0]", "total", "fleets[0]", "fleet_total", "hours[0]", "regions[0]"
	Model    string   `json:"model"` // "streams", "fleets", "hours" or "regions"
	Owner    string   `json:"owner,omitempty"`
	Location string   `json:"location,omitempty"`
	Kind     string   `json:"kind,omitempty"`   // stream class or fleet kind
	Region   string   `json:"region,omitempty"` // a player region's name
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
// float64, so values read back estimate exactly as the run did.
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

// Find returns the per-replication values of metric of the scope named
// scope ("total", "locations[2]"), or false if scopes have no such series.
func Find(scopes []Scope, scope, metric string) (Values, bool) {
	for _, sc := range scopes {
		if sc.Name != scope {
			continue
		}
		for _, m := range sc.Metrics {
			if m.Name == metric {
				return m.Reps, true
			}
		}
	}
	return nil, false
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

// Scopes returns the scopes of a replication, without values: each stream
// group location, the total, with fleet locations each of them and the
// fleet total, when the replication recorded them ([Hourly]) the 24
// hours of the day ("hours[0]" ... "hours[23]", model "hours"), and each
// player region stream demands come from ("regions[0]" ..., model
// "regions", in streams.Result.Regions order), which every replication of
// a scenario with player regions records.
func (rep Replication) Scopes() []Scope {
	var out []Scope
	for i, l := range rep.Streams.Locations {
		out = append(out, Scope{Name: "locations[" + strconv.Itoa(i) + "]", Model: "streams", Owner: l.Group,
			Location: l.Location, Kind: l.Class, Metrics: series(metric.Infos(streams.Metrics))})
	}
	out = append(out, Scope{Name: "total", Model: "streams", Metrics: series(metric.Infos(streams.Metrics))})
	if rep.Fleets != nil && len(rep.Fleets.Locations) > 0 {
		for i, l := range rep.Fleets.Locations {
			out = append(out, Scope{Name: "fleets[" + strconv.Itoa(i) + "]", Model: "fleets", Owner: l.Fleet,
				Location: l.Location, Kind: string(l.Kind), Metrics: series(metric.Infos(fleets.Metrics))})
		}
		out = append(out, Scope{Name: "fleet_total", Model: "fleets", Metrics: series(metric.Infos(fleets.Metrics))})
	}
	if hourly(rep.Streams) {
		for h := range streams.HoursOfDay {
			out = append(out, Scope{Name: "hours[" + strconv.Itoa(h) + "]", Model: "hours", Metrics: series(metric.Infos(streams.HourMetrics))})
		}
	}
	for i, r := range rep.Streams.Regions {
		out = append(out, Scope{Name: "regions[" + strconv.Itoa(i) + "]", Model: "regions", Region: r.Region,
			Metrics: series(metric.Infos(streams.RegionMetrics))})
	}
	return out
}

// hourly reports whether r recorded the hours of the day.
func hourly(r *streams.Result) bool { return len(r.Locations) > 0 && r.Locations[0].Hours != nil }

func series(infos []metric.Info) []Series {
	out := make([]Series, len(infos))
	for i, in := range infos {
		out[i] = Series{Name: in.Name}
	}
	return out
}

// Values returns every scope's metric values in the replication,
// [scope][metric] in [Replication.Scopes] order, as reports computes
// them; measuredSeconds is the horizon less the warm-up.
func (rep Replication) Values(measuredSeconds float64) [][]float64 {
	var out [][]float64
	sr, fr := rep.Streams, rep.Fleets
	for li := range sr.Locations {
		out = append(out, Eval(streams.Metrics, sr.Locations, li, 0))
	}
	out = append(out, Eval(streams.Metrics, sr.Locations, -1, 0))
	if fr != nil && len(fr.Locations) > 0 {
		for li := range fr.Locations {
			out = append(out, Eval(fleets.Metrics, fr.Locations, li, measuredSeconds))
		}
		out = append(out, Eval(fleets.Metrics, fr.Locations, -1, measuredSeconds))
	}
	if hourly(sr) {
		at := make([]streams.HourResult, len(sr.Locations))
		for h := range streams.HoursOfDay {
			for li := range sr.Locations {
				at[li] = sr.Locations[li].Hours[h]
			}
			out = append(out, Eval(streams.HourMetrics, at, -1, 0))
		}
	}
	for ri := range sr.Regions {
		out = append(out, Eval(streams.RegionMetrics, sr.Regions, ri, 0))
	}
	return out
}

// ScopesWithValues is [Replication.Scopes] with each series holding the
// replication's one value.
func (rep Replication) ScopesWithValues(measuredSeconds float64) []Scope {
	scopes := rep.Scopes()
	vals := rep.Values(measuredSeconds)
	for s := range scopes {
		for m := range scopes[s].Metrics {
			scopes[s].Metrics[m].Reps = Values{vals[s][m]}
		}
	}
	return scopes
}

// Eval returns every def's value in one replication for location li of
// locs, or (li < 0) all of them together.
func Eval[L any](defs []metric.Def[L], locs []L, li int, measuredSeconds float64) []float64 {
	if li >= 0 {
		locs = locs[li : li+1]
	}
	out := make([]float64, len(defs))
	for d := range defs {
		out[d] = defs[d].Eval(locs, li < 0, measuredSeconds)
	}
	return out
}

// Fill sets the scopes' values from per-replication values
// ([rep][scope][metric], as [Replication.Values] gives them).
func Fill(scopes []Scope, reps [][][]float64) error {
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
