package outputs

import (
	"io"
	"maps"
	"slices"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/reports/htmlreport"
	"github.com/capsim/capsim/reports/plots"
)

// Fit writes capsim fit's outputs with create: the scenario as fitted.toml
// and the files it names beside it (by name, sorted), fit.json (written by
// writeJSON), the plots and fit.html.
func Fit(create Create, scenario []byte, files map[string][]byte, writeJSON func(io.Writer) error,
	r *reports.RecordsReport, command, version string) error {
	out := []file{{"fitted.toml", Bytes(scenario)}}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		out = append(out, file{name, Bytes(files[name])})
	}
	out = append(out, file{"fit.json", writeJSON})
	return recordsPage(create, out, "fit.html", r, command, version)
}

// Backtest writes capsim backtest's outputs with create: backtest.json
// (written by writeJSON), the plots and backtest.html.
func Backtest(create Create, writeJSON func(io.Writer) error, r *reports.RecordsReport, command, version string) error {
	return recordsPage(create, []file{{"backtest.json", writeJSON}}, "backtest.html", r, command, version)
}

// recordsPage writes files, then the report's plots and its page.
func recordsPage(create Create, files []file, name string, r *reports.RecordsReport, command, version string) error {
	if err := writeFiles(create, files...); err != nil {
		return err
	}
	ps, err := plots.Records(r)
	if err != nil {
		return err
	}
	if err := writePlots(create, ps); err != nil {
		return err
	}
	return create(name, page(htmlreport.NewRecordsPage(r, pageFigures(ps), command, version)))
}
