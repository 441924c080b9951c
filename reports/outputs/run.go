package outputs

import (
	"io"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/reports/htmlreport"
	"github.com/capsim/capsim/reports/plots"
)

// RunPage is what a run's outputs show of the scenario besides its
// summary and results: whether it has stream groups, the placement
// timeouts its latency plots mark, the service assumptions its report
// lists, the command that reproduces it, and (run --sensitivity) the
// sensitivity analysis to add.
type RunPage struct {
	HasGroups   bool
	Timeouts    []reports.Timeout
	Assumptions []reports.Assumption
	Command     string
	Sensitivity *reports.Sensitivity
}

// Run writes, with create, every file `capsim run --out` writes:
// summary.json; for stream groups timeseries.csv and their plots; for
// fleets fleet_timeseries.csv and their plots; the plots as PNG and SVG
// under plots/; with a sensitivity analysis sensitivity.csv and
// sensitivity.json; and report.html (with the analysis, its tornado
// charts and tables too). The CSVs are streamed to their files, never
// built in memory.
func Run(create Create, s *reports.Summary, results []*streams.Result, fresults []*fleets.Result, p RunPage) error {
	if err := create("summary.json", s.WriteJSON); err != nil {
		return err
	}
	var ps []plots.Plot
	if p.HasGroups {
		if err := create("timeseries.csv", func(w io.Writer) error { return reports.WriteTimeseriesCSV(w, results) }); err != nil {
			return err
		}
		figs, err := reports.NewFigures(s, results, p.Timeouts)
		if err != nil {
			return err
		}
		if ps, err = plots.Run(figs); err != nil {
			return err
		}
		if err := figs.Err(); err != nil { // a timeseries file unreadable while plotting
			return err
		}
	}
	if len(fresults) > 0 {
		fps, err := fleetFiles(create, s, fresults)
		if err != nil {
			return err
		}
		ps = append(ps, fps...)
	}
	if err := writePlots(create, ps); err != nil {
		return err
	}
	pg := htmlreport.NewRunPage(s, pageFigures(ps), p.Assumptions, p.Command)
	if p.Sensitivity != nil {
		if err := runSensitivity(create, pg, p.Sensitivity); err != nil {
			return err
		}
	}
	return create("report.html", page(pg))
}

// fleetFiles writes fleet_timeseries.csv and returns the fleets' plots.
func fleetFiles(create Create, s *reports.Summary, fresults []*fleets.Result) ([]plots.Plot, error) {
	if err := create("fleet_timeseries.csv", func(w io.Writer) error { return reports.WriteFleetTimeseriesCSV(w, fresults) }); err != nil {
		return nil, err
	}
	ff, err := reports.NewFleetFigures(s.Fleets, fresults, s.WarmupSeconds)
	if err != nil {
		return nil, err
	}
	fps, err := plots.Fleets(ff)
	if err != nil {
		return nil, err
	}
	return fps, ff.Err() // a timeseries file unreadable while plotting
}

// runSensitivity writes sensitivity.csv and sensitivity.json into a run's
// outputs and adds the tornado charts to its report page.
func runSensitivity(create Create, pg *htmlreport.Page, s *reports.Sensitivity) error {
	if err := writeFiles(create, file{"sensitivity.csv", s.WriteCSV}, file{"sensitivity.json", s.WriteJSON}); err != nil {
		return err
	}
	figs, err := plots.Tornado(s)
	if err != nil {
		return err
	}
	for i := range figs {
		figs[i].Name = "sensitivity-" + figs[i].Name
	}
	if err := writePlots(create, figs); err != nil {
		return err
	}
	htmlreport.AddSensitivity(pg, s, pageFigures(figs))
	return nil
}

// Sensitivity writes sensitivity.csv, sensitivity.json and
// sensitivity.html with create; the tornado charts also go to
// plots/NAME.png and plots/NAME.svg.
func Sensitivity(create Create, s *reports.Sensitivity, command string) error {
	figs, err := plots.Tornado(s)
	if err != nil {
		return err
	}
	pg := htmlreport.NewSensitivityPage(s, pageFigures(figs), command)
	if err := writeFiles(create, file{"sensitivity.csv", s.WriteCSV}, file{"sensitivity.json", s.WriteJSON},
		file{"sensitivity.html", page(pg)}); err != nil {
		return err
	}
	return writePlots(create, figs)
}

// Compare writes compare.json, compare.csv, the comparison plots and
// compare.html.
func Compare(create Create, c *reports.Comparison, assumptions []reports.Assumption, command string) error {
	if err := create("compare.json", c.WriteJSON); err != nil {
		return err
	}
	if err := create("compare.csv", func(w io.Writer) error { return reports.WriteCompareCSV(w, c) }); err != nil {
		return err
	}
	ps, err := plots.Compare(c)
	if err != nil {
		return err
	}
	if err := writePlots(create, ps); err != nil {
		return err
	}
	return create("compare.html", page(htmlreport.NewComparePage(c, pageFigures(ps), assumptions, command)))
}
