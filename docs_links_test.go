package capsim_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// linkRE finds a Markdown link or image, [text](target) or ![alt](target).
var linkRE = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// headingRE finds an ATX heading.
var headingRE = regexp.MustCompile(`(?m)^#{1,6}[ \t]+(.+?)[ \t#]*$`)

// withoutCode is text with fenced blocks and code spans blanked out, where
// brackets and hashes are not links or headings.
func withoutCode(text string) string {
	text = regexp.MustCompile("(?ms)^```.*?^```").ReplaceAllStringFunc(text, func(s string) string {
		return strings.Repeat("\n", strings.Count(s, "\n")) // keep the line numbers
	})
	return regexp.MustCompile("`[^`\n]*`").ReplaceAllString(text, "``")
}

// headingAnchor is the anchor GitHub gives a heading: lowercase, inline
// code's backticks and every punctuation mark but - and _ dropped, each
// space a hyphen.
func headingAnchor(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// anchors are the anchors of text's headings; a repeated heading's later
// anchors get -1, -2, ... as on GitHub.
func anchors(text string) map[string]bool {
	out := map[string]bool{}
	count := map[string]int{}
	// a heading's code spans count in its anchor; lines inside fenced
	// blocks are not headings
	fenced := regexp.MustCompile("(?ms)^```.*?^```").ReplaceAllStringFunc(text, func(s string) string {
		return strings.Repeat("\n", strings.Count(s, "\n"))
	})
	for _, m := range headingRE.FindAllStringSubmatch(fenced, -1) {
		a := headingAnchor(m[1])
		if n := count[a]; n > 0 {
			out[a+"-"+strconv.Itoa(n)] = true
		} else {
			out[a] = true
		}
		count[a]++
	}
	return out
}

// brokenLinks are the relative links of file (text) that lead nowhere: a
// path that does not exist (relative to file's directory), or an #anchor no
// heading of the target page has. read reads a Markdown file by path.
func brokenLinks(file, text string, exists func(string) bool, read func(string) (string, bool)) []string {
	var bad []string
	code := withoutCode(text)
	for _, m := range linkRE.FindAllStringSubmatchIndex(code, -1) {
		target := code[m[2]:m[3]]
		line := strings.Count(code[:m[0]], "\n") + 1
		if regexp.MustCompile(`^[a-z]+:`).MatchString(target) {
			continue // an address (https:, mailto:): not the repository's
		}
		path, anchor, _ := strings.Cut(target, "#")
		dest := file
		if path != "" {
			dest = filepath.Join(filepath.Dir(file), path)
			if !exists(dest) {
				bad = append(bad, file+":"+strconv.Itoa(line)+": "+target+": no such file")
				continue
			}
		}
		if anchor == "" {
			continue
		}
		page, ok := read(dest)
		if !ok {
			bad = append(bad, file+":"+strconv.Itoa(line)+": "+target+": an anchor into a file that is not Markdown")
		} else if !anchors(page)[anchor] {
			bad = append(bad, file+":"+strconv.Itoa(line)+": "+target+": "+dest+" has no heading #"+anchor)
		}
	}
	return bad
}

// TestDocLinksResolve: every relative link of README.md, docs/*.md and the
// two format pages they link (scenarios/FLEETS.md, reports/SCHEMA.md) leads
// to a file that exists and, for #anchor, to a heading of it.
func TestDocLinksResolve(t *testing.T) {
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }
	read := func(p string) (string, bool) {
		if !strings.HasSuffix(p, ".md") {
			return "", false
		}
		data, err := os.ReadFile(p)
		return string(data), err == nil
	}
	links := 0
	for _, file := range append(docFiles(t), "scenarios/FLEETS.md", "reports/SCHEMA.md") {
		text := readDoc(t, file)
		links += len(linkRE.FindAllString(withoutCode(text), -1))
		for _, b := range brokenLinks(file, text, exists, read) {
			t.Error(b)
		}
	}
	if links < 20 {
		t.Errorf("found only %d links in README.md and docs/*.md: the pattern is broken", links)
	}
}

func TestBrokenLinksFindsThem(t *testing.T) {
	pages := map[string]string{
		"README.md":    "# Top\n## Which assumptions matter: `capsim sensitivity`\n## A\n## A\n",
		"docs/page.md": "# Page\n```\n## Not a heading\n```\n## Sweeps: the trade-off curve\n",
	}
	exists := func(p string) bool { _, ok := pages[p]; return ok || p == "docs/img/x.png" }
	read := func(p string) (string, bool) { s, ok := pages[p]; return s, ok }
	text := "[ok](#which-assumptions-matter-capsim-sensitivity) [ok](#a-1) [ok](docs/page.md#sweeps-the-trade-off-curve)\n" +
		"![ok](docs/img/x.png) [web](https://example.com/x#y) `[code](nowhere.md)`\n" +
		"[bad](#a-2) [bad](docs/page.md#not-a-heading) [bad](docs/gone.md) [bad](docs/img/x.png#frag)\n"
	got := brokenLinks("README.md", text, exists, read)
	want := []string{
		"README.md:3: #a-2: README.md has no heading #a-2",
		"README.md:3: docs/page.md#not-a-heading: docs/page.md has no heading #not-a-heading",
		"README.md:3: docs/gone.md: no such file",
		"README.md:3: docs/img/x.png#frag: an anchor into a file that is not Markdown",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("brokenLinks =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
