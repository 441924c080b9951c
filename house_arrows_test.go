package capsim_test

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// File arrows: within one package, file A points at file B when A uses
// something B declares (a package-level name, or a method or field of a
// type B declares), A != B; test files are left out. An arrow runs back
// up when it lies on a cycle (B reaches A again by arrows): a package
// whose files form no cycle can be read in one order, each file using
// only the files before it. acyclicPackages must have none;
// `go test -run TestHouseFileArrows -v .` prints every package's counts.
var acyclicPackages = []string{"experiment/", "simrun/", "internal/outdir/", "reports/outputs/"}

// fileGraph is one package's file arrows, by the files' base names.
type fileGraph struct {
	pkg    string
	arrows map[[2]string]bool
}

// listedPackage is what `go list -export` says of a package.
type listedPackage struct {
	path, export, dir string
	files             []string
}

// listModule lists the module's packages (and where every dependency's
// export data is), building the export data as needed.
func listModule(t *testing.T) (own []listedPackage, export map[string]string) {
	t.Helper()
	cmd := exec.Command("go", "list", "-export", "-deps", "-f",
		"{{.ImportPath}}\t{{.Export}}\t{{.Dir}}\t{{.Module}}\t{{join .GoFiles \",\"}}", "./...")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -export: %v", err)
	}
	export = map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 5 {
			continue
		}
		export[f[0]] = f[1]
		if strings.HasPrefix(f[0], module) && f[4] != "" {
			own = append(own, listedPackage{path: f[0], export: f[1], dir: f[2], files: strings.Split(f[4], ",")})
		}
	}
	return own, export
}

// packageArrows type-checks p and returns its file arrows.
func packageArrows(t *testing.T, p listedPackage, export map[string]string) fileGraph {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range p.files {
		f, err := parser.ParseFile(fset, filepath.Join(p.dir, name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		if e := export[path]; e != "" {
			return os.Open(e)
		}
		return nil, fmt.Errorf("no export data for %s", path)
	})
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	pkg, err := (&types.Config{Importer: imp}).Check(p.path, fset, files, info)
	if err != nil {
		t.Fatalf("type-checking %s: %v", p.path, err)
	}
	g := fileGraph{pkg: strings.TrimPrefix(p.path, module), arrows: map[[2]string]bool{}}
	add := func(at token.Pos, obj types.Object) {
		if obj == nil || obj.Pkg() != pkg || !obj.Pos().IsValid() {
			return
		}
		if v, ok := obj.(*types.Var); ok && !v.IsField() && obj.Parent() != pkg.Scope() {
			return // a local variable
		}
		if _, ok := obj.(*types.Func); !ok && obj.Parent() != pkg.Scope() && !isField(obj) {
			return // a local type, constant or label
		}
		from, to := filepath.Base(fset.Position(at).Filename), filepath.Base(fset.Position(obj.Pos()).Filename)
		if from != to {
			g.arrows[[2]string{from, to}] = true
		}
	}
	for id, obj := range info.Uses {
		add(id.Pos(), obj)
	}
	for sel, s := range info.Selections {
		add(sel.Sel.Pos(), s.Obj())
	}
	return g
}

func isField(obj types.Object) bool {
	v, ok := obj.(*types.Var)
	return ok && v.IsField()
}

// cyclic returns the arrows of g that lie on a cycle, sorted.
func (g fileGraph) cyclic() []string {
	next := map[string][]string{}
	for a := range g.arrows {
		next[a[0]] = append(next[a[0]], a[1])
	}
	reaches := func(from, to string) bool {
		seen := map[string]bool{from: true}
		stack := []string{from}
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, m := range next[n] {
				if m == to {
					return true
				}
				if !seen[m] {
					seen[m] = true
					stack = append(stack, m)
				}
			}
		}
		return false
	}
	var out []string
	for _, a := range slices.SortedFunc(maps.Keys(g.arrows), func(x, y [2]string) int {
		return strings.Compare(x[0]+" "+x[1], y[0]+" "+y[1])
	}) {
		if reaches(a[1], a[0]) {
			out = append(out, a[0]+" -> "+a[1])
		}
	}
	return out
}

// TestHouseFileArrows: the packages of acyclicPackages have no file
// arrow on a cycle (houseDebt's "arrows:PKG" keys excepted); every
// package's arrows and cyclic arrows are logged.
func TestHouseFileArrows(t *testing.T) {
	own, export := listModule(t)
	found := map[string]string{}
	for _, p := range own {
		g := packageArrows(t, p, export)
		cyc := g.cyclic()
		t.Logf("%-24s %3d file arrows, %2d on a cycle", g.pkg, len(g.arrows), len(cyc))
		if !slices.ContainsFunc(acyclicPackages, func(pre string) bool { return strings.HasPrefix(g.pkg+"/", pre) }) || len(cyc) == 0 {
			continue
		}
		found["arrows:"+g.pkg] = fmt.Sprintf("%s: %d file arrows run back up (on a cycle): %s; "+
			"move what both files use into the file below them, or split the package by concern", g.pkg, len(cyc), strings.Join(cyc, ", "))
	}
	checkBreaches(t, "arrows:", found)
}
