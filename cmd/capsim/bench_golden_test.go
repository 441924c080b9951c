package main

// The golden cases of capsim bench and of run's KPI gates, added to
// goldenCases (golden_test.go).
func init() {
	goldenCases = append(goldenCases,
		goldenCase{"help-bench", []string{"bench", "-h"}},
		goldenCase{"bench-missing-file", []string{"bench", tmpMark + "/missing.toml"}},
		goldenCase{"bench-bad-set", []string{"bench", smallToml, "--set", "simulation.sed=3"}},
		goldenCase{"bench-replications-zero", []string{"bench", "--replications", "0"}},
		goldenCase{"run-assert-held", []string{"run", assertsToml}},
		goldenCase{"run-assert-failed", []string{"run", assertsToml, "--assert", "total.cost_usd<=1", "--assert-on", "bound"}},
		goldenCase{"run-assert-unknown-metric", []string{"run", assertsToml, "--assert", "total.placement_latency_seconds.p59<=30"}},
		goldenCase{"run-assert-malformed", []string{"run", assertsToml, "--assert", "total.cost_usd=3"}},
		goldenCase{"run-assert-file-unknown-metric", []string{"run", "testdata/scenarios/assert-unknown-metric.toml"}},
		goldenCase{"run-assert-file-unknown-key", []string{"run", "testdata/scenarios/assert-unknown-key.toml"}},
		goldenCase{"run-assert-on-bad", []string{"run", "--assert-on", "median"}},
		goldenCase{"validate-assert-unknown-metric", []string{"validate", "testdata/scenarios/assert-unknown-metric.toml"}},
		goldenCase{"validate-assert-ok", []string{"validate", assertsToml}},
	)
}
