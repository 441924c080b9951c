package scenarios

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// ErrInvalid is matched (errors.Is) by every error about the scenario's
// content: syntax, unknown keys, types, values, missing files.
var ErrInvalid = errors.New("invalid scenario")

// FieldError is one problem with one field.
type FieldError struct {
	File   string // scenario file, "" if none
	Line   int    // 0 if unknown (e.g. a --set override)
	Column int    // 0 if unknown
	Path   string // dotted path with indices, e.g. stream_group[0].location[1].always_on
	Msg    string
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
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

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
	return fmt.Sprintf("%d problems:\n  %s", len(lines), strings.Join(lines, "\n  "))
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
	line := 0
	if p.ix != nil {
		line = p.ix.line(path)
	}
	p.errs = append(p.errs, &FieldError{File: p.file, Line: line, Path: path, Msg: fmt.Sprintf(format, args...)})
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
