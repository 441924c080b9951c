package outputs

import (
	"fmt"
	"io"

	"github.com/capsim/capsim/reports/htmlreport"
	"github.com/capsim/capsim/reports/plots"
)

// Create writes the output file name (slash-separated, under the output
// directory), whole, with write: an output directory's create or a
// store's WriteFile.
type Create = func(name string, write func(io.Writer) error) error

// file is one output file and what writes it.
type file struct {
	name  string
	write func(io.Writer) error
}

// writeFiles writes each file with create, in order.
func writeFiles(create Create, files ...file) error {
	for _, f := range files {
		if err := create(f.name, f.write); err != nil {
			return err
		}
	}
	return nil
}

// Bytes is a write func that writes data.
func Bytes(data []byte) func(io.Writer) error {
	return func(w io.Writer) error { _, err := w.Write(data); return err }
}

// page is a write func that writes the HTML page p.
func page(p *htmlreport.Page) func(io.Writer) error {
	return func(w io.Writer) error { return htmlreport.Write(w, p) }
}

// writePlots writes each plot with create as plots/NAME.png and
// plots/NAME.svg.
func writePlots(create Create, ps []plots.Plot) error {
	for _, p := range ps {
		if err := writeFiles(create, file{"plots/" + p.Name + ".png", Bytes(p.PNG)},
			file{"plots/" + p.Name + ".svg", Bytes(p.SVG)}); err != nil {
			return err
		}
	}
	return nil
}

// pageFigures prepares plots for inlining: ids made unique per plot.
func pageFigures(ps []plots.Plot) []htmlreport.Figure {
	figs := make([]htmlreport.Figure, len(ps))
	for i, p := range ps {
		figs[i] = htmlreport.Figure{ID: p.Name, Title: p.Title, Caption: p.Caption,
			SVG: plots.InlineSVG(p.SVG, fmt.Sprintf("p%d-", i))}
	}
	return figs
}
