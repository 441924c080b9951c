package capsim_test

import (
	"fmt"
	"go/scanner"
	"go/token"
	"go/types"
	"hash/fnv"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
)

// Duplicates: the `duplicates` tool lists the pairs of places in a tree
// that share six or more lines, the same or of the same shape. It is a
// tool to call, not one to copy into a repository, and CI's fresh machine
// does not have it; so the house keeps its own check of the same kind, in
// Go, where it always runs: dupPairs below. Like the tool it reads Go
// files line by line, passes over blank lines, comments, lone punctuation
// and import blocks, reduces each line to its shape (identifiers, strings
// and numbers replaced, keywords and operators kept), and pairs two places
// that share a run of dupRun lines, a run found in more than dupCommon
// places being boilerplate, too common to list, as is a run of fewer than
// dupDistinct different shapes or dupTokens tokens (a struct's fields). A
// pair is two files (or two places in one file) with such a run.
//
// The rule is a ceiling that only shrinks: dupCeiling is today's count,
// and no new pair of two production files may appear outside the ones
// dupProduction lists (a copy between production files is what the tool
// is for; test files share table shapes by nature). A pair that goes is
// to be removed from the list, and the ceiling lowered.
const (
	dupRun      = 6
	dupCommon   = 8
	dupDistinct = 3
	dupTokens   = 30
	dupCeiling  = 16
)

// dupProduction are today's pairs of two production files, by their
// paths joined by " ~ ".
var dupProduction = map[string]bool{
	"cmd/capsim/merge.go ~ cmd/capsim/version.go":          true, // a usage text's constant and a command's first lines
	"models/fleets/measure.go ~ models/streams/measure.go": true, // each model's measurement plumbing (no model imports another)
	"models/fleets/model.go ~ models/streams/model.go":     true,
	"models/streams/config.go ~ models/streams/status.go":  true, // two enums and their names
	"reports/plots/latency.go ~ reports/plots/latency.go":  true,
	"reports/plots/streams.go ~ reports/plots/streams.go":  true,
}

// dupLine is one kept line of a file: its shape's hash, its tokens and
// its line number.
type dupLine struct {
	shape  uint64
	tokens int
	line   int
}

// dupShapes returns the kept lines of a Go file, each reduced to the hash
// of its shape.
func dupShapes(src []byte) []dupLine {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, 0) // comments skipped
	shapes := map[int]*strings.Builder{}
	inImport, depth, prev := false, 0, token.ILLEGAL
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		line := file.Line(pos)
		switch {
		case tok == token.PACKAGE || prev == token.PACKAGE:
			prev = tok
			continue // the package clause
		case tok == token.IMPORT:
			inImport = true
			continue
		case inImport && tok == token.LPAREN:
			depth++
			continue
		case inImport && tok == token.RPAREN:
			depth--
			inImport = depth > 0
			continue
		case inImport && (tok == token.STRING || tok == token.IDENT || tok == token.PERIOD || tok == token.SEMICOLON):
			if depth == 0 && tok == token.SEMICOLON {
				inImport = false
			}
			continue
		}
		word := tok.String()
		switch {
		case tok == token.IDENT && (prev == token.PERIOD || types.Universe.Lookup(lit) != nil):
			word = lit // a selector, or a predeclared name: part of the shape
		case tok == token.IDENT:
			word = "a"
		case tok == token.STRING || tok == token.CHAR:
			word = "s"
		case tok == token.INT || tok == token.FLOAT || tok == token.IMAG:
			word = "0"
		case tok == token.SEMICOLON && lit == "\n":
			continue // an automatic semicolon
		}
		prev = tok
		b := shapes[line]
		if b == nil {
			b = &strings.Builder{}
			shapes[line] = b
		}
		b.WriteString(word + " ")
	}
	var out []dupLine
	for _, line := range slices.Sorted(maps.Keys(shapes)) {
		shape := shapes[line].String()
		if strings.Trim(shape, "{}()[],; ") == "" {
			continue // lone punctuation
		}
		h := fnv.New64a()
		h.Write([]byte(shape))
		out = append(out, dupLine{h.Sum64(), strings.Count(shape, " "), line})
	}
	return out
}

// thin reports whether a run is boilerplate by its look alone: fewer than
// dupDistinct different line shapes (a struct's fields, a list of
// constants) or fewer than dupTokens tokens in all.
func thin(run []dupLine) bool {
	shapes := map[uint64]bool{}
	tokens := 0
	for _, l := range run {
		shapes[l.shape] = true
		tokens += l.tokens
	}
	return len(shapes) < dupDistinct || tokens < dupTokens
}

// dupPlace is the start of a run: a file and the index of its first kept
// line.
type dupPlace struct {
	file string
	at   int
}

// dupPairs returns every pair of places of files sharing a run, as "A ~ B"
// (A <= B), with the first line of each side.
func dupPairs(t *testing.T, files []string) map[string]string {
	t.Helper()
	lines := map[string][]dupLine{}
	runs := map[uint64][]dupPlace{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ls := dupShapes(src)
		lines[f] = ls
		for i := 0; i+dupRun <= len(ls); i++ {
			if thin(ls[i : i+dupRun]) {
				continue
			}
			h := fnv.New64a()
			for _, l := range ls[i : i+dupRun] {
				fmt.Fprint(h, l.shape, " ")
			}
			runs[h.Sum64()] = append(runs[h.Sum64()], dupPlace{f, i})
		}
	}
	pairs := map[string]string{}
	for _, places := range runs {
		if len(places) < 2 || len(places) > dupCommon {
			continue
		}
		for i, a := range places {
			for _, b := range places[i+1:] {
				if a.file == b.file && b.at-a.at < dupRun {
					continue // overlapping places of one file: a repeated line
				}
				if b.file < a.file {
					a, b = b, a
				}
				key := a.file + " ~ " + b.file
				if _, ok := pairs[key]; !ok {
					pairs[key] = fmt.Sprintf("%s:%d ~ %s:%d", a.file, lines[a.file][a.at].line, b.file, lines[b.file][b.at].line)
				}
			}
		}
	}
	return pairs
}

// TestHouseDuplicates: the pairs sharing a run are at most dupCeiling (at
// it: lower it when fewer), and every pair of two production files is one
// dupProduction lists.
func TestHouseDuplicates(t *testing.T) {
	var files []string
	for _, gf := range parseModule(t) {
		files = append(files, gf.rel)
	}
	pairs := dupPairs(t, files)
	keys := slices.Sorted(maps.Keys(pairs))
	for _, k := range keys {
		t.Logf("%s", pairs[k])
	}
	if len(pairs) > dupCeiling {
		t.Errorf("%d pairs of places share %d or more lines of the same shape; the ceiling is %d: "+
			"make one piece of code serve where the logic is the same", len(pairs), dupRun, dupCeiling)
	} else if len(pairs) < dupCeiling {
		t.Errorf("%d pairs, under the ceiling of %d: lower dupCeiling to %d", len(pairs), dupCeiling, len(pairs))
	}
	for _, k := range keys {
		a, b, _ := strings.Cut(k, " ~ ")
		if !strings.HasSuffix(a, "_test.go") && !strings.HasSuffix(b, "_test.go") && !dupProduction[k] {
			t.Errorf("a new pair of production files shares %d lines: %s: make one serve both", dupRun, pairs[k])
		}
	}
	for k := range dupProduction {
		if _, ok := pairs[k]; !ok && dupProduction[k] {
			t.Errorf("%s no longer share a run: remove the pair from dupProduction", k)
		}
	}
}
