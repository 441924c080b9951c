package reports

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
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

// Evaluate sets each point's feasibility under reqs (none: left nil) and
// its Pareto flag. It returns the first lookup error (an unknown metric).
func (sw *Sweep) Evaluate(reqs []Requirement) error {
	sw.Requirements = []string{}
	for _, r := range reqs {
		sw.Requirements = append(sw.Requirements, r.String())
	}
	xs, ys := make([]float64, len(sw.Points)), make([]float64, len(sw.Points))
	for i := range sw.Points {
		p := &sw.Points[i]
		if len(reqs) > 0 {
			mean, bound := true, true
			for _, r := range reqs {
				m, b, err := r.Check(p.Summary)
				if err != nil {
					return err
				}
				mean, bound = mean && m, bound && b
			}
			p.Feasible, p.FeasibleBound = &mean, &bound
		}
		xs[i], ys[i] = p.Summary.value(SweepCost), p.Summary.value(SweepLatency)
	}
	for _, i := range Pareto(xs, ys) {
		sw.Points[i].Pareto = true
	}
	return nil
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
	b, err := json.MarshalIndent(sw, "", "  ")
	if err != nil {
		return fmt.Errorf("reports: sweep JSON: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// WriteCSV writes sweep.csv: a row per point and stream group location
// plus one for the total; the varied paths' values, the scope
// ("locations[0]", "total"), its group, location and class, feasible and
// feasible_bound (with requirements), pareto, then every stream group
// metric's mean and ci95 (columns NAME.mean, NAME.ci95, by the names
// Summary.Metric takes after the scope). Numbers are written in the
// shortest form that reads back exactly; an undefined one is empty.
func (sw *Sweep) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	names := streamSpec.names("")
	head := append(append([]string{}, sw.Paths...), "scope", "stream_group", "location", "class")
	if len(sw.Requirements) > 0 {
		head = append(head, "feasible", "feasible_bound")
	}
	head = append(head, "pareto")
	for _, n := range names {
		head = append(head, n+".mean", n+".ci95")
	}
	cw.Write(head)
	for _, p := range sw.Points {
		for li := 0; li <= len(p.Summary.Locations); li++ {
			cw.Write(sweepRow(&p, li, names, len(sw.Requirements) > 0))
		}
	}
	cw.Flush()
	return cw.Error()
}

// sweepRow is point p's row for location li, or for li past the last
// location the total.
func sweepRow(p *SweepPoint, li int, names []string, feasibility bool) []string {
	scope, group, loc, class := "total", "", "", ""
	if li < len(p.Summary.Locations) {
		l := &p.Summary.Locations[li]
		scope, group, loc, class = "locations["+strconv.Itoa(li)+"]", l.StreamGroup, l.Location, l.Class
	}
	row := append(append([]string{}, p.Values...), scope, group, loc, class)
	if feasibility {
		row = append(row, strconv.FormatBool(*p.Feasible), strconv.FormatBool(*p.FeasibleBound))
	}
	row = append(row, strconv.FormatBool(p.Pareto))
	for _, n := range names {
		v, _ := p.Summary.Metric(scope + "." + n)
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

// NewMetricsFromReplications returns the Metrics of model ("streams" or
// "fleets") from every metric's value per replication, by name, as run's
// summary estimates them: an optional metric zero in every replication is
// left out of JSON, as summary.json leaves it out. A metric not given is
// undefined (NaN); an unknown name is an error.
func NewMetricsFromReplications(model string, reps map[string][]float64) (Metrics, error) {
	sp := streamSpec
	if model == "fleets" {
		sp = fleetSpec
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
