package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/reports/htmlreport"
	"github.com/capsim/capsim/reports/plots"
	"github.com/capsim/capsim/scenarios"
)

// writeRunFiles writes, with create (an outDir's create, or a store's
// WriteFile for capsim merge), every file `capsim run --out` writes:
// summary.json; for stream groups timeseries.csv and their plots; for
// fleets fleet_timeseries.csv and their plots; the plots as PNG and SVG
// under plots/; with sens (run --sensitivity) sensitivity.csv and
// sensitivity.json; and report.html (with sens, its tornado charts and
// tables too). rj is what the outputs show of the scenario (newRunJob).
// The CSVs are streamed to their files, never built in memory.
func writeRunFiles(create createFunc, rj *runJob, s *reports.Summary, results []*streams.Result,
	fresults []*fleets.Result, sens *reports.Sensitivity, command string) error {
	if err := create("summary.json", s.WriteJSON); err != nil {
		return err
	}
	var ps []plots.Plot
	if rj.HasGroups {
		if err := create("timeseries.csv", func(w io.Writer) error { return reports.WriteTimeseriesCSV(w, results) }); err != nil {
			return err
		}
		figs, err := reports.NewFigures(s, results, rj.Timeouts)
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
		if err := create("fleet_timeseries.csv", func(w io.Writer) error { return reports.WriteFleetTimeseriesCSV(w, fresults) }); err != nil {
			return err
		}
		ff, err := reports.NewFleetFigures(s.Fleets, fresults, s.WarmupSeconds)
		if err != nil {
			return err
		}
		fps, err := plots.Fleets(ff)
		if err != nil {
			return err
		}
		if err := ff.Err(); err != nil { // a timeseries file unreadable while plotting
			return err
		}
		ps = append(ps, fps...)
	}
	if err := writePlots(create, ps); err != nil {
		return err
	}
	page := htmlreport.NewRunPage(s, pageFigures(ps), rj.Assumptions, command)
	if sens != nil {
		if err := writeRunSensitivity(create, page, sens); err != nil {
			return err
		}
	}
	return create("report.html", func(w io.Writer) error { return htmlreport.Write(w, page) })
}

// createFunc writes the output file name, whole, with write: an outDir's
// create or a store's WriteFile.
type createFunc = func(name string, write func(io.Writer) error) error

// output is one output file and what writes it.
type output struct {
	name  string
	write func(io.Writer) error
}

// writeOutputs writes each output with create, in order.
func writeOutputs(create createFunc, outs ...output) error {
	for _, o := range outs {
		if err := create(o.name, o.write); err != nil {
			return err
		}
	}
	return nil
}

// writeBytes is a write func that writes data.
func writeBytes(data []byte) func(io.Writer) error {
	return func(w io.Writer) error { _, err := w.Write(data); return err }
}

// writePlots writes each plot with create as plots/NAME.png and
// plots/NAME.svg.
func writePlots(create createFunc, ps []plots.Plot) error {
	for _, p := range ps {
		if err := writeOutputs(create, output{"plots/" + p.Name + ".png", writeBytes(p.PNG)},
			output{"plots/" + p.Name + ".svg", writeBytes(p.SVG)}); err != nil {
			return err
		}
	}
	return nil
}

// scenarioMeta is the Meta of outputs computed from sc as it stands.
func scenarioMeta(sc *scenarios.Scenario) reports.Meta {
	return reports.Meta{Scenario: sc.Name, ScenarioSHA256: sc.SHA256(), Seed: sc.Simulation.Seed,
		Replications: sc.Simulation.Replications, HorizonSeconds: sc.Simulation.Horizon.Seconds(),
		WarmupSeconds: sc.Simulation.Warmup.Seconds(), CapsimVersion: Version}
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

// timeouts labels the placement timeouts that apply to the run's
// locations (streams.Config.PlacementTimeouts) for the latency plots.
func timeouts(cfg *streams.Config) []reports.Timeout {
	var out []reports.Timeout
	for _, pt := range cfg.PlacementTimeouts() {
		label := "always-on timeout "
		switch {
		case pt.OnDemand && pt.OS == streams.Windows:
			label = "on-demand timeout (Windows) "
		case pt.OnDemand:
			label = "on-demand timeout "
		}
		out = append(out, reports.Timeout{Label: label + reports.FormatDuration(pt.Timeout.Seconds()), Seconds: pt.Timeout.Seconds()})
	}
	return out
}

// reproduceLine returns the command that reproduces a run's outputs,
// shell-quoted: the command and its arguments without the flags that only
// say where or how this machine runs it (--out, --workers, --quiet, --json,
// --shard, --shards, --cpuprofile, --memprofile),
// so that the line, and the report that shows it, is the same wherever and
// however the run happens.
func reproduceLine(command string, args []string, fs *flag.FlagSet) string {
	drop := map[string]bool{"out": true, "workers": true, "quiet": true, "json": true, "shard": true, "shards": true,
		"cpuprofile": true, "memprofile": true}
	q := []string{"capsim", command}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			for _, rest := range args[i:] {
				q = append(q, shellQuote(rest))
			}
			break
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && len(a) > 1 && drop[name] {
			if !hasValue && !isBoolFlag(fs, name) {
				i++ // the flag's value is the next argument
			}
			continue
		}
		q = append(q, shellQuote(a))
	}
	return strings.Join(q, " ")
}

func isBoolFlag(fs *flag.FlagSet, name string) bool {
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
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
