package scenarios

import (
	"fmt"
	"reflect"
	"strings"
	"time"
)

// ValueText is the value of the field at path (as Set names it) in the
// scenario as it stands, written as Set takes it (a whole number, a
// number, a duration, a string), and whether the scenario sets such a
// field: a table or array is not a value, and a path into a table the
// scenario leaves out has none.
func (sc *Scenario) ValueText(path string) (string, bool) {
	v := reflect.ValueOf(sc).Elem()
	for _, seg := range strings.Split(path, ".") {
		name, idx, err := splitIndex(seg)
		if err != nil {
			return "", false
		}
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return "", false
			}
			v = v.Elem()
		}
		if v = fieldByTag(v, name); !v.IsValid() {
			return "", false
		}
		if idx >= 0 {
			if v.Kind() != reflect.Slice || idx >= v.Len() {
				return "", false
			}
			v = v.Index(idx)
		}
	}
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "", false
		}
		v = v.Elem()
	}
	if d, ok := v.Interface().(time.Duration); ok {
		return d.String(), true
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64, reflect.Bool, reflect.String:
		return fmt.Sprint(v.Interface()), true
	}
	return "", false
}
