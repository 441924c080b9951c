package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// source records where a scenario came from.
type source struct {
	file  string // name shown in messages
	text  []byte // the file's text, as read
	fsys  fs.FS  // where files named by the scenario (traces, empirical data) are read
	lines *lineIndex
	sets  []string // paths overridden with Set, in order
	// pending are problems found while parsing that Build reports with the rest.
	pending []*FieldError
	// dropped are the paths whose values were left out as unusable
	// (pending says why): Build reports no other problem there.
	dropped []string
}

// Size limits of the files capsim reads: a scenario is text a person
// writes; a trace or an empirical distribution may hold millions of rows.
const (
	MaxScenarioBytes = 4 << 20   // 4 MiB
	MaxDataFileBytes = 256 << 20 // 256 MiB, a trace or empirical CSV
)

// Load reads a scenario file. Files it names are read relative to it.
func Load(path string) (*Scenario, error) {
	data, err := readLimited(path, MaxScenarioBytes)
	if err != nil {
		return nil, &ValidationError{Errs: []*FieldError{{File: path, Msg: "cannot read scenario: " + err.Error()}}}
	}
	return Parse(path, data, scenarioDir(path))
}

// scenarioDir is the file system a scenario's data files are read from: its
// directory, opened as an os.Root so that no name, symbolic links
// included, reaches outside it. Where the directory cannot be opened as a
// root, os.DirFS (which still refuses ".." and absolute names) serves.
func scenarioDir(path string) fs.FS {
	dir := filepath.Dir(path)
	if root, err := os.OpenRoot(dir); err == nil {
		return root.FS()
	}
	return os.DirFS(dir)
}

// readLimited reads a whole file of at most limit bytes. It fails before
// reading when a regular file is larger, and after limit+1 bytes for
// anything else (a pipe, /dev/zero), so memory stays bounded.
func readLimited(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, errors.New(errText(err))
	}
	defer f.Close()
	return readAllLimited(f, name, limit)
}

func readAllLimited(f fs.File, name string, limit int64) ([]byte, error) {
	if st, err := f.Stat(); err == nil {
		if st.IsDir() {
			return nil, errors.New("is a directory")
		}
		if st.Mode().IsRegular() && st.Size() > limit {
			return nil, tooLarge(name, limit)
		}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, errors.New(errText(err))
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(name, limit)
	}
	return data, nil
}

func tooLarge(name string, limit int64) error {
	return &limitError{fmt.Sprintf("%s is larger than the limit of %s", quoted(name), formatBytes(limit))}
}

func formatBytes(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse decodes a scenario strictly: a syntax error names its line and
// column; every unknown key is reported with its path and line, with the
// values of the wrong type (a duration without its unit among them); with
// no unknown key, the values of the wrong type are left out (their fields
// take their defaults) and reported by Build with every other problem.
// Defaults are applied; Validate is not run.
func Parse(name string, data []byte, fsys fs.FS) (*Scenario, error) {
	if line := checkNesting(data); line > 0 {
		return nil, nestingError(name, line)
	}
	ix := scanLines(string(data))
	var raw map[string]any
	if _, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&raw); err != nil {
		return nil, decodeError(name, ix, err, data)
	}
	p := &problems{file: name, ix: ix}
	checkKeys(p, ix)
	unknown := len(p.errs) > 0
	dropped := checkValues(p, ix, raw)
	if unknown {
		return nil, p.err()
	}
	sc, err := decodeScenario(name, ix, data, raw, dropped)
	if err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			p.errs = append(p.errs, ve.Errs...)
		}
		return nil, p.err()
	}
	sc.src = source{file: name, text: data, fsys: fsys, lines: ix, pending: p.errs, dropped: dropped}
	sc.applyDefaults()
	return sc, nil
}

// decodeScenario decodes the scenario: data itself, or, if values were
// dropped from it, raw (data without them) re-encoded.
func decodeScenario(name string, ix *lineIndex, data []byte, raw map[string]any, dropped []string) (*Scenario, error) {
	text := data
	if len(dropped) > 0 {
		var err error
		if text, err = toml.Marshal(raw); err != nil {
			return nil, &ValidationError{Errs: []*FieldError{{File: name, Msg: "cannot decode the scenario: " + err.Error()}}}
		}
	}
	sc := &Scenario{}
	md, err := toml.NewDecoder(bytes.NewReader(text)).Decode(sc)
	if err != nil {
		if len(dropped) == 0 {
			return nil, decodeError(name, ix, err, data)
		}
		// Lines and columns are the re-encoded text's: take the path's.
		var pe toml.ParseError
		if errors.As(err, &pe) {
			err = errors.New(pe.Message)
		}
		ve := decodeError(name, ix, err, data).(*ValidationError)
		for _, fe := range ve.Errs {
			fe.Line, fe.Column = ix.line(fe.Path), 0
		}
		return nil, ve
	}
	p := &problems{file: name, ix: ix}
	for _, k := range md.Undecoded() { // a safety net behind checkKeys
		if path := k.String(); !knownPath(path) {
			p.add(path, "unknown key")
		}
	}
	return sc, p.err()
}

func decodeError(name string, ix *lineIndex, err error, data []byte) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if pe.Usage != "" {
			msg += " (" + strings.TrimSpace(pe.Usage) + ")"
		}
		line, col := pe.Position.Line, pe.Position.Col
		// At the end of the input the decoder's line can lag behind its
		// byte offset: the offset is the one to trust.
		if st := pe.Position.Start; st > 0 && st <= len(data) {
			if l := 1 + bytes.Count(data[:st], []byte{'\n'}); l != line {
				line, col = l, st-bytes.LastIndexByte(data[:st], '\n')
			}
		}
		fe := &FieldError{File: name, Line: line, Column: col, Msg: "syntax error: " + msg}
		if pe.LastKey != "" {
			fe.Path = pe.LastKey
		}
		return &ValidationError{Errs: []*FieldError{fe}}
	}
	// Type mismatches: "toml: line 5 (last key "simulation.seed"): incompatible types: ..."
	msg := strings.TrimPrefix(err.Error(), "toml: ")
	fe := &FieldError{File: name, Msg: msg}
	if strings.HasPrefix(msg, "line ") {
		rest := msg[len("line "):]
		if i := strings.IndexAny(rest, " :"); i > 0 {
			if n, e := strconv.Atoi(rest[:i]); e == nil {
				fe.Line = n
				fe.Msg = strings.TrimLeft(rest[i:], " :")
			}
		}
	}
	if i := strings.Index(fe.Msg, "(last key \""); i >= 0 {
		rest := fe.Msg[i+len("(last key \""):]
		if j := strings.Index(rest, "\")"); j >= 0 {
			fe.Path = indexedPath(ix, rest[:j], fe.Line)
			fe.Msg = strings.TrimLeft(rest[j+2:], " :")
		}
	}
	if fe.Line == 0 && fe.Path != "" {
		fe.Line = ix.line(fe.Path)
	}
	fe.Msg = tomlTypeError(fe.Path, fe.Msg)
	return &ValidationError{Errs: []*FieldError{fe}}
}

var (
	incompatibleRE = regexp.MustCompile(`^incompatible types: TOML value has type (\S+); destination has type (\S+)$`)
	mismatchRE     = regexp.MustCompile(`^type mismatch for \S+: expected (\w+) but found (\S+)$`)
)

// tomlTypeError rewrites the decoder's type errors, which name Go types
// ("destination has type slice", "[]scenarios.StreamGroup"), in the words
// of TOML: what the key takes and what it was given.
func tomlTypeError(path, msg string) string {
	var got string
	if m := incompatibleRE.FindStringSubmatch(msg); m != nil {
		got = m[1]
	} else if m := mismatchRE.FindStringSubmatch(msg); m != nil {
		got = m[2]
	} else {
		return msg
	}
	t, ok := fieldTypes[stripIndices(path)]
	if !ok {
		return "wrong type: got " + tomlKind(got)
	}
	if t.Kind() == reflect.Slice && t != reflect.TypeOf([]byte(nil)) && !strings.HasPrefix(got, "[]") {
		if got == "map[string]any" || got == "map[string]interface" {
			return "wrong type: expected " + tomlWant(t) + ", got a table"
		}
		if strings.Contains(msg, "destination has type slice") {
			return "wrong type: expected " + tomlWant(t) + ", got " + tomlKind(got)
		}
		return "wrong type: expected " + tomlWant(t) + ", but an element is " + tomlKind(got)
	}
	return "wrong type: expected " + tomlWant(t) + ", got " + tomlKind(got)
}

// tomlKind names a decoded TOML value's type.
func tomlKind(goType string) string {
	switch {
	case goType == "string":
		return "a string"
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"):
		return "an integer"
	case strings.HasPrefix(goType, "float"):
		return "a float"
	case goType == "bool":
		return "a boolean"
	case strings.HasPrefix(goType, "map["):
		return "a table"
	case strings.HasPrefix(goType, "[]map["):
		return "an array of tables"
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	case strings.HasPrefix(goType, "time.") || strings.Contains(goType, "Date") || strings.Contains(goType, "Time"):
		return "a date or time"
	}
	return "a value of another type"
}

// tomlWant says what a field of Go type t takes, in TOML terms.
func tomlWant(t reflect.Type) string {
	switch {
	case t == reflect.TypeOf(time.Duration(0)):
		return `a duration string like "90s" or "5h"`
	case t.Kind() == reflect.Pointer:
		return tomlWant(t.Elem())
	case t.Kind() == reflect.String:
		return "a string"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		return "an integer"
	case t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uint64:
		return "a non-negative integer"
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return "a number"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() == reflect.Struct:
		return "a table"
	case t.Kind() == reflect.Slice:
		e := t.Elem()
		if e.Kind() == reflect.Struct {
			return "an array of tables"
		}
		w := tomlWant(e)
		w = strings.TrimPrefix(strings.TrimPrefix(w, "an "), "a ")
		return "an array of " + w + "s"
	}
	return "a value of another type"
}
