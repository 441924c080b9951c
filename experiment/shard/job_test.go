package shard

import (
	"strings"
	"testing"

	"github.com/capsim/capsim/reports"
)

// Two sweep jobs differ by their skipped points' values, not by the
// error texts (which name the scenario file as each shard was given it).
func TestShardJobDiffersBySkippedValues(t *testing.T) {
	job := func(value, errText string) *Job {
		return &Job{Command: "sweep", Sweep: &SweepJob{Paths: []string{"p"},
			Skipped: []reports.SkippedPoint{{Values: []string{value}, Error: errText}}}}
	}
	a := job("30", "trace-replay.toml:18: maximum 20 is below always_on 30")
	if what := a.differs(job("30", "/abs/trace-replay.toml:18: maximum 20 is below always_on 30")); what != "" {
		t.Errorf("another path in the error text: differs says %q", what)
	}
	if what := a.differs(job("40", "trace-replay.toml:18: maximum 20 is below always_on 40")); !strings.Contains(what, "sweep design") {
		t.Errorf("another skipped point: differs says %q, want the sweep design", what)
	}
	if what := a.differs(&Job{Command: "sweep", Sweep: &SweepJob{Paths: []string{"p"}}}); !strings.Contains(what, "sweep design") {
		t.Errorf("a skipped point against none: differs says %q, want the sweep design", what)
	}
}
