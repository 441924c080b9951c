package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/sim"
)

// fleetTS builds a 3-bucket timeseries of 600 s: instances inst, active
// sessions act, idle = inst*2-act (2 processes per instance), desired inst+1,
// requests act*3 and one scaling action in bucket 1.
func fleetTS(inst, act [3]float64) *fleets.Timeseries {
	return threeBuckets(600, fleets.RowWidth, func(k int, row []float64) {
		row[fleets.ColInstances] = inst[k]
		row[fleets.ColActive] = act[k]
		row[fleets.ColIdle] = 2*inst[k] - act[k]
		row[fleets.ColDesired] = inst[k] + 1
		row[fleets.ColRequests] = 3 * act[k]
		row[fleets.ColScaling] = float64(k % 2)
	})
}

// fleetMeasured is the measured period of the synthetic fleet run: 2 h.
const fleetMeasured = 7200.0

// syntheticFleets returns two replications of two fleet locations: an EC2
// fleet "arena" in us-east-1 (A) and a FleetIQ group "fiq" in eu-west-1
// (B). B has no placement (and no latency) in replication 1.
func syntheticFleets() []*fleets.Result {
	a := func() fleets.LocationResult {
		return fleets.LocationResult{Fleet: "arena", Location: "us-east-1", Kind: fleets.KindEC2}
	}
	b := func() fleets.LocationResult {
		return fleets.LocationResult{Fleet: "fiq", Location: "eu-west-1", Kind: fleets.KindFleetIQ}
	}
	a0 := a()
	a0.Placements = 100
	a0.ByStatus = [fleets.NumPlacementStatuses]int64{1, 90, 6, 2, 1}
	a0.Latency = sketchOf(latA0())
	a0.Terminations = [fleets.NumGameSessionReasons]int64{80, 3, 2, 1}
	a0.Errors, a0.TerminateRejected, a0.DuplicateEnds, a0.LostEnds, a0.ExpiredGames, a0.Interruptions = 1, 2, 3, 4, 4, 3
	a0.InstanceSeconds, a0.SpotInstanceSeconds = 10*fleetMeasured, 4*fleetMeasured
	a0.ProcessSlotSeconds, a0.ActiveSessionSeconds = 20*fleetMeasured, 15*fleetMeasured
	a0.IdleProcessSeconds, a0.StuckTerminatingSeconds, a0.ExpiredGameSeconds = 5*fleetMeasured, 1800, 3600
	a0.MaxInstances, a0.ScalingActions, a0.BufferLimited = 14, 7, 0
	a0.ScaleInTerminations = 1
	a0.CostUSD, a0.IdleCostUSD = 20, 5
	a0.Timeseries = fleetTS([3]float64{8, 10, 12}, [3]float64{10, 14, 20})

	a1 := a()
	a1.Placements = 120
	a1.ByStatus = [fleets.NumPlacementStatuses]int64{0, 100, 12, 4, 4}
	a1.Latency = sketchOf(latA1())
	a1.Terminations = [fleets.NumGameSessionReasons]int64{95, 5, 0, 1}
	a1.Errors, a1.TerminateRejected, a1.DuplicateEnds, a1.LostEnds, a1.ExpiredGames, a1.Interruptions = 3, 0, 1, 2, 2, 5
	a1.InstanceSeconds, a1.SpotInstanceSeconds = 12*fleetMeasured, 6*fleetMeasured
	a1.ProcessSlotSeconds, a1.ActiveSessionSeconds = 24*fleetMeasured, 16*fleetMeasured
	a1.IdleProcessSeconds, a1.StuckTerminatingSeconds, a1.ExpiredGameSeconds = 8*fleetMeasured, 0, 7200
	a1.MaxInstances, a1.ScalingActions, a1.BufferLimited = 16, 9, 0
	a1.CostUSD, a1.IdleCostUSD = 24, 8
	a1.Timeseries = fleetTS([3]float64{9, 11, 13}, [3]float64{11, 15, 22})

	b0 := b()
	b0.Placements = 40
	b0.ByStatus = [fleets.NumPlacementStatuses]int64{0, 40, 0, 0, 0}
	b0.OutOfCapacity, b0.ClaimLapses = 6, 2
	b0.Latency = sketchOf(latB0())
	b0.Terminations = [fleets.NumGameSessionReasons]int64{38, 0, 0, 0}
	b0.InstanceSeconds, b0.ProcessSlotSeconds, b0.ActiveSessionSeconds, b0.IdleProcessSeconds = 2*fleetMeasured, 4*fleetMeasured, 3*fleetMeasured, fleetMeasured
	b0.MaxInstances, b0.ScalingActions, b0.BufferLimited = 3, 2, 1
	b0.CostUSD, b0.IdleCostUSD = 4, 1
	b0.Timeseries = fleetTS([3]float64{2, 2, 2}, [3]float64{3, 3, 3})

	b1 := b()
	b1.Latency = sim.NewSketch() // nothing claimed
	b1.InstanceSeconds, b1.ProcessSlotSeconds, b1.IdleProcessSeconds = 1*fleetMeasured, 2*fleetMeasured, 2*fleetMeasured
	b1.MaxInstances, b1.ScalingActions, b1.BufferLimited = 1, 0, 3
	b1.CostUSD, b1.IdleCostUSD = 2, 2
	b1.Timeseries = fleetTS([3]float64{1, 1, 1}, [3]float64{0, 0, 0})

	return []*fleets.Result{
		{Locations: []fleets.LocationResult{a0, b0}, Events: 1000, Requests: 140},
		{Locations: []fleets.LocationResult{a1, b1}, Events: 1100, Requests: 120},
	}
}

// fleetSummaries and fleetTotal are the two halves of NewSummary's fleet
// part.
func fleetSummaries(measured float64, rs []*fleets.Result) ([]FleetSummary, error) {
	fs, _, err := summarizeFleets(measured, rs)
	return fs, err
}

func fleetTotal(measured float64, rs []*fleets.Result) (*FleetMetrics, error) {
	_, tot, err := summarizeFleets(measured, rs)
	return tot, err
}

func TestSummarizeFleets(t *testing.T) {
	rs := syntheticFleets()
	fs, err := fleetSummaries(fleetMeasured, rs)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 {
		t.Fatalf("%d fleet summaries, want 2", len(fs))
	}
	a, b := &fs[0], &fs[1]
	if a.Fleet != "arena" || a.Location != "us-east-1" || a.Kind != "ec2" || b.Fleet != "fiq" || b.Kind != "fleetiq" {
		t.Fatalf("identities: %s/%s (%s), %s/%s (%s)", a.Fleet, a.Location, a.Kind, b.Fleet, b.Location, b.Kind)
	}
	checkEst(t, "A placements", a.Get("placements"), est2(100, 120))
	checkEst(t, "A fulfilled", a.Get("fulfilled"), est2(90, 100))
	checkEst(t, "A timed out", a.Get("timed_out"), est2(6, 12))
	checkEst(t, "A cancelled", a.Get("cancelled"), est2(2, 4))
	checkEst(t, "A failed", a.Get("failed"), est2(1, 4))
	checkEst(t, "A pending", a.Get("pending"), est2(1, 0))
	checkEst(t, "A timed-out ratio", a.Get("timed_out_ratio"), est2(0.06, 0.1))
	checkEst(t, "A out of capacity", a.Get("out_of_capacity"), est2(0, 0))
	la0, la1 := sketchOf(latA0()), sketchOf(latA1())
	checkEst(t, "A latency mean", a.Get("placement_latency_seconds.mean"), est2(avg(latA0()), avg(latA1())))
	checkEst(t, "A latency p95", a.Get("placement_latency_seconds.p95"), est2(la0.Quantile(0.95), la1.Quantile(0.95)))
	checkEst(t, "A instances mean", a.Get("instances.mean"), est2(10, 12))
	checkEst(t, "A Spot instances mean", a.Get("instances.spot_mean"), est2(4, 6))
	checkEst(t, "A instances max", a.Get("instances.max"), est2(14, 16))
	checkEst(t, "A utilisation", a.Get("utilisation"), est2(0.75, 16.0/24))
	checkEst(t, "A idle process-hours", a.Get("idle_process_hours"), est2(10, 16))
	checkEst(t, "A stuck process-hours", a.Get("stuck_terminating_process_hours"), est2(0.5, 0))
	checkEst(t, "A expired games", a.Get("expired_games"), est2(4, 2))
	checkEst(t, "A expired process-hours", a.Get("expired_game_process_hours"), est2(1, 2))
	checkEst(t, "A interruptions", a.Get("interruptions"), est2(3, 5))
	checkEst(t, "A terminate rejected", a.Get("terminate_rejected"), est2(2, 0))
	checkEst(t, "A duplicate ends", a.Get("duplicate_ends"), est2(3, 1))
	checkEst(t, "A lost ends", a.Get("lost_ends"), est2(4, 2))
	checkEst(t, "A scaling actions", a.Get("scaling_actions"), est2(7, 9))
	checkEst(t, "A scale-in terminations", a.Get("scale_in_terminations"), est2(1, 0))
	checkEst(t, "A cost", a.Get("cost_usd"), est2(20, 24))
	checkEst(t, "A idle cost", a.Get("idle_cost_usd"), est2(5, 8))
	checkEst(t, "A errors", a.Get("errors"), est2(1, 3))
	wantTerm := map[string]sim.Estimate{"normal": est2(80, 95), "INTERRUPTED": est2(3, 5),
		"TRIGGERED_ON_PROCESS_TERMINATE": est2(2, 0), "FORCE_TERMINATED": est2(1, 1), "SCALED_IN": est2(0, 0), "EXPIRED": est2(0, 0)}
	if n := keysUnder(&a.FleetMetrics, "terminations_by_reason."); n != len(wantTerm) {
		t.Errorf("A has %d terminations keys, want %d", n, len(wantTerm))
	}
	for k, w := range wantTerm {
		checkEst(t, "A terminations "+k, a.Get("terminations_by_reason."+k), w)
	}

	// B: no placement in replication 1, so ratios and latencies rest on
	// replication 0 alone; counts still average both.
	checkEst(t, "B placements", b.Get("placements"), est2(40, 0))
	checkEst(t, "B timed-out ratio", b.Get("timed_out_ratio"), est1(0))
	checkEst(t, "B latency p50", b.Get("placement_latency_seconds.p50"), est1(sketchOf(latB0()).Quantile(0.5)))
	checkEst(t, "B out of capacity", b.Get("out_of_capacity"), est2(6, 0))
	checkEst(t, "B claim lapses", b.Get("claim_lapses"), est2(2, 0))
	checkEst(t, "B utilisation", b.Get("utilisation"), est2(0.75, 0))
	checkEst(t, "B buffer limited", b.Get("buffer_limited"), est2(1, 3))

	// One replication: every CI is undefined.
	one, err := fleetSummaries(fleetMeasured, rs[:1])
	if err != nil {
		t.Fatal(err)
	}
	checkEst(t, "one replication: A cost", one[0].Get("cost_usd"), est1(20))

	// measured 0: instance means undefined, the rest unaffected.
	zero, err := fleetSummaries(0, rs)
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(zero[0].Get("instances.mean").Mean) || zero[0].Get("instances.max").Mean != 15 {
		t.Errorf("measured 0: instances %+v", zero[0].Get("instances.mean"))
	}
}

func TestSummarizeFleetTotal(t *testing.T) {
	rs := syntheticFleets()
	tot, err := fleetTotal(fleetMeasured, rs)
	if err != nil {
		t.Fatal(err)
	}
	checkEst(t, "total placements", tot.Get("placements"), est2(140, 120))
	checkEst(t, "total timed-out ratio", tot.Get("timed_out_ratio"), est2(6.0/140, 12.0/120))
	checkEst(t, "total latency p95", tot.Get("placement_latency_seconds.p95"),
		est2(sketchOf(latA0(), latB0()).Quantile(0.95), sketchOf(latA1()).Quantile(0.95)))
	checkEst(t, "total instances mean", tot.Get("instances.mean"), est2(12, 13))
	checkEst(t, "total instances max", tot.Get("instances.max"), sim.Estimate{Mean: math.NaN(), CI95: math.NaN()})
	checkEst(t, "total utilisation", tot.Get("utilisation"), est2(18.0/24, 16.0/26))
	checkEst(t, "total cost", tot.Get("cost_usd"), est2(24, 26))
	checkEst(t, "total normal ends", tot.Get("terminations_by_reason.normal"), est2(118, 95))
	checkEst(t, "total buffer limited", tot.Get("buffer_limited"), est2(1, 3))
	// Results are not modified by the merge.
	if got := rs[0].Locations[0].Latency.Count(); got != uint64(len(latA0())) {
		t.Errorf("location A's sketch has %d values after the total, want %d", got, len(latA0()))
	}
}

func TestSummarizeFleetsErrors(t *testing.T) {
	for _, n := range []int{0, 1} {
		fs, err := fleetSummaries(3600, syntheticFleets()[:n])
		if n == 0 && (fs != nil || err != nil) {
			t.Errorf("no results: %v, %v", fs, err)
		}
		tot, err := fleetTotal(3600, syntheticFleets()[:n])
		if n == 0 && (tot != nil || err != nil) {
			t.Errorf("no results: total %v, %v", tot, err)
		}
	}
	fs, err := fleetSummaries(3600, []*fleets.Result{{}, {}})
	if fs != nil || err != nil {
		t.Errorf("no fleet location: %v, %v", fs, err)
	}
	for name, mutate := range map[string]func([]*fleets.Result) []*fleets.Result{
		"nil result":      func(rs []*fleets.Result) []*fleets.Result { rs[1] = nil; return rs },
		"fewer locations": func(rs []*fleets.Result) []*fleets.Result { rs[1].Locations = rs[1].Locations[:1]; return rs },
		"other fleet":     func(rs []*fleets.Result) []*fleets.Result { rs[1].Locations[0].Fleet = "x"; return rs },
		"other location":  func(rs []*fleets.Result) []*fleets.Result { rs[1].Locations[1].Location = "x"; return rs },
		"other kind":      func(rs []*fleets.Result) []*fleets.Result { rs[1].Locations[0].Kind = fleets.KindAnywhere; return rs },
	} {
		rs := mutate(syntheticFleets())
		if _, err := fleetSummaries(3600, rs); err == nil || !strings.HasPrefix(err.Error(), "reports: ") {
			t.Errorf("%s: SummarizeFleets error %v", name, err)
		}
		if _, err := fleetTotal(3600, rs); err == nil {
			t.Errorf("%s: SummarizeFleetTotal: no error", name)
		}
	}
	for _, m := range []float64{-1, math.NaN(), math.Inf(1)} {
		if _, err := fleetSummaries(m, syntheticFleets()); err == nil {
			t.Errorf("measured %v: no error", m)
		}
		if _, err := fleetTotal(m, syntheticFleets()); err == nil {
			t.Errorf("measured %v: total: no error", m)
		}
	}
}

func TestFleetReasonNames(t *testing.T) {
	seen := map[string]bool{}
	for r := range fleets.NumGameSessionReasons {
		n := FleetReasonName(r)
		if n == "" || seen[n] || strings.HasPrefix(n, "REASON_") {
			t.Errorf("reason %d: name %q (empty, repeated or unnamed)", r, n)
		}
		seen[n] = true
	}
	if FleetReasonName(fleets.ReasonNone) != FleetReasonNormal {
		t.Error("ReasonNone is not named normal")
	}
}

// TestFleetJSON: a summary without fleets has no fleet key (existing
// documents unchanged); with fleets, the keys are as SCHEMA.md lists them.
func TestFleetJSON(t *testing.T) {
	s := summarize(t, synthetic())
	var plain bytes.Buffer
	if err := s.WriteJSON(&plain); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(plain.Bytes(), []byte(`"fleet`)) {
		t.Fatal("summary without fleets mentions fleets")
	}
	rs := syntheticFleets()
	var err error
	if s.Fleets, err = fleetSummaries(fleetMeasured, rs); err != nil {
		t.Fatal(err)
	}
	if s.FleetTotal, err = fleetTotal(fleetMeasured, rs); err != nil {
		t.Fatal(err)
	}
	var withFleets bytes.Buffer
	if err := s.WriteJSON(&withFleets); err != nil {
		t.Fatal(err)
	}
	// The stream part is byte-identical: fleets only append keys at the end.
	prefix := bytes.TrimSuffix(plain.Bytes(), []byte("}\n"))
	if !bytes.HasPrefix(withFleets.Bytes(), bytes.TrimRight(prefix, "\n")) {
		t.Error("adding fleets changed the stream part of the summary")
	}
	var doc struct {
		Fleets     []map[string]json.RawMessage `json:"fleets"`
		FleetTotal map[string]json.RawMessage   `json:"fleet_total"`
	}
	if err := json.Unmarshal(withFleets.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	metricKeys := []string{"placements", "fulfilled", "timed_out", "cancelled", "failed", "pending", "timed_out_ratio",
		"out_of_capacity", "direct_claims", "direct_claim_conflicts_utilized", "direct_claim_conflicts_claimed",
		"direct_claim_conflicts_draining", "placement_latency_seconds", "instances", "utilisation", "idle_process_hours",
		"stuck_terminating_process_hours", "expired_games", "expired_in_play", "expired_game_process_hours", "stale_game_instance_hours",
		"interruptions", "spot_share", "claim_lapses",
		"scale_in_terminations", "terminate_rejected", "duplicate_ends", "lost_ends", "scaling_actions", "buffer_limited", "cost_usd",
		"idle_cost_usd", "terminations_by_reason", "errors"}
	keys := func(m map[string]json.RawMessage) []string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		return ks
	}
	want := slices.Sorted(slices.Values(append([]string{"fleet", "location", "kind"}, metricKeys...)))
	if len(doc.Fleets) != 2 || !slices.Equal(keys(doc.Fleets[0]), want) {
		t.Fatalf("fleet keys %q, want %q", keys(doc.Fleets[0]), want)
	}
	if got := keys(doc.FleetTotal); !slices.Equal(got, slices.Sorted(slices.Values(metricKeys))) {
		t.Errorf("fleet_total keys %q", got)
	}
	for _, c := range []struct{ key, want string }{
		{"fleet", `"arena"`}, {"kind", `"ec2"`},
		{"instances", `{"mean":{"mean":11,"ci95":12.706204736174694},"spot_mean":{"mean":5,"ci95":12.706204736174694},"max":{"mean":15,"ci95":12.706204736174694}}`},
	} {
		if got := compactJSON(t, doc.Fleets[0][c.key]); got != c.want && !nearJSON(t, got, c.want) {
			t.Errorf("fleets[0].%s = %s, want %s", c.key, got, c.want)
		}
	}
	if got := compactJSON(t, doc.FleetTotal["instances"]); !strings.HasSuffix(got, `"max":{"mean":null,"ci95":null}}`) {
		t.Errorf("fleet_total.instances = %s, want an undefined max", got)
	}
	if got := compactJSON(t, doc.Fleets[1]["timed_out_ratio"]); got != `{"mean":0,"ci95":null}` {
		t.Errorf("fleets[1].timed_out_ratio = %s", got)
	}
	checkFleetKeyOrder(t, withFleets.String(), append([]string{"fleet", "location", "kind"}, metricKeys...))
}

// checkFleetKeyOrder: the fleet keys follow the schema, identity first and
// errors last.
func checkFleetKeyOrder(t *testing.T, out string, keys []string) {
	t.Helper()
	i := strings.Index(out, `"fleets"`)
	last := i
	for _, k := range keys {
		j := strings.Index(out[i:], `"`+k+`":`)
		if j < 0 || i+j < last {
			t.Errorf("key %q out of order", k)
			continue
		}
		last = i + j
	}
}

func compactJSON(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func nearJSON(t *testing.T, got, want string) bool {
	t.Helper()
	var g, w any
	if json.Unmarshal([]byte(got), &g) != nil || json.Unmarshal([]byte(want), &w) != nil {
		return false
	}
	return jsonNear("$", g, w) == ""
}

func TestFleetTable(t *testing.T) {
	rs := syntheticFleets()
	fs, err := fleetSummaries(fleetMeasured, rs)
	if err != nil {
		t.Fatal(err)
	}
	tot, err := fleetTotal(fleetMeasured, rs)
	if err != nil {
		t.Fatal(err)
	}
	tab := FleetTable(fs, tot)
	if want := []string{"metric", "arena/us-east-1 (ec2)", "fiq/eu-west-1 (fleetiq)", "total"}; !slices.Equal(tab.Header, want) {
		t.Fatalf("header %q, want %q", tab.Header, want)
	}
	rows := map[string][]string{}
	var labels []string
	for _, r := range tab.Rows {
		if len(r) != len(tab.Header) {
			t.Fatalf("row %q has %d cells", r, len(r))
		}
		rows[r[0]] = r[1:]
		labels = append(labels, r[0])
	}
	for label, want := range map[string][]string{
		"placements":          {"110 ± 127", "20 ± 254", "130 ± 127"},
		"timed-out ratio (%)": {"8.00% ± 25.41", "0.00%", "7.14% ± 36.30"},
		"instances, mean":     {"11.0 ± 12.7", "1.50 ± 6.35", "12.5 ± 6.35"},
		"instances, max":      {"15 ± 13", "2 ± 13", "n/a"},
		"cost (USD)":          {"$22.00 ± 25.41", "$3.00 ± 12.71", "$25.00 ± 12.71"},
		"  normal":            {"88 ± 95", "19 ± 241", "106 ± 146"}, // 106.5 rounds to even
		"claim lapses":        {"0 ± 0", "1 ± 13", "1 ± 13"},
	} {
		if got := rows[label]; !slices.Equal(got, want) {
			t.Errorf("row %q = %q, want %q", label, got, want)
		}
	}
	// Every sparse row is non-zero somewhere in the synthetic run.
	for _, l := range []string{"  pending at the horizon", "out of capacity (claim attempts)", "  of which Spot",
		"stuck terminating (process-h)", "expired games", "game session errors", "Spot interruptions",
		"terminate calls rejected", "lost end signals", "games ended by scale-in", "buffer clamped by min/max", "  FORCE_TERMINATED"} {
		if rows[l] == nil {
			t.Errorf("row %q missing", l)
		}
	}
	if rows["terminations by reason (count)"] == nil || !slices.Equal(rows["terminations by reason (count)"], []string{"", "", ""}) {
		t.Errorf("terminations heading row %q", rows["terminations by reason (count)"])
	}
	if len(labels) <= 17 { // the quiet table below has 17 rows
		t.Errorf("full table has only %d rows", len(labels))
	}
}

// TestFleetTableQuiet: without the total column, and with the incidents
// all zero, sparse rows go.
func TestFleetTableQuiet(t *testing.T) {
	quiet := syntheticFleets()
	for _, r := range quiet {
		for li := range r.Locations {
			l := &r.Locations[li]
			l.OutOfCapacity, l.ClaimLapses, l.Interruptions, l.Errors, l.TerminateRejected = 0, 0, 0, 0, 0
			l.DuplicateEnds, l.LostEnds, l.ExpiredGames, l.ExpiredGameSeconds, l.StuckTerminatingSeconds = 0, 0, 0, 0, 0
			l.SpotInstanceSeconds, l.BufferLimited, l.ByStatus[fleets.PlacementPending], l.ScaleInTerminations = 0, 0, 0, 0
			l.Terminations = [fleets.NumGameSessionReasons]int64{}
		}
	}
	qs, err := fleetSummaries(fleetMeasured, quiet)
	if err != nil {
		t.Fatal(err)
	}
	qt := FleetTable(qs, nil)
	if len(qt.Header) != 3 {
		t.Errorf("header without total: %q", qt.Header)
	}
	var qlabels []string
	for _, r := range qt.Rows {
		qlabels = append(qlabels, r[0])
	}
	wantQuiet := []string{"placements", "  fulfilled", "  timed out", "  cancelled", "  failed", "timed-out ratio (%)",
		"latency mean (s)", "latency p50 (s)", "latency p95 (s)", "latency p99 (s)", "instances, mean", "instances, max",
		"utilisation (%)", "idle processes (process-h)", "scaling actions", "cost (USD)", "idle cost (USD)"}
	if !slices.Equal(qlabels, wantQuiet) {
		t.Errorf("quiet rows %q, want %q", qlabels, wantQuiet)
	}
}

func TestWriteFleetTable(t *testing.T) {
	rs := syntheticFleets()
	fs, _ := fleetSummaries(fleetMeasured, rs)
	tot, _ := fleetTotal(fleetMeasured, rs)
	var buf bytes.Buffer
	if err := WriteFleetTable(&buf, fs, tot); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if lines[0] != "fleet locations" || lines[1] != "" {
		t.Fatalf("heading %q", lines[:2])
	}
	head := lines[2]
	col := strings.Index(head, "arena/us-east-1 (ec2)")
	if !strings.HasPrefix(head, "metric") || col < 0 {
		t.Fatalf("header line %q", head)
	}
	for _, l := range lines[2:] {
		if strings.TrimRight(l, " ") != l {
			t.Errorf("trailing blanks in %q", l)
		}
		if !strings.HasPrefix(l, "terminations by reason") && len(l) > col && l[col-1] != ' ' {
			t.Errorf("line %q is not aligned at column %d", l, col)
		}
	}
	var none bytes.Buffer
	if err := WriteFleetTable(&none, nil, nil); err != nil || none.Len() != 0 {
		t.Errorf("no fleets: wrote %q, %v", none.String(), err)
	}
}

func TestWriteFleetTimeseriesCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteFleetTimeseriesCSV(&buf, syntheticFleets()); err != nil {
		t.Fatal(err)
	}
	want := `fleet,location,minute_start,instances,active,idle,desired,requests,scaling_actions
arena,us-east-1,0,8.5,10.5,6.5,9.5,31.5,0
arena,us-east-1,10,10.5,14.5,6.5,11.5,43.5,1
arena,us-east-1,20,12.5,21,4,13.5,63,0
fiq,eu-west-1,0,1.5,1.5,1.5,2.5,4.5,0
fiq,eu-west-1,10,1.5,1.5,1.5,2.5,4.5,1
fiq,eu-west-1,20,1.5,1.5,1.5,2.5,4.5,0
`
	if buf.String() != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func TestWriteFleetTimeseriesCSVErrors(t *testing.T) {
	for name, mutate := range map[string]func([]*fleets.Result) []*fleets.Result{
		"no results":    func([]*fleets.Result) []*fleets.Result { return nil },
		"nil result":    func(rs []*fleets.Result) []*fleets.Result { rs[0] = nil; return rs },
		"no timeseries": func(rs []*fleets.Result) []*fleets.Result { rs[1].Locations[1].Timeseries = nil; return rs },
		"other step":    func(rs []*fleets.Result) []*fleets.Result { rs[1].Locations[0].Timeseries.StepSeconds = 300; return rs },
		"zero step":     func(rs []*fleets.Result) []*fleets.Result { rs[0].Locations[0].Timeseries.StepSeconds = 0; return rs },
		"fewer buckets": func(rs []*fleets.Result) []*fleets.Result {
			rs[1].Locations[0].Timeseries = cut(rs[1].Locations[0].Timeseries, 2)
			return rs
		},
		"narrower rows": func(rs []*fleets.Result) []*fleets.Result {
			rs[0].Locations[1].Timeseries = sim.NewTimeseries(600, fleets.RowWidth-1, 3)
			return rs
		},
		"other fleet name": func(rs []*fleets.Result) []*fleets.Result { rs[1].Locations[0].Fleet = "x"; return rs },
	} {
		var buf bytes.Buffer
		err := WriteFleetTimeseriesCSV(&buf, mutate(syntheticFleets()))
		if err == nil {
			t.Errorf("%s: no error", name)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes before failing", name, buf.Len())
		}
		if err == nil {
			continue
		}
		if _, ferr := NewFleetFigures(nil, mutate(syntheticFleets()), 0); ferr == nil {
			t.Errorf("%s: NewFleetFigures: no error", name)
		}
	}
}

// cut shortens every series of ts to n buckets.
// cut returns ts's first n buckets.
func cut(ts *fleets.Timeseries, n int) *fleets.Timeseries {
	out := sim.NewTimeseries(ts.StepSeconds, ts.Width(), n)
	r := ts.NewReader()
	for k := range n {
		row, err := r.Row(k)
		if err != nil {
			panic(err)
		}
		out.WriteRow(k, row)
	}
	return out
}

func TestNewFleetFigures(t *testing.T) {
	rs := syntheticFleets()
	fs, err := fleetSummaries(fleetMeasured, rs)
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewFleetFigures(fs, rs, 1800)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Locations) != 2 || f.WarmupSeconds != 1800 {
		t.Fatalf("%d locations, warm-up %v", len(f.Locations), f.WarmupSeconds)
	}
	a := &f.Locations[0]
	if a.Fleet != "arena" || a.Kind != "ec2" || a.Buckets() != 3 || a.Hours(2) != 1200.0/3600 || a.Summary != &fs[0] {
		t.Fatalf("location A: %+v", a)
	}
	const t1 = 12.706204736174698
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	mean := func(b Band, k int) float64 { m, _ := b.At(k); return m }
	if !a.Instances.Computed() || a.Instances.Mean != nil {
		t.Error("fleet figure bands hold their values: want them computed when read")
	}
	near("A instances mean bucket 1", mean(a.Instances, 1), 10.5)
	_, ci := a.Instances.At(1)
	near("A instances CI bucket 1", ci, t1*0.5)
	near("A active bucket 2", mean(a.Active, 2), 21)
	near("A idle bucket 2", mean(a.Idle, 2), 4)
	near("A desired bucket 0", mean(a.Desired, 0), 9.5)
	near("A scaling bucket 1", mean(a.Scaling, 1), 1)
	near("A requests per hour bucket 2", mean(a.RequestsPerHour, 2), 63*6)
	if err := f.Err(); err != nil {
		t.Error(err)
	}

	if _, err := NewFleetFigures(fs[:1], rs, 0); err == nil {
		t.Error("too few summaries: no error")
	}
	swapped := []FleetSummary{fs[1], fs[0]}
	if _, err := NewFleetFigures(swapped, rs, 0); err == nil {
		t.Error("summaries in the wrong order: no error")
	}
	g, err := NewFleetFigures(nil, rs[:1], 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, ci0 := g.Locations[0].Instances.At(0); g.Locations[0].Summary != nil || !math.IsNaN(ci0) {
		t.Errorf("one replication, no summaries: %+v", g.Locations[0])
	}
	if _, err := NewFleetFigures(nil, nil, 0); err == nil {
		t.Error("no results: no error")
	}
}
