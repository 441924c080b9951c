package simrun

import (
	"errors"
	"fmt"
	"strings"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim/metric"
)

// Namespace is the metrics a run can be asked about, by name: every
// requirement, assertion, objective and analysed metric is read here,
// with [metric.ParseName]'s grammar and the lookup of package reports
// (which names the closest when a name is unknown), before anything is
// simulated.
type Namespace struct {
	s         *reports.Summary
	noStreams bool // a scenario of fleets only: no requirement on stream metrics
}

// Namespace is the namespace of r's locations and fleet locations.
func (r *Resolved) Namespace() *Namespace {
	return &Namespace{s: r.skeleton(), noStreams: len(r.Streams.Groups) == 0 && r.Fleets != nil}
}

// SummaryNamespace is the namespace of the scopes of s (a merged run's,
// whose scenario is not at hand).
func SummaryNamespace(s *reports.Summary) *Namespace {
	return &Namespace{s: s, noStreams: len(s.Locations) == 0 && s.FleetTotal != nil}
}

// Metric is a metric name resolved: as written, canonical (its selector
// an index, the scope's name in a run's [Scope]s), its unit and direction.
type Metric struct {
	Name      string
	Canonical metric.Name
	Unit      metric.Unit
	Better    metric.Direction
}

// ErrOneScope is wrapped by the error of a name that selects many scopes
// (a wildcard) or an hour of the day where one value every run records is
// wanted: an objective, an analysed metric.
var ErrOneScope = errors.New("one scope wanted")

// Metric resolves a metric name of one scope that every run records (not
// a wildcard, not an hour of the day: those wrap [ErrOneScope]). An
// unknown one is an error wrapping reports.ErrUnknownMetric that lists
// the closest names.
func (ns *Namespace) Metric(text string) (Metric, error) {
	m, err := ns.anyMetric(text)
	if err == nil && (m.Canonical.Wild() || m.Canonical.Scope == metric.HourOfDay) {
		return Metric{}, fmt.Errorf("metric %q: %w: a wildcard or an hour of the day is for requirements and assertions; "+
			"here name one location, fleet or player region, or a total (total.METRIC, fleet_total.METRIC)", text, ErrOneScope)
	}
	return m, err
}

// anyMetric resolves a metric name, wildcards and hours included.
func (ns *Namespace) anyMetric(text string) (Metric, error) {
	n, err := metric.ParseName(text)
	if err != nil && !strings.HasPrefix(text, metric.HourOfDay.String()+"[") && !strings.HasPrefix(text, metric.Regions.String()+"[") {
		_, err = ns.s.Metric(text) // the lookup's error names the closest
	}
	if err != nil {
		return Metric{}, err
	}
	names, err := ns.s.Expand(n)
	if err != nil {
		return Metric{}, err
	}
	v, err := ns.s.Lookup(names[0])
	if err != nil {
		return Metric{}, err
	}
	c := names[0]
	if n.Wild() {
		c = n
	}
	return Metric{Name: text, Canonical: c, Unit: v.Unit, Better: v.Better}, nil
}

// Requirement is NAME OP LIMIT with its metric resolved.
type Requirement struct {
	metric.Requirement
	Metric Metric
}

// Requirement parses NAME OP LIMIT ([metric.ParseRequirement]) and
// resolves NAME; a stream metric required of a scenario of fleets only
// is refused (wrapping reports.ErrUnknownMetric). A limit written with a unit is refused saying how to
// write it, with the metric's unit.
func (ns *Namespace) Requirement(text string) (Requirement, error) {
	r, err := metric.ParseRequirement(text)
	var le *metric.LimitError
	if errors.As(err, &le) {
		if m, merr := ns.Metric(le.Name); merr == nil {
			return Requirement{}, fmt.Errorf("%w (%s is in %s)", err, le.Name, m.Unit)
		}
	}
	if err != nil {
		return Requirement{}, err
	}
	m, err := ns.anyMetric(r.Name)
	if err != nil {
		return Requirement{}, err
	}
	if ns.noStreams && !m.Canonical.Scope.Fleet() {
		return Requirement{}, absentModel(fmt.Sprintf("%s: the scenario has no stream group, so every stream metric is zero and the requirement "+
			"says nothing; require a fleets' metric (fleet_total.…, fleets[I].…)", r.Name))
	}
	return Requirement{Requirement: r, Metric: m}, nil
}

// Hours reports whether the requirement is on hours of the day, which a
// run records only when asked ([Hourly] outputs).
func (r Requirement) Hours() bool { return r.Metric.Canonical.Scope == metric.HourOfDay }

// NeedsHours reports whether any of reqs is on hours of the day.
func NeedsHours(reqs []Requirement) bool {
	for _, r := range reqs {
		if r.Hours() {
			return true
		}
	}
	return false
}

// absentModel is the error of a requirement on a model the scenario has
// not: a metric it does not have, for errors.Is.
type absentModel string

func (e absentModel) Error() string        { return string(e) }
func (e absentModel) Is(target error) bool { return target == reports.ErrUnknownMetric }

// Requirements reads each of texts with [Namespace.Requirement]; bad(i,
// err) is the error for texts[i] when it does not parse or names no
// metric.
func (ns *Namespace) Requirements(texts []string, bad func(i int, err error) error) ([]Requirement, error) {
	var out []Requirement
	for i, t := range texts {
		r, err := ns.Requirement(t)
		if err != nil {
			return nil, bad(i, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// Objective is a sum of metrics to minimize: NAME or NAME+NAME+....
type Objective struct {
	Text  string
	Terms []Metric
}

// Objective reads an objective: each term resolved as [Namespace.Metric]
// does.
func (ns *Namespace) Objective(text string) (Objective, error) {
	o := Objective{Text: text}
	for _, part := range strings.Split(text, "+") {
		m, err := ns.Metric(strings.TrimSpace(part))
		if err != nil {
			return Objective{}, err
		}
		o.Terms = append(o.Terms, m)
	}
	return o, nil
}

// Fleet reports whether every term is a fleets' metric.
func (o Objective) Fleet() bool {
	for _, m := range o.Terms {
		if !m.Canonical.Scope.Fleet() {
			return false
		}
	}
	return len(o.Terms) > 0
}

// Series is the objective's value per replication in scopes: the sum of
// its terms, added as a + (b + c).
func (o Objective) Series(scopes []Scope) ([]float64, error) {
	var sum []float64
	for k := len(o.Terms) - 1; k >= 0; k-- {
		m := o.Terms[k]
		x, ok := Find(scopes, m.Canonical.ScopeName(), m.Canonical.Metric)
		if !ok {
			return nil, fmt.Errorf("objective %s: the results have no %s", o.Text, m.Canonical)
		}
		if sum == nil {
			sum = append([]float64(nil), x...)
			continue
		}
		for i := range sum {
			sum[i] = x[i] + sum[i]
		}
	}
	return sum, nil
}
