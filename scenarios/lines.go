package scenarios

import (
	"slices"
	"strconv"
	"strings"
)

// lineIndex maps every key path a TOML document sets, with array indices
// (e.g. "stream_group[0].location[1].always_on"), to the line it is on. It is
// a structural scan, not a parser: the TOML decoder reports syntax errors;
// this only finds where each key stands, so that every later error can name
// its field and line.
type lineIndex struct {
	lines map[string]int
	order []string // paths in document order
}

func (ix *lineIndex) add(path string, line int) {
	if _, ok := ix.lines[path]; !ok {
		ix.order = append(ix.order, path)
	}
	ix.lines[path] = line
}

// remove forgets path and every path under it.
func (ix *lineIndex) remove(path string) {
	under := func(p string) bool {
		return p == path || strings.HasPrefix(p, path+".") || strings.HasPrefix(p, path+"[")
	}
	for p := range ix.lines {
		if under(p) {
			delete(ix.lines, p)
		}
	}
	ix.order = slices.DeleteFunc(ix.order, under)
}

// line returns the line of path or of its nearest ancestor that has one.
func (ix *lineIndex) line(path string) int {
	for p := path; p != ""; p = parentPath(p) {
		if n, ok := ix.lines[p]; ok {
			return n
		}
	}
	return 0
}

// has reports whether the document (or --set) set path.
func (ix *lineIndex) has(path string) bool {
	_, ok := ix.lines[path]
	return ok
}

// fromFile reports whether the scenario file itself sets path (a --set
// override is indexed at line 0).
func (ix *lineIndex) fromFile(path string) bool { return ix.lines[path] > 0 }

func parentPath(p string) string {
	if strings.HasSuffix(p, "]") {
		if i := strings.LastIndexByte(p, '['); i >= 0 {
			return p[:i]
		}
	}
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[:i]
	}
	return ""
}

// stripIndices turns "a[0].b[2].c" into "a.b.c".
func stripIndices(p string) string {
	var b strings.Builder
	skip := false
	for _, r := range p {
		switch {
		case r == '[':
			skip = true
		case r == ']':
			skip = false
		case !skip:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// scanLines builds the index of a TOML document.
func scanLines(src string) *lineIndex {
	ix := &lineIndex{lines: map[string]int{}}
	sc := &scanner{src: src, line: 1, ix: ix, arrays: map[string]int{}}
	sc.document()
	return ix
}

type scanner struct {
	src    string
	pos    int
	line   int
	ix     *lineIndex
	table  string         // current table path, indexed
	arrays map[string]int // array-of-tables path -> last index
}

func (s *scanner) peek() byte {
	if s.pos < len(s.src) {
		return s.src[s.pos]
	}
	return 0
}

// next consumes one byte. At the end of the input it does nothing, so that
// no caller can move pos past len(src): an escape or an opening quote as the
// last byte must not make a later slice of src panic.
func (s *scanner) next() byte {
	if s.pos >= len(s.src) {
		return 0
	}
	c := s.src[s.pos]
	s.pos++
	if c == '\n' {
		s.line++
	}
	return c
}

// skipSpace skips blanks, comments and (if nl) newlines.
func (s *scanner) skipSpace(nl bool) {
	for s.pos < len(s.src) {
		switch c := s.peek(); {
		case c == ' ' || c == '\t' || c == '\r':
			s.next()
		case c == '\n' && nl:
			s.next()
		case c == '#':
			for s.pos < len(s.src) && s.peek() != '\n' {
				s.next()
			}
		default:
			return
		}
	}
}

func (s *scanner) document() {
	for s.pos < len(s.src) {
		s.skipSpace(true)
		if s.pos >= len(s.src) {
			return
		}
		if s.peek() == '[' {
			s.header()
			continue
		}
		if !s.keyValue(s.table) {
			// not a key: skip the line (the decoder reports the syntax error)
			for s.pos < len(s.src) && s.peek() != '\n' {
				s.next()
			}
		}
	}
}

func (s *scanner) header() {
	line := s.line
	s.next()
	array := s.peek() == '['
	if array {
		s.next()
	}
	keys := s.key()
	for s.pos < len(s.src) && s.peek() != '\n' {
		s.next()
	}
	path := s.resolve(keys)
	if array {
		n := s.arrays[path] + 1
		if _, seen := s.arrays[path]; !seen {
			n = 0
		}
		s.arrays[path] = n
		path += "[" + strconv.Itoa(n) + "]"
	}
	s.table = path
	s.ix.add(path, line)
}

// resolve turns header keys into an indexed path, adding the current index
// of every array of tables on the way.
func (s *scanner) resolve(keys []string) string {
	path := ""
	for i, k := range keys {
		if path != "" {
			path += "."
		}
		path += k
		if i < len(keys)-1 {
			if n, ok := s.arrays[path]; ok {
				path += "[" + strconv.Itoa(n) + "]"
			}
		}
	}
	return path
}

// key reads a dotted key (bare or quoted parts).
func (s *scanner) key() []string {
	var parts []string
	for {
		s.skipSpace(false)
		var part string
		switch c := s.peek(); c {
		case '"', '\'':
			q := s.next()
			start := s.pos
			for s.pos < len(s.src) && s.peek() != q && s.peek() != '\n' {
				if q == '"' && s.peek() == '\\' {
					s.next()
				}
				s.next()
			}
			part = s.src[start:s.pos]
			s.next()
			if strings.ContainsAny(part, ".[]") {
				// keep the quotes: a '.', '[' or ']' inside must not read
				// as a separator or an index of the path
				part = strconv.Quote(part)
			}
		default:
			start := s.pos
			for s.pos < len(s.src) {
				c := s.peek()
				if c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
					s.next()
					continue
				}
				break
			}
			part = s.src[start:s.pos]
		}
		if part == "" {
			return parts
		}
		parts = append(parts, part)
		s.skipSpace(false)
		if s.peek() != '.' {
			return parts
		}
		s.next()
	}
}

// keyValue reads "key = value" inside table and reports whether it found one.
func (s *scanner) keyValue(table string) bool {
	line := s.line
	keys := s.key()
	s.skipSpace(false)
	if len(keys) == 0 || s.peek() != '=' {
		return false
	}
	s.next()
	path := table
	for _, k := range keys {
		if path != "" {
			path += "."
		}
		path += k
	}
	s.ix.add(path, line)
	s.value(path)
	return true
}

// value skips a value, indexing the keys of inline tables and the elements
// of arrays.
func (s *scanner) value(path string) {
	s.skipSpace(false)
	switch c := s.peek(); c {
	case '{':
		s.items('}', func(int) {
			if !s.keyValue(path) {
				s.next()
			}
		})
	case '[':
		s.items(']', func(i int) {
			elem := path + "[" + strconv.Itoa(i) + "]"
			s.ix.add(elem, s.line)
			before := s.pos
			s.value(elem)
			if s.pos == before {
				s.next()
			}
		})
	case '"', '\'':
		q := s.next()
		if strings.HasPrefix(s.src[s.pos:], string([]byte{q, q})) { // multi-line string
			s.next()
			s.next()
			end := strings.Repeat(string(q), 3)
			for s.pos < len(s.src) && !strings.HasPrefix(s.src[s.pos:], end) {
				if q == '"' && s.peek() == '\\' {
					s.next()
				}
				s.next()
			}
			s.next()
			s.next()
			s.next()
			return
		}
		for s.pos < len(s.src) && s.peek() != q && s.peek() != '\n' {
			if q == '"' && s.peek() == '\\' {
				s.next()
			}
			s.next()
		}
		s.next()
	default:
		for s.pos < len(s.src) {
			c := s.peek()
			if c == ',' || c == ']' || c == '}' || c == '\n' || c == '#' {
				return
			}
			s.next()
		}
	}
}

// items scans the comma-separated items of an inline table or an array,
// from its opening bracket to past close (or the end of the text), calling
// item at the start of each with its index.
func (s *scanner) items(close byte, item func(i int)) {
	s.next()
	for i := 0; ; {
		s.skipSpace(true)
		if s.peek() == close || s.pos >= len(s.src) {
			s.next()
			return
		}
		if s.peek() == ',' {
			s.next()
			i++
			continue
		}
		item(i)
	}
}
