package scenarios

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// SetAll applies overrides written as --set takes them, "path=value" (white
// space around either trimmed), in order, with Set. A text without "="
// is an error naming it that wraps ErrInvalid; otherwise every override
// that fails is reported, all in one *ValidationError, and the others are
// applied.
func (sc *Scenario) SetAll(kvs []string) error {
	for _, kv := range kvs {
		if !strings.Contains(kv, "=") {
			return setSyntaxError(kv)
		}
	}
	all := &ValidationError{}
	for _, kv := range kvs {
		path, value, _ := strings.Cut(kv, "=")
		if err := sc.Set(strings.TrimSpace(path), strings.TrimSpace(value)); err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) {
				return err
			}
			all.Errs = append(all.Errs, ve.Errs...)
		}
	}
	if len(all.Errs) > 0 {
		return all
	}
	return nil
}

// setSyntaxError is an override without "=": it names the text and
// matches ErrInvalid.
type setSyntaxError string

func (e setSyntaxError) Error() string        { return fmt.Sprintf("--set %q: want path=value", string(e)) }
func (e setSyntaxError) Is(target error) bool { return target == ErrInvalid }

// Set overrides one field, named by its dotted path with indices as in error
// messages ("simulation.seed", "stream_group[0].location[1].always_on",
// "service.idle_release_delay"), with a TOML value ("8", "\"10m\"", "true",
// "{ dist = \"fixed\", value = \"10s\" }"; a bare word or duration is
// taken as a string). Every value in it is checked as in a file: a
// duration needs its unit (90s, not 90), a type must fit; each problem is
// reported, and sc is left unchanged. Defaults already applied are
// overridden too. Call Validate (or Build) afterwards.
func (sc *Scenario) Set(path, value string) error {
	bad := func(format string, args ...any) error {
		return &ValidationError{Errs: []*FieldError{{File: "--set", Path: path, Msg: fmt.Sprintf(format, args...)}}}
	}
	v, undo, msg := sc.field(path)
	if msg != "" {
		undo()
		return bad("%s", msg)
	}
	lit, raw, problems := setLiteral(path, v.Type(), value)
	if len(problems) > 0 {
		undo()
		ve := &ValidationError{}
		for _, b := range problems {
			ve.Errs = append(ve.Errs, &FieldError{File: "--set", Path: b.path, Msg: b.msg})
		}
		return ve
	}
	tmp := reflect.New(reflect.StructOf([]reflect.StructField{{Name: "V", Type: v.Type(), Tag: `toml:"v"`}}))
	if _, err := toml.Decode("v = "+lit, tmp.Interface()); err != nil {
		undo()
		return bad("cannot use %s here: want %s", quoted(value), describeType(v.Type()))
	}
	v.Set(tmp.Elem().Field(0))
	sc.src.sets = append(sc.src.sets, path+"="+lit)
	if sc.src.lines == nil {
		sc.src.lines = &lineIndex{lines: map[string]int{}}
	}
	// The value is the override's now, keys inside an inline table too.
	sc.src.lines.remove(path)
	addPaths(sc.src.lines, path, raw)
	return nil
}

// setLiteral returns the TOML literal that value stands for at path, a
// field of type t, with its decoded value: value itself if it is one TOML
// value that fits, else value quoted (a bare word, or a duration like
// 90s). If neither fits, it returns the problems of value as written.
func setLiteral(path string, t reflect.Type, value string) (string, any, []badValue) {
	q := strconv.Quote(value)
	qv, _ := decodeOne(q)
	v, ok := decodeOne(value)
	if !ok {
		return q, qv, setProblems(path, t, value, qv)
	}
	problems := setProblems(path, t, value, v)
	if len(problems) == 0 {
		return value, v, nil
	}
	if len(setProblems(path, t, value, qv)) == 0 { // a bare word TOML reads as a number or a date
		return q, qv, nil
	}
	return "", nil, problems
}

// decodeOne decodes lit, a TOML value, alone; ok is false if it is not
// one value (a syntax error, or more text after it).
func decodeOne(lit string) (any, bool) {
	var m map[string]any
	if _, err := toml.Decode("v = "+lit, &m); err != nil || len(m) != 1 {
		return nil, false
	}
	return m["v"], true
}

// setProblems checks v, decoded from value, as the field at path of type
// t: a whole value of the wrong type is "cannot use VALUE here: want ...".
func setProblems(path string, t reflect.Type, value string, v any) []badValue {
	problems := checkValue(path, t, v, inSet, nil, "")
	for i, b := range problems {
		if b.path == path && strings.HasPrefix(b.msg, "wrong type: ") {
			problems[i].msg = fmt.Sprintf("cannot use %s here: want %s", quoted(value), describeType(t))
		}
	}
	return problems
}

// addPaths indexes path and, inside a table or array value v, every key
// and element under it, at line 0 (an override).
func addPaths(ix *lineIndex, path string, v any) {
	ix.add(path, 0)
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			addPaths(ix, path+"."+k, x[k])
		}
	case []any:
		for i, e := range x {
			addPaths(ix, path+"["+strconv.Itoa(i)+"]", e)
		}
	case []map[string]any:
		for i, e := range x {
			addPaths(ix, path+"["+strconv.Itoa(i)+"]", e)
		}
	}
}

// field returns the field path names in sc, allocating nil tables on the
// way, or why there is none ("unknown field (did you mean ...)", an index
// out of range); undo sets the tables it allocated back to nil (for a Set
// that fails: sc is then as it was).
func (sc *Scenario) field(path string) (v reflect.Value, undo func(), msg string) {
	var allocated []reflect.Value
	undo = func() {
		for _, p := range allocated {
			p.Set(reflect.Zero(p.Type()))
		}
	}
	v, msg = sc.fieldAlloc(path, func(p reflect.Value) { allocated = append(allocated, p) })
	return v, undo, msg
}

func (sc *Scenario) fieldAlloc(path string, alloc func(reflect.Value)) (reflect.Value, string) {
	v := reflect.ValueOf(sc).Elem()
	if !knownPath(path) {
		return reflect.Value{}, unknownFieldMsg(path)
	}
	for _, seg := range strings.Split(path, ".") {
		name, idx, err := splitIndex(seg)
		if err != nil {
			return reflect.Value{}, err.Error()
		}
		v = fieldByTag(v, name)
		if !v.IsValid() {
			return reflect.Value{}, fmt.Sprintf("unknown field %q", name)
		}
		if v.Kind() == reflect.Pointer && v.Type().Elem().Kind() == reflect.Struct {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
				alloc(v)
			}
			v = v.Elem()
		}
		if idx >= 0 {
			if v.Kind() != reflect.Slice {
				return reflect.Value{}, name + " is not a list"
			}
			if idx >= v.Len() {
				return reflect.Value{}, fmt.Sprintf("%s has %d entries; index %d is out of range", name, v.Len(), idx)
			}
			v = v.Index(idx)
		}
	}
	return v, ""
}

// CheckPath returns an error if path names no field of sc that Set could
// set: an unknown field, with the closest known one, or an index out of
// range. sc is left as it was.
func (sc *Scenario) CheckPath(path string) error {
	if _, _, msg := sc.Clone().field(path); msg != "" {
		return &ValidationError{Errs: []*FieldError{{Path: path, Msg: msg}}}
	}
	return nil
}

func describeType(t reflect.Type) string {
	switch {
	case t.String() == "time.Duration":
		return "a duration like 90s"
	case t == reflect.TypeOf(DistSpec{}) || t == reflect.TypeOf(&DistSpec{}):
		return "an inline table like { dist = \"fixed\", value = \"10s\" }"
	case t.Kind() == reflect.Struct:
		return "an inline table like { key = value }"
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
		return "an array of inline tables like [{ key = value }]"
	}
	return tomlWant(t)
}

func splitIndex(seg string) (string, int, error) {
	i := strings.IndexByte(seg, '[')
	if i < 0 {
		return seg, -1, nil
	}
	if !strings.HasSuffix(seg, "]") {
		return "", 0, fmt.Errorf("bad index in %q", seg)
	}
	n, err := strconv.Atoi(seg[i+1 : len(seg)-1])
	if err != nil || n < 0 {
		return "", 0, fmt.Errorf("bad index in %q", seg)
	}
	return seg[:i], n, nil
}

func fieldByTag(v reflect.Value, tag string) reflect.Value {
	if v.Kind() != reflect.Struct {
		return reflect.Value{}
	}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).Tag.Get("toml") == tag {
			return v.Field(i)
		}
	}
	return reflect.Value{}
}

// Clone returns a deep copy that can be changed without touching sc.
func (sc *Scenario) Clone() *Scenario {
	data, err := json.Marshal(sc)
	if err != nil {
		panic("scenarios: clone: " + err.Error()) // plain data always marshals
	}
	c := &Scenario{}
	if err := json.Unmarshal(data, c); err != nil {
		panic("scenarios: clone: " + err.Error())
	}
	c.src = sc.src
	c.src.sets = append([]string(nil), sc.src.sets...)
	if sc.src.lines != nil {
		lines := &lineIndex{lines: map[string]int{}, order: append([]string(nil), sc.src.lines.order...)}
		for k, v := range sc.src.lines.lines {
			lines.lines[k] = v
		}
		c.src.lines = lines
	}
	return c
}

// SHA256 is the hash of the resolved scenario (defaults and overrides
// applied), as canonical JSON: two runs with equal hashes and seeds simulate
// the same thing.
func (sc *Scenario) SHA256() string {
	data, err := json.Marshal(sc)
	if err != nil {
		panic("scenarios: hash: " + err.Error())
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// File is the name the scenario was read from.
func (sc *Scenario) File() string { return sc.src.file }

// Text is the scenario's file text as it was read (the embedded default's
// for the default scenario), before any override: with [Scenario.Overrides]
// and [EditText], what writes the scenario back as a file.
func (sc *Scenario) Text() []byte { return append([]byte(nil), sc.src.text...) }

// FS is where the files the scenario names (traces, empirical data) are
// read from: the scenario file's directory; nil if it has none.
func (sc *Scenario) FS() fs.FS { return sc.src.fsys }

// Overrides lists the --set overrides applied, in order, as path=value
// with value the TOML literal that was decoded (a bare word or duration
// quoted), so that each can be written into a file as it stands.
func (sc *Scenario) Overrides() []string { return append([]string(nil), sc.src.sets...) }
