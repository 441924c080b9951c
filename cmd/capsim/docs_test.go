package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Docs that cannot drift (golang/perf's cmd/benchstat doc_test is the
// model): capsim -h is generated from the commands table, and the package
// doc, the root package's doc and README.md must list the same commands
// and exit statuses.

// packageDoc is the package comment of file in dir as written, each line
// without its "//" and the space after it (a preformatted line keeps its
// tab).
func packageDoc(t *testing.T, dir, file string) string {
	t.Helper()
	data, err := os.ReadFile(dir + "/" + file)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "package ") {
			break
		}
		if c, ok := strings.CutPrefix(l, "//"); ok {
			lines = append(lines, strings.TrimPrefix(c, " "))
		}
	}
	return strings.Join(lines, "\n")
}

// usageSection is the lines of text after the line head up to the first
// line that is neither indented nor empty-then-indented: a section of
// capsim -h, or a preformatted block of a doc comment (without its tabs).
func usageSection(text, head string) []string {
	_, rest, ok := strings.Cut(text, head+"\n")
	if !ok {
		return nil
	}
	var out []string
	for _, l := range strings.Split(rest, "\n") {
		if l == "" && len(out) == 0 {
			continue
		}
		if !strings.HasPrefix(l, "  ") && !strings.HasPrefix(l, "\t") {
			break
		}
		if t, ok := strings.CutPrefix(l, "\t"); ok {
			out = append(out, t)
		} else {
			out = append(out, strings.TrimPrefix(l, "  "))
		}
	}
	return out
}

func commandNames() []string {
	var out []string
	for _, c := range commands {
		out = append(out, c.name)
	}
	return out
}

// exitStatuses are the statuses a text lists, sorted, once each: the
// whole numbers that start its lines or follow "; " or "/".
func exitStatuses(lines []string) []string {
	var out []string
	for _, l := range lines {
		for _, part := range regexp.MustCompile(`(^|; |/ ?)\s*([0-9]+)\b`).FindAllStringSubmatch(l, -1) {
			out = append(out, part[2])
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestDocIsUsage: the package doc's Usage and Exit status blocks are
// capsim -h's, word for word.
func TestDocIsUsage(t *testing.T) {
	d := packageDoc(t, ".", "doc.go")
	usage := topUsage()
	for _, head := range []string{"Usage:", "Exit status:"} {
		got, want := usageSection(d, head), usageSection(usage, head)
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("doc.go's %q block differs from capsim -h:\ndoc.go:\n%s\ncapsim -h:\n%s", head,
				strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// TestDocsListTheCommandsAndStatuses: the root package's doc and
// README.md's command table list capsim's commands; README.md's exit
// status table and capsim -h list the same statuses.
func TestDocsListTheCommandsAndStatuses(t *testing.T) {
	names := commandNames()
	root := packageDoc(t, "../..", "doc.go")
	m := regexp.MustCompile(`capsim ((?:[a-z]+,\s+)+[a-z]+)`).FindStringSubmatch(root)
	if m == nil || !slices.Equal(regexp.MustCompile(`[a-z]+`).FindAllString(m[1], -1), names) {
		t.Errorf("the root doc.go lists the commands %v, want %v in this order", m, names)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, _ := strings.Cut(string(readme), "\n## Commands\n\n")
	table, _, _ = strings.Cut(table, "\n\n")
	var listed []string
	for _, m := range regexp.MustCompile("(?m)^\\| `capsim ([a-z]+)").FindAllStringSubmatch(table, -1) {
		listed = append(listed, m[1])
	}
	if !slices.Equal(listed, names) {
		t.Errorf("README.md's command table lists %v, want %v in this order", listed, names)
	}
	want := exitStatuses(usageSection(topUsage(), "Exit status:"))
	if !slices.Equal(want, []string{"0", "1", "130", "143", "2", "3", "70"}) {
		t.Fatalf("capsim -h lists the exit statuses %v", want)
	}
	_, tbl, _ := strings.Cut(string(readme), "\n## Exit status\n\n")
	tbl, _, _ = strings.Cut(tbl, "\n\n")
	var rows []string
	for _, m := range regexp.MustCompile(`(?m)^\| ([0-9]+(?: / [0-9]+)?) \|`).FindAllStringSubmatch(tbl, -1) {
		rows = append(rows, m[1])
	}
	if got := exitStatuses(rows); !slices.Equal(got, want) {
		t.Errorf("README.md's exit status table lists %v, want %v", got, want)
	}
}
