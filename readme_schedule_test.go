package capsim_test

import (
	"strings"
	"testing"
)

// The hourly schedule block of README.md: optimize --schedule hourly on
// the default scenario, its schedule lines only (the per-hour settings,
// the per-hour check and the savings against the static plans; the static
// plan's lines are the optimize-default block). The schedule must meet
// every hour on its verification replications.
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
		if !strings.Contains(sched, "the schedule meets it in 24 of 24 hours") {
			t.Errorf("the default scenario's schedule misses some hour on its verification replications:\n%s", sched)
		}
		return head + "\n" + cmd + "\n...\nhourly schedule:" + sched
	}
}
