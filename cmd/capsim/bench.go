package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
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
	scs, err := benchScenarios(files, f)
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
	if err := benchout.Write(&buf, runs, benchout.Meta{Version: Version, CPU: cpuName()}); err != nil {
		return err
	}
	_, err = stdout.Write(buf.Bytes())
	return err
}

// benchScenarios loads every scenario (the default and the examples if
// none is named), applies the flags' overrides and checks that each
// builds, before anything runs.
func benchScenarios(files []string, f runFlags) ([]*scenarios.Scenario, error) {
	var scs []*scenarios.Scenario
	add := func(sc *scenarios.Scenario, err error) error {
		if err == nil {
			err = f.overrides().Apply(sc)
		}
		if err == nil {
			_, err = simrun.Resolve(sc, simrun.Metrics)
		}
		scs = append(scs, sc)
		return err
	}
	if len(files) == 0 {
		if err := add(scenarios.Default()); err != nil {
			return nil, err
		}
		for _, name := range scenarios.Examples() {
			if err := add(scenarios.Example(name)); err != nil {
				return nil, fmt.Errorf("example %s: %w", name, err)
			}
		}
		return scs, nil
	}
	for _, file := range files {
		if err := add(scenarios.Load(file)); err != nil {
			return nil, err
		}
	}
	return scs, nil
}

// cpuName is the processor's model name from /proc/cpuinfo, "" where
// there is none.
func cpuName() string {
	file, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
