package simrun

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim/metric"
)

// TestNamespaceRegions: regions[...] names a player region of the
// scenario by name or index (canonical: the index, the scope's name in a
// run's per-replication scopes; TestNamespaceResolves checks the
// spellings), with its metric's unit and direction; regions[*] is for
// requirements only, an
// unknown region names the closest, and a scenario whose stream demands
// name no player region refuses regions[...] before anything runs, saying
// why and how to give one.
func TestNamespaceRegions(t *testing.T) {
	ns := resolved(t, "").Namespace() // names by region: TestNamespaceResolves
	if m, _ := ns.Metric("regions[0].own_continent_share"); m.Unit != metric.Fraction || m.Better != metric.HigherIsBetter {
		t.Errorf("own_continent_share: unit %q, better %v", m.Unit, m.Better)
	}
	if r, err := ns.Requirement("regions[*].latency_above_threshold_ratio<=0.05"); err != nil || !r.Metric.Canonical.Wild() || r.Hours() {
		t.Errorf("regions[*] requirement: %+v, %v", r, err)
	}
	if _, err := ns.Objective("regions[*].streamed_rtt_seconds.mean"); !errors.Is(err, ErrOneScope) {
		t.Errorf("regions[*] objective: %v, want ErrOneScope", err)
	}
	for text, want := range map[string]string{
		"regions[europe-centrl].placed<=1":             "did you mean europe-central?",
		"regions[2].placed<=1":                         "out of range [0, 2)",
		"regions[japan].placed<=1":                     `no player region "japan" in the run (it has europe-central, north-america-east)`,
		"regions[europe-central].placment<=1":          "did you mean regions[europe-central].placed",
		"regions[europe-central.placed<=1":             `no "]." closing the selector`,
		"regions[0].latency_above_threshold_ratio<=5%": "write regions[0].latency_above_threshold_ratio<=0.05",
	} {
		if _, err := ns.Requirement(text); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v; want it to say %q", text, err, want)
		}
	}
	noRegions := resolved(t, "", `demand[0].player_region=""`, `demand[1].player_region=""`).Namespace()
	fleetsOnly := namespaceOf(t, "fleet-buffer") // its demand's player_region is the queue's
	for _, ns := range []*Namespace{noRegions, fleetsOnly} {
		_, err := ns.Requirement("regions[*].latency_above_threshold_ratio<=0.05")
		if !errors.Is(err, reports.ErrUnknownMetric) || !strings.Contains(err.Error(), "no player regions") ||
			!strings.Contains(err.Error(), "player_region") {
			t.Errorf("a scenario without player regions: %v; want it refused saying why", err)
		}
	}
}

// spillSummaries runs the default scenario with the European players sent
// across the Atlantic (their demand may use us-east-1 only, about 106 ms
// away, above the 100 ms threshold) and returns its summary from the
// replications' results and from their per-replication scopes.
func spillSummaries(t *testing.T) (fromResults, fromScopes *reports.Summary) {
	t.Helper()
	r := resolved(t, "", "simulation.horizon=7h", "simulation.warmup=1h", "simulation.replications=4",
		`demand[0].locations=["us-east-1"]`, "stream_group[0].location[1].maximum=200")
	reps, err := r.Runs(0, 4, RunsOptions{Workers: 2})
	testutil.NoErr(t, err)
	meta := Meta(r.Scenario, "test")
	fromResults, err = Summary(meta, reps)
	testutil.NoErr(t, err)
	scopes := reps[0].Scopes()
	vals := make([][][]float64, len(reps))
	for i, x := range reps {
		vals[i] = x.Values(r.MeasuredSeconds())
	}
	testutil.NoErr(t, Fill(scopes, vals))
	fromScopes, err = ScopesSummary(meta, scopes)
	testutil.NoErr(t, err)
	return fromResults, fromScopes
}

// TestRegionRequirementsJudged: in a two-region run where the European
// players stream from North America, the one judge fails a latency
// requirement on europe-central and holds it on north-america-east, the
// wildcard fails with europe-central the worst scope while the total
// (both regions' sessions together) holds under the same limit; the
// per-replication scopes (what sweeps, shards and optimize store) give
// the player regions byte for byte as the run's summary does, and judge
// alike.
func TestRegionRequirementsJudged(t *testing.T) {
	s, fromScopes := spillSummaries(t)
	ns := SummaryNamespace(s)
	reqs, err := ns.Requirements([]string{
		"regions[europe-central].latency_above_threshold_ratio<=0.8",
		"regions[north-america-east].latency_above_threshold_ratio<=0.8",
		"regions[*].latency_above_threshold_ratio<=0.8",
		"total.latency_above_threshold_ratio<=0.8",
	}, func(_ int, err error) error { return err })
	testutil.NoErr(t, err)
	eu, _ := s.Metric("regions[europe-central].latency_above_threshold_ratio")
	na, _ := s.Metric("regions[north-america-east].latency_above_threshold_ratio")
	total, _ := s.Metric("total.latency_above_threshold_ratio")
	if eu.Mean < 0.95 || na.Mean > 0.2 || total.Mean > 0.7 {
		t.Fatalf("above-threshold ratios: europe %v, north america %v, total %v; want the Europeans nearly all above 100 ms", eu, na, total)
	}
	status, as, err := Decide(s, reqs)
	testutil.NoErr(t, err)
	if status != Fails || !as[0].Fails || !as[1].Holds || !as[2].Fails || as[2].Scope != "regions[europe-central]" || len(as[2].Scopes) != 2 || !as[3].Holds {
		t.Errorf("status %v; europe %+v; north america %+v; every region %+v; total %+v", status, as[0], as[1], as[2], as[3])
	}
	gate, err := Gate(s, reqs[1:2], true)
	if err != nil || gate != nil {
		t.Errorf("north america's gate: %v, %v; want it held", gate, err)
	}
	if gate, _ := Gate(s, reqs[2:3], false); gate == nil || !strings.Contains(gate.Error(), "(worst of 2 scopes: regions[europe-central])") {
		t.Errorf("every region's gate: %v; want it failed at europe-central", gate)
	}
	regions := func(s *reports.Summary) string {
		var buf bytes.Buffer
		testutil.NoErr(t, s.WriteJSON(&buf))
		var doc struct {
			PlayerRegions json.RawMessage `json:"player_regions"`
		}
		testutil.NoErr(t, json.Unmarshal(buf.Bytes(), &doc))
		return string(doc.PlayerRegions)
	}
	if ra, rb := regions(s), regions(fromScopes); ra != rb || !strings.Contains(ra, `"north-america-east"`) {
		t.Errorf("player regions from the scopes:\n%s\nfrom the results:\n%s", rb, ra)
	}
	again, _, err := Decide(fromScopes, reqs)
	if err != nil || again != status {
		t.Errorf("judged on the scopes: %v, %v; on the results %v", again, err, status)
	}
}
