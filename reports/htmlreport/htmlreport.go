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

var page = template.Must(template.New("page").Parse(pageTemplate))

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
	SVGs []template.HTML
}

// Write renders p to w. It fails, writing nothing, if an SVG does not start
// with "<svg" (so that a stray document prolog or a non-SVG can never reach
// the page).
func Write(w io.Writer, p *Page) error {
	v := view{Page: p}
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
