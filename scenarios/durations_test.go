package scenarios_test

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/capsim/capsim/scenarios"
)

// segment is one step of a schema path: a TOML key, and whether its field
// is a list (an array of tables, or of inline tables).
type segment struct {
	key  string
	list bool
}

// durationFields walks the Scenario type by reflection, independently of
// the package's own schema tables, and returns the path of every
// time.Duration field, nested in tables and lists of tables.
func durationFields() [][]segment {
	var out [][]segment
	var walk func(t reflect.Type, prefix []segment)
	walk = func(t reflect.Type, prefix []segment) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("toml")
			if tag == "" || tag == "-" || !f.IsExported() {
				continue
			}
			ft, list := f.Type, false
			for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
				list = list || ft.Kind() == reflect.Slice
				ft = ft.Elem()
			}
			path := append(append([]segment{}, prefix...), segment{tag, list})
			switch {
			case isDuration(ft):
				out = append(out, path)
			case ft.Kind() == reflect.Struct:
				walk(ft, path)
			}
		}
	}
	walk(reflect.TypeOf(scenarios.Scenario{}), nil)
	return out
}

// isDuration reports whether a field of type t holds a duration: a
// time.Duration, or any other named integer type of 64 bits (a new
// duration type would be one; another kind of number there is worth a
// look too).
func isDuration(t reflect.Type) bool {
	return t == reflect.TypeOf(time.Duration(0)) || t.Kind() == reflect.Int64 && t != reflect.TypeOf(int64(0))
}

// indexed is the path as errors name it: every list at index 0.
func indexed(p []segment) string {
	var b strings.Builder
	for i, s := range p {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.key)
		if s.list {
			b.WriteString("[0]")
		}
	}
	return b.String()
}

// headerTOML writes value at p with a [[header]] for every list and
// dotted keys for tables: "[[demand]]\n[[demand.arrivals.spikes]]\nstart =
// 90\n". It returns the text and the line of the value.
func headerTOML(p []segment, value string) (string, int) {
	var lines []string
	last := -1
	for i, s := range p[:len(p)-1] {
		if s.list {
			keys := make([]string, i+1)
			for j := range keys {
				keys[j] = p[j].key
			}
			lines = append(lines, "[["+strings.Join(keys, ".")+"]]")
			last = i
		}
	}
	keys := make([]string, 0, len(p))
	for _, s := range p[last+1:] {
		keys = append(keys, s.key)
	}
	if p[len(p)-1].list {
		value = "[" + value + "]"
	}
	lines = append(lines, strings.Join(keys, ".")+" = "+value)
	return strings.Join(lines, "\n") + "\n", len(lines)
}

// inlineValue is value at the end of p written inline from p[0]'s value
// on: lists as [{ ... }], tables as { ... }.
func inlineValue(p []segment, value string) string {
	if len(p) == 1 {
		return value
	}
	inner := inlineValue(p[1:], value)
	if p[1].list {
		inner = "[" + inner + "]"
	}
	return "{ " + p[1].key + " = " + inner + " }"
}

// inlineAt is the literal of the field at p[:n] (n ≥ 1) that holds value
// at the end of p, and that field's path as Set takes it (a list as a
// whole, or its element 0).
func inlineAt(p []segment, n int, element bool, value string) (string, string) {
	lit := inlineValue(p[n-1:], value)
	path := indexed(p[:n])
	if p[n-1].list && !element {
		path = strings.TrimSuffix(path, "[0]")
		lit = "[" + lit + "]"
	}
	return path, lit
}

// unitProblem finds the problem reported at path and checks that it names
// the fix for 90.
func unitProblem(t *testing.T, err error, path string, line int, fix string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error", path)
	}
	for _, fe := range validationErrs(t, err) {
		if fe.Path != path {
			continue
		}
		if fe.Line != line || !strings.Contains(fe.Msg, "a duration needs a unit") || !strings.Contains(fe.Msg, fix) ||
			!strings.Contains(fe.Msg, "ns, us, ms, s, m, h") {
			t.Errorf("%s: got %q (line %d), want line %d, the unit and %s", path, fe.Error(), fe.Line, line, fix)
		}
		return
	}
	t.Errorf("%s: no problem reported there: %v", path, err)
}

// TestEveryDurationNeedsAUnit: every duration field of the schema, nested
// and in lists, written without a unit (90, 90.5 or "90") in a file —
// under [[headers]] with dotted keys, or inline — or through Set (the
// field, or any table or list above it written inline), is an error at
// the field's path and line that says how to fix it; with its unit it
// is accepted. A duration field added later is covered without edits.
func TestEveryDurationNeedsAUnit(t *testing.T) {
	fields := durationFields()
	if len(fields) < 40 {
		t.Fatalf("found %d duration fields, expected at least 40", len(fields))
	}
	for _, p := range fields {
		path := indexed(p)
		t.Run(path, func(t *testing.T) {
			for _, v := range []struct{ lit, fix string }{{"90", `"90s"`}, {"90.5", `"90.5s"`}, {`"90"`, `"90s"`}} {
				text, line := headerTOML(p, v.lit)
				unitProblem(t, parseValidate(t, text), path, line, v.fix)
				inline := p[0].key + " = " + inlineValue(p, v.lit)
				if p[0].list {
					inline = p[0].key + " = [" + inlineValue(p, v.lit) + "]"
				}
				unitProblem(t, parseValidate(t, inline+"\n"), path, 1, v.fix)
			}
			text, _ := headerTOML(p, `"1s"`)
			if err := parseValidate(t, text); err != nil {
				for _, fe := range validationErrs(t, err) {
					if fe.Path == path && (strings.Contains(fe.Msg, "unit") || strings.Contains(fe.Msg, "wrong type")) {
						t.Errorf("with its unit: %v", fe)
					}
				}
			}
			checkSetUnits(t, p, text)
		})
	}
}

// checkSetUnits sets the field at p, and every table and list above it,
// without the unit: each is refused at the field's path, leaving the
// scenario as it was; with the unit each is accepted.
func checkSetUnits(t *testing.T, p []segment, text string) {
	t.Helper()
	path := indexed(p)
	for n := len(p); n >= 1; n-- {
		for _, element := range []bool{true, false} {
			if !p[n-1].list && !element {
				continue
			}
			at, lit := inlineAt(p, n, element, "90")
			sc, err := scenarios.Parse("d.toml", []byte(text), fstest.MapFS{})
			if err != nil {
				t.Fatal(err)
			}
			before := sc.SHA256()
			err = sc.Set(at, lit)
			unitProblem(t, err, path, 0, "90s")
			if sc.SHA256() != before || len(sc.Overrides()) != 0 {
				t.Errorf("Set(%s, %s) failed but changed the scenario", at, lit)
			}
			if err := sc.Set(at, strings.Replace(lit, "90", `"90s"`, 1)); err != nil {
				t.Errorf("Set(%s, %s) with the unit: %v", at, lit, err)
			}
		}
	}
}

// parseValidate parses text and, if that succeeds, validates it.
func parseValidate(t *testing.T, text string) error {
	t.Helper()
	sc, err := scenarios.Parse("d.toml", []byte(text), fstest.MapFS{})
	if err != nil {
		return err
	}
	return sc.Validate()
}

// TestBadValuesDoNotStopValidation: a bad horizon, warm-up or step is
// reported once, and its default stands in for it in every other check
// (TestSeveralProblemsAtOnce has a bad value among other problems).
func TestBadValuesDoNotStopValidation(t *testing.T) {
	// A bad horizon, warm-up or step is left out (its default is checked
	// in its place, or, for the horizon, nothing that depends on it).
	for _, s := range []string{"warmup = 90", "horizon = 5", `timeseries_step = "1 minute"`} {
		key, _, _ := strings.Cut(s, " ")
		lines := strings.Split(minimalTOML, "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, key+" ") {
				lines = append(lines[:i], lines[i+1:]...)
				break
			}
		}
		text := strings.Replace(strings.Join(lines, "\n"), "[simulation]", "[simulation]\n"+s, 1)
		errs := fieldErrors(t, text)
		if len(errs) != 1 || !strings.Contains(errs[0].Msg, "unit") {
			t.Errorf("%s: want one problem, about the unit; got %v", s, &scenarios.ValidationError{Errs: errs})
		}
	}
}

// TestSetAllReportsEveryOverride: every bad override is reported at once.
func TestSetAllReportsEveryOverride(t *testing.T) {
	sc := parseMinimal(t)
	err := sc.SetAll([]string{"simulation.warmup=90", "simulation.seed=2", `service.allocation_delay_linux={dist="lognormal",median=90,sigma=0.52}`, "simulation.sed=1"})
	checkErrs(t, validationErrs(t, err), []malformedCase{
		{path: "simulation.warmup", frag: "a duration needs a unit: write 90s, 90m or 90h"},
		{path: "service.allocation_delay_linux.median", frag: "a duration needs a unit: write 90s, 90m or 90h"},
		{path: "simulation.sed", frag: `unknown field (did you mean "seed"?)`},
	})
	if sc.Simulation.Seed != 2 {
		t.Errorf("the good override was not applied: seed %d", sc.Simulation.Seed)
	}
}
