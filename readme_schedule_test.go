package capsim_test

import (
	"strings"
	"testing"
)

// The hourly schedule block of README.md: optimize --schedule hourly on
// the default scenario, its schedule lines only (the per-hour capacities,
// the per-hour check and the saving against the static plan; the static
// plan's lines are the optimize-default block).
func init() {
	readmeBlocks["optimize-schedule"] = func(t *testing.T) string {
		block := experimentBlock(t, "capsim optimize --schedule hourly --require 'total.placement_latency_seconds.p95<=30' --require 'total.placement_failure_ratio<=0.01' --out opt",
			"optimize", "--quiet", "--schedule", "hourly", "--require", "total.placement_latency_seconds.p95<=30", "--require", "total.placement_failure_ratio<=0.01")
		head, rest, _ := strings.Cut(block, "\n") // ```
		cmd, rest, _ := strings.Cut(rest, "\n")   // $ capsim ...
		_, sched, ok := strings.Cut(rest, "hourly schedule:")
		if !ok {
			t.Fatalf("optimize --schedule hourly printed no schedule:\n%s", block)
		}
		return head + "\n" + cmd + "\n...\nhourly schedule:" + sched
	}
}
