package scenarios

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds on what an error echoes of the input: a key, a name or a cell is
// quoted up to MaxQuoteBytes bytes, a message up to maxMsg, and a scenario with
// thousands of problems lists the first maxListed.
const (
	MaxQuoteBytes = 80  // exported: README states it
	maxArg        = 240 // a string argument of a message: a name, or a list the builder composed
	maxPath       = 160
	maxMsg        = 800
	maxListed     = 50
)

// clip shortens s to at most n bytes (cut at a rune boundary, "…" added).
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// printable replaces control characters and invalid UTF-8 with escapes, so
// that an error never writes raw bytes of the input to a terminal.
func printable(s string) string {
	ok := true
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) && r != '\n' {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case r == '\n' || unicode.IsPrint(r):
			b.WriteRune(r)
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
	}
	return b.String()
}

// clipQuotes shortens every double-quoted excerpt in msg longer than
// MaxQuoteBytes bytes: a message built elsewhere (a lookup error, the TOML
// decoder) may quote a whole line of the input.
func clipQuotes(msg string) string {
	if len(msg) <= MaxQuoteBytes {
		return msg
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(msg, '"')
		if i < 0 {
			break
		}
		j := i + 1
		for j < len(msg) && msg[j] != '"' {
			if msg[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(msg) {
			break
		}
		inner := msg[i+1 : j]
		if len(inner) > MaxQuoteBytes {
			c := strings.TrimSuffix(clip(inner, MaxQuoteBytes), "…")
			if n := len(c) - len(strings.TrimRight(c, "\\")); n%2 == 1 {
				c = c[:len(c)-1] // do not cut an escape in half
			}
			inner = c + "…"
		}
		b.WriteString(msg[:i+1] + inner + `"`)
		msg = msg[j+1:]
	}
	b.WriteString(msg)
	return b.String()
}

// quoted is %q of s, clipped: how errors quote a value from the input.
func quoted(s string) string { return strconv.Quote(clip(s, MaxQuoteBytes)) }

// ErrInvalid is matched (errors.Is) by every error about the scenario's
// content: syntax, unknown keys, types, values, missing files.
var ErrInvalid = errors.New("invalid scenario")

// ErrNoPrice is matched (errors.Is) by the error of a scenario in which a
// stream group location has no price: neither a [[price]] of the scenario
// nor the shipped table gives one for its class there. It is also an
// ErrInvalid problem, reported with the others.
var ErrNoPrice = errors.New("no price for class")

// FieldError is one problem with one field.
type FieldError struct {
	File   string // scenario file, "" if none
	Line   int    // 0 if unknown (e.g. a --set override)
	Column int    // 0 if unknown
	Path   string // dotted path with indices, e.g. stream_group[0].location[1].always_on
	Msg    string
	// Err is the kind of problem, for errors.Is: ErrNoPrice; nil for most.
	Err error
}

func (e *FieldError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(printable(clip(e.Path, maxPath)) + ": ")
	}
	b.WriteString(printable(clip(clipQuotes(e.Msg), maxMsg)))
	return b.String()
}

func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// Unwrap returns the kind of problem (ErrNoPrice), nil for most.
func (e *FieldError) Unwrap() error { return e.Err }

// ValidationError holds every problem found, in document order.
type ValidationError struct {
	Errs []*FieldError
}

func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Errs))
	for i, fe := range e.Errs {
		lines[i] = fe.Error()
	}
	if len(lines) == 1 {
		return lines[0]
	}
	if n := len(lines) - maxListed; n > 0 {
		lines = append(lines[:maxListed], fmt.Sprintf("… and %d more", n))
	}
	return fmt.Sprintf("%d problems:\n  %s", len(e.Errs), strings.Join(lines, "\n  "))
}

func (e *ValidationError) Unwrap() []error {
	out := make([]error, len(e.Errs))
	for i, fe := range e.Errs {
		out[i] = fe
	}
	return out
}

func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// problems collects field errors with their lines.
type problems struct {
	file string
	ix   *lineIndex
	errs []*FieldError
}

func (p *problems) add(path, format string, args ...any) {
	p.addKind(nil, path, format, args...)
}

// addKind adds a problem that errors.Is matches to kind as well.
func (p *problems) addKind(kind error, path, format string, args ...any) {
	line := 0
	if p.ix != nil {
		line = p.ix.line(path)
	}
	for i, a := range args { // a name or value from the input is quoted short
		if s, ok := a.(string); ok {
			args[i] = clip(s, maxArg)
		}
	}
	p.errs = append(p.errs, &FieldError{File: p.file, Line: line, Path: path, Msg: fmt.Sprintf(format, args...), Err: kind})
}

func (p *problems) err() error {
	if len(p.errs) == 0 {
		return nil
	}
	// document order; problems without a line (from --set) stay last
	slices.SortStableFunc(p.errs, func(a, b *FieldError) int {
		la, lb := a.Line, b.Line
		if la == 0 {
			la = math.MaxInt
		}
		if lb == 0 {
			lb = math.MaxInt
		}
		return cmp.Compare(la, lb)
	})
	return &ValidationError{Errs: p.errs}
}
