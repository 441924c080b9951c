package capsimtest_test

import (
	"fmt"
	"testing"

	"github.com/capsim/capsim/capsimtest"
	"github.com/capsim/capsim/simrun/benchout"
)

// TestBenchmarkBlocks: the k-th call of a benchmark reports the means of
// replication block k, whatever b.N.
func TestBenchmarkBlocks(t *testing.T) {
	opts := capsimtest.Options{Replications: 2, Set: []string{"simulation.horizon=2h"}}
	path := "../scenarios/default.toml"
	bench := func(b *testing.B) { capsimtest.Benchmark(b, path, opts) }
	r0, r1 := testing.Benchmark(bench), testing.Benchmark(bench)
	sc, err := benchout.Load(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	for k, r := range []testing.BenchmarkResult{r0, r1} {
		reps, err := benchout.Simulate(sc, 2*k, 2, benchout.SimulateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range benchout.Means(reps) {
			if m.Unit != benchout.NsPerSession && r.Extra[m.Unit] != m.Value {
				t.Errorf("call %d: %s = %v, block %d's mean %v", k, m.Unit, r.Extra[m.Unit], k, m.Value)
			}
		}
		if r.Extra[benchout.NsPerSession] <= 0 {
			t.Errorf("call %d: ns/session %v", k, r.Extra[benchout.NsPerSession])
		}
	}
	if r0.Extra["cost_usd"] == r1.Extra["cost_usd"] {
		t.Errorf("both calls report cost %v: the same replications", r0.Extra["cost_usd"])
	}
}

// ExampleBenchmark runs the embedded default scenario as a Go benchmark:
// in a studio's repository, the function would be a BenchmarkXxx of a
// _test.go file, run with go test -bench . -count 10 and compared with
// benchstat.
func ExampleBenchmark() {
	r := testing.Benchmark(func(b *testing.B) {
		capsimtest.Benchmark(b, "", capsimtest.Options{Replications: 4})
	})
	for _, unit := range []string{"placement_latency_seconds.mean", "placement_failure_ratio", "utilisation", "cost_usd"} {
		fmt.Printf("%s %.4g\n", unit, r.Extra[unit])
	}
	// Output:
	// placement_latency_seconds.mean 0.1685
	// placement_failure_ratio 0
	// utilisation 0.8733
	// cost_usd 716.6
}
