package reports

import (
	"errors"
	"fmt"
	"math"
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
// fleets.Metrics, as summary.json spells it), split by [metric.ParseName]:
//
//	total.placement_latency_seconds.p95   all stream group locations
//	locations[0].cost_usd                 a stream group location by index,
//	locations[us-east-1].cost_usd         by location (if only one group has it),
//	locations[starlight/us-east-1].cost_usd  or by group/location
//	fleet_total.cost_usd                  all fleet locations
//	fleets[0].timed_out_ratio             a fleet location: index, location or fleet/location
//	hours[21].placement_failure_ratio     an hour of the day (a run that recorded hours)
//	regions[europe-central].latency_above_threshold_ratio
//	                                      a player region (player_regions) by name or index
//
// An optional metric left out of summary.json (zero in every replication)
// reads as its zero estimate. An unknown scope or metric gives an error
// wrapping [ErrUnknownMetric] that lists the closest names. A wildcard
// (locations[*], regions[*]) selects many scopes: read them with
// [Summary.Expand].
func (s *Summary) Metric(name string) (Value, error) {
	n, err := metric.ParseName(name)
	if err != nil {
		return Value{}, fmt.Errorf("reports: metric %q: %w: a name starts with one of %s%s", name, ErrUnknownMetric,
			strings.Join(s.scopePrefixes(), ", "), didYouMean(name, s.MetricNames()))
	}
	return s.Lookup(n)
}

// Lookup is [Summary.Metric] of a name already split.
func (s *Summary) Lookup(n metric.Name) (Value, error) {
	if n.Wild() {
		return Value{}, fmt.Errorf("reports: metric %q: %w: it selects every %s scope; one value is wanted here",
			n.String(), ErrUnknownMetric, n.Scope)
	}
	m, sp, _, err := s.scope(n)
	if err != nil {
		return Value{}, fmt.Errorf("reports: metric %q: %w", n.String(), err)
	}
	i, ok := sp.index[n.Metric]
	if !ok || m.spec != sp {
		return Value{}, fmt.Errorf("reports: metric %q: %w%s", n.String(), ErrUnknownMetric, unknownHint(n, sp))
	}
	in := &sp.infos[i]
	return Value{Name: n.String(), Estimate: m.est[i], Unit: in.Unit, Better: in.Better}, nil
}

// Canonical returns n with its selector as an index ("locations[2]"), the
// scope's name in the per-replication stores, after checking that s has
// the metric; the error is [Summary.Lookup]'s. A wildcard stays one,
// checked by [Summary.Expand].
func (s *Summary) Canonical(n metric.Name) (metric.Name, error) {
	if n.Wild() {
		_, err := s.Expand(n)
		return n, err
	}
	if _, err := s.Lookup(n); err != nil {
		return metric.Name{}, err
	}
	_, _, i, _ := s.scope(n)
	if n.Scope.Selected() {
		n.Select = strconv.Itoa(i)
	}
	return n, nil
}

// Expand returns the names a name selects, each canonical (its selector
// an index, or an hour): a wildcard's every scope of its kind in s, in
// summary.json order, or the name itself; an error wrapping
// [ErrUnknownMetric] if s has no such scope or metric (a wildcard of a
// kind s has none of says why: no hours recorded, no player regions).
func (s *Summary) Expand(n metric.Name) ([]metric.Name, error) {
	if !n.Wild() {
		c, err := s.Canonical(n)
		return []metric.Name{c}, err
	}
	count, sp := 0, specOf(n.Scope)
	switch n.Scope {
	case metric.Locations:
		count = len(s.Locations)
	case metric.Fleets:
		count = len(s.Fleets)
	case metric.HourOfDay:
		count = len(s.Hours)
	case metric.Regions:
		count = len(s.PlayerRegions)
	}
	if _, ok := sp.index[n.Metric]; !ok {
		return nil, fmt.Errorf("reports: metric %q: %w%s", n.String(), ErrUnknownMetric, unknownHint(n, sp))
	}
	if count == 0 {
		return nil, fmt.Errorf("reports: metric %q: %w: the run has no %s%s", n.String(), ErrUnknownMetric, scopeKind(n.Scope), whyNone(n.Scope))
	}
	out := make([]metric.Name, count)
	for i := range out {
		out[i] = metric.Name{Scope: n.Scope, Select: strconv.Itoa(i), Metric: n.Metric}
		if n.Scope == metric.HourOfDay {
			out[i].Select = strconv.Itoa(s.Hours[i].Hour)
		}
	}
	return out, nil
}

// Worst returns, of the scopes a wildcard name selects, the value of
// the one where its metric is worst on the means (the highest of a
// lower-is-better metric, the lowest of a higher-is-better one), with
// the name its value is read under (Value.Name, canonical: "regions[0]....");
// false for a name that is not a wildcard's, a neutral metric, or no
// scope defining it. It shows a wildcard requirement's metric in one
// column; the judge, which weighs each scope's bound, decides it.
func (s *Summary) Worst(n metric.Name) (Value, bool) {
	names, err := s.Expand(n)
	if !n.Wild() || err != nil {
		return Value{}, false
	}
	var worst Value
	found := false
	for _, name := range names {
		v, err := s.Lookup(name)
		if err != nil || v.Better == metric.Neutral || math.IsNaN(v.Mean) {
			continue
		}
		if !found || v.Better == metric.LowerIsBetter && v.Mean > worst.Mean || v.Better == metric.HigherIsBetter && v.Mean < worst.Mean {
			worst, found = v, true
		}
	}
	return worst, found
}

// ScopeLabel is the scope of a canonical name n as outputs show it: a
// player region by its name ("regions[europe-central]", as the demands
// name it), a stream group location by its location's name
// ("locations[us-east-1]"), or by group/location where two groups share
// the location; any other scope as n.ScopeName() ("fleets[1]"). Each is a
// selector Metric takes.
func (s *Summary) ScopeLabel(n metric.Name) string {
	i, err := strconv.Atoi(n.Select)
	switch {
	case err != nil || i < 0:
	case n.Scope == metric.Regions && i < len(s.PlayerRegions):
		return "regions[" + s.PlayerRegions[i].Region + "]"
	case n.Scope == metric.Locations && i < len(s.Locations):
		l := &s.Locations[i]
		shared := 0
		for j := range s.Locations {
			if s.Locations[j].Location == l.Location {
				shared++
			}
		}
		if shared == 1 {
			return "locations[" + l.Location + "]"
		}
		return "locations[" + l.StreamGroup + "/" + l.Location + "]"
	}
	return n.ScopeName()
}

// scopeKind is what a summary without any scope of sc lacks, in words.
func scopeKind(sc metric.Scope) string {
	if sc == metric.Regions {
		return "player regions"
	}
	return sc.String()
}

// whyNone explains why a summary has no scope of kind sc, for the hours
// and player regions.
func whyNone(sc metric.Scope) string {
	switch sc {
	case metric.HourOfDay:
		return " (hours are recorded when a requirement or assertion names hours[...])"
	case metric.Regions:
		return " (regions[...] are the player regions stream demands come from: give a [[demand]] player_region = \"...\", " +
			"e.g. \"europe-central\"; a fleet demand's player_region gives its queue latencies only)"
	}
	return ""
}

// MetricNames returns the name of every metric of s that [Summary.Metric]
// resolves, in summary.json order: each stream group location by index,
// the total, each fleet location by index, the fleet total, each hour,
// each player region by name; within each, in declaration order.
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
	for _, h := range s.Hours {
		out = append(out, hourSpec.names("hours["+strconv.Itoa(h.Hour)+"].")...)
	}
	for _, r := range s.PlayerRegions {
		out = append(out, regionSpec.names("regions["+r.Region+"].")...)
	}
	return out
}

// scopePrefixes are the scopes of s, as a name starts: "total.",
// "locations[0].", ..., "fleet_total.", "fleets[0].", ...
func (s *Summary) scopePrefixes() []string {
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
	if len(s.Hours) > 0 {
		scopes = append(scopes, "hours[0]. to hours[23].")
	}
	for _, r := range s.PlayerRegions {
		scopes = append(scopes, "regions["+r.Region+"].")
	}
	return scopes
}

// scope returns the metrics n's scope selects, their model's spec and,
// for a location, fleet or player region, its index (for an hour, the
// hour).
func (s *Summary) scope(n metric.Name) (*Metrics, *spec, int, error) {
	switch n.Scope {
	case metric.Total:
		return &s.Total, streamSpec, 0, nil
	case metric.FleetTotal:
		if s.FleetTotal == nil {
			return nil, nil, 0, fmt.Errorf("%w: the run has no fleet", ErrUnknownMetric)
		}
		return s.FleetTotal, fleetSpec, 0, nil
	case metric.Locations:
		i, err := pick(n.Select, len(s.Locations), func(i int) (string, string) {
			return s.Locations[i].StreamGroup, s.Locations[i].Location
		})
		if err != nil {
			return nil, nil, 0, err
		}
		return &s.Locations[i].Metrics, streamSpec, i, nil
	case metric.HourOfDay:
		h, _ := strconv.Atoi(n.Select) // ParseName checked it
		for i := range s.Hours {
			if s.Hours[i].Hour == h {
				return &s.Hours[i].Metrics, hourSpec, h, nil
			}
		}
		return nil, nil, 0, fmt.Errorf("%w: the run has no hour %d%s", ErrUnknownMetric, h, whyNone(n.Scope))
	case metric.Regions:
		i, err := s.pickRegion(n.Select)
		if err != nil {
			return nil, nil, 0, err
		}
		return &s.PlayerRegions[i].Metrics, regionSpec, i, nil
	}
	i, err := pick(n.Select, len(s.Fleets), func(i int) (string, string) { return s.Fleets[i].Fleet, s.Fleets[i].Location })
	if err != nil {
		return nil, nil, 0, err
	}
	return &s.Fleets[i].FleetMetrics, fleetSpec, i, nil
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
		all = append(all, l, o+"/"+l)
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

// pickRegion returns the index of the player region sel selects: an
// index, or a region's name.
func (s *Summary) pickRegion(sel string) (int, error) {
	n := len(s.PlayerRegions)
	if n == 0 {
		return 0, fmt.Errorf("%w: the run has no player regions%s", ErrUnknownMetric, whyNone(metric.Regions))
	}
	if i, err := strconv.Atoi(sel); err == nil {
		if i < 0 || i >= n {
			return 0, fmt.Errorf("%w: player region index %d out of range [0, %d)", ErrUnknownMetric, i, n)
		}
		return i, nil
	}
	names := make([]string, n)
	for i, r := range s.PlayerRegions {
		if r.Region == sel {
			return i, nil
		}
		names[i] = r.Region
	}
	return 0, fmt.Errorf("%w: no player region %q in the run (it has %s)%s", ErrUnknownMetric, sel, strings.Join(names, ", "), didYouMean(sel, names))
}

// didYouMean returns "; did you mean a, b or c?" listing the (at most 3)
// candidates closest to name: first those holding every word of name
// (words split at dots, underscores, brackets and slashes: "latency_p95"
// finds placement_latency_seconds.p95), then those within a few edits,
// each by edit distance; or "" if none is close.
// specOf is the layout of the metrics of a scope of kind sc.
func specOf(sc metric.Scope) *spec {
	switch sc {
	case metric.FleetTotal, metric.Fleets:
		return fleetSpec
	case metric.HourOfDay:
		return hourSpec
	case metric.Regions:
		return regionSpec
	}
	return streamSpec
}

// unknownHint says how to mend a name whose scope has no such metric: the
// closest names of the scope; failing that, which scopes do have the
// metric, and the metrics the scope has (or where they are listed).
func unknownHint(n metric.Name, sp *spec) string {
	if dm := didYouMean(n.String(), sp.names(n.ScopeName()+".")); dm != "" {
		return dm
	}
	var hint string
	var others []string
	for _, sc := range []metric.Scope{metric.Total, metric.Locations, metric.FleetTotal, metric.Fleets, metric.HourOfDay, metric.Regions} {
		if o := specOf(sc); o != sp {
			if _, ok := o.index[n.Metric]; ok {
				others = append(others, metric.Name{Scope: sc, Select: "..."}.ScopeName())
			}
		}
	}
	if len(others) > 0 {
		hint = fmt.Sprintf("; %s is a metric of %s, not of %s", n.Metric, strings.Join(others, ", "), n.Scope)
	}
	if names := sp.names(""); len(names) <= 16 {
		return hint + fmt.Sprintf("; %s has %s", n.Scope, strings.Join(names, ", "))
	}
	return hint + fmt.Sprintf("; reports/SCHEMA.md lists the metrics of %s", n.Scope)
}

func didYouMean(name string, candidates []string) string {
	type near struct {
		s     string
		d     int
		words bool
	}
	var ns []near
	seen := map[string]bool{}
	for _, c := range candidates {
		if seen[c] {
			continue
		}
		seen[c] = true
		d, w := textdist.Levenshtein(name, c), hasWords(c, name)
		if w || d <= max(3, len(name)/3) {
			ns = append(ns, near{c, d, w})
		}
	}
	if len(ns) == 0 {
		return ""
	}
	slices.SortStableFunc(ns, func(a, b near) int {
		if a.words != b.words {
			if a.words {
				return -1
			}
			return 1
		}
		return a.d - b.d
	})
	var out []string
	for _, n := range ns[:min(3, len(ns))] {
		out = append(out, n.s)
	}
	return "; did you mean " + strings.Join(out, " or ") + "?"
}

// hasWords reports whether every word of name (two or more) is a word of
// c.
func hasWords(c, name string) bool {
	split := func(s string) []string {
		return strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("._[]/", r) })
	}
	words, cw := split(name), split(c)
	if len(words) < 2 {
		return false
	}
	for _, w := range words {
		if !slices.Contains(cw, w) {
			return false
		}
	}
	return true
}
