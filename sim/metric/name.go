package metric

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ErrName is wrapped by the error of a malformed metric name (one
// [ParseName] cannot split into a scope and a metric), and ErrRequirement
// by that of a malformed requirement ([ParseRequirement]).
var (
	ErrName        = errors.New("bad metric name")
	ErrRequirement = errors.New("bad requirement")
)

// Scope is the kind of scope a metric name selects, as summary.json
// nests it: the stream group locations' "total", one of its "locations",
// the fleet locations' "fleet_total", one of its "fleets", one of the
// "hours" of the day (the stream group locations' requests by the hour of
// the day they arrived, all locations together; recorded when asked for),
// or one of the player "regions" stream demands come from (summary.json's
// player_regions: the sessions of that region's players, wherever they
// were placed).
type Scope int

// The scopes of a name.
const (
	Total Scope = iota
	Locations
	FleetTotal
	Fleets
	HourOfDay
	Regions
)

// String is the scope as a name spells it, without a selector.
func (s Scope) String() string {
	return [...]string{"total", "locations", "fleet_total", "fleets", "hours", "regions"}[s]
}

// Fleet reports whether the scope is of the fleets' model.
func (s Scope) Fleet() bool { return s == FleetTotal || s == Fleets }

// Selected reports whether the scope takes a selector in brackets.
func (s Scope) Selected() bool {
	return s == Locations || s == Fleets || s == HourOfDay || s == Regions
}

// Wildcard is the selector that selects every scope of its kind:
// locations[*], fleets[*], hours[*], regions[*]. A requirement on it
// holds when it holds in every scope selected (the worst one decides).
const Wildcard = "*"

// Name is a metric name split: its scope, the selector between the
// brackets of a selected scope as written (an index from 0, a location,
// or owner/location; an hour; a player region's name; which entry it
// selects is the reader's to resolve against its scopes), and the metric
// as its model declares it ("placement_latency_seconds.p95").
type Name struct {
	Scope  Scope
	Select string
	Metric string
}

// Wild reports whether the name selects every scope of its kind
// (locations[*], fleets[*], hours[*], regions[*]).
func (n Name) Wild() bool { return n.Scope.Selected() && n.Select == Wildcard }

// String is the name as [ParseName] reads it.
func (n Name) String() string { return n.ScopeName() + "." + n.Metric }

// ScopeName is the scope with its selector: "total", "locations[0]".
func (n Name) ScopeName() string {
	if n.Scope.Selected() {
		return n.Scope.String() + "[" + n.Select + "]"
	}
	return n.Scope.String()
}

// NameGrammar says what a metric name is, for error messages.
const NameGrammar = "a metric name is total.METRIC, locations[SEL].METRIC, fleet_total.METRIC, fleets[SEL].METRIC, " +
	"hours[H].METRIC or regions[R].METRIC (SEL an index from 0, a location, or group/location; H an hour of the day, 0 to 23, by arrival, " +
	"all stream locations together; R a player region's name or an index from 0, its players' sessions wherever placed; " +
	"SEL, H or R * for every one, the worst deciding; METRIC as summary.json spells it)"

// ParseName splits a metric name into its scope and metric:
//
//	total.placement_latency_seconds.p95      all stream group locations
//	locations[0].cost_usd                    a stream group location by index,
//	locations[us-east-1].cost_usd            by location,
//	locations[starlight/us-east-1].cost_usd  or by group/location
//	fleet_total.cost_usd                     all fleet locations
//	fleets[0].timed_out_ratio                a fleet location, selected alike
//	hours[21].placement_failure_ratio        requests arriving 21:00–22:00 (UTC, every day)
//	regions[europe-central].latency_above_threshold_ratio
//	                                         a player region's sessions, by name
//	regions[0].streamed_rtt_seconds.p95      or by index (summary.json's player_regions order)
//	locations[*].placement_failure_ratio     every location (the worst decides)
//	regions[*].latency_above_threshold_ratio every player region (the worst decides)
//
// It checks the form only (an hour's selector is a whole number from 0 to
// 23, or *); whether the scope and metric exist is the reader's question.
// The error wraps [ErrName].
func ParseName(text string) (Name, error) {
	bad := func(why string) (Name, error) {
		return Name{}, fmt.Errorf("metric %q: %w: %s; %s", text, ErrName, why, NameGrammar)
	}
	for _, s := range []Scope{Total, FleetTotal} {
		if rest, ok := strings.CutPrefix(text, s.String()+"."); ok {
			if rest == "" {
				return bad("no metric after the scope")
			}
			return Name{Scope: s, Metric: rest}, nil
		}
	}
	for _, s := range []Scope{Locations, Fleets, HourOfDay, Regions} {
		body, ok := strings.CutPrefix(text, s.String()+"[")
		if !ok {
			continue
		}
		sel, rest, ok := strings.Cut(body, "].")
		switch {
		case !ok:
			return bad("no \"].\" closing the selector")
		case strings.TrimSpace(sel) == "":
			return bad("an empty selector")
		case rest == "":
			return bad("no metric after the scope")
		case s == HourOfDay && sel != Wildcard && !hourOfDay(sel):
			return bad(fmt.Sprintf("hour %q is not a whole number from 0 to 23 (or *)", sel))
		}
		return Name{Scope: s, Select: sel, Metric: rest}, nil
	}
	return bad("no scope")
}

// hourOfDay reports whether sel is an hour of the day, 0 to 23, written
// plainly.
func hourOfDay(sel string) bool {
	h, err := strconv.Atoi(sel)
	return err == nil && h >= 0 && h < 24 && strconv.Itoa(h) == sel
}

// ParseSum parses NAME or NAME+NAME+...: metrics to be added, as an
// objective sums them.
func ParseSum(text string) ([]Name, error) {
	var out []Name
	for _, part := range strings.Split(text, "+") {
		n, err := ParseName(strings.TrimSpace(part))
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// Requirement bounds one metric: NAME OP LIMIT, OP one of <=, <, >=, >,
// LIMIT a plain number in the metric's unit. Name is the metric name as
// written (what outputs show); [ParseName] splits it, and the reader
// resolves it against its scopes.
type Requirement struct {
	Name  string
	Op    string
	Limit float64
}

// String is the requirement as [ParseRequirement] reads it, the limit in
// its shortest form.
func (r Requirement) String() string {
	return r.Name + r.Op + strconv.FormatFloat(r.Limit, 'g', -1, 64)
}

// Meets reports whether x meets the limit (NaN meets nothing).
func (r Requirement) Meets(x float64) bool {
	switch r.Op {
	case "<=":
		return x <= r.Limit
	case "<":
		return x < r.Limit
	case ">=":
		return x >= r.Limit
	}
	return x > r.Limit
}

// Upper reports whether the requirement caps the metric from above.
func (r Requirement) Upper() bool { return r.Op[0] == '<' }

// ParseRequirement parses NAME OP LIMIT (white space around either part
// is dropped); NAME is left to [ParseName]. A limit written with a unit
// ("30s", "1%") is refused with a *[LimitError] saying how to write it;
// any other malformed text with an error wrapping [ErrRequirement].
func ParseRequirement(text string) (Requirement, error) {
	for _, op := range []string{"<=", ">=", "<", ">"} {
		name, num, ok := strings.Cut(text, op)
		if !ok {
			continue
		}
		name, num = strings.TrimSpace(name), strings.TrimSpace(num)
		x, err := strconv.ParseFloat(num, 64)
		if err != nil {
			if le := limitWithUnit(text, name, op, num); le != nil {
				return Requirement{}, le
			}
		}
		if name == "" || err != nil || math.IsNaN(x) {
			break
		}
		return Requirement{Name: name, Op: op, Limit: x}, nil
	}
	return Requirement{}, fmt.Errorf("requirement %q: %w: want NAME<=X, NAME<X, NAME>=X or NAME>X", text, ErrRequirement)
}

// LimitError is a requirement whose limit carries a unit: Plain is the
// limit as a plain number in the metric's unit (a percentage as a
// fraction), Unit what followed the number. It wraps [ErrRequirement].
type LimitError struct {
	Text, Name, Op, Plain, Unit string
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("requirement %q: %v: the limit is a plain number in the metric's unit (as summary.json has it), "+
		"without %q: write %s%s%s", e.Text, ErrRequirement, e.Unit, e.Name, e.Op, e.Plain)
}

// Unwrap makes a LimitError an [ErrRequirement].
func (e *LimitError) Unwrap() error { return ErrRequirement }

// limitWithUnit is the LimitError of a limit num that is a number
// followed by a unit, or nil.
func limitWithUnit(text, name, op, num string) *LimitError {
	i := strings.IndexFunc(num, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '%' })
	if i <= 0 || name == "" {
		return nil
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(num[:i]), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	e := &LimitError{Text: text, Name: name, Op: op, Unit: num[i:], Plain: strconv.FormatFloat(x, 'g', -1, 64)}
	if e.Unit == "%" {
		e.Plain = strconv.FormatFloat(x/100, 'g', -1, 64)
	}
	return e
}
