package main

import (
	"fmt"
	"io"

	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
)

const validateUsage = `Usage: capsim validate [--set path=value ...] FILE
       capsim validate --explain KEY

Checks FILE (syntax, unknown keys, types, values, files it names, prices) and
reports every problem at once with its field and line. Exit status 2 if any.

--explain KEY prints the scenario reference's entry of KEY (its type, unit,
default, allowed values and meaning; docs/scenario-reference.md has them
all): a dotted path as an error names it (demand[0].arrivals.spikes[0].start),
its last keys (spikes.peak_per_hour, peak_per_hour) or a table
(demand.client). An unknown key names the closest ones; exit status 2.

Examples:
  capsim validate scenarios/examples/launch-spike.toml
  capsim validate --explain peak_per_hour
`

func cmdValidate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", validateUsage, stderr)
	var sets setFlags
	fs.Var(&sets, "set", "override a field before validating: `path=value` (repeatable)")
	explain := fs.String("explain", "", "print the reference entry of a scenario `KEY` instead of validating a file")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *explain != "" {
		if len(files) > 0 || len(sets) > 0 {
			return &usageError{"validate --explain takes a key and no scenario file or --set"}
		}
		text, err := scenarios.ExplainKey(*explain)
		if err != nil {
			return err
		}
		_, err = io.WriteString(stdout, text)
		return err
	}
	if len(files) != 1 {
		return &usageError{"validate takes one scenario file"}
	}
	sc, err := scenarios.Load(files[0])
	if err != nil {
		return err
	}
	if err := (simrun.Overrides{Sets: sets}).Apply(sc); err != nil {
		return err
	}
	r, err := simrun.Resolve(sc, simrun.Metrics)
	if err != nil {
		return err
	}
	if _, err := (&assertFlags{}).parse(sc, r.Namespace()); err != nil { // [[assert]]: syntax and metric names
		return err
	}
	cfg, fcfg := r.Streams, r.Fleets
	fleetPart := ""
	if fcfg != nil {
		fleetPart = fmt.Sprintf(", %d fleet(s), %d fleet demand(s), about %.0f placement requests", len(fcfg.Fleets), len(fcfg.Demands), fcfg.ExpectedRequests())
	}
	fmt.Fprintf(stdout, "%s: ok (scenario %q, %d stream group(s), %d demand(s), about %.0f requests%s per replication, %d replications)\n",
		files[0], sc.Name, len(cfg.Groups), len(cfg.Demands), cfg.ExpectedRequests(), fleetPart, sc.Simulation.Replications)
	return nil
}
