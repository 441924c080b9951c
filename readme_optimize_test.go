package capsim_test

import "testing"

// The optimize block of README.md: optimize's own summary on the default
// scenario, without the last line (the wall time and the output directory).
func init() {
	readmeBlocks["optimize-default"] = func(t *testing.T) string {
		return experimentBlock(t, "capsim optimize --require 'total.placement_latency_seconds.p95<=30' --require 'total.placement_failure_ratio<=0.01' --out opt",
			"optimize", "--quiet", "--require", "total.placement_latency_seconds.p95<=30", "--require", "total.placement_failure_ratio<=0.01")
	}
}
