package benchout

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
)

// Scenarios loads every scenario of files (by default the embedded
// default scenario and every embedded example), applies o to each and
// checks that each resolves, before anything runs.
func Scenarios(files []string, o simrun.Overrides) ([]*scenarios.Scenario, error) {
	var scs []*scenarios.Scenario
	add := func(sc *scenarios.Scenario, err error) error {
		if err == nil {
			err = o.Apply(sc)
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

// CPU is the processor's model name from /proc/cpuinfo, "" where there is
// none: Meta.CPU of this machine.
func CPU() string {
	file, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer file.Close()
	sc := bufio.NewScanner(io.LimitReader(file, 1<<20))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
