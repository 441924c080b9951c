package htmlreport

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/capsim/capsim/reports"
)

//go:embed page.html.tmpl
var pageTemplate string

var page = template.Must(template.New("page").Funcs(template.FuncMap{"wbr": Breakable, "cell": cell}).Parse(pageTemplate))

// Field is a labelled value, e.g. a key figure or a line of run metadata.
type Field struct {
	Label string
	Value string
	Note  string // optional, shown small under the value
}

// Figure is one plot to show.
type Figure struct {
	ID      string // anchor, unique on the page
	Title   string
	Caption string
	SVG     []byte // a standalone <svg> element, ids unique on the page
}

// Table is a captioned table; the first column of every row is its label.
// Columns from WrapFrom on (if > 0) hold prose: left-aligned, wrapped.
type Table struct {
	ID       string
	Caption  string
	WrapFrom int
	reports.Table
}

// Page is everything one HTML page shows, in order.
type Page struct {
	Title       string  // e.g. "capsim report: starlight-rally-day"
	Meta        []Field // scenario, hash, seed, replications, horizon, ...
	KeyFigures  []Field
	Notes       []string // short paragraphs under the key figures
	Lead        []Table  // tables under them, before the plots (an answer's details)
	Figures     []Figure
	Tables      []Table
	Assumptions []reports.Assumption
	Command     string // the command line that reproduces the page
	Version     string // capsim version
	// Reproduce and Footer replace the run pages' notes under the command
	// line and at the foot ("" keeps them).
	Reproduce, Footer string
}

// view is the template's data: Page plus the SVGs as trusted markup.
type view struct {
	*Page
	SVGs    []template.HTML
	Command string // Page.Command as the page shows it (ReproduceCommand)
}

// ReproduceCommand is the command line a page shows under Reproduce: the
// command that wrote it, which names no output directory (so that the
// page is the same wherever it was written), with "--out
// reproduced-COMMAND" added, since a page is written only under --out and
// sweep, sensitivity and fit refuse to run without one: pasted, it runs
// and writes the page again into that directory. A command that is not
// capsim's, or already names --out, is kept as it is.
func ReproduceCommand(command string) string {
	f := strings.Fields(command)
	if len(f) < 2 || f[0] != "capsim" || strings.Contains(command, " --out") {
		return command
	}
	return command + " --out reproduced-" + f[1]
}

// Write renders p to w. It fails, writing nothing, if an SVG does not start
// with "<svg" (so that a stray document prolog or a non-SVG can never reach
// the page).
func Write(w io.Writer, p *Page) error {
	v := view{Page: p, Command: ReproduceCommand(p.Command)}
	for _, f := range p.Figures {
		svg := bytes.TrimSpace(f.SVG)
		if !bytes.HasPrefix(svg, []byte("<svg")) {
			return fmt.Errorf("htmlreport: figure %q: not an inline <svg> element", f.ID)
		}
		if bytes.Contains(bytes.ToLower(svg), []byte("<script")) || bytes.Contains(bytes.ToLower(svg), []byte("<foreignobject")) {
			return fmt.Errorf("htmlreport: figure %q: SVG contains active content", f.ID)
		}
		v.SVGs = append(v.SVGs, template.HTML(svg)) // #nosec: produced by capsim's plots, checked above
	}
	var buf bytes.Buffer
	if err := page.Execute(&buf, v); err != nil {
		return fmt.Errorf("htmlreport: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Anchor turns a name into an id-safe anchor: lower-case letters, digits
// and dashes.
func Anchor(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// Breakable escapes s for HTML and lets a line break only between
// tokens of a name: after "_", after "." or "/" before a letter, after
// "," and after "=" (a <wbr> each), so that a narrow card or header wraps
// total.placement_failure_ratio<=0.01 at its dots and gen6n_medium after
// its underscore, never mid-token (the CSS breaks a word only when even
// that is not enough).
func Breakable(s string) template.HTML {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		b.WriteString(template.HTMLEscapeString(string(r)))
		if i+1 == len(rs) || rs[i+1] == ' ' {
			continue
		}
		next := rs[i+1]
		letter := next >= 'a' && next <= 'z' || next >= 'A' && next <= 'Z'
		if r == '_' || r == ',' || r == '=' || (r == '.' || r == '/') && letter {
			b.WriteString("<wbr>")
		}
	}
	return template.HTML(b.String()) // #nosec: every rune escaped above
}

// cell escapes a table cell for HTML (Breakable: a name may wrap between
// its tokens); "mean ± ci" may wrap only before its "±", so that a narrow window folds a wide table's estimates onto two
// lines rather than scrolling it.
func cell(s string) template.HTML {
	return template.HTML(strings.ReplaceAll(string(Breakable(s)), " ± ", " ±&nbsp;")) // #nosec: Breakable escapes
}
