package scenarios

import (
	"fmt"
	"reflect"
	"sort"
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
		msg := "unknown key"
		if s := suggest(stripIndices(key)); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		p.errs = append(p.errs, &FieldError{File: p.file, Line: ix.line(path), Path: key, Msg: msg})
	}
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
		if kp != parent {
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
