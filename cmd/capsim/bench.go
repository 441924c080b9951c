package main

import (
	"bytes"
	"io"

	"github.com/capsim/capsim/simrun/benchout"
)

const benchUsage = `Usage: capsim bench [flags] [FILE...]

Simulates each scenario FILE (by default the embedded default scenario and
every embedded example) and writes the results to stdout in the Go
benchmark format, for benchstat (go tool benchstat old.txt new.txt): per
scenario a comment recording capsim's version, the scenario's SHA-256, seed
and replications, configuration lines (scenario, goos, goarch, cpu), then
one line per replication for each
stream group location, their total, each fleet location and the fleets'
total, named

  BenchmarkCapsim/scenario=NAME/location=GROUP:LOCATION/model=streams
  BenchmarkCapsim/scenario=NAME/location=total/model=streams
  BenchmarkCapsim/scenario=NAME/location=FLEET:LOCATION/model=fleets

with the key metrics as values, their units the metrics' names in
summary.json: placement_latency_seconds.p95 and .mean (seconds),
placement_failure_ratio or timed_out_ratio and utilisation (fractions),
instances.mean (fleets), cost_usd and idle_cost_usd (US dollars); the
total lines add ns/session, the simulator's own wall time per simulated
session. White space, '/' and control characters in names become '_'.

Every value but ns/session depends only on the scenario and its seed: the
same scenarios, flags and seed give the same lines. ns/session is measured
on this machine (with --workers 1 the replications do not share cores).
Nothing is written unless every scenario runs.

Example:
  capsim bench my.toml > old.txt
  capsim bench --set stream_group[0].location[0].target_idle=5 my.toml > new.txt
  go tool benchstat old.txt new.txt

Flags:
`

func cmdBench(args []string, stdout, stderr io.Writer) error {
	var f runFlags
	fs := newFlagSet("bench", benchUsage, stderr)
	fs.StringVar(&f.seed, "seed", "", "override simulation.seed")
	fs.StringVar(&f.replications, "replications", "", "override simulation.replications")
	fs.StringVar(&f.horizon, "horizon", "", "override simulation.horizon (e.g. 48h)")
	fs.Var(&f.sets, "set", "override any field of every scenario: `path=value` (repeatable)")
	fs.IntVar(&f.workers, "workers", 0, "replications run at once (0: GOMAXPROCS)")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	scs, err := benchout.Scenarios(files, f.overrides())
	if err != nil {
		return err
	}
	runs := make([]benchout.Run, len(scs))
	for i, sc := range scs {
		reps, err := benchout.Simulate(sc, 0, sc.Simulation.Replications, benchout.SimulateOptions{Workers: f.workers})
		if err != nil {
			return err
		}
		runs[i] = benchout.Run{Scenario: sc, Reps: reps}
	}
	var buf bytes.Buffer // nothing is written unless every scenario ran
	if err := benchout.Write(&buf, runs, benchout.Meta{Version: Version, CPU: benchout.CPU()}); err != nil {
		return err
	}
	_, err = stdout.Write(buf.Bytes())
	return err
}
