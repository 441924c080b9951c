package capsimtest

import (
	"sync"
	"testing"

	"github.com/capsim/capsim/simrun/benchout"
)

// Options change the scenario a benchmark runs: field overrides as
// capsim run --set takes them, the replications and the workers.
type Options = benchout.Options

// calls counts the calls of Benchmark per benchmark name and resolved
// scenario in this process: the k-th call (k from 0) simulates
// replication block k.
var calls struct {
	sync.Mutex
	n map[string]int
}

// Benchmark runs the scenario at path (the embedded default scenario if
// path is "") with opts and reports its key metrics with b.ReportMetric:
// for the stream groups' total each of [benchout.StreamMetrics] under its
// own name (placement_latency_seconds.p95, cost_usd, ...), for the fleets'
// total each of [benchout.FleetMetrics] prefixed "fleet_total.", each the
// mean over the scenario's replications ([benchout.Means]), and
// ns/session, the simulator's wall time per simulated session. An op is
// one run of every replication.
//
// The k-th call of a benchmark (by name and resolved scenario) in a process (go test -count N calls it N
// times) simulates the k-th block of replications (with R replications,
// replications kR to kR+R-1), so that the N samples benchstat compares
// are independent estimates; the metrics of each call do not depend on
// b.N or the machine, only ns/op and ns/session do. A bad scenario fails
// the benchmark.
func Benchmark(b *testing.B, path string, opts Options) {
	b.Helper()
	sc, err := benchout.Load(path, opts)
	if err != nil {
		b.Fatal(err)
	}
	calls.Lock()
	if calls.n == nil {
		calls.n = map[string]int{}
	}
	key := b.Name() + "\x00" + sc.SHA256()
	k := calls.n[key]
	calls.n[key]++
	calls.Unlock()
	n := sc.Simulation.Replications
	var reps []benchout.Replication
	for b.Loop() {
		if reps, err = benchout.Simulate(sc, k*n, n, benchout.SimulateOptions{Workers: opts.Workers}); err != nil {
			b.Fatal(err)
		}
	}
	for _, m := range benchout.Means(reps) {
		b.ReportMetric(m.Value, m.Unit)
	}
}
