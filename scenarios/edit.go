package scenarios

import (
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
)

// EditText returns the scenario file text src with each field, by its
// dotted path as Set takes it, set to its TOML value text (any value Set
// takes: a number, a string, an array, an inline table): the value
// replaced where the file sets it (a value running over several lines, a
// multi-line array, whole), or, for a field the file leaves out, written
// as a (dotted) key under its nearest table the file has — after a table
// header, inside an inline table, or before the first header for a
// top-level table the file lacks. The text is not checked here: parse the
// result to be sure.
func EditText(src []byte, paths, values []string) ([]byte, error) {
	text := string(src)
	for k, path := range paths {
		var err error
		if text, err = editOne(text, path, values[k]); err != nil {
			return nil, err
		}
	}
	return []byte(text), nil
}

// editOne sets path to value in text.
func editOne(text, path, value string) (string, error) {
	ix := scanLines(text)
	starts := lineStarts(text)
	if n, ok := ix.lines[path]; ok && n > 0 && n <= len(starts) {
		from, to, ok := valueAt(text, starts[n-1], lastKey(path))
		if !ok {
			return "", fmt.Errorf("scenarios: edit %s: its value on line %d is not a value this edit can find", path, n)
		}
		return text[:from] + value + text[to:], nil
	}
	rel := []string{lastKey(path)}
	for p := parentPath(path); ; p = parentPath(p) {
		if strings.HasSuffix(p, "]") && !strings.HasSuffix(parentPath(p), "]") && ix.lines[p] == 0 {
			// an element of an array of tables the file lacks
			return "", fmt.Errorf("scenarios: edit %s: the file has no %s to add it to", path, p)
		}
		n, ok := ix.lines[p]
		if p == "" || ok && n > 0 && n <= len(starts) {
			return insertKey(text, starts, p, n, strings.Join(rel, "."), value)
		}
		if !strings.HasSuffix(p, "]") {
			rel = append([]string{lastKey(p)}, rel...)
		}
	}
}

// insertKey writes "key = value" (key relative, maybe dotted) into the
// table at path p, which the file sets on line n (p "": the top level).
func insertKey(text string, starts []int, p string, n int, key, value string) (string, error) {
	kv := key + " = " + value
	if p == "" { // before the first table header
		for i, st := range starts {
			if strings.HasPrefix(strings.TrimSpace(text[st:lineEnd(text, st)]), "[") {
				return text[:starts[i]] + kv + "\n" + text[starts[i]:], nil
			}
		}
		return strings.TrimRight(text, "\n") + "\n" + kv + "\n", nil
	}
	st := starts[n-1]
	if strings.HasPrefix(strings.TrimSpace(text[st:lineEnd(text, st)]), "[") { // a table header
		end := lineEnd(text, st)
		return text[:end] + "\n" + kv + text[end:], nil
	}
	from, to, ok := valueAt(text, st, lastKey(p))
	if !ok || text[from] != '{' {
		return "", fmt.Errorf("scenarios: edit %s: line %d sets %s, not a table to add %s to", p+"."+key, n, p, key)
	}
	inner := strings.TrimSpace(text[from+1 : to-1])
	if inner == "" {
		return text[:from] + "{ " + kv + " }" + text[to:], nil
	}
	close := strings.LastIndexByte(text[:to], '}')
	return strings.TrimRight(text[:close], " \t") + ", " + kv + " " + text[close:], nil
}

// lastKey is the last key of a path, without its index.
func lastKey(path string) string {
	for strings.HasSuffix(path, "]") {
		path = path[:strings.LastIndexByte(path, '[')]
	}
	return path[strings.LastIndexByte(path, '.')+1:]
}

// lineStarts are the byte offsets at which text's lines start.
func lineStarts(text string) []int {
	out := []int{0}
	for i := range len(text) {
		if text[i] == '\n' {
			out = append(out, i+1)
		}
	}
	return out
}

func lineEnd(text string, from int) int {
	if i := strings.IndexByte(text[from:], '\n'); i >= 0 {
		return from + i
	}
	return len(text)
}

// valueAt finds, on the line starting at offset st, "key =" and returns
// the extent [from, to) of the TOML value after it: a string, an array or
// inline table (brackets matched over lines, strings and comments
// skipped), or a bare value (a number, a boolean, a date).
func valueAt(text string, st int, key string) (from, to int, ok bool) {
	re := regexp.MustCompile(`(^|[\s{,.])` + regexp.QuoteMeta(key) + `\s*=\s*`)
	loc := re.FindStringIndex(text[st:lineEnd(text, st)])
	if loc == nil {
		return 0, 0, false
	}
	from = st + loc[1]
	to = valueEnd(text, from)
	return from, to, to > from
}

// valueEnd is the end of the TOML value starting at from.
func valueEnd(text string, from int) int {
	if from >= len(text) {
		return from
	}
	switch c := text[from]; c {
	case '"', '\'':
		return stringEnd(text, from)
	case '[', '{':
		depth := 0
		for i := from; i < len(text); i++ {
			switch text[i] {
			case '"', '\'':
				i = stringEnd(text, i) - 1
			case '#':
				i = lineEnd(text, i) - 1
			case '[', '{':
				depth++
			case ']', '}':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return len(text)
	}
	i := from
	for i < len(text) && !strings.ContainsRune(",}]# \t\r\n", rune(text[i])) {
		i++
	}
	return i
}

// stringEnd is the end of the TOML string starting at from (basic or
// literal, single- or multi-line).
func stringEnd(text string, from int) int {
	q := text[from : from+1]
	if strings.HasPrefix(text[from:], q+q+q) {
		if i := strings.Index(text[from+3:], q+q+q); i >= 0 {
			return from + 3 + i + 3
		}
		return len(text)
	}
	for i := from + 1; i < len(text); i++ {
		switch {
		case text[i] == '\\' && q == `"`:
			i++
		case text[i] == q[0], text[i] == '\n':
			return i + 1
		}
	}
	return len(text)
}

// DataFiles lists, sorted and once each, the files the scenario names
// (trace and empirical CSVs), as written: relative to the scenario file's
// directory, so that a copy of its text written elsewhere (optimize's
// best.toml) finds them only if they are copied beside it too.
func (sc *Scenario) DataFiles() []string {
	seen := map[string]bool{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Struct:
			t := v.Type()
			for i := range t.NumField() {
				f := t.Field(i)
				switch {
				case !f.IsExported():
				case f.Tag.Get("toml") == "file" && f.Type.Kind() == reflect.String:
					if name := v.Field(i).String(); name != "" {
						seen[name] = true
					}
				default:
					walk(v.Field(i))
				}
			}
		}
	}
	walk(reflect.ValueOf(sc).Elem())
	return slices.Sorted(maps.Keys(seen))
}
