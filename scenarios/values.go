package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Values are checked against the schema before they are decoded, in every
// position (top level, inline tables, arrays of tables, --set): the TOML
// decoder would read a duration without its unit as nanoseconds, wrap a
// negative seed around, and stop at the first value of the wrong type.
// Checked here, every such value is a problem with its field and line, and
// the rest of the scenario is still decoded and validated.

var durationType = reflect.TypeOf(time.Duration(0))

// durationUnits are the units a duration takes, as its errors name them.
const durationUnits = "ns, us, ms, s, m, h"

// origin is where a value was written: how a fix is spelled there.
type origin int

const (
	inFile origin = iota // a scenario file: a duration is a quoted string, "90s"
	inSet                // --set or Scenario.Set: 90s (quotes optional)
)

// quoteFix spells a duration value as it is written at o.
func (o origin) quoteFix(s string) string {
	if o == inSet {
		return s
	}
	return strconv.Quote(s)
}

// badValue is a value that cannot be used: its path, the problem, and the
// key that holds it (in the table owner), which Parse removes so that the
// rest can be decoded.
type badValue struct {
	path, msg string
	owner     map[string]any
	key       string
	keyPath   string // the path of owner[key]: path, or the array path holds an element of
}

// valueChecker walks decoded TOML values along the schema's Go types.
type valueChecker struct {
	from origin
	bad  []badValue
	// owner and key hold the value being checked: the nearest table key
	// above it (an element of an array is removed with its whole array).
	owner   map[string]any
	key     string
	keyPath string
}

// checkValue returns the problems of v, decoded from TOML at path, as a
// value of a field of type t; owner[key] holds v (owner may be nil).
func checkValue(path string, t reflect.Type, v any, from origin, owner map[string]any, key string) []badValue {
	c := &valueChecker{from: from, owner: owner, key: key, keyPath: path}
	c.check(path, t, v)
	return c.bad
}

func (c *valueChecker) add(path, format string, args ...any) {
	c.bad = append(c.bad, badValue{path: path, msg: fmt.Sprintf(format, args...), owner: c.owner, key: c.key, keyPath: c.keyPath})
}

func (c *valueChecker) wrongType(path string, t reflect.Type, v any) {
	c.add(path, "wrong type: expected %s, got %s", tomlWant(t), valueKind(v))
}

func (c *valueChecker) check(path string, t reflect.Type, v any) {
	switch k := t.Kind(); {
	case t == durationType:
		if msg := durationProblem(v, c.from); msg != "" {
			c.add(path, "%s", msg)
		}
	case k == reflect.Pointer:
		c.check(path, t.Elem(), v)
	case k == reflect.Struct:
		c.table(path, t, v)
	case k == reflect.Slice:
		elems, ok := v.([]any)
		if tables, isTables := v.([]map[string]any); isTables {
			elems, ok = make([]any, len(tables)), true
			for i, m := range tables {
				elems[i] = m
			}
		}
		if !ok {
			c.wrongType(path, t, v)
			return
		}
		for i, e := range elems {
			c.check(path+"["+strconv.Itoa(i)+"]", t.Elem(), e)
		}
	default:
		c.scalar(path, t, v)
	}
}

// table checks the keys of a table the schema knows (checkKeys reports
// the others).
func (c *valueChecker) table(path string, t reflect.Type, v any) {
	m, ok := v.(map[string]any)
	if !ok {
		c.wrongType(path, t, v)
		return
	}
	owner, key, keyPath := c.owner, c.key, c.keyPath
	defer func() { c.owner, c.key, c.keyPath = owner, key, keyPath }()
	for i := range t.NumField() {
		tag := t.Field(i).Tag.Get("toml")
		fv, ok := m[tag]
		if tag == "" || tag == "-" || !ok {
			continue
		}
		p := tag
		if path != "" {
			p = path + "." + tag
		}
		c.owner, c.key, c.keyPath = m, tag, p
		c.check(p, t.Field(i).Type, fv)
	}
}

// maxExactInt is the largest integer every float64 holds exactly (2^53).
const maxExactInt = 1 << 53

func (c *valueChecker) scalar(path string, t reflect.Type, v any) {
	switch k := t.Kind(); {
	case k == reflect.String:
		if _, ok := v.(string); !ok {
			c.wrongType(path, t, v)
		}
	case k == reflect.Bool:
		if _, ok := v.(bool); !ok {
			c.wrongType(path, t, v)
		}
	case k >= reflect.Int && k <= reflect.Int64:
		if _, ok := v.(int64); !ok {
			c.wrongType(path, t, v)
		}
	case k >= reflect.Uint && k <= reflect.Uint64:
		n, ok := v.(int64)
		switch {
		case !ok:
			c.wrongType(path, t, v)
		case n < 0: // the decoder would wrap it around
			c.add(path, "must be ≥ 0, got %d", n)
		}
	case k == reflect.Float32 || k == reflect.Float64:
		switch n := v.(type) {
		case float64:
		case int64:
			if n > maxExactInt || n < -maxExactInt {
				c.add(path, "%d is beyond the integers a number holds exactly (±2^53); write it as a float, e.g. %.6e", n, float64(n))
			}
		default:
			c.wrongType(path, t, v)
		}
	}
}

// valueKind names the type of a decoded TOML value.
func valueKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case map[string]any:
		return "a table"
	case []map[string]any:
		return "an array of tables"
	case []any:
		return "an array"
	}
	return "a date or time"
}

// durationProblem returns what is wrong with v as a duration, "" if
// nothing: a number has no unit, a string must be one Go's
// time.ParseDuration reads.
func durationProblem(v any, from origin) string {
	switch x := v.(type) {
	case int64:
		return bareDuration(strconv.FormatInt(x, 10), from)
	case float64:
		return bareDuration(strconv.FormatFloat(x, 'f', -1, 64), from)
	case string:
		if _, err := time.ParseDuration(x); err != nil {
			return durationSyntax(x, from)
		}
		return ""
	}
	return "wrong type: expected " + tomlWant(durationType) + ", got " + valueKind(v)
}

// bareDuration is the problem of a duration written as the number num.
func bareDuration(num string, from origin) string {
	return fmt.Sprintf("a duration needs a unit: write %s (units: %s); a bare number would be read as nanoseconds", unitFix(num, from), durationUnits)
}

// unitFix spells the fix of the number num without a unit: "90s" or "90m".
func unitFix(num string, from origin) string {
	if len(num) > 20 {
		num = "90"
	}
	return from.quoteFix(num+"s") + ", " + from.quoteFix(num+"m") + " or " + from.quoteFix(num+"h")
}

// durationSyntax explains why s is no duration.
func durationSyntax(s string, from origin) string {
	q := quoted(s)
	t := strings.TrimSpace(s)
	switch {
	case t == "":
		return fmt.Sprintf("an empty duration: write a number and a unit, e.g. %s (units: %s)", from.quoteFix("90s"), durationUnits)
	case strings.ContainsAny(t, " \t"):
		if _, err := time.ParseDuration(strings.Join(strings.Fields(t), "")); err == nil {
			return fmt.Sprintf("invalid duration %s: write it without spaces, %s", q, from.quoteFix(strings.Join(strings.Fields(t), "")))
		}
	case isNumber(t):
		return fmt.Sprintf("invalid duration %s: a duration needs a unit: write %s (units: %s)", q, unitFix(t, from), durationUnits)
	}
	if u, ok := unknownUnit(t); ok {
		msg := fmt.Sprintf("invalid duration %s: unknown unit %s (units: %s)", q, quoted(u), durationUnits)
		switch strings.ToLower(u) {
		case "d", "day", "days":
			msg += `; a day is "24h"`
		case "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "hr", "hrs", "hour", "hours", "ms.", "msec":
			msg += `; write e.g. "90s", "5m" or "2h"`
		}
		return msg
	}
	if durationShape(t) {
		return fmt.Sprintf("invalid duration %s: beyond the longest duration, about 2562047h (292 years)", q)
	}
	return fmt.Sprintf("invalid duration %s: want a duration like %s or %s, a number and a unit (units: %s)", q, from.quoteFix("90s"), from.quoteFix("1h30m"), durationUnits)
}

func isNumber(s string) bool {
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
}

// durationParts splits s (after an optional sign) into number and unit
// parts ("1h30m" → 1, h, 30, m); ok is false if s is not of that shape.
func durationParts(s string) (units []string, ok bool) {
	s = strings.TrimLeft(s, "+-")
	for s != "" {
		i := 0
		for i < len(s) && (s[i] == '.' || s[i] >= '0' && s[i] <= '9') {
			i++
		}
		j := i
		for j < len(s) && s[j] != '.' && (s[j] < '0' || s[j] > '9') {
			j++
		}
		if i == 0 || j == i {
			return nil, false
		}
		units = append(units, s[i:j])
		s = s[j:]
	}
	return units, len(units) > 0
}

// unknownUnit returns the first unit of s that a duration does not take,
// if s is otherwise numbers and units.
func unknownUnit(s string) (string, bool) {
	units, ok := durationParts(s)
	if !ok {
		return "", false
	}
	for _, u := range units {
		switch u {
		case "ns", "us", "µs", "μs", "ms", "s", "m", "h":
		default:
			return u, true
		}
	}
	return "", false
}

// durationShape reports whether s is numbers with valid units (so that
// time.ParseDuration refused it for its size).
func durationShape(s string) bool {
	_, ok := durationParts(s)
	_, unknown := unknownUnit(s)
	return ok && !unknown
}

// checkValues checks every value of raw, a whole decoded scenario,
// against the schema: each problem is added to p with its line, and the
// key holding each bad value is removed from raw (so that the rest
// decodes) and from ix (so that the field takes its default). It returns
// the paths removed.
func checkValues(p *problems, ix *lineIndex, raw map[string]any) []string {
	bad := checkValue("", reflect.TypeOf(Scenario{}), raw, inFile, nil, "")
	var dropped []string
	for _, b := range bad {
		p.add(b.path, "%s", b.msg)
		if b.owner != nil {
			if _, ok := b.owner[b.key]; ok {
				delete(b.owner, b.key)
				dropped = append(dropped, b.keyPath)
			}
		}
	}
	for _, d := range dropped {
		ix.remove(d)
	}
	return dropped
}
