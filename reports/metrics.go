package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/sim/metric"
)

// spec is what reports needs of one model's metric declarations: their
// infos, an index by name, the table order and the key figures' order.
type spec struct {
	infos []metric.Info
	index map[string]int
	rows  []int      // table rows, in table order
	keys  []int      // key figures, by rank
	tree  []jsonNode // summary.json layout
}

// jsonNode is one key of a metrics object: a metric (leaf >= 0) or a
// nested object.
type jsonNode struct {
	key      string
	leaf     int
	children []jsonNode
}

var (
	streamSpec = newSpec(metric.Infos(streams.Metrics))
	fleetSpec  = newSpec(metric.Infos(fleets.Metrics))
)

func newSpec(infos []metric.Info) *spec {
	s := &spec{infos: infos, index: make(map[string]int, len(infos))}
	for i, in := range infos {
		s.index[in.Name] = i
		if in.Key != nil {
			s.keys = append(s.keys, i)
		}
	}
	slices.SortStableFunc(s.keys, func(a, b int) int { return cmp.Compare(infos[a].Key.Rank, infos[b].Key.Rank) })
	s.rows = tableOrder(infos)
	s.tree = jsonTree(infos, "", allIndexes(len(infos)))
	return s
}

func allIndexes(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// tableOrder returns the metrics with a table row in declaration order,
// each row with an After placed right after that metric's row (and after
// the rows already placed there).
func tableOrder(infos []metric.Info) []int {
	after := map[string][]int{}
	var order []int
	for i, in := range infos {
		if in.Row == nil {
			continue
		}
		if in.Row.After != "" {
			after[in.Row.After] = append(after[in.Row.After], i)
		} else {
			order = append(order, i)
		}
	}
	out := make([]int, 0, len(order))
	for _, i := range order {
		out = append(out, i)
		out = append(out, after[infos[i].Name]...)
	}
	return out
}

// jsonTree groups the metrics idx (names under prefix) into objects by
// their first dotted element, in order of first appearance; keys marked
// SortedKey are sorted within their object.
func jsonTree(infos []metric.Info, prefix string, idx []int) []jsonNode {
	var nodes []jsonNode
	pos := map[string]int{}
	groups := map[string][]int{}
	sorted := false
	for _, i := range idx {
		rest := strings.TrimPrefix(infos[i].Name, prefix)
		key, _, nested := strings.Cut(rest, ".")
		if !nested {
			nodes = append(nodes, jsonNode{key: key, leaf: i})
			sorted = sorted || infos[i].SortedKey
			continue
		}
		if _, ok := pos[key]; !ok {
			pos[key] = len(nodes)
			nodes = append(nodes, jsonNode{key: key, leaf: -1})
		}
		groups[key] = append(groups[key], i)
	}
	for k, p := range pos {
		nodes[p].children = jsonTree(infos, prefix+k+".", groups[k])
	}
	if sorted {
		slices.SortStableFunc(nodes, func(a, b jsonNode) int { return strings.Compare(a.key, b.key) })
	}
	return nodes
}

// Metrics are the replication estimates of every declared metric of one
// location, or of all locations together, of one model: a stream group
// location (streams.Metrics) or a fleet location (fleets.Metrics). Read
// one with [Metrics.Estimate] or, from a Summary, with [Summary.Metric].
// summary.json writes them in declaration order, nested by the dots of
// their names.
type Metrics struct {
	spec *spec
	est  []sim.Estimate
	omit []bool // an optional metric zero in every replication
}

// FleetMetrics are the [Metrics] of a fleet location, or of all fleet
// locations together, declared by fleets.Metrics.
type FleetMetrics = Metrics

// NewStreamMetrics returns stream group Metrics with the estimates given by
// name and every other metric undefined (NaN), e.g. for a hand-built
// summary. It returns an error naming any unknown metric.
func NewStreamMetrics(byName map[string]sim.Estimate) (Metrics, error) {
	return newMetrics(streamSpec, byName)
}

// NewFleetMetrics is [NewStreamMetrics] for fleet locations.
func NewFleetMetrics(byName map[string]sim.Estimate) (Metrics, error) {
	return newMetrics(fleetSpec, byName)
}

func newMetrics(sp *spec, byName map[string]sim.Estimate) (Metrics, error) {
	m := Metrics{spec: sp, est: make([]sim.Estimate, len(sp.infos)), omit: make([]bool, len(sp.infos))}
	for i := range m.est {
		m.est[i] = sim.Estimate{Mean: math.NaN(), CI95: math.NaN()}
	}
	for _, name := range slices.Sorted(mapKeys(byName)) {
		i, ok := sp.index[name]
		if !ok {
			return m, fmt.Errorf("reports: unknown metric %q%s", name, didYouMean(name, sp.names("")))
		}
		m.est[i] = byName[name]
	}
	return m, nil
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// Estimate returns the estimate of the metric name ("cost_usd",
// "placement_latency_seconds.p95"), and whether m declares it.
func (m *Metrics) Estimate(name string) (sim.Estimate, bool) {
	if m.spec == nil {
		return sim.Estimate{Mean: math.NaN(), CI95: math.NaN()}, false
	}
	i, ok := m.spec.index[name]
	if !ok {
		return sim.Estimate{Mean: math.NaN(), CI95: math.NaN()}, false
	}
	return m.est[i], true
}

// get returns metric i's estimate, NaN if m lacks it.
func (m *Metrics) get(sp *spec, i int) sim.Estimate {
	if m.spec != sp {
		return sim.Estimate{Mean: math.NaN(), CI95: math.NaN()}
	}
	return m.est[i]
}

// Present reports whether the metric name is in m and not left out (an
// optional metric that is zero in every replication is left out).
func (m *Metrics) Present(name string) bool {
	if m.spec == nil {
		return false
	}
	i, ok := m.spec.index[name]
	return ok && !m.omit[i]
}

// names returns the spec's metric names, each prefixed.
func (sp *spec) names(prefix string) []string {
	out := make([]string, len(sp.infos))
	for i, in := range sp.infos {
		out[i] = prefix + in.Name
	}
	return out
}

// estimateDefs computes every def's estimate over replications: for
// location li of every replication's locations, or (li < 0) for all of
// them together. Replications are taken in order.
func estimateDefs[L any](sp *spec, defs []metric.Def[L], reps [][]L, li int, measuredSeconds float64) Metrics {
	m := Metrics{spec: sp, est: make([]sim.Estimate, len(defs)), omit: make([]bool, len(defs))}
	xs := make([]float64, len(reps))
	for d := range defs {
		zero := true
		for i, locs := range reps {
			if li >= 0 {
				locs = locs[li : li+1]
			}
			xs[i] = defs[d].Eval(locs, li < 0, measuredSeconds)
			zero = zero && (xs[i] == 0 || math.IsNaN(xs[i]))
		}
		m.est[d] = sim.NewEstimate(xs)
		m.omit[d] = defs[d].Optional && zero
	}
	return m
}

// Get returns the estimate of the metric name, or an undefined (NaN)
// estimate if m does not declare it.
func (m *Metrics) Get(name string) sim.Estimate {
	e, _ := m.Estimate(name)
	return e
}

// Set replaces the estimate of the metric name; it returns an error if m
// does not declare it.
func (m *Metrics) Set(name string, e sim.Estimate) error {
	if m.spec == nil {
		return fmt.Errorf("reports: set %q: metrics of no model", name)
	}
	i, ok := m.spec.index[name]
	if !ok {
		return fmt.Errorf("reports: set %q: %w%s", name, ErrUnknownMetric, didYouMean(name, m.spec.names("")))
	}
	m.est[i] = e
	return nil
}
