package capsim_test

import (
	"strings"
	"testing"
)

// The hourly schedule blocks of README.md: optimize --schedule hourly on
// the default scenario as it is, and in always-on form (target_idle and
// maximum 0, so the capacity is what is scheduled); their schedule lines
// only (the per-hour settings, the per-hour check and the savings against
// the static plans; the static plan's lines are the optimize-default
// block's). The schedule must meet every hour on its verification
// replications.
func init() {
	const reqs = "--require 'total.placement_latency_seconds.p95<=30' --require 'total.placement_failure_ratio<=0.01'"
	args := []string{"optimize", "--quiet", "--schedule", "hourly", "--require", "total.placement_latency_seconds.p95<=30",
		"--require", "total.placement_failure_ratio<=0.01"}
	readmeBlocks["optimize-schedule"] = func(t *testing.T) string {
		return scheduleBlock(t, "capsim optimize --schedule hourly "+reqs+" --out opt", args)
	}
	var sets []string
	for l := range 2 {
		for _, k := range []string{"target_idle", "maximum"} {
			sets = append(sets, "--set", "stream_group[0].location["+string(rune('0'+l))+"]."+k+"=0")
		}
	}
	readmeBlocks["optimize-schedule-always-on"] = func(t *testing.T) string {
		return scheduleBlock(t, "capsim optimize --schedule hourly --set 'stream_group[0].location[0].target_idle=0' ... (target_idle and maximum 0 at both locations) "+reqs+" --out opt",
			append(append([]string{}, args...), sets...))
	}
}

// scheduleBlock runs args and keeps the schedule's lines of its output.
func scheduleBlock(t *testing.T, shown string, args []string) string {
	block := experimentBlock(t, shown, args...)
	head, rest, _ := strings.Cut(block, "\n") // ```
	cmd, rest, _ := strings.Cut(rest, "\n")   // $ capsim ...
	_, sched, ok := strings.Cut(rest, "hourly schedule:")
	if !ok {
		t.Fatalf("optimize --schedule hourly printed no schedule:\n%s", block)
	}
	if !strings.Contains(sched, "the schedule meets it in 24 of 24 hours") {
		t.Errorf("the schedule misses some hour on its verification replications:\n%s", sched)
	}
	return head + "\n" + cmd + "\n...\nhourly schedule:" + sched
}
