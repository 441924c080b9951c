package reports

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/capsim/capsim/internal/textdist"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/sim/metric"
)

// ErrUnknownMetric is wrapped by the error of [Summary.Metric] for a name
// that names no metric.
var ErrUnknownMetric = errors.New("unknown metric")

// Value is one metric of a summary, looked up by name: its estimate over
// replications (Mean, CI95 the 95% half-width, N the replications it
// rests on), its unit and which way it improves.
type Value struct {
	Name string // the name looked up
	sim.Estimate
	Unit   metric.Unit
	Better metric.Direction
}

// Metric returns the metric a dotted name selects. A name is a scope, a
// dot, and a metric declared by the scope's model (streams.Metrics or
// fleets.Metrics, as summary.json spells it):
//
//	total.placement_latency_seconds.p95   all stream group locations
//	locations[0].cost_usd                 a stream group location by index,
//	locations[us-east-1].cost_usd         by location (if only one group has it),
//	locations[starlight/us-east-1].cost_usd  or by group/location
//	fleet_total.cost_usd                  all fleet locations
//	fleets[0].timed_out_ratio             a fleet location: index, location or fleet/location
//
// An optional metric left out of summary.json (zero in every replication)
// reads as its zero estimate. An unknown scope or metric gives an error
// wrapping [ErrUnknownMetric] that lists the closest names.
func (s *Summary) Metric(name string) (Value, error) {
	m, sp, prefix, rest, err := s.scope(name)
	if err != nil {
		return Value{}, fmt.Errorf("reports: metric %q: %w", name, err)
	}
	i, ok := sp.index[rest]
	if !ok || m.spec != sp {
		return Value{}, fmt.Errorf("reports: metric %q: %w%s", name, ErrUnknownMetric, didYouMean(name, sp.names(prefix)))
	}
	in := &sp.infos[i]
	return Value{Name: name, Estimate: m.est[i], Unit: in.Unit, Better: in.Better}, nil
}

// MetricNames returns the name of every metric of s that [Summary.Metric]
// resolves, in summary.json order: each stream group location by index,
// the total, each fleet location by index, the fleet total; within each,
// in declaration order.
func (s *Summary) MetricNames() []string {
	var out []string
	for i := range s.Locations {
		out = append(out, streamSpec.names("locations["+strconv.Itoa(i)+"].")...)
	}
	out = append(out, streamSpec.names("total.")...)
	for i := range s.Fleets {
		out = append(out, fleetSpec.names("fleets["+strconv.Itoa(i)+"].")...)
	}
	if s.FleetTotal != nil {
		out = append(out, fleetSpec.names("fleet_total.")...)
	}
	return out
}

// scope splits name into the metrics it selects, their model's spec, the
// scope prefix as written ("locations[0].") and the metric name.
func (s *Summary) scope(name string) (*Metrics, *spec, string, string, error) {
	if rest, ok := strings.CutPrefix(name, "total."); ok {
		return &s.Total, streamSpec, "total.", rest, nil
	}
	if rest, ok := strings.CutPrefix(name, "fleet_total."); ok {
		if s.FleetTotal == nil {
			return nil, nil, "", "", fmt.Errorf("%w: the run has no fleet", ErrUnknownMetric)
		}
		return s.FleetTotal, fleetSpec, "fleet_total.", rest, nil
	}
	for _, kind := range []string{"locations", "fleets"} {
		body, ok := strings.CutPrefix(name, kind+"[")
		if !ok {
			continue
		}
		sel, rest, ok := strings.Cut(body, "].")
		if !ok {
			break
		}
		prefix := kind + "[" + sel + "]."
		if kind == "locations" {
			i, err := pick(sel, len(s.Locations), func(i int) (string, string) {
				return s.Locations[i].StreamGroup, s.Locations[i].Location
			})
			if err != nil {
				return nil, nil, "", "", err
			}
			return &s.Locations[i].Metrics, streamSpec, prefix, rest, nil
		}
		i, err := pick(sel, len(s.Fleets), func(i int) (string, string) { return s.Fleets[i].Fleet, s.Fleets[i].Location })
		if err != nil {
			return nil, nil, "", "", err
		}
		return &s.Fleets[i].FleetMetrics, fleetSpec, prefix, rest, nil
	}
	scopes := []string{"total."}
	for i := range s.Locations {
		scopes = append(scopes, "locations["+strconv.Itoa(i)+"].")
	}
	if s.FleetTotal != nil {
		scopes = append(scopes, "fleet_total.")
	}
	for i := range s.Fleets {
		scopes = append(scopes, "fleets["+strconv.Itoa(i)+"].")
	}
	return nil, nil, "", "", fmt.Errorf("%w: a name starts with one of %s", ErrUnknownMetric, strings.Join(scopes, ", "))
}

// pick returns the index of the one of n entries that sel selects: an
// index, "owner/location", or a location only one entry has.
func pick(sel string, n int, names func(int) (owner, location string)) (int, error) {
	if i, err := strconv.Atoi(sel); err == nil {
		if i < 0 || i >= n {
			return 0, fmt.Errorf("%w: index %d out of range [0, %d)", ErrUnknownMetric, i, n)
		}
		return i, nil
	}
	var hits, all []string
	found := -1
	for i := range n {
		o, l := names(i)
		all = append(all, o+"/"+l)
		if sel == o+"/"+l {
			return i, nil
		}
		if sel == l {
			found = i
			hits = append(hits, o+"/"+l)
		}
	}
	switch len(hits) {
	case 1:
		return found, nil
	case 0:
		return 0, fmt.Errorf("%w: no location %q%s", ErrUnknownMetric, sel, didYouMean(sel, all))
	}
	return 0, fmt.Errorf("%w: location %q is ambiguous: %s", ErrUnknownMetric, sel, strings.Join(hits, ", "))
}

// didYouMean returns "; did you mean a, b or c?" listing the (at most 3)
// candidates closest to name by edit distance, or "" if none is close.
func didYouMean(name string, candidates []string) string {
	type near struct {
		s string
		d int
	}
	var ns []near
	for _, c := range candidates {
		if d := textdist.Levenshtein(name, c); d <= max(3, len(name)/3) {
			ns = append(ns, near{c, d})
		}
	}
	if len(ns) == 0 {
		return ""
	}
	slices.SortStableFunc(ns, func(a, b near) int { return a.d - b.d })
	var out []string
	for _, n := range ns[:min(3, len(ns))] {
		out = append(out, n.s)
	}
	return "; did you mean " + strings.Join(out, " or ") + "?"
}
