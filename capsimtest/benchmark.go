package capsimtest

import (
	"math"
	"sync"
	"testing"

	"github.com/capsim/capsim/experiment"
	"github.com/capsim/capsim/sim"
)

// calls counts the calls of Benchmark per benchmark name and resolved
// scenario in this process: the k-th call (k from 0) simulates
// replication block k.
var calls struct {
	sync.Mutex
	n map[string]int
}

// Benchmark runs the scenario at path (the embedded default scenario if
// path is "") with opts and reports its key metrics with b.ReportMetric:
// for the stream groups' total each of [StreamMetrics] under its own name
// (placement_latency_seconds.p95, cost_usd, ...), for the fleets' total
// each of [FleetMetrics] prefixed "fleet_total.", each the mean over the
// scenario's replications, and ns/session, the simulator's wall time per
// simulated session. An op is one run of every replication.
//
// The k-th call of a benchmark (by name and resolved scenario) in a process (go test -count N calls it N
// times) simulates the k-th block of replications (with R replications,
// replications kR to kR+R-1), so that the N samples benchstat compares
// are independent estimates; the metrics of each call do not depend on
// b.N or the machine, only ns/op and ns/session do. A bad scenario fails
// the benchmark.
func Benchmark(b *testing.B, path string, opts Options) {
	b.Helper()
	sc, err := Load(path, opts)
	if err != nil {
		b.Fatal(err)
	}
	if _, _, err := sc.BuildAll(); err != nil {
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
	var reps []Replication
	for b.Loop() {
		if reps, err = Simulate(sc, k*n, n, SimulateOptions{Workers: opts.Workers}); err != nil {
			b.Fatal(err)
		}
	}
	for _, m := range Means(reps) {
		b.ReportMetric(m.Value, m.Unit)
	}
}

// Mean is a metric's mean over replications, under the unit Benchmark
// reports it with.
type Mean struct {
	Unit  string
	Value float64
}

// Means are the means over reps of the key metrics of the stream groups'
// total and the fleets' total (units prefixed "fleet_total."), undefined
// ones left out, and ns/session: both models' wall time per session
// over all replications.
func Means(reps []Replication) []Mean {
	if len(reps) == 0 {
		return nil
	}
	var out []Mean
	for si, s := range reps[0].Scopes {
		if s.Location != "" || s.Model == "streams" && !hasLocations(reps[0].Scopes, "streams") {
			continue
		}
		names, prefix := StreamMetrics, ""
		if s.Model == "fleets" {
			names, prefix = FleetMetrics, "fleet_total."
		}
		for _, name := range names {
			vals := make([]float64, len(reps))
			for i, r := range reps {
				vals[i] = value(r.Scopes[si], name)
			}
			if m := sim.NewEstimate(vals).Mean; !math.IsNaN(m) { // the mean summary.json shows
				out = append(out, Mean{Unit: prefix + name, Value: m})
			}
		}
	}
	if ns := nsPerSession(reps); !math.IsNaN(ns) {
		out = append(out, Mean{Unit: NsPerSession, Value: ns})
	}
	return out
}

// value is the metric's value in a replication's scope (NaN: undefined).
func value(s experiment.Scope, name string) float64 {
	for _, m := range s.Metrics {
		if m.Name == name && len(m.Reps) == 1 {
			return m.Reps[0]
		}
	}
	return math.NaN()
}

// nsPerSession is both models' wall time over their sessions, all
// replications together (NaN without sessions).
func nsPerSession(reps []Replication) float64 {
	var ns, sessions float64
	for _, r := range reps {
		for _, model := range []string{"streams", "fleets"} {
			ns += float64(r.Elapsed[model].Nanoseconds())
			sessions += float64(r.Sessions[model])
		}
	}
	if sessions == 0 {
		return math.NaN()
	}
	return ns / sessions
}
