package capsim_test

import (
	"maps"
	"os"
	"os/exec"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// importsBlock is docs/layout.md's table of the import rules: house_test.go's
// importRules, one row per rule, so that the page states the rules the
// test enforces.
func importsBlock(*testing.T) string {
	var b strings.Builder
	b.WriteString("| package | may import, besides its own subtree |\n| --- | --- |\n")
	for _, k := range slices.Sorted(maps.Keys(importRules)) {
		allowed := "nothing of the module"
		if len(importRules[k]) > 0 {
			var as []string
			for _, a := range importRules[k] {
				if only, ok := strings.CutPrefix(a, "="); ok {
					a = strings.TrimSuffix(only, "/") + " (not its subpackages)"
				}
				as = append(as, "`"+a+"`")
			}
			allowed = strings.Join(as, ", ")
		}
		b.WriteString("| `" + k + "` | " + allowed + " |\n")
	}
	b.WriteString("| `cmd/`, the root | anything |\n")
	return b.String()
}

// layoutPage is the page that lists the packages (README.md links it).
const layoutPage = "docs/layout.md"

// TestReadmeLayoutListsEveryPackage: docs/layout.md's block names every
// package of the module, as an entry of its own or, for a subpackage, in
// its parent's entry (internal/'s lists them by name), and every entry
// names a directory that exists.
func TestReadmeLayoutListsEveryPackage(t *testing.T) {
	data, err := os.ReadFile(layoutPage)
	if err != nil {
		t.Fatal(err)
	}
	_, layout, _ := strings.Cut(string(data), "# Layout\n")
	_, block, ok := strings.Cut(layout, "```\n")
	block, _, _ = strings.Cut(block, "```")
	if !ok || block == "" {
		t.Fatal(layoutPage + " has no code block after its # Layout heading")
	}
	entries := map[string]string{} // path without trailing slash -> its description
	last := ""
	for _, l := range strings.Split(block, "\n") {
		if l == "" {
			continue
		}
		if l[0] != ' ' {
			name, desc, _ := strings.Cut(l, " ")
			last = strings.TrimSuffix(name, "/")
			entries[last] = desc
			if _, err := os.Stat(last); err != nil {
				t.Errorf("%s names %s, which does not exist", layoutPage, name)
			}
			continue
		}
		entries[last] += " " + strings.TrimSpace(l)
	}
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}", "./...").Output()
	if err != nil {
		t.Fatal(err)
	}
	word := func(s, w string) bool { return regexp.MustCompile(`\b` + regexp.QuoteMeta(w) + `\b`).MatchString(s) }
	for _, p := range strings.Fields(string(out)) {
		rel := strings.TrimPrefix(strings.TrimPrefix(p, strings.TrimSuffix(module, "/")), "/")
		if rel == "" {
			continue // the root: this file's package
		}
		if _, ok := entries[rel]; ok {
			continue
		}
		if desc, ok := entries[path.Dir(rel)]; ok && word(desc, path.Base(rel)) {
			continue
		}
		t.Errorf("%s does not list package %s (an entry of its own, or named in %s/'s)", layoutPage, rel, path.Dir(rel))
	}
}
