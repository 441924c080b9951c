package plots

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"regexp"
	"strconv"

	"gonum.org/v1/plot/vg"
)

var (
	svgSize = regexp.MustCompile(`^<svg width="([0-9.e+]+)pt" height="([0-9.e+]+)pt"`)
	// svgFont is the font vgsvg names: Liberation Sans is metric-compatible
	// with Arial, so a browser without it lays the text out the same way.
	// Without either (a Linux with DejaVu only) the generic sans-serif is
	// DejaVu Sans, about 10% wider, whose legends ran out of their plots:
	// DejaVu Sans Condensed, close to Arial's widths, comes first.
	svgFont      = []byte("font-family:Liberation Sans;")
	svgFontStack = []byte("font-family:'Liberation Sans',Arial,Helvetica,'DejaVu Sans Condensed',sans-serif;")
)

// tidySVG turns vgsvg's output into a standalone SVG starting at <svg:
// prolog and comment dropped, size in px (the PNG's pixel size) over the
// same viewBox in points, a web font stack and a <title> for screen readers.
func tidySVG(b []byte, w, h vg.Length) ([]byte, error) {
	i := bytes.Index(b, []byte("<svg"))
	if i < 0 {
		return nil, errors.New("SVG: no <svg> element")
	}
	b = b[i:]
	m := svgSize.FindSubmatchIndex(b)
	if m == nil {
		return nil, errors.New("SVG: unexpected <svg> header")
	}
	px := func(l vg.Length) string { return strconv.FormatFloat(float64(l)*dpi/72, 'f', -1, 64) }
	var out bytes.Buffer
	out.Grow(len(b) + 256)
	fmt.Fprintf(&out, `<svg width="%s" height="%s"`, px(w), px(h))
	rest := b[m[1]:]
	end := bytes.IndexByte(rest, '>')
	if end < 0 {
		return nil, errors.New("SVG: unterminated <svg> tag")
	}
	out.Write(rest[:end])
	out.WriteString(` role="img">`)
	rest = rest[end+1:]
	return append(out.Bytes(), bytes.ReplaceAll(rest, svgFont, svgFontStack)...), nil
}

// withTitle inserts <title>title</title> right after the opening <svg> tag.
func withTitle(svg []byte, title string) []byte {
	end := bytes.IndexByte(svg, '>')
	if end < 0 {
		return svg
	}
	var out bytes.Buffer
	out.Grow(len(svg) + len(title) + 32)
	out.Write(svg[:end+1])
	out.WriteString("\n<title>" + html.EscapeString(title) + "</title>")
	out.Write(svg[end+1:])
	return out.Bytes()
}

var (
	svgID   = regexp.MustCompile(`(\s)id="([^"]*)"`)
	svgURL  = regexp.MustCompile(`url\(\s*#([^)\s]*)\s*\)`)
	svgHref = regexp.MustCompile(`(\s(?:xlink:)?href)="#([^"]*)"`)
)

// InlineSVG prepares an SVG for inlining into an HTML page that holds
// several: it drops anything before the <svg> element (XML prolog,
// doctype, comments) and prefixes every id="…", and every reference to one
// (url(#…), href="#…", xlink:href="#…"), with idPrefix, so that plots on
// one page cannot clash. idPrefix should itself be a valid id start, e.g.
// "latency-cdf-". The input is not modified.
func InlineSVG(svg []byte, idPrefix string) []byte {
	if i := bytes.Index(svg, []byte("<svg")); i >= 0 {
		svg = svg[i:]
	}
	p := []byte(idPrefix)
	out := svgID.ReplaceAllFunc(svg, func(m []byte) []byte {
		sub := svgID.FindSubmatch(m)
		return concat(sub[1], []byte(`id="`), p, sub[2], []byte(`"`))
	})
	out = svgURL.ReplaceAllFunc(out, func(m []byte) []byte {
		sub := svgURL.FindSubmatch(m)
		return concat([]byte("url(#"), p, sub[1], []byte(")"))
	})
	out = svgHref.ReplaceAllFunc(out, func(m []byte) []byte {
		sub := svgHref.FindSubmatch(m)
		return concat(sub[1], []byte(`="#`), p, sub[2], []byte(`"`))
	})
	return out
}

func concat(parts ...[]byte) []byte {
	var b []byte
	for _, x := range parts {
		b = append(b, x...)
	}
	return b
}
