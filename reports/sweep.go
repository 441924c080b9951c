package reports

import (
	"cmp"
	"encoding/csv"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/capsim/capsim/sim"
)

// Sweep is a sweep's results (sweep.json): the scenario before the points,
// the varied paths, the requirements, every valid point's summary and
// the points skipped as invalid, in design order.
type Sweep struct {
	Meta                        // of the sweep's scenario before the points
	Paths        []string       `json:"paths"`
	Requirements []string       `json:"requirements"`
	Points       []SweepPoint   `json:"points"`
	Skipped      []SkippedPoint `json:"skipped"`
	// Chosen is the 1-based index in Points of the plan capsim optimize
	// chose, marked on the frontier plot; 0: none (every sweep).
	Chosen int `json:"-"`
	// Cost and Latency are the metrics of the Pareto front and the
	// frontier plot; empty: SweepCost and SweepLatency (optimize on
	// fleets sets the fleets').
	Cost, Latency string `json:"-"`
	// RequiredMetrics are the metrics the requirements name, in their
	// order, once each (the run layer resolves them); the terminal table
	// shows each beside cost and latency.
	RequiredMetrics []string `json:"-"`
}

// Axes are the cost and latency metrics the Pareto front weighs.
func (sw *Sweep) Axes() (cost, latency string) {
	return cmp.Or(sw.Cost, SweepCost), cmp.Or(sw.Latency, SweepLatency)
}

// SweepPoint is one point of a sweep.
type SweepPoint struct {
	Values      []string `json:"values"`       // one per path
	PointSHA256 string   `json:"point_sha256"` // its resolved scenario's hash
	// Feasible: the requirements met on the means; FeasibleBound: met on
	// the one-sided 95% bounds. Both nil without requirements.
	Feasible      *bool    `json:"feasible,omitempty"`
	FeasibleBound *bool    `json:"feasible_bound,omitempty"`
	Pareto        bool     `json:"pareto"` // on the cost / p95 latency Pareto front
	Summary       *Summary `json:"summary"`
}

// SkippedPoint is a point whose overrides or validation failed.
type SkippedPoint struct {
	Values []string `json:"values"`
	Error  string   `json:"error"`
}

// The metrics the Pareto front and the heatmaps weigh.
const (
	SweepCost    = "total.cost_usd"
	SweepLatency = "total.placement_latency_seconds.p95"
)

// MarkPareto sets each point's Pareto flag: on the front of the cost and
// latency metrics ([Sweep.Axes]). Feasibility is not reports' to decide:
// the run layer sets Requirements and each point's Feasible flags.
func (sw *Sweep) MarkPareto() {
	xs, ys := make([]float64, len(sw.Points)), make([]float64, len(sw.Points))
	cost, latency := sw.Axes()
	for i := range sw.Points {
		xs[i], ys[i] = sw.Points[i].Summary.value(cost), sw.Points[i].Summary.value(latency)
	}
	for _, i := range Pareto(xs, ys) {
		sw.Points[i].Pareto = true
	}
}

// value is the mean of the metric name, NaN if unknown.
func (s *Summary) value(name string) float64 {
	v, err := s.Metric(name)
	if err != nil {
		return math.NaN()
	}
	return v.Mean
}

// WriteJSON writes sweep.json, indented, with a final newline.
func (sw *Sweep) WriteJSON(w io.Writer) error {
	return writeJSON(w, "sweep", sw)
}

// WriteCSV writes sweep.csv: a row per point and scope, in summary.json
// order: each stream group location ("locations[0]"), the stream "total",
// and when the scenario has fleets each fleet location ("fleets[0]") and
// "fleet_total". Columns: the varied paths' values, scope, stream_group,
// location, class, with fleets also fleet and kind (the names that apply
// to the row's scope; the others empty), feasible and feasible_bound
// (with requirements), pareto, then every metric's mean and ci95 (NAME.mean,
// NAME.ci95, by the names Summary.Metric takes after the scope): the
// stream group metrics, then with fleets the fleet metrics stream groups
// do not have. A row leaves a metric its model does not declare empty.
// Numbers are written in the shortest form that reads back exactly; an
// undefined one is empty.
func (sw *Sweep) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	fleets := slices.ContainsFunc(sw.Points, func(p SweepPoint) bool { return p.Summary.FleetTotal != nil })
	names := streamSpec.names("")
	head := append(append([]string{}, sw.Paths...), "scope", "stream_group", "location", "class")
	if fleets {
		for _, n := range fleetSpec.names("") {
			if _, ok := streamSpec.index[n]; !ok {
				names = append(names, n)
			}
		}
		head = append(head, "fleet", "kind")
	}
	if len(sw.Requirements) > 0 {
		head = append(head, "feasible", "feasible_bound")
	}
	head = append(head, "pareto")
	for _, n := range names {
		head = append(head, n+".mean", n+".ci95")
	}
	cw.Write(head)
	for i := range sw.Points {
		for _, sc := range csvScopes(sw.Points[i].Summary, fleets) {
			cw.Write(sweepRow(&sw.Points[i], sc, names, len(sw.Requirements) > 0))
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvScope is one row's scope and the names that identify it: its stream
// group, location and class, or with fleets its fleet and kind too.
type csvScope struct{ ids []string }

// csvScopes lists s's scopes in summary.json order, each with its scope
// name and identifying columns (stream_group, location, class and, if
// fleets, fleet and kind).
func csvScopes(s *Summary, fleets bool) []csvScope {
	row := func(scope, group, loc, class, fleet, kind string) csvScope {
		ids := []string{scope, group, loc, class}
		if fleets {
			ids = append(ids, fleet, kind)
		}
		return csvScope{ids}
	}
	var out []csvScope
	for i, l := range s.Locations {
		out = append(out, row("locations["+strconv.Itoa(i)+"]", l.StreamGroup, l.Location, l.Class, "", ""))
	}
	out = append(out, row("total", "", "", "", "", ""))
	for i, f := range s.Fleets {
		out = append(out, row("fleets["+strconv.Itoa(i)+"]", "", f.Location, "", f.Fleet, f.Kind))
	}
	if s.FleetTotal != nil {
		out = append(out, row("fleet_total", "", "", "", "", ""))
	}
	return out
}

// sweepRow is point p's row for scope sc.
func sweepRow(p *SweepPoint, sc csvScope, names []string, feasibility bool) []string {
	row := append(append([]string{}, p.Values...), sc.ids...)
	if feasibility {
		row = append(row, strconv.FormatBool(*p.Feasible), strconv.FormatBool(*p.FeasibleBound))
	}
	row = append(row, strconv.FormatBool(p.Pareto))
	for _, n := range names {
		v, err := p.Summary.Metric(sc.ids[0] + "." + n)
		if err != nil {
			row = append(row, "", "")
			continue
		}
		row = append(row, csvNumber(v.Mean), csvNumber(v.CI95))
	}
	return row
}

func csvNumber(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// NewMetricsFromReplications returns the Metrics of model ("streams",
// "fleets", "hours" for an hour of the day, or "regions" for a player
// region) from every metric's value per replication, by name, as run's
// summary estimates them: an optional metric zero in every replication is
// left out of JSON, as summary.json leaves it out. A metric not given is
// undefined (NaN); an unknown name is an error.
func NewMetricsFromReplications(model string, reps map[string][]float64) (Metrics, error) {
	sp := streamSpec
	switch model {
	case "fleets":
		sp = fleetSpec
	case "hours":
		sp = hourSpec
	case "regions":
		sp = regionSpec
	}
	est := make(map[string]sim.Estimate, len(reps))
	for name, xs := range reps {
		est[name] = sim.NewEstimate(xs)
	}
	m, err := newMetrics(sp, est)
	if err != nil {
		return m, err
	}
	for name, xs := range reps {
		i := sp.index[name]
		m.omit[i] = sp.infos[i].Optional && !slices.ContainsFunc(xs, func(x float64) bool { return x != 0 })
	}
	return m, nil
}
