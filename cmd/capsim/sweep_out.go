package main

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"text/tabwriter"

	"github.com/capsim/capsim/experiment"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/reports/htmlreport"
	"github.com/capsim/capsim/reports/plots"
	"github.com/capsim/capsim/simrun"
)

// newSweep gathers the points' blocks into a sweep and judges it
// ([judgeSweep]).
func newSweep(meta reports.Meta, paths []string, points []experiment.Point, blocks []*experiment.Block,
	skipped []reports.SkippedPoint, reqs []simrun.Requirement) (*reports.Sweep, error) {
	sw := &reports.Sweep{Meta: meta, Paths: paths, Points: []reports.SweepPoint{}, Skipped: skipped}
	for i, b := range blocks {
		s, err := blockSummary(b)
		if err != nil {
			return nil, err
		}
		sw.Points = append(sw.Points, reports.SweepPoint{Values: points[i].Values(), PointSHA256: b.PointSHA256, Summary: s})
	}
	return sw, judgeSweep(sw, reqs)
}

// judgeSweep sets the sweep's requirements, each point's feasibility
// under them (none: left nil), and the Pareto front.
func judgeSweep(sw *reports.Sweep, reqs []simrun.Requirement) error {
	sw.Requirements = []string{}
	for _, r := range reqs {
		sw.Requirements = append(sw.Requirements, r.String())
	}
	for i := range sw.Points {
		p := &sw.Points[i]
		if len(reqs) > 0 {
			onMean, onBound, err := simrun.Feasible(p.Summary, reqs)
			if err != nil {
				return &usageError{"--require: " + err.Error()}
			}
			p.Feasible, p.FeasibleBound = &onMean, &onBound
		}
	}
	sw.MarkPareto()
	return nil
}

// skippedPoints are the points that failed, as the sweep lists them.
func skippedPoints(skipped []experiment.Skipped) []reports.SkippedPoint {
	out := []reports.SkippedPoint{}
	for _, s := range skipped {
		out = append(out, reports.SkippedPoint{Values: s.Point.Values(), Error: s.Err.Error()})
	}
	return out
}

// blockSummary estimates every metric of a point's block, as NewSummary
// does from the replications' results.
func blockSummary(b *experiment.Block) (*reports.Summary, error) {
	s := &reports.Summary{Meta: reports.Meta{Scenario: b.Scenario, ScenarioSHA256: b.PointSHA256, Seed: b.Seed,
		Replications: b.Replications, HorizonSeconds: b.HorizonSeconds, WarmupSeconds: b.WarmupSeconds,
		CapsimVersion: b.CapsimVersion}, Locations: []reports.LocationSummary{}}
	for _, sc := range b.Scopes {
		reps := map[string][]float64{}
		for _, m := range sc.Metrics {
			reps[m.Name] = m.Reps
		}
		m, err := reports.NewMetricsFromReplications(sc.Model, reps)
		if err != nil {
			return nil, fmt.Errorf("sweep: point %s: %w", b.PointSHA256, err)
		}
		switch {
		case sc.Name == "total":
			s.Total = m
		case sc.Name == "fleet_total":
			s.FleetTotal = &m
		case sc.Model == "fleets":
			s.Fleets = append(s.Fleets, reports.FleetSummary{Fleet: sc.Owner, Location: sc.Location, Kind: sc.Kind, FleetMetrics: m})
		default:
			s.Locations = append(s.Locations, reports.LocationSummary{StreamGroup: sc.Owner, Location: sc.Location, Class: sc.Kind, Metrics: m})
		}
	}
	return s, nil
}

// writeSweep writes the sweep's outputs into its store, each whole:
// plots/NAME.png and .svg, as run writes them, then sweep.csv, sweep.json
// and sweep.html.
func writeSweep(st *experiment.Store, sw *reports.Sweep, command string) error {
	page, _, err := sweepPlotsPage(st.WriteFile, sw, command)
	if err != nil {
		return err
	}
	return writeOutputs(st.WriteFile, output{"sweep.csv", sw.WriteCSV}, output{"sweep.json", sw.WriteJSON},
		output{"sweep.html", func(w io.Writer) error { return htmlreport.Write(w, page) }})
}

// printSweep prints a line per point: its values, cost, p95 latency,
// feasibility and Pareto flag.
func printSweep(stdout io.Writer, sw *reports.Sweep, dir string) error {
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, p := range sw.Paths {
		fmt.Fprintf(tw, "%s\t", reports.TerminalSafe(p))
	}
	fmt.Fprintln(tw, "cost (USD)\tlatency p95 (s)\tfeasible\tpareto")
	for _, p := range sw.Points {
		for _, v := range p.Values {
			fmt.Fprintf(tw, "%s\t", reports.TerminalSafe(v))
		}
		feasible := "-"
		if p.Feasible != nil {
			feasible = fmt.Sprintf("%v (bound %v)", *p.Feasible, *p.FeasibleBound)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%v\n", estimate(p.Summary, reports.SweepCost), estimate(p.Summary, reports.SweepLatency), feasible, p.Pareto)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(stdout, "%d points, %d skipped; wrote %s\n", len(sw.Points), len(sw.Skipped),
		reports.TerminalSafe(filepath.Join(dir, "sweep.{csv,json,html}")+" and "+filepath.Join(dir, "plots")+string(filepath.Separator)))
	return err
}

func estimate(s *reports.Summary, name string) string {
	v, err := s.Metric(name)
	if err != nil || math.IsNaN(v.Mean) {
		return "-"
	}
	return fmt.Sprintf("%.4g ± %.2g", v.Mean, v.CI95)
}

// sweepPlotsPage draws the sweep's figures (the frontier, the metrics
// against a path, the heatmaps), writes them with create as plots/NAME.png
// and .svg, and returns the HTML page that shows them, for sweep.html and
// optimize.html alike.
func sweepPlotsPage(create createFunc, sw *reports.Sweep, command string) (*htmlreport.Page, []plots.Plot, error) {
	ps, err := plots.Sweep(sw)
	if err != nil {
		return nil, nil, err
	}
	if err := writePlots(create, ps); err != nil {
		return nil, nil, err
	}
	return htmlreport.NewSweepPage(sw, pageFigures(ps), command), ps, nil
}
