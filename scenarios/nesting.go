package scenarios

import "fmt"

// MaxNesting bounds how deeply arrays and inline tables may nest in a
// scenario file. A scenario needs 3 or 4 levels; without a bound a 20 KB
// file of nested inline tables takes the TOML decoder seconds and hundreds
// of megabytes before anything can be said about it.
const MaxNesting = 32

// checkNesting finds the first place where arrays and inline tables nest
// deeper than MaxNesting, outside strings and comments, in one linear pass
// before decoding. It returns the 1-based line, or 0 when the file is within
// the bound. Table headers ([a], [[a]]) count too; they close on their line.
func checkNesting(data []byte) int {
	line, depth := 1, 0
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '\n':
			line++
		case '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i-- // let the newline be counted
		case '"', '\'':
			var n int
			i, n = skipString(data, i)
			line += n
		case '[', '{':
			if depth++; depth > MaxNesting {
				return line
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return 0
}

// skipString skips the TOML string that starts at data[i] (basic "...",
// literal '...', or their multi-line forms with three quotes) and returns the
// index of its last byte and the newlines inside it. An unterminated string
// runs to the end; the decoder reports it.
func skipString(data []byte, i int) (end, newlines int) {
	q := data[i]
	delim := []byte{q}
	if i+2 < len(data) && data[i+1] == q && data[i+2] == q {
		delim = []byte{q, q, q}
	}
	j := i + len(delim)
	for j < len(data) {
		switch {
		case data[j] == '\\' && q == '"':
			if j+1 < len(data) && data[j+1] == '\n' {
				newlines++
			}
			j += 2
			continue
		case data[j] == '\n':
			newlines++
			if len(delim) == 1 { // a single-line string ends at the line's end
				return j - 1, newlines - 1
			}
		case data[j] == q && hasPrefixAt(data, j, delim):
			return j + len(delim) - 1, newlines
		}
		j++
	}
	return len(data) - 1, newlines
}

func hasPrefixAt(data []byte, j int, p []byte) bool {
	if j+len(p) > len(data) {
		return false
	}
	for k := range p {
		if data[j+k] != p[k] {
			return false
		}
	}
	return true
}

// nestingError is the problem checkNesting found, as a FieldError.
func nestingError(file string, line int) error {
	return &ValidationError{Errs: []*FieldError{{File: file, Line: line,
		Msg: fmt.Sprintf("arrays and inline tables nest more than %d levels deep; a scenario needs a few", MaxNesting)}}}
}
