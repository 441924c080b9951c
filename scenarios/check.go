package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/capsim/capsim/internal/textdist"
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
	} else if len(known) > 0 {
		msg += fmt.Sprintf(" (defined: %s)", strings.Join(known, ", "))
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
