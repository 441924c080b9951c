package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/reports/htmlreport"
	"github.com/capsim/capsim/reports/plots"
	"github.com/capsim/capsim/scenarios"
)

// outFile is one file of an output directory, by its path relative to it.
type outFile struct {
	name string // slash-separated, e.g. "plots/cost.png"
	data []byte
}

// runFiles renders every file `capsim run --out` writes: summary.json;
// for stream groups timeseries.csv and their plots; for fleets
// fleet_timeseries.csv and their plots; the plots as PNG and SVG under
// plots/; and report.html.
func runFiles(sc *scenarios.Scenario, cfg *streams.Config, s *reports.Summary, results []*streams.Result,
	fresults []*fleets.Result, command string) ([]outFile, error) {
	var js bytes.Buffer
	if err := s.WriteJSON(&js); err != nil {
		return nil, err
	}
	files := []outFile{{"summary.json", js.Bytes()}}
	var ps []plots.Plot
	if len(cfg.Groups) > 0 {
		var ts bytes.Buffer
		if err := reports.WriteTimeseriesCSV(&ts, results); err != nil {
			return nil, err
		}
		files = append(files, outFile{"timeseries.csv", ts.Bytes()})
		figs, err := reports.NewFigures(s, results, timeouts(cfg))
		if err != nil {
			return nil, err
		}
		if ps, err = plots.Run(figs); err != nil {
			return nil, err
		}
	}
	if len(fresults) > 0 {
		var ts bytes.Buffer
		if err := reports.WriteFleetTimeseriesCSV(&ts, fresults); err != nil {
			return nil, err
		}
		files = append(files, outFile{"fleet_timeseries.csv", ts.Bytes()})
		ff, err := reports.NewFleetFigures(s.Fleets, fresults, s.WarmupSeconds)
		if err != nil {
			return nil, err
		}
		fps, err := plots.Fleets(ff)
		if err != nil {
			return nil, err
		}
		ps = append(ps, fps...)
	}
	files = append(files, plotFiles(ps)...)
	var page bytes.Buffer
	if err := htmlreport.Write(&page, htmlreport.NewRunPage(s, pageFigures(ps), assumptions(sc), command)); err != nil {
		return nil, err
	}
	return append(files, outFile{"report.html", page.Bytes()}), nil
}

// plotFiles returns each plot as plots/NAME.png and plots/NAME.svg.
func plotFiles(ps []plots.Plot) []outFile {
	var files []outFile
	for _, p := range ps {
		files = append(files, outFile{"plots/" + p.Name + ".png", p.PNG}, outFile{"plots/" + p.Name + ".svg", p.SVG})
	}
	return files
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

func assumptions(sc *scenarios.Scenario) []htmlreport.Assumption {
	var as []htmlreport.Assumption
	for _, a := range sc.ServiceAssumptions() {
		as = append(as, htmlreport.Assumption{Key: a.Key, Value: a.Value, Source: a.Source, Default: a.Default})
	}
	return as
}

// timeouts lists the placement timeouts that apply to the run's locations:
// always-on's, and on-demand's for the OS of any location that can grow
// beyond its always-on capacity.
func timeouts(cfg *streams.Config) []reports.Timeout {
	sv := &cfg.Service
	out := []reports.Timeout{{Label: "always-on timeout " + reports.FormatDuration(sv.PlacementTimeoutAlwaysOn.Seconds()),
		Seconds: sv.PlacementTimeoutAlwaysOn.Seconds()}}
	var linux, windows bool
	for _, g := range cfg.Groups {
		for _, l := range g.Locations {
			if l.Ceiling(sv.MaximumIncludesAlwaysOn, g.Class.Tenancy) > l.AlwaysOn {
				if g.Class.OS == streams.Windows {
					windows = true
				} else {
					linux = true
				}
			}
		}
	}
	if linux {
		out = append(out, reports.Timeout{Label: "on-demand timeout " + reports.FormatDuration(sv.PlacementTimeoutOnDemandLinux.Seconds()),
			Seconds: sv.PlacementTimeoutOnDemandLinux.Seconds()})
	}
	if windows {
		out = append(out, reports.Timeout{Label: "on-demand timeout (Windows) " + reports.FormatDuration(sv.PlacementTimeoutOnDemandWindows.Seconds()),
			Seconds: sv.PlacementTimeoutOnDemandWindows.Seconds()})
	}
	return out
}

// commandLine returns the command that reproduces this run, shell-quoted.
func commandLine(args []string) string {
	q := []string{"capsim"}
	for _, a := range args {
		q = append(q, shellQuote(a))
	}
	return strings.Join(q, " ")
}

// shellQuote quotes s for a POSIX shell if it needs quoting.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:,+@%[]", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// writeOutputs writes every file to a temporary name in its final directory
// first and renames them only when all are written: a failed run leaves no
// partial or corrupted file (a rename failing midway, which needs the
// directory to change under us, can still leave some files renamed).
func writeOutputs(dir string, files []outFile) error {
	var tmps []string
	cleanup := func() {
		for _, t := range tmps {
			os.Remove(t)
		}
	}
	for _, f := range files {
		final := filepath.Join(dir, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
			cleanup()
			return fmt.Errorf("output directory: %w", err)
		}
		tmp, err := os.CreateTemp(filepath.Dir(final), "."+filepath.Base(final)+".*")
		if err != nil {
			cleanup()
			return fmt.Errorf("output: %w", err)
		}
		tmps = append(tmps, tmp.Name())
		_, werr := tmp.Write(f.data)
		cerr := tmp.Close()
		if werr == nil && cerr == nil {
			werr = os.Chmod(tmp.Name(), 0o644) // CreateTemp makes it 0600
		}
		if werr != nil || cerr != nil {
			cleanup()
			return fmt.Errorf("output %s: %w", f.name, errors.Join(werr, cerr))
		}
	}
	for i, f := range files {
		if err := os.Rename(tmps[i], filepath.Join(dir, filepath.FromSlash(f.name))); err != nil {
			cleanup()
			return fmt.Errorf("output: %w", err)
		}
	}
	return nil
}
