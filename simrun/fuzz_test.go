package simrun

import (
	"math"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/scenarios"
)

// FuzzRequirement: any requirement text (--require, --assert, an
// [[assert]], a job file's) is a requirement on a metric the scenario has,
// or an error; never a panic. One read is a name, an operator and a
// number, and its String reads back as the same requirement on the same
// metric. A scenario of fleets only takes no requirement on a stream
// metric.
func FuzzRequirement(f *testing.F) {
	for _, s := range []string{
		"total.placement_latency_seconds.p95<=30", "locations[1].cost_usd < 5", "locations[starlight/us-east-1].utilisation>=0.5",
		"fleet_total.cost_usd<=10", "total.cost_usd<=1e400", "total.cost_usd<=NaN", "total.cost_usd<=30s", "total.cost_usd=3",
		"locations[99].cost_usd<=1", "totl.cost_usd<=1", "<=1", "total.cost_usd<=-0", "total.cost_usd<=<=1",
		"regions[europe-central].latency_above_threshold_ratio<=0.05", "regions[*].streamed_rtt_seconds.p95<0.1",
		"regions[1].own_continent_share>=0.9", "regions[japan].placed>1", "regions[europe-centrl].placed<=1", "regions[].placed<=1",
	} {
		f.Add(s)
	}
	streams := namespaceOf(f, "")
	fleets := namespaceOf(f, "fleet-buffer")
	f.Fuzz(func(t *testing.T, text string) {
		for i, ns := range []*Namespace{streams, fleets} {
			r, err := ns.Requirement(text)
			if err != nil {
				continue
			}
			if math.IsNaN(r.Limit) || r.Op == "" || r.Metric.Name != r.Name {
				t.Fatalf("%q read as %+v", text, r)
			}
			if i == 1 && !r.Metric.Canonical.Scope.Fleet() {
				t.Fatalf("%q: a stream metric required of a scenario of fleets only", text)
			}
			again, err := ns.Requirement(r.String())
			if err != nil || again.Op != r.Op || again.Limit != r.Limit || again.Metric.Canonical != r.Metric.Canonical {
				t.Fatalf("%q read as %q, which reads back as %+v, %v", text, r.String(), again, err)
			}
		}
	})
}

// namespaceOf is the metric namespace of an example scenario ("" the
// default).
func namespaceOf(tb testing.TB, example string) *Namespace {
	sc, err := scenarios.Default()
	if example != "" {
		sc, err = scenarios.Example(example)
	}
	testutil.NoErr(tb, err)
	r, err := Resolve(sc, Metrics)
	testutil.NoErr(tb, err)
	return r.Namespace()
}
