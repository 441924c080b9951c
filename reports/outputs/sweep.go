package outputs

import (
	"slices"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/reports/htmlreport"
	"github.com/capsim/capsim/reports/plots"
)

// Sweep writes a sweep's outputs, each whole: plots/NAME.png and .svg, as
// run writes them, then sweep.csv, sweep.json and sweep.html.
func Sweep(create Create, sw *reports.Sweep, command string) error {
	pg, _, err := sweepPage(create, sw, command)
	if err != nil {
		return err
	}
	return writeFiles(create, file{"sweep.csv", sw.WriteCSV}, file{"sweep.json", sw.WriteJSON}, file{"sweep.html", page(pg)})
}

// sweepPage draws the sweep's figures (the frontier, the metrics against
// a path, the heatmaps), writes them with create as plots/NAME.png and
// .svg, and returns the HTML page that shows them, for sweep.html and
// optimize.html alike.
func sweepPage(create Create, sw *reports.Sweep, command string) (*htmlreport.Page, []plots.Plot, error) {
	ps, err := plots.Sweep(sw)
	if err != nil {
		return nil, nil, err
	}
	if err := writePlots(create, ps); err != nil {
		return nil, nil, err
	}
	return htmlreport.NewSweepPage(sw, pageFigures(ps), command), ps, nil
}

// Optimize writes, with create, best.toml (bestText; nil without a plan
// that meets the requirements) or, with a schedule, best.toml
// (scheduleText) and static.toml (bestText); optimize.json; optimize.html
// (the answer first, the frontier of the plans, the schedule); and
// plots/.
func Optimize(create Create, bestText, scheduleText []byte, o *reports.Optimize, frontier *reports.Sweep, command string) error {
	if bestText != nil {
		name := "best.toml"
		if scheduleText != nil {
			name = "static.toml"
			if err := create("best.toml", Bytes(scheduleText)); err != nil {
				return err
			}
		}
		if err := create(name, Bytes(bestText)); err != nil {
			return err
		}
	}
	ps, err := plots.Optimize(frontier, o)
	if err != nil {
		return err
	}
	if err := writePlots(create, ps); err != nil {
		return err
	}
	pg := htmlreport.NewOptimizePage(o, frontier, pageFigures(ps), command)
	if o.Schedule != nil {
		if err := schedulePage(create, pg, o.Schedule, ps); err != nil {
			return err
		}
	}
	return writeFiles(create, file{"optimize.json", o.WriteJSON}, file{"optimize.html", page(pg)})
}

// schedulePage writes the schedule's plots and adds them, its key
// figures and its table to the optimize page, whose figures are before's
// (so that SVG ids stay unique on the page).
func schedulePage(create Create, pg *htmlreport.Page, s *reports.OptimizeSchedule, before []plots.Plot) error {
	ps, err := plots.Schedule(s)
	if err != nil {
		return err
	}
	if err := writePlots(create, ps); err != nil {
		return err
	}
	htmlreport.AddSchedule(pg, s, pageFigures(append(slices.Clip(before), ps...))[len(before):])
	return nil
}
