package optimize

import (
	"errors"
	"slices"
	"testing"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim/metric"
	"github.com/capsim/capsim/simrun"
)

// TestTrendsAreDeclared: every metric of known trend is declared by its
// model, under the name the trend table gives it (a renamed metric would
// otherwise turn silently Unknown and be refused).
func TestTrendsAreDeclared(t *testing.T) {
	names := func(infos []metric.Info) []string {
		var out []string
		for _, in := range infos {
			out = append(out, in.Name)
		}
		return out
	}
	declared := map[string][]string{
		"streams": names(metric.Infos(streams.Metrics)),
		"hours":   names(metric.Infos(streams.HourMetrics)),
		"regions": names(metric.Infos(streams.RegionMetrics)),
		"fleets":  names(metric.Infos(fleets.Metrics)),
	}
	for model, ms := range trends {
		for name := range ms {
			if !slices.Contains(declared[model], name) {
				t.Errorf("trends[%q][%q]: no such metric declared", model, name)
			}
		}
	}
}

// TestOrient: minimizing a cost, requirements that capacity helps (the
// player's wait per location, failures per hour) are walked and a cost
// cap is checked on every plan; minimizing failures walks by the cost
// cap; a metric of unknown trend and an objective of opposite trends are
// refused before anything runs.
func TestOrient(t *testing.T) {
	ns := defaultNamespace(t)
	reqs := func(texts ...string) []simrun.Requirement {
		out, err := ns.Requirements(texts, func(i int, err error) error { return err })
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	obj := func(text string) simrun.Objective {
		o, err := ns.Objective(text)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	rs := reqs("locations[*].time_to_first_frame_seconds.p95<=60", "hours[*].placement_failure_ratio<=0.01",
		"total.latency_above_threshold_ratio<=0.05", "total.cost_usd<=700")
	dir, walk, err := Orient(obj("total.cost_usd"), rs)
	if err != nil || dir != 1 || !slices.Equal(walk, []bool{true, true, true, false}) {
		t.Errorf("minimizing cost: direction %d, walk %v, %v; want 1, [true true true false]", dir, walk, err)
	}
	dir, walk, err = Orient(obj("total.cost_usd"), reqs("regions[*].latency_above_threshold_ratio<=0.05",
		"regions[europe-central].own_continent_share>=0.9", "regions[1].placed<=10"))
	if err != nil || dir != 1 || !slices.Equal(walk, []bool{true, true, false}) {
		t.Errorf("minimizing cost, players kept near home: direction %d, walk %v, %v; want 1, [true true false]", dir, walk, err)
	}
	if o := obj("regions[north-america-east].streamed_rtt_seconds.mean"); trendOf(o.Terms[0]) != Falls {
		t.Errorf("a region's round trip: trend %v, want Falls", trendOf(o.Terms[0]))
	}
	dir, walk, err = Orient(obj("total.cost_usd"), reqs("total.placement_failure_ratio<=0.01", "total.quota_stalled_allocations<=0"))
	if err != nil || dir != 1 || !slices.Equal(walk, []bool{true, false}) {
		t.Errorf("minimizing cost within the GPU quotas: direction %d, walk %v, %v; want 1, [true false]", dir, walk, err)
	}
	dir, walk, err = Orient(obj("total.placement_failure_ratio"), reqs("total.cost_usd<=700"))
	if err != nil || dir != -1 || !slices.Equal(walk, []bool{true}) {
		t.Errorf("minimizing failures under a cost cap: direction %d, walk %v, %v; want -1, [true]", dir, walk, err)
	}
	if _, _, err := Orient(obj("total.cost_usd"), reqs("total.requests>=10")); !errors.Is(err, design.ErrDesign) {
		t.Errorf("a requirement on requests: %v, want a design error", err)
	}
	if _, _, err := Orient(obj("total.cost_usd+total.placement_failure_ratio"), nil); !errors.Is(err, design.ErrDesign) {
		t.Errorf("an objective of opposite trends: %v, want a design error", err)
	}
}

// TestWaitMetric: optimize's figures show the player's wait when a
// requirement limits it, in any stream scope, and the placement wait
// otherwise.
func TestWaitMetric(t *testing.T) {
	ns := defaultNamespace(t)
	for _, c := range []struct {
		reqs []string
		want string
	}{
		{[]string{"total.placement_failure_ratio<=0.01", "locations[*].time_to_first_frame_seconds.p95<=60"}, "time_to_first_frame_seconds.p95"},
		{[]string{"total.placement_latency_seconds.p95<=30"}, "placement_latency_seconds.p95"},
	} {
		reqs, err := ns.Requirements(c.reqs, func(i int, err error) error { return err })
		if err != nil {
			t.Fatal(err)
		}
		if got := WaitMetric(reqs); got != c.want {
			t.Errorf("WaitMetric(%v) = %s, want %s", c.reqs, got, c.want)
		}
	}
}

// defaultNamespace is the default scenario's metric names.
func defaultNamespace(t *testing.T) *simrun.Namespace {
	t.Helper()
	sc, err := scenarios.Default()
	if err != nil {
		t.Fatal(err)
	}
	r, err := simrun.Resolve(sc, simrun.Metrics)
	if err != nil {
		t.Fatal(err)
	}
	return r.Namespace()
}
