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
// dotted path as Set takes it, set to its TOML value text: the value
// replaced on the line that sets it, or, for a field the file leaves out,
// a line "key = value" added under its table's header. The text is not
// checked here: parse the result to be sure (an inline table that lacks the
// key, for one, is not handled).
func EditText(src []byte, paths, values []string) ([]byte, error) {
	lines := strings.Split(string(src), "\n")
	for k, path := range paths {
		ix := scanLines(strings.Join(lines, "\n"))
		key := path[strings.LastIndexByte(path, '.')+1:]
		if n, ok := ix.lines[path]; ok && n > 0 && n <= len(lines) {
			re := regexp.MustCompile(`(^|[\s{,.])(` + regexp.QuoteMeta(key) + `\s*=\s*)("[^"]*"|'[^']*'|[^,}#\s]+)`)
			line := lines[n-1]
			loc := re.FindStringSubmatchIndex(line)
			if loc == nil {
				return nil, fmt.Errorf("scenarios: edit %s: its value on line %d is not a simple value", path, n)
			}
			lines[n-1] = line[:loc[6]] + values[k] + line[loc[7]:]
			continue
		}
		n, ok := ix.lines[parentPath(path)]
		if !ok || n <= 0 || n > len(lines) {
			return nil, fmt.Errorf("scenarios: edit %s: the file has no table to add it to", path)
		}
		lines = append(lines[:n], append([]string{key + " = " + values[k]}, lines[n:]...)...)
	}
	return []byte(strings.Join(lines, "\n")), nil
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
