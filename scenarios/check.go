package scenarios

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/capsim/capsim/internal/textdist"
	"github.com/capsim/capsim/models/streams"
)

func (b *builder) probability(path string, x float64) {
	if !(x >= 0 && x <= 1) {
		b.p.add(path, "must be a probability between 0 and 1, got %g", x)
	}
}

func (b *builder) rate(path string, x float64) {
	if !(x >= 0) || math.IsInf(x, 0) {
		b.p.add(path, "must be a rate ≥ 0 per hour, got %g", x)
	}
}

func (b *builder) share(path string, x float64) {
	if !(x >= 0 && x <= 1) {
		b.p.add(path, "must be a share between 0 and 1, got %g", x)
	}
}

func (b *builder) nonNegative(path string, d time.Duration) bool {
	if d < 0 {
		b.p.add(path, "must not be negative, got %v", d)
		return false
	}
	return true
}

// enum reports v unless it is one of valid; what names the setting.
func (b *builder) enum(path, what, v string, valid []string) bool {
	if slices.Contains(valid, v) {
		return true
	}
	if v == "" {
		b.p.add(path, "missing %s: %s", what, strings.Join(valid, ", "))
		return false
	}
	msg := fmt.Sprintf("unknown %s %q (valid: %s)", what, v, strings.Join(valid, ", "))
	if s := closest(v, valid); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	b.p.add(path, "%s", msg)
	return false
}

// closest returns the candidate v most likely stands for: the same word in
// another case, or one at most two edits away; "" if none.
func closest(v string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if strings.EqualFold(v, c) {
			return c
		}
		if abs(len(v)-len(c)) >= bestD { // the distance is at least that: skip a long input's O(n·m)
			continue
		}
		if d := textdist.Levenshtein(strings.ToLower(v), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// unknownName reports a reference to a name that is not defined.
func (b *builder) unknownName(path, what, v string, known []string) {
	msg := fmt.Sprintf("unknown %s %q", what, v)
	if v == "" {
		msg = fmt.Sprintf("missing: the name of a %s", what)
	}
	if s := closest(v, known); s != "" && v != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	} else if len(known) > maxListedNames {
		msg += fmt.Sprintf(" (defined nearest it: %s, of %d)", clippedList(nearest(v, known, maxListedNames)), len(known))
	} else if len(known) > 0 {
		msg += fmt.Sprintf(" (defined: %s)", clippedList(known))
	} else {
		msg += " (none is defined)"
	}
	b.p.add(path, "%s", msg)
}

func orDefault(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

// defineOnce reports a name already in seen as defined twice, at
// path.name; what names the section ("demand", "fleet demand").
func (b *builder) defineOnce(seen map[string]bool, path, what, name string) {
	if seen[name] {
		b.p.add(path+".name", "%s %q is defined twice", what, name)
	}
	seen[name] = true
}

// pairOnce reports a row of a table keyed by (what, where) whose pair an
// earlier row already gave, at path; row names the table's rows ("price",
// "GPU quota").
func (b *builder) pairOnce(seen map[[2]string]bool, path, row, what, where string) {
	k := [2]string{what, where}
	if seen[k] {
		b.p.add(path, "%s for %s in %s is given twice", row, what, where)
	}
	seen[k] = true
}

// maxClosest is how many names an error offers when none is close enough
// for a "did you mean".
const maxClosest = 3

// nearest returns the candidates nearest v by edit distance (case
// ignored), at most n, nearest first (ties in the candidates' order).
func nearest(v string, candidates []string, n int) []string {
	type scored struct {
		name string
		d, i int
	}
	v = clip(v, 64) // names are short: a long input is ranked by its start
	var all []scored
	for i, c := range candidates {
		all = append(all, scored{c, textdist.Levenshtein(strings.ToLower(v), strings.ToLower(c)), i})
	}
	slices.SortStableFunc(all, func(a, b scored) int { return cmp.Or(cmp.Compare(a.d, b.d), cmp.Compare(a.i, b.i)) })
	var out []string
	for _, s := range all[:min(n, len(all))] {
		out = append(out, s.name)
	}
	return out
}

// unknownClassMsg says that class is no stream class, offering the
// closest names (not all of them): "unknown stream class "gen5n_hihg";
// did you mean "gen5n_high"? ('capsim classes' lists all 17)".
func unknownClassMsg(class string) string {
	var names []string
	for _, c := range streams.Classes() {
		names = append(names, c.Name)
	}
	all := fmt.Sprintf("'capsim classes' lists all %d", len(names))
	if class == "" {
		return fmt.Sprintf("missing: a stream class, e.g. %s (%s)", strings.Join(names[:min(maxClosest, len(names))], ", "), all)
	}
	if s := closest(class, names); s != "" {
		return fmt.Sprintf("unknown stream class %s; did you mean %q? (%s)", quoted(class), s, all)
	}
	return fmt.Sprintf("unknown stream class %s; the closest are %s (%s)", quoted(class), strings.Join(nearest(class, names, maxClosest), ", "), all)
}

func abs(n int) int { return max(n, -n) }

// notAmong completes a message about name, which is not among the names
// a reference can take (what names them, e.g. "the group's locations"):
// "; did you mean "x"?" if one is close, else "; the group's locations:
// a, b" (the nearest maxListedNames, if more).
func notAmong(name string, names []string, what string) string {
	if s := closest(name, names); s != "" && name != "" {
		return fmt.Sprintf("; did you mean %s?", quoted(s))
	}
	if len(names) == 0 {
		return "; " + what + ": none"
	}
	if len(names) > maxListedNames {
		return fmt.Sprintf("; %s nearest it: %s (of %d)", what, clippedList(nearest(name, names, maxListedNames)), len(names))
	}
	return "; " + what + ": " + clippedList(names)
}

// clippedList joins names, each clipped to MaxQuoteBytes.
func clippedList(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = clip(n, MaxQuoteBytes)
	}
	return strings.Join(out, ", ")
}

// maxListedNames bounds the names a message lists.
const maxListedNames = 12

// groupNames returns the names of the scenario's stream groups, in order.
func (b *builder) groupNames() []string {
	var out []string
	for _, g := range b.sc.StreamGroups {
		out = append(out, g.Name)
	}
	return out
}

// groupLocations returns the locations of group gi at any time: its own,
// then those the timeline adds, once each, in that order.
func (b *builder) groupLocations(gi int) []string {
	var out []string
	add := func(n string) {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	for _, l := range b.sc.StreamGroups[gi].Locations {
		add(l.Name)
	}
	for _, a := range b.sc.Timeline {
		if a.StreamGroup == b.sc.StreamGroups[gi].Name && a.Action == "AddStreamGroupLocations" {
			for _, l := range a.Locations {
				add(l.Name)
			}
		}
	}
	return out
}

// presentLocations returns the names of present, sorted.
func presentLocations(present map[string]bool) []string {
	var out []string
	for n, ok := range present {
		if ok {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}
