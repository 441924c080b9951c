package scenarios

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/capsim/capsim/internal/textdist"
)

// fieldTypes maps each key path of the schema (indices stripped) to its Go
// type, slices and pointers kept.
var fieldTypes = func() map[string]reflect.Type {
	m := map[string]reflect.Type{}
	walkFields(func(p string, raw, _ reflect.Type) { m[p] = raw })
	return m
}()

// walkSchema calls fn for every key path of the scenario schema (indices
// stripped) with the field's type, pointers and slices removed.
func walkSchema(fn func(path string, t reflect.Type)) {
	walkFields(func(p string, _, t reflect.Type) { fn(p, t) })
}

// walkFields calls fn for every key path of the scenario schema (indices
// stripped) with the field's type as declared (raw) and with pointers and
// slices removed (t).
func walkFields(fn func(path string, raw, t reflect.Type)) {
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("toml")
			if tag == "" || tag == "-" {
				continue
			}
			p := tag
			if prefix != "" {
				p = prefix + "." + tag
			}
			ft := f.Type
			for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
				ft = ft.Elem()
			}
			fn(p, f.Type, ft)
			if ft.Kind() == reflect.Struct && ft != reflect.TypeOf(time.Time{}) {
				walk(ft, p)
			}
		}
	}
	walk(reflect.TypeOf(Scenario{}), "")
}

// schema is the set of valid key paths (indices stripped); true for tables.
var schema = func() map[string]bool {
	m := map[string]bool{}
	walkSchema(func(p string, t reflect.Type) { m[p] = t.Kind() == reflect.Struct })
	return m
}()

// durations is the set of key paths of duration fields.
var durations = func() map[string]bool {
	m := map[string]bool{}
	dur := reflect.TypeOf(time.Duration(0))
	walkSchema(func(p string, t reflect.Type) {
		if t == dur {
			m[p] = true
		}
	})
	return m
}()

func knownPath(p string) bool {
	_, ok := schema[stripIndices(p)]
	return ok
}

// checkKeys reports every key the schema does not know, with its line, and
// suggests the closest known key of the same table.
func checkKeys(p *problems, ix *lineIndex) {
	reported := map[string]bool{}
	for _, path := range ix.order {
		if knownPath(path) {
			continue
		}
		// An element of an unknown array ([[fleets]] is "fleets[0]") stands
		// for the array: the array is the key to report.
		key := path
		if strings.HasSuffix(path, "]") {
			key = parentPath(path)
		}
		// report the outermost unknown key only
		parent := parentPath(key)
		if parent != "" && !knownPath(parent) {
			continue
		}
		if reported[key] {
			continue
		}
		reported[key] = true
		p.errs = append(p.errs, &FieldError{File: p.file, Line: ix.line(path), Path: key, Msg: unknownKeyMsg(key)})
	}
}

// childKeys maps each table of the schema (its path, indices stripped; ""
// for the top level) to its keys, in the schema's order.
var childKeys = func() map[string][]string {
	m := map[string][]string{}
	walkSchema(func(p string, _ reflect.Type) {
		parent, leaf := "", p
		if i := strings.LastIndexByte(p, '.'); i >= 0 {
			parent, leaf = p[:i], p[i+1:]
		}
		m[parent] = append(m[parent], leaf)
	})
	return m
}()

// validKeys names the keys the table at path (indices kept) takes:
// "valid keys in demand[0].arrivals.spikes[0]: start, ramp, ...", or ""
// if path is no table of the schema.
func validKeys(path string) string {
	keys := childKeys[stripIndices(path)]
	if len(keys) == 0 {
		return ""
	}
	if path == "" {
		return "valid top-level keys: " + strings.Join(keys, ", ")
	}
	return "valid keys in " + path + ": " + strings.Join(keys, ", ")
}

// unknownKeyMsg is the message of the unknown key at path, whose table is
// known: the closest key of that table, or, if none is close, its keys.
func unknownKeyMsg(path string) string {
	if s := suggest(stripIndices(path)); s != "" {
		return fmt.Sprintf("unknown key (did you mean %q?)", s)
	}
	if deeper := suggestDeeper(stripIndices(path)); deeper != "" {
		return fmt.Sprintf("unknown key here (did you mean %q, a table deeper: %s?)", deeper[strings.LastIndexByte(deeper, '.')+1:], deeper)
	}
	if v := validKeys(parentPath(path)); v != "" {
		return "unknown key; " + v
	}
	return "unknown key"
}

// unknownFieldMsg is the message of a path Set does not know: the path
// with each unknown key replaced by the closest known one (just that key
// if only the last one is), or else the keys of the table where the first
// unknown key stands.
func unknownFieldMsg(path string) string {
	fixed, table, ok := suggestPath(path)
	switch {
	case ok && parentPath(fixed) == parentPath(path):
		return fmt.Sprintf("unknown field (did you mean %q?)", fixed[max(0, len(parentPath(fixed))+1):])
	case ok:
		return fmt.Sprintf("unknown field (did you mean %q?)", fixed)
	}
	if v := validKeys(table); v != "" {
		return "unknown field; " + v
	}
	return "unknown field"
}

// suggestPath returns path (dotted keys with indices) with every key the
// schema does not know replaced by the closest one it does, indices kept;
// ok is false if some key has none close, and table is then the path of
// the table that key stands in.
func suggestPath(path string) (fixed, table string, ok bool) {
	var out []string
	stripped := ""
	for _, seg := range strings.Split(path, ".") {
		name, idx, err := splitIndex(seg)
		if err != nil {
			return "", strings.Join(out, "."), false
		}
		full := name
		if stripped != "" {
			full = stripped + "." + name
		}
		if _, known := schema[full]; !known {
			s := suggest(full)
			if s == "" {
				return "", strings.Join(out, "."), false
			}
			name, full = s, strings.TrimSuffix(full, name)+s
		}
		stripped = full
		if idx >= 0 {
			name += "[" + strconv.Itoa(idx) + "]"
		}
		out = append(out, name)
	}
	return strings.Join(out, "."), "", true
}

func suggest(path string) string {
	parent, leaf := "", path
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		parent, leaf = path[:i], path[i+1:]
	}
	best, bestD := "", 3
	var keys []string
	for k := range schema {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		kp, kl := "", k
		if i := strings.LastIndexByte(k, '.'); i >= 0 {
			kp, kl = k[:i], k[i+1:]
		}
		if kp != parent || abs(len(leaf)-len(kl)) >= bestD {
			continue
		}
		if d := textdist.Levenshtein(leaf, kl); d < bestD {
			best, bestD = kl, d
		}
	}
	return best
}

// indexedPath finds the indexed path of a key the decoder names without
// indices ("stream_group.location.always_on"), by its line.
func indexedPath(ix *lineIndex, stripped string, line int) string {
	for _, p := range ix.order {
		if stripIndices(p) == stripped && ix.lines[p] == line {
			return p
		}
	}
	return stripped
}

// suggestDeeper returns the key of the schema, inside a table below the
// unknown key's own, whose name is the unknown key's or one edit from it
// ("demand.spike": "demand.arrivals.spikes"); "" if none or several.
func suggestDeeper(path string) string {
	parent, leaf := "", path
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		parent, leaf = path[:i], path[i+1:]
	}
	found := ""
	for k := range schema {
		rest, ok := strings.CutPrefix(k, parent+".")
		if parent == "" {
			rest, ok = k, true
		}
		i := strings.LastIndexByte(rest, '.')
		if !ok || i < 0 || textdist.Levenshtein(leaf, rest[i+1:]) > 1 {
			continue
		}
		if found != "" {
			return ""
		}
		found = k
	}
	return found
}
