package simrun

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim/metric"
)

func resolved(t *testing.T, example string, sets ...string) *Resolved {
	t.Helper()
	sc, err := scenarios.Default()
	if example != "" {
		sc, err = scenarios.Example(example)
	}
	testutil.NoErr(t, err)
	testutil.NoErr(t, sc.SetAll(sets))
	r, err := Resolve(sc, Metrics)
	testutil.NoErr(t, err)
	return r
}

// TestNamespaceResolves: every selector form resolves to the canonical
// index form, with the metric's unit and direction.
func TestNamespaceResolves(t *testing.T) {
	ns := resolved(t, "").Namespace()
	for text, canon := range map[string]string{
		"total.placement_latency_seconds.p95":           "total.placement_latency_seconds.p95",
		"locations[1].cost_usd":                         "locations[1].cost_usd",
		"locations[us-east-1].cost_usd":                 "locations[1].cost_usd",
		"locations[starlight/eu-central-1].utilisation": "locations[0].utilisation",
		// a player region by name or index (regions_test.go)
		"regions[europe-central].latency_above_threshold_ratio": "regions[0].latency_above_threshold_ratio",
		"regions[north-america-east].own_continent_share":       "regions[1].own_continent_share",
		"regions[1].streamed_rtt_seconds.p95":                   "regions[1].streamed_rtt_seconds.p95",
	} {
		m, err := ns.Metric(text)
		if err != nil || m.Canonical.String() != canon || m.Name != text {
			t.Errorf("%s: %+v %v; want canonical %s", text, m, err, canon)
		}
	}
	m, _ := ns.Metric("total.placement_latency_seconds.p95")
	if m.Unit != metric.Seconds || m.Better != metric.LowerIsBetter {
		t.Errorf("p95: unit %q, better %v", m.Unit, m.Better)
	}
	if _, err := ns.Metric("fleet_total.cost_usd"); !errors.Is(err, reports.ErrUnknownMetric) {
		t.Errorf("fleet_total of a scenario without fleets: %v", err)
	}
}

// TestNamespaceErrorsSayHowToFix: an unknown metric or scope names the
// closest names; a limit with a unit says to write the plain number, in
// the metric's unit.
func TestNamespaceErrorsSayHowToFix(t *testing.T) {
	ns := resolved(t, "").Namespace()
	for text, want := range map[string]string{
		"total.latency_p95<=30":                      "did you mean",
		"totl.cost_usd<=3":                           "did you mean total.cost_usd",
		"locations[eu-centrl-1].cost_usd<=3":         `no location "eu-centrl-1"; did you mean eu-central-1`,
		"total.placement_latency_seconds.p95<=30s":   "write total.placement_latency_seconds.p95<=30 (total.placement_latency_seconds.p95 is in s)",
		"total.placement_failure_ratio<=1%":          "write total.placement_failure_ratio<=0.01 (total.placement_failure_ratio is in fraction)",
		"total.cost_usd=3":                           "want NAME<=X, NAME<X, NAME>=X or NAME>X",
		"locations[starlight/eu-central-1].x<=1":     "unknown metric",
		"fleets[0].placement_latency_seconds.p95<=1": "unknown metric",
	} {
		_, err := ns.Requirement(text)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v; want it to say %q", text, err, want)
		}
	}
}

// TestSameTextSameVerdict: a metric name is accepted or refused the same
// way as a requirement's, an assertion's and an objective's term, before
// anything runs.
func TestSameTextSameVerdict(t *testing.T) {
	ns := resolved(t, "").Namespace()
	for _, name := range []string{"total.cost_usd", "locations[starlight/eu-central-1].cost_usd", "locations[1].cost_usd",
		"locations[us-east-1].cost_usd", "total.cost", "locations[9].cost_usd", "fleet_total.cost_usd", "locations[eu].cost_usd"} {
		_, errM := ns.Metric(name)
		_, errR := ns.Requirement(name + "<=1")
		_, errO := ns.Objective(name)
		if (errM == nil) != (errR == nil) || (errM == nil) != (errO == nil) {
			t.Errorf("%s: metric %v, requirement %v, objective %v", name, errM, errR, errO)
		}
	}
}

// TestObjectiveSeries: an objective sums its terms per replication, each
// term read from the scope its name selects, whatever the selector form.
func TestObjectiveSeries(t *testing.T) {
	ns := resolved(t, "").Namespace()
	o, err := ns.Objective("locations[starlight/us-east-1].cost_usd + total.idle_cost_usd")
	if err != nil {
		t.Fatal(err)
	}
	scopes := []Scope{
		{Name: "locations[1]", Metrics: []Series{{Name: "cost_usd", Reps: Values{1, 2, math.NaN()}}}},
		{Name: "total", Metrics: []Series{{Name: "idle_cost_usd", Reps: Values{10, 20, 30}}}},
	}
	got, err := o.Series(scopes)
	if err != nil || len(got) != 3 || got[0] != 11 || got[1] != 22 || !math.IsNaN(got[2]) {
		t.Errorf("series %v, %v; want 11, 22, NaN", got, err)
	}
	if _, err := o.Series(scopes[1:]); err == nil {
		t.Error("a term missing from the results: no error")
	}
	if o.Fleet() {
		t.Error("a stream objective reads as the fleets'")
	}
}

// TestNamespaceWildcardsAndHours: requirements accept locations[*] and
// hours (any hour, or *), which NeedsHours notices; a single value (an
// objective, an analysed metric) refuses both with ErrOneScope; a
// wildcard of a kind the scenario lacks is unknown; a run recording hours
// gives the 24 hour scopes a requirement on them is judged on.
func TestNamespaceWildcardsAndHours(t *testing.T) {
	r := resolved(t, "", "simulation.horizon=4h", "simulation.warmup=1h", "simulation.replications=2")
	ns := r.Namespace()
	reqs, err := ns.Requirements([]string{"locations[*].placement_failure_ratio<=0.01", "hours[*].placement_latency_seconds.p95<=30"},
		func(_ int, err error) error { return err })
	if err != nil || len(reqs) != 2 || reqs[0].Hours() || !reqs[1].Hours() || !NeedsHours(reqs) || NeedsHours(reqs[:1]) {
		t.Fatalf("requirements: %+v, %v", reqs, err)
	}
	for _, text := range []string{"locations[*].cost_usd", "hours[3].placement_failure_ratio"} {
		if _, err := ns.Metric(text); !errors.Is(err, ErrOneScope) {
			t.Errorf("Metric(%s): %v, want ErrOneScope", text, err)
		}
		if _, err := ns.Objective(text); !errors.Is(err, ErrOneScope) {
			t.Errorf("Objective(%s): %v, want ErrOneScope", text, err)
		}
	}
	if _, err := ns.Requirement("fleets[*].timed_out_ratio<=0.01"); !errors.Is(err, reports.ErrUnknownMetric) {
		t.Errorf("fleets[*] without fleets: %v", err)
	}
	reps, err := r.RecordHours().Runs(0, 2, RunsOptions{Workers: 1})
	testutil.NoErr(t, err)
	s, err := Summary(Meta(r.Scenario, "test"), reps)
	testutil.NoErr(t, err)
	if len(s.Hours) != 24 {
		t.Fatalf("%d hours recorded", len(s.Hours))
	}
	v, err := Criterion{}.Verdict(s, reqs)
	if err != nil || len(v.Requirements) != 2 || v.Requirements[1].Scope == "" || len(v.Requirements[1].Scopes) == 0 {
		t.Errorf("verdict: %+v, %v", v, err)
	}
	scopes := reps[0].Scopes()
	regions := len(r.Streams.PlayerRegions) // the player regions follow the hours
	if last := scopes[len(scopes)-1-regions]; regions != 2 || last.Name != "hours[23]" || last.Model != "hours" ||
		len(reps[0].Values(r.MeasuredSeconds())) != len(scopes) {
		t.Errorf("%d player regions; the hours end with %+v; %d values for %d scopes", regions, last, len(reps[0].Values(r.MeasuredSeconds())), len(scopes))
	}
}
