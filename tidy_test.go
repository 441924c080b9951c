package capsim_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// tidyDirs are the trees whose code must be deterministic: virtual time only,
// random numbers only from explicit streams. Missing directories are skipped.
var tidyDirs = []string{"sim", "models", "scenarios"}

// wallClock are the functions of package time that read or wait on the wall
// clock. Types, constants and pure functions (time.Duration, time.Second,
// time.ParseDuration) are fine.
var wallClock = map[string]bool{
	"Now": true, "Since": true, "Until": true, "Sleep": true, "Tick": true,
	"After": true, "AfterFunc": true, "NewTimer": true, "NewTicker": true,
}

// randV2Allowed are the members of math/rand/v2 that do not touch the global
// generator: the constructors and the types. Every other rand.X (IntN,
// Float64, N, Shuffle, ... and any function added later) is reported.
var randV2Allowed = map[string]bool{
	"New": true, "NewPCG": true, "NewChaCha8": true, "NewZipf": true,
	"Rand": true, "Source": true, "PCG": true, "ChaCha8": true, "Zipf": true,
}

// tidyCheck reports, as "file:line: message", the non-deterministic uses in
// one parsed file: imports of math/rand (v1), wall-clock functions of time,
// and the global generator of math/rand/v2. Import aliases are honoured; a
// local variable that shadows the package name is not mistaken for it; dot
// imports of time or math/rand/v2 are reported because their uses cannot be
// told apart syntactically.
func tidyCheck(fset *token.FileSet, f *ast.File) []string {
	var out []string
	report := func(pos token.Pos, format string, args ...any) {
		p := fset.Position(pos)
		out = append(out, fmt.Sprintf("%s:%d: %s", p.Filename, p.Line, fmt.Sprintf(format, args...)))
	}
	var timeName, randName string // local names of the imported packages
	for _, imp := range f.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		local := ""
		if imp.Name != nil {
			local = imp.Name.Name
		}
		switch path {
		case "math/rand":
			report(imp.Pos(), `import of "math/rand" (v1): use a stream from sim.NewStream`)
		case "time", "math/rand/v2":
			def := "time"
			if path != "time" {
				def = "rand"
			}
			switch local {
			case "_":
				continue
			case ".":
				report(imp.Pos(), "dot import of %q: cannot check its uses", path)
				continue
			case "":
				local = def
			}
			if path == "time" {
				timeName = local
			} else {
				randName = local
			}
		}
	}
	if timeName == "" && randName == "" {
		return out
	}
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		x, ok := sel.X.(*ast.Ident)
		if !ok || x.Obj != nil { // x.Obj != nil: a local declaration shadows the import
			return true
		}
		switch {
		case x.Name == timeName && wallClock[sel.Sel.Name]:
			report(sel.Pos(), "%s.%s reads the wall clock: use virtual time (sim.Time, Scheduler.Now)", x.Name, sel.Sel.Name)
		case x.Name == randName && !randV2Allowed[sel.Sel.Name]:
			report(sel.Pos(), "%s.%s uses the global generator: draw from a stream (sim.NewStream)", x.Name, sel.Sel.Name)
		}
		return true
	})
	return out
}

func TestTidyDeterminism(t *testing.T) {
	fset := token.NewFileSet()
	files := 0
	for _, dir := range tidyDirs {
		if _, err := os.Stat(dir); os.IsNotExist(err) {
			continue
		}
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if name := d.Name(); path != dir && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
					return filepath.SkipDir // ignored by the go tool too
				}
				return nil
			}
			if !strings.HasSuffix(path, ".go") {
				return nil
			}
			// Object resolution stays on: it tells a local variable named
			// time or rand from the imported package.
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			files++
			for _, msg := range tidyCheck(fset, f) {
				t.Error(msg)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("checked %d files under %v", files, tidyDirs)
}

// TestTidyCheckerReports runs the checker on snippets, so that a checker that
// silently reports nothing fails here.
func TestTidyCheckerReports(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string // substrings of the reports, one per report, in order
	}{
		{"basic", `package p
import (
	"math/rand/v2"
	"time"
)
func f() int {
	_ = time.Now()
	return rand.IntN(3)
}`, []string{"basic.go:7: time.Now", "basic.go:8: rand.IntN"}},
		{"aliases", `package p
import (
	mrand "math/rand/v2"
	clock "time"
	old "math/rand"
)
var d = clock.Second
func f(r *mrand.Rand) {
	go clock.AfterFunc(d, nil)
	_ = mrand.N[int64](5)
	_ = mrand.New(mrand.NewPCG(1, 2))
	_ = old.Int()
}`, []string{"aliases.go:5: import of \"math/rand\"", "aliases.go:9: clock.AfterFunc", "aliases.go:10: mrand.N"}},
		{"dot", `package p
import . "time"
func f() { Sleep(Second) }`, []string{"dot.go:2: dot import of \"time\""}},
		{"clean", `package p
import (
	"math/rand/v2"
	"time"
)
func f(r *rand.Rand, z *rand.Zipf) time.Duration {
	var s rand.Source = rand.NewChaCha8([32]byte{})
	_ = rand.NewZipf(rand.New(s), 1.1, 1, 10)
	_ = r.IntN(3)
	return time.Duration(r.Int64N(10)) * time.Millisecond
}
func g() {
	time := struct{ Now func() int }{}
	_ = time.Now() // a local variable, not the package
}`, nil},
	} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, c.name+".go", c.src, 0)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got := tidyCheck(fset, f)
		ok := len(got) == len(c.want)
		for i := 0; ok && i < len(got); i++ {
			ok = strings.Contains(got[i], c.want[i])
		}
		if !ok {
			t.Errorf("%s: reports\n\t%s\nwant one each containing\n\t%s", c.name,
				strings.Join(got, "\n\t"), strings.Join(c.want, "\n\t"))
		}
	}
}
