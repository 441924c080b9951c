package scenarios

import (
	_ "embed"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

// The scenario reference: every key of the format with its type, unit,
// default, allowed values and meaning, generated from the schema (the
// Scenario types), their defaults (DefaultSimulation, DefaultService, ...),
// the assumption table and the documentation table fieldDocs
// (reference_docs_*.go), which holds what the code cannot say: a key's
// meaning, the unit of a number, the values validation accepts.
// TestScenarioReference fails when a key of the schema has no entry, and
// when docs/scenario-reference.md is not ReferenceMarkdown() (go test
// ./scenarios -run TestScenarioReference -update rewrites it).

// fieldDoc is what the reference says of one key beyond its type and
// default: keyed in fieldDocs by "Type.key" (the Go type of its table and
// its TOML key), so a table used in several places (a distribution, an
// arrival process, a location) is documented once.
type fieldDoc struct {
	meaning string   // what the key means
	unit    string   // the unit of a number, or what a string names ("" for a duration: it carries its unit)
	def     string   // the default in words, where the code's default value does not say it ("required")
	allowed string   // the values validation accepts
	sources []string // source keys, resolved in docs/sources.md
	bounds  *bounds  // the allowed range in machine form, where it holds whatever the other keys say (TestReferenceBounds)
}

// bounds is an allowed range: lo and hi (seconds for a duration), each
// closed unless open; a side with no limit is nil.
type bounds struct {
	lo, hi         *float64
	loOpen, hiOpen bool
}

func num(x float64) *float64 { return &x }

// Short constructors keep the documentation table readable.
func closedRange(lo, hi float64) *bounds { return &bounds{lo: num(lo), hi: num(hi)} }
func atLeast(lo float64) *bounds         { return &bounds{lo: num(lo)} }
func above(lo float64) *bounds           { return &bounds{lo: num(lo), loOpen: true} }
func fraction() *bounds                  { return closedRange(0, 1) }

// KeyDoc is one key of the scenario format as the reference gives it.
type KeyDoc struct {
	Path      string   // its dotted path without indices, where it first appears: "demand.arrivals.spikes.peak_per_hour"
	Also      []string // the other paths of the same key (its table appears in several places)
	Section   string   // the title of the section that documents it
	Type      string   // "duration", "number", "integer", "string", "boolean", "distribution", "table", "array of tables", ...
	Unit      string   // the unit of a number or what a string names
	Default   string   // the default, or "required", or what applies when it is left out
	Allowed   string   // the values validation accepts
	Meaning   string   // what it means
	Sources   []string // source keys (docs/sources.md)
	Plausible string   // an assumption's plausible range (the assumption table), else ""
	Note      string   // an assumption's note: what the sources say
	Keys      []string // a table's keys
	Table     string   // what the table a key holds is (its section's intro)

	literal bool // Default is a value as a file writes it (not words)
}

// RefSection is one table of the format: its keys and where it appears.
type RefSection struct {
	Title  string   // "[[demand]]", "arrivals", ...
	Anchor string   // the Markdown anchor of its heading
	Intro  string   // what the table is
	Paths  []string // where it appears (dotted, without indices)
	Keys   []KeyDoc
}

// sectionInfo names a table of the schema and says what it is.
type sectionInfo struct{ title, intro string }

// sectionOf returns the section of a table type.
func sectionOf(t reflect.Type) sectionInfo {
	title, ok := sectionTitles[t]
	if !ok {
		title = t.Name()
	}
	return sectionInfo{title: title, intro: sectionIntros[title]}
}

// Reference returns the scenario reference: one section per table of the
// schema, in the order of a walk of the Scenario type (each table at its
// first appearance), every key with its entry.
func Reference() []RefSection {
	type seen struct {
		i     int
		paths []string
	}
	var out []RefSection
	index := map[reflect.Type]*seen{}
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		s, again := index[t]
		if again { // a table seen before: this is one more place of it and of its tables
			out[s.i].Paths = append(out[s.i].Paths, prefix)
		} else {
			info := sectionOf(t)
			index[t] = &seen{i: len(out)}
			out = append(out, RefSection{Title: info.title, Anchor: anchor(info.title), Intro: info.intro, Paths: []string{prefix}})
		}
		i := index[t].i
		var children []func()
		for _, f := range tomlFields(t) {
			path := joinPath(prefix, f.key)
			if !again {
				out[i].Keys = append(out[i].Keys, keyDoc(t, f, path))
			}
			if st := tableType(f.typ); st != nil {
				children = append(children, func() { walk(st, path) })
			}
		}
		for _, c := range children {
			c()
		}
	}
	walk(reflect.TypeOf(Scenario{}), "")
	for si := range out {
		for ki := range out[si].Keys {
			k := &out[si].Keys[ki]
			for _, p := range out[si].Paths[1:] {
				k.Also = append(k.Also, joinPath(p, lastKey(k.Path)))
			}
		}
	}
	return out
}

// field is one TOML key of a struct type.
type field struct {
	key string
	typ reflect.Type
	idx int
}

// tomlFields returns the TOML keys of struct type t, in order.
func tomlFields(t reflect.Type) []field {
	var out []field
	for i := range t.NumField() {
		tag := t.Field(i).Tag.Get("toml")
		if tag == "" || tag == "-" {
			continue
		}
		out = append(out, field{key: tag, typ: t.Field(i).Type, idx: i})
	}
	return out
}

// tableType returns the table type a field holds (its struct type, under
// pointers and slices), nil if it holds no table.
func tableType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct && t != reflect.TypeOf(time.Time{}) {
		return t
	}
	return nil
}

func joinPath(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// anchor is the GitHub anchor of a heading: lower case, spaces to
// dashes, other punctuation dropped.
func anchor(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// keyDoc builds the entry of key f of table type t, at path.
func keyDoc(t reflect.Type, f field, path string) KeyDoc {
	d := fieldDocs[t.Name()+"."+f.key]
	k := KeyDoc{Path: path, Section: sectionOf(t).title, Type: typeName(f.typ), Unit: d.unit,
		Meaning: d.meaning, Allowed: d.allowed, Sources: d.sources, Default: d.def}
	if st := tableType(f.typ); st != nil {
		k.Table = sectionOf(st).intro
		if st != reflect.TypeOf(DistSpec{}) {
			for _, c := range tomlFields(st) {
				k.Keys = append(k.Keys, c.key)
			}
		}
	}
	if k.Default == "" {
		k.Default, k.literal = defaultText(t, f), true
	}
	if a, ok := lookupAssumption(assumptionSection(t), f.key); ok {
		k.Plausible = a.rangeText()
		k.Sources = mergeSources(k.Sources, a.Sources)
		k.Note = a.Note
	}
	return k
}

// mergeSources returns a followed by the keys of b it lacks.
func mergeSources(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// assumptionSection is the assumption table's section of table type t, ""
// if none.
func assumptionSection(t reflect.Type) string {
	switch t {
	case reflect.TypeOf(Service{}):
		return "service"
	case reflect.TypeOf(Client{}):
		return "demand.client"
	case reflect.TypeOf(FleetSpot{}):
		return "fleet.spot"
	}
	return ""
}

// typeName names the TOML type of a Go field type.
func typeName(t reflect.Type) string {
	switch {
	case t == durationType:
		return "duration"
	case t == reflect.TypeOf(DistSpec{}) || t == reflect.TypeOf(&DistSpec{}):
		return "distribution"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int64, reflect.Uint64:
		return "integer"
	case reflect.Float64:
		return "number"
	case reflect.Struct:
		return "table"
	case reflect.Slice:
		if tableType(t) != nil {
			return "array of tables"
		}
		return "array of " + typeName(t.Elem()) + "s"
	}
	return t.String()
}

// tableDefaults are the tables whose keys a scenario starts from a
// default value of: each key's default is that value's field.
var tableDefaults = map[reflect.Type]any{
	reflect.TypeOf(Simulation{}):   DefaultSimulation(),
	reflect.TypeOf(Service{}):      DefaultService(),
	reflect.TypeOf(Client{}):       DefaultClient(),
	reflect.TypeOf(Fleet{}):        DefaultFleet(),
	reflect.TypeOf(FleetSpot{}):    DefaultFleetSpot(),
	reflect.TypeOf(FleetScaling{}): DefaultFleetScaling(),
	reflect.TypeOf(Queue{}):        DefaultQueue(),
	reflect.TypeOf(FleetDemand{}):  DefaultFleetDemand(),
}

// defaultText is the default of key f of table t as a file writes it:
// the table's default value's field where the table has one, else the
// field's zero value; "" for a table or list without one.
func defaultText(t reflect.Type, f field) string {
	v := reflect.Zero(t)
	if def, ok := tableDefaults[t]; ok {
		v = reflect.ValueOf(def)
	}
	fv := v.Field(f.idx)
	switch x := fv.Interface().(type) {
	case time.Duration:
		return compactDuration(x)
	case DistSpec:
		if x.Dist == "" {
			return ""
		}
		return x.String()
	case string:
		if x == "" {
			return ""
		}
		return x
	case int, int64, uint64, float64, bool:
		return formatSetting(fv)
	}
	return ""
}

//go:embed reference.toml
var referenceTOML string

// ReferenceTOML returns the annotated example scenario of the reference:
// every section of the format, each key with a comment.
func ReferenceTOML() string { return referenceTOML }

// referenceIndex returns every key of the reference by each of its paths.
func referenceIndex() (map[string]KeyDoc, []string) {
	m := map[string]KeyDoc{}
	var paths []string
	for _, s := range Reference() {
		for _, k := range s.Keys {
			for _, p := range append([]string{k.Path}, k.Also...) {
				m[p] = k
				paths = append(paths, p)
			}
		}
	}
	return m, paths
}

// ExplainKey returns the reference entry of key, as capsim validate
// --explain prints it. key is a dotted path as a file or --set writes it
// ("demand[0].arrivals.spikes[0].peak_per_hour", indices optional, a
// table header's brackets too) or its last keys ("spikes.peak_per_hour",
// "peak_per_hour"), or a table ("demand.client"). A key that names
// several (name) is answered with their paths; an unknown one is an error
// wrapping ErrInvalid that names the closest keys.
func ExplainKey(key string) (string, error) {
	idx, paths := referenceIndex()
	q := strings.Trim(strings.TrimSpace(key), "[]")
	q = stripIndices(q)
	var matches []string
	for _, p := range paths {
		if strings.HasSuffix(p, "."+q) {
			matches = append(matches, p)
		}
	}
	if k, ok := idx[q]; ok {
		text := explainText(k, q)
		var others []string
		for _, p := range matches {
			if idx[p].Path != k.Path && !slices.Contains(others, idx[p].Path) {
				others = append(others, idx[p].Path)
			}
		}
		if len(others) > 0 { // a top-level key whose name other tables use too
			text += wrap(fmt.Sprintf("  %-10s ", "see also:"), strings.Join(others, ", ")+" (keys of the same name in other tables)", 78)
		}
		return text, nil
	}
	switch {
	case len(matches) == 1:
		return explainText(idx[matches[0]], matches[0]), nil
	case len(matches) > 1 && sameEntry(idx, matches):
		return explainText(idx[matches[0]], matches[0]), nil
	case len(matches) > 1:
		return "", explainError(fmt.Sprintf("%q is a key of several tables; name one: %s", key, strings.Join(matches, ", ")))
	}
	return "", explainError(fmt.Sprintf("%q is no key of a scenario%s", key, closestKeys(q, paths)))
}

// explainError is a key ExplainKey cannot answer; it matches ErrInvalid.
type explainError string

func (e explainError) Error() string        { return string(e) }
func (e explainError) Is(target error) bool { return target == ErrInvalid }

// sameEntry reports whether every path of matches is the same key (one
// table at several places, as a distribution's median).
func sameEntry(idx map[string]KeyDoc, matches []string) bool {
	for _, p := range matches[1:] {
		if idx[p].Path != idx[matches[0]].Path {
			return false
		}
	}
	return true
}

// closestKeys completes the message of an unknown key: the paths whose
// last key is closest to q's, or whose path is.
func closestKeys(q string, paths []string) string {
	leaf := lastKey(q)
	var leaves []string
	seen := map[string]bool{}
	for _, p := range paths {
		if l := lastKey(p); !seen[l] {
			seen[l] = true
			leaves = append(leaves, l)
		}
	}
	best := closest(leaf, leaves)
	if best == "" {
		if p := closest(q, paths); p != "" {
			return fmt.Sprintf(" (did you mean %q?)", p)
		}
		return "; docs/scenario-reference.md lists every key"
	}
	var out []string
	for _, p := range paths {
		if lastKey(p) == best && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	if len(out) > maxListedNames {
		out = append(out[:maxListedNames], "...")
	}
	return fmt.Sprintf(" (did you mean %s?)", strings.Join(out, ", "))
}
