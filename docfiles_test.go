package capsim_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docFiles are the files that carry generated blocks and the commands the
// tests run: README.md (the front page) and the pages it links, docs/*.md.
// A block or a commands block lives in exactly one of them; the tests find
// it wherever it is, so moving text between pages keeps every check.
func docFiles(t *testing.T) []string {
	t.Helper()
	pages, err := filepath.Glob("docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatal("docs/ has no pages")
	}
	return append([]string{"README.md"}, pages...)
}

// readDoc is the text of one of docFiles.
func readDoc(t *testing.T, file string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// readmeBlock is the body of the generated block name in whichever of
// docFiles holds it ("" if none; TestReadme fails on a block in two files).
func readmeBlock(t *testing.T, name string) string {
	t.Helper()
	for _, file := range docFiles(t) {
		for _, m := range blockRE.FindAllStringSubmatch(readDoc(t, file), -1) {
			if m[1] == name {
				return m[2]
			}
		}
	}
	return ""
}

// docWith is the one file of docFiles whose text contains marker, and that
// text; it fails when none or several do.
func docWith(t *testing.T, marker string) (file, text string) {
	t.Helper()
	var found []string
	for _, f := range docFiles(t) {
		if s := readDoc(t, f); strings.Contains(s, marker) {
			file, text = f, s
			found = append(found, f)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%q is in %d of README.md and docs/*.md (%v), want exactly one", marker, len(found), found)
	}
	return file, text
}

// shellBlockRE finds a fenced sh block and the comment line before it, if any.
var shellBlockRE = regexp.MustCompile("(?m)(^<!-- ([a-z-]+):[^\n]*-->\n)?^```sh\n")
