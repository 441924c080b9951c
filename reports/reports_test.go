package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// t975 is Student's t_{0.975} with 1 degree of freedom (a Cauchy quantile):
// tan(pi*(0.975-0.5)).
var t975 = math.Tan(math.Pi * 0.475)

// est2 is the hand-computed estimate over two replications: the mean, and
// t * s/sqrt(2) with s = |a-b|/sqrt(2).
func est2(a, b float64) sim.Estimate {
	return sim.Estimate{Mean: (a + b) / 2, CI95: t975 * math.Abs(a-b) / 2, N: 2}
}

// est1 is the estimate of a single kept replication.
func est1(a float64) sim.Estimate { return sim.Estimate{Mean: a, CI95: math.NaN(), N: 1} }

func approxEqual(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}

func checkEst(t *testing.T, name string, got, want sim.Estimate) {
	t.Helper()
	if !approxEqual(got.Mean, want.Mean) || !approxEqual(got.CI95, want.CI95) || got.N != want.N {
		t.Errorf("%s = {%v ± %v, N=%d}, want {%v ± %v, N=%d}",
			name, got.Mean, got.CI95, got.N, want.Mean, want.CI95, want.N)
	}
}

// Latency values, seconds, of the synthetic replications.
func latA0() []float64 { return seq(90, func(i int) float64 { return 0.1 * float64(i+1) }) }
func latA1() []float64 { return seq(100, func(i int) float64 { return 0.12 * float64(i+1) }) }
func latB0() []float64 { return seq(40, func(i int) float64 { return 2 + 0.05*float64(i) }) }

func seq(n int, f func(int) float64) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = f(i)
	}
	return xs
}

func sketchOf(xs ...[]float64) *sim.Sketch {
	s := sim.NewSketch()
	for _, x := range xs {
		for _, v := range x {
			s.Add(v)
		}
	}
	return s
}

func avg(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// ts builds a 3-bucket timeseries of 300 s from requests and streaming
// values; allocated is streaming+2, waiting is requests/10, always-on 4 and
// maximum 10 slots, placement timeouts requests/20, no internal error, and
// the cost $1 per allocated slot-hour ($0.25 per bucket per slot).
func ts(req, str [3]float64) *streams.Timeseries {
	return threeBuckets(300, streams.RowWidth, func(k int, row []float64) {
		row[streams.ColRequests] = req[k]
		row[streams.ColStreaming] = str[k]
		row[streams.ColAllocated] = str[k] + 2
		row[streams.ColIdle] = 2
		row[streams.ColWaiting] = req[k] / 10
		row[streams.ColAlwaysOn] = 4
		row[streams.ColMaximum] = 10
		row[streams.ColFailures(streams.ReasonPlacementTimeout)] = req[k] / 20
		row[streams.ColCostUSD] = (str[k] + 2) / 12
		row[streams.ColIdleCostUSD] = 2.0 / 12
	})
}

// threeBuckets builds a timeseries of 3 buckets of step seconds and rows
// of width values, bucket k's row filled by fill (from zeros).
func threeBuckets(step float64, width int, fill func(k int, row []float64)) *sim.Timeseries {
	t := sim.NewTimeseries(step, width, 3)
	for k := range 3 {
		row := make([]float64, width)
		fill(k, row)
		t.WriteRow(k, row)
	}
	return t
}

// shifted returns vs, each plus d: a wait that adds a fixed delay to the
// placement latencies.
func shifted(vs []float64, d float64) []float64 {
	out := make([]float64, len(vs))
	for i, v := range vs {
		out[i] = v + d
	}
	return out
}

// synthetic returns two replications of two locations, A then B. B has no
// request (and no placed request) in replication 1.
func synthetic() []*streams.Result {
	const h = 3600.0
	a := func() streams.LocationResult {
		return streams.LocationResult{Group: "sg-1", Location: "us-west-2", Class: "gen5n_high",
			Tenancy: 2, PriceUSDPerHour: 1.5}
	}
	b := func() streams.LocationResult {
		return streams.LocationResult{Group: "sg-1", Location: "eu-central-1", Class: "gen4n_win2022",
			Tenancy: 1, PriceUSDPerHour: 1.5}
	}
	a0 := a()
	a0.Requests, a0.Placed, a0.Failures = 100, 90, 10
	a0.FailuresByReason[streams.ReasonPlacementTimeout] = 8
	a0.FailuresByReason[streams.ReasonInternalError] = 2
	a0.TerminationsByReason[streams.ReasonAPITerminated] = 50
	a0.TerminationsByReason[streams.ReasonIdleTimeout] = 30
	a0.Latency = sketchOf(latA0())
	a0.TimeToActive, a0.TimeToFirstFrame = sketchOf(shifted(latA0(), 10)), sketchOf(shifted(latA0(), 14))
	a0.StreamingSlotSeconds, a0.AllocatedSlotSeconds = 5*h, 8*h
	a0.CostUSD, a0.IdleCostUSD = 12.5, 4.6875
	a0.Timeseries = ts([3]float64{30, 40, 50}, [3]float64{4, 5, 6})

	b0 := b()
	b0.Requests, b0.Placed = 40, 40
	b0.TerminationsByReason[streams.ReasonApplicationExit] = 35
	b0.Latency = sketchOf(latB0())
	b0.TimeToActive, b0.TimeToFirstFrame = sketchOf(shifted(latB0(), 10)), sketchOf(shifted(latB0(), 14))
	b0.StreamingSlotSeconds, b0.AllocatedSlotSeconds = 2*h, 2.5*h
	b0.CostUSD, b0.IdleCostUSD = 3.75, 0.75
	b0.Timeseries = ts([3]float64{10, 20, 10}, [3]float64{1, 2, 3})

	a1 := a()
	a1.Requests, a1.Placed, a1.Failures = 120, 100, 20
	a1.FailuresByReason[streams.ReasonPlacementTimeout] = 20
	a1.TerminationsByReason[streams.ReasonAPITerminated] = 60
	a1.TerminationsByReason[streams.ReasonIdleTimeout] = 25
	a1.Latency = sketchOf(latA1())
	a1.TimeToActive, a1.TimeToFirstFrame = sketchOf(shifted(latA1(), 10)), sketchOf(shifted(latA1(), 14))
	a1.StreamingSlotSeconds, a1.AllocatedSlotSeconds = 6*h, 9*h
	a1.CostUSD, a1.IdleCostUSD = 14.25, 4.75
	a1.Timeseries = ts([3]float64{35, 45, 40}, [3]float64{5, 6, 7.5})

	b1 := b()
	b1.Latency = sim.NewSketch()
	b1.TimeToActive, b1.TimeToFirstFrame = sim.NewSketch(), sim.NewSketch()
	b1.StreamingSlotSeconds, b1.AllocatedSlotSeconds = 0, 1.5*h
	b1.CostUSD, b1.IdleCostUSD = 2.25, 2.25
	b1.Timeseries = ts([3]float64{0, 0, 0}, [3]float64{0, 0, 0})

	return []*streams.Result{
		{Locations: []streams.LocationResult{a0, b0}},
		{Locations: []streams.LocationResult{a1, b1}},
	}
}

// summarize is NewSummary for stream results, failing the test on error.
func summarize(t testing.TB, rs []*streams.Result) *Summary {
	t.Helper()
	s, err := NewSummary(testMeta(), rs, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func testMeta() Meta {
	return Meta{Scenario: "synthetic", ScenarioSHA256: strings.Repeat("ab", 32), Seed: 42,
		Replications: 2, HorizonSeconds: 86400, WarmupSeconds: 5400, CapsimVersion: "test"}
}

func TestSummarizeLocations(t *testing.T) {
	s := summarize(t, synthetic())
	if len(s.Locations) != 2 {
		t.Fatalf("got %d locations, want 2", len(s.Locations))
	}
	a, b := &s.Locations[0], &s.Locations[1]
	if a.StreamGroup != "sg-1" || a.Location != "us-west-2" || a.Class != "gen5n_high" ||
		b.Location != "eu-central-1" || b.Class != "gen4n_win2022" {
		t.Errorf("location identities: %+v / %+v", a.Location, b.Location)
	}
	if s.Scenario != "synthetic" || s.Seed != 42 || s.Replications != 2 || s.HorizonSeconds != 86400 ||
		s.WarmupSeconds != 5400 || s.CapsimVersion != "test" || len(s.ScenarioSHA256) != 64 {
		t.Errorf("meta not copied: %+v", s)
	}

	checkEst(t, "A requests", a.Get("requests"), est2(100, 120))
	checkEst(t, "A placed", a.Get("placed"), est2(90, 100))
	checkEst(t, "A failures", a.Get("placement_failures"), est2(10, 20))
	checkEst(t, "A failure ratio", a.Get("placement_failure_ratio"), est2(0.1, 20.0/120))
	checkEst(t, "A latency mean", a.Get("placement_latency_seconds.mean"), est2(avg(latA0()), avg(latA1())))
	for _, q := range []struct {
		name string
		q    float64
		got  sim.Estimate
	}{{"p50", 0.5, a.Get("placement_latency_seconds.p50")}, {"p95", 0.95, a.Get("placement_latency_seconds.p95")},
		{"p99", 0.99, a.Get("placement_latency_seconds.p99")}} {
		checkEst(t, "A latency "+q.name, q.got,
			est2(sketchOf(latA0()).Quantile(q.q), sketchOf(latA1()).Quantile(q.q)))
	}
	checkEst(t, "A utilisation", a.Get("utilisation"), est2(5.0/8, 6.0/9))
	checkEst(t, "A allocated h", a.Get("allocated_capacity_hours"), est2(8, 9))
	checkEst(t, "A idle h", a.Get("idle_capacity_hours"), est2(3, 3))
	checkEst(t, "A cost", a.Get("cost_usd"), est2(12.5, 14.25))
	checkEst(t, "A idle cost", a.Get("idle_cost_usd"), est2(4.6875, 4.75))
	checkEst(t, "A placementTimeout", a.Get("failures_by_reason.placementTimeout"), est2(8, 20))
	checkEst(t, "A internalError", a.Get("failures_by_reason.internalError"), est2(2, 0))
	checkEst(t, "A apiTerminated", a.Get("terminations_by_reason.apiTerminated"), est2(50, 60))
	checkEst(t, "A idleTimeout", a.Get("terminations_by_reason.idleTimeout"), est2(30, 25))
	checkEst(t, "A connectionTimeout", a.Get("terminations_by_reason.connectionTimeout"), est2(0, 0))

	// B has no request in replication 1: the ratio and the latency keep
	// replication 0 only; the counts keep both.
	checkEst(t, "B requests", b.Get("requests"), est2(40, 0))
	checkEst(t, "B failure ratio", b.Get("placement_failure_ratio"), est1(0))
	checkEst(t, "B latency mean", b.Get("placement_latency_seconds.mean"), est1(avg(latB0())))
	checkEst(t, "B latency p99", b.Get("placement_latency_seconds.p99"), est1(sketchOf(latB0()).Quantile(0.99)))
	checkEst(t, "B utilisation", b.Get("utilisation"), est2(0.8, 0))
	checkEst(t, "B idle h", b.Get("idle_capacity_hours"), est2(0.5, 1.5))
	checkEst(t, "B applicationExit", b.Get("terminations_by_reason.applicationExit"), est2(35, 0))
}

func TestFailureRatioAllNaN(t *testing.T) {
	rs := synthetic()
	rs[0].Locations[1].Requests = 0 // now B never has a request
	s := summarize(t, rs)
	e := s.Locations[1].Get("placement_failure_ratio")
	if !math.IsNaN(e.Mean) || !math.IsNaN(e.CI95) || e.N != 0 {
		t.Errorf("B failure ratio = %+v, want NaN, NaN, N=0", e)
	}
	var buf bytes.Buffer
	if err := s.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Locations []map[string]json.RawMessage `json:"locations"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if got := string(doc.Locations[1]["placement_failure_ratio"]); strings.Join(strings.Fields(got), "") != `{"mean":null,"ci95":null}` {
		t.Errorf("NaN ratio serialised as %s", got)
	}
}

func TestSummarizeTotal(t *testing.T) {
	s := summarize(t, synthetic())
	tot := &s.Total
	checkEst(t, "total requests", tot.Get("requests"), est2(140, 120))
	checkEst(t, "total placed", tot.Get("placed"), est2(130, 100))
	checkEst(t, "total failures", tot.Get("placement_failures"), est2(10, 20))
	checkEst(t, "total failure ratio", tot.Get("placement_failure_ratio"), est2(10.0/140, 20.0/120))
	checkEst(t, "total utilisation", tot.Get("utilisation"), est2(7/10.5, 6/10.5))
	checkEst(t, "total allocated h", tot.Get("allocated_capacity_hours"), est2(10.5, 10.5))
	checkEst(t, "total idle h", tot.Get("idle_capacity_hours"), est2(3.5, 4.5))
	checkEst(t, "total cost", tot.Get("cost_usd"), est2(16.25, 16.5))
	checkEst(t, "total idle cost", tot.Get("idle_cost_usd"), est2(5.4375, 7))
	checkEst(t, "total placementTimeout", tot.Get("failures_by_reason.placementTimeout"), est2(8, 20))
	checkEst(t, "total applicationExit", tot.Get("terminations_by_reason.applicationExit"), est2(35, 0))

	// The total latency is that of the sketch of every placed request of the
	// replication (Merge is exact), here built by Add from scratch.
	m0, m1 := sketchOf(latA0(), latB0()), sketchOf(latA1())
	if m0.Count() != 130 || m1.Count() != 100 {
		t.Fatalf("merged counts %d, %d", m0.Count(), m1.Count())
	}
	all0 := append(latA0(), latB0()...)
	checkEst(t, "total latency mean", tot.Get("placement_latency_seconds.mean"), est2(avg(all0), avg(latA1())))
	for _, q := range []struct {
		name string
		q    float64
		got  sim.Estimate
	}{{"p50", 0.5, tot.Get("placement_latency_seconds.p50")}, {"p95", 0.95, tot.Get("placement_latency_seconds.p95")},
		{"p99", 0.99, tot.Get("placement_latency_seconds.p99")}} {
		want := est2(m0.Quantile(q.q), m1.Quantile(q.q))
		if q.got.Mean != want.Mean { // bucket-identical: exact
			t.Errorf("total latency %s mean = %v, want %v", q.name, q.got.Mean, want.Mean)
		}
		checkEst(t, "total latency "+q.name, q.got, want)
	}
	// The result sketches are not modified by the merge.
	rs := synthetic()
	summarize(t, rs)
	if rs[0].Locations[0].Latency.Count() != 90 || rs[0].Locations[1].Latency.Count() != 40 {
		t.Errorf("Summarize modified a result sketch")
	}
}

func TestSummarizeEmptyAndMismatch(t *testing.T) {
	s := summarize(t, nil)
	if len(s.Locations) != 0 || !math.IsNaN(s.Total.Get("requests").Mean) ||
		keysUnder(&s.Total, "failures_by_reason.") != 3 || keysUnder(&s.Total, "terminations_by_reason.") != 7 {
		t.Errorf("empty summary: %+v", s)
	}
	var buf bytes.Buffer
	if err := s.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"locations": []`) {
		t.Errorf("empty locations not written as []:\n%s", buf.String())
	}

	rs := synthetic()
	rs[1].Locations[0], rs[1].Locations[1] = rs[1].Locations[1], rs[1].Locations[0]
	if _, err := NewSummary(testMeta(), rs, nil); err == nil || !strings.HasPrefix(err.Error(), "reports: ") {
		t.Errorf("mismatched locations: error %v, want a reports: error", err)
	}
}

func keys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func sorted(ks ...string) []string {
	ks = slices.Clone(ks)
	sort.Strings(ks)
	return ks
}

func TestJSONSchemaKeys(t *testing.T) {
	s := summarize(t, synthetic())
	var buf bytes.Buffer
	if err := s.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(buf.String(), "}\n") || !strings.HasPrefix(buf.String(), "{\n  \"scenario\"") {
		t.Errorf("JSON not indented with two spaces and a trailing newline")
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	top := sorted("scenario", "scenario_sha256", "seed", "replications", "horizon_seconds",
		"warmup_seconds", "capsim_version", "locations", "total")
	if got := keys(doc); !slices.Equal(got, top) {
		t.Errorf("top-level keys %v, want %v", got, top)
	}
	metricKeys := []string{"requests", "placed", "placement_failures", "placement_failure_ratio", "placement_timeouts_while_allocating",
		"placement_latency_seconds", "utilisation", "allocated_capacity_hours", "idle_capacity_hours",
		"cost_usd", "idle_cost_usd", "failures_by_reason", "terminations_by_reason",
		"time_to_active_seconds", "time_to_first_frame_seconds"}
	locKeys := sorted(append([]string{"stream_group", "location", "class"}, metricKeys...)...)
	failKeys := sorted("placementTimeout", "internalError", "streamGroupExpired")
	termKeys := sorted("apiTerminated", "applicationExit", "connectionTimeout", "reconnectionTimeout",
		"maxSessionLengthTimeout", "idleTimeout", "locationRemoved")
	estKeys := sorted("mean", "ci95")

	checkMetrics := func(name string, m map[string]any, want []string) {
		t.Helper()
		if got := keys(m); !slices.Equal(got, want) {
			t.Errorf("%s keys %v, want %v", name, got, want)
		}
		for _, k := range metricKeys {
			v, _ := m[k].(map[string]any)
			switch k {
			case "placement_latency_seconds", "time_to_active_seconds", "time_to_first_frame_seconds":
				if got := keys(v); !slices.Equal(got, sorted("mean", "p50", "p95", "p99")) {
					t.Errorf("%s.%s keys %v", name, k, got)
				}
				for q, e := range v {
					if got := keys(e.(map[string]any)); !slices.Equal(got, estKeys) {
						t.Errorf("%s.%s.%s keys %v", name, k, q, got)
					}
				}
			case "failures_by_reason", "terminations_by_reason":
				want := failKeys
				if k == "terminations_by_reason" {
					want = termKeys
				}
				if got := keys(v); !slices.Equal(got, want) {
					t.Errorf("%s.%s keys %v, want %v", name, k, got, want)
				}
				for r, e := range v {
					if got := keys(e.(map[string]any)); !slices.Equal(got, estKeys) {
						t.Errorf("%s.%s.%s keys %v", name, k, r, got)
					}
				}
			default:
				if got := keys(v); !slices.Equal(got, estKeys) {
					t.Errorf("%s.%s keys %v", name, k, got)
				}
			}
		}
	}
	locs := doc["locations"].([]any)
	if len(locs) != 2 {
		t.Fatalf("%d locations in JSON", len(locs))
	}
	for _, l := range locs {
		checkMetrics("location", l.(map[string]any), locKeys)
	}
	checkMetrics("total", doc["total"].(map[string]any), sorted(metricKeys...))
}

// TestJSONRoundTrip: decoding summary.json gives back the summary (N is
// not serialised), and two identical runs write identical JSON.
func TestJSONRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := summarize(t, synthetic()).WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var back Summary
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	var buf2 bytes.Buffer
	if err := back.WriteJSON(&buf2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), buf2.Bytes()) {
		t.Errorf("JSON does not round-trip")
	}
	// Deterministic.
	var buf3 bytes.Buffer
	if err := summarize(t, synthetic()).WriteJSON(&buf3); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), buf3.Bytes()) {
		t.Errorf("JSON differs between two identical runs")
	}
}

func TestFormat(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		e    sim.Estimate
		u    unit
		want string
	}{
		{sim.Estimate{Mean: 1234.4, CI95: 56.6}, unitCount, "1234 ± 57"},
		{sim.Estimate{Mean: 0.0123, CI95: 0.001}, unitPercent, "1.23% ± 0.10"},
		{sim.Estimate{Mean: 12.345, CI95: 0.5555}, unitUSD, "$12.35 ± 0.56"},
		{sim.Estimate{Mean: 0.0012345, CI95: 0.00004567}, unitSig3, "0.00123 ± 0.0000457"},
		{sim.Estimate{Mean: 9.996, CI95: 123456}, unitSig3, "10.0 ± 123000"},
		{sim.Estimate{Mean: 2, CI95: 0}, unitSig3, "2.00 ± 0"},
		{sim.Estimate{Mean: 2, CI95: nan}, unitSig3, "2.00"},
		{sim.Estimate{Mean: nan, CI95: nan}, unitUSD, "n/a"},
	} {
		if got := formatEstimate(c.e, c.u); got != c.want {
			t.Errorf("formatEstimate(%v, %d) = %q, want %q", c.e, c.u, got, c.want)
		}
	}
	for sec, want := range map[float64]string{86400: "24h", 5400: "1h30m", 90: "1m30s", 0: "0s", 3600.5: "1h0m0.5s"} {
		if got := formatDuration(sec); got != want {
			t.Errorf("formatDuration(%v) = %q, want %q", sec, got, want)
		}
	}
}

func golden(t *testing.T, name string, got []byte) []byte {
	t.Helper()
	return testutil.Golden(t, filepath.Join("testdata", name), got, *update)
}

func TestTableGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTable(&buf, summarize(t, synthetic())); err != nil {
		t.Fatal(err)
	}
	want := golden(t, "table.golden", buf.Bytes())
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("table differs from testdata/table.golden:\n--- got\n%s--- want\n%s", buf.Bytes(), want)
	}
	for _, l := range strings.Split(buf.String(), "\n") {
		if strings.HasSuffix(l, " ") {
			t.Errorf("trailing space in %q", l)
		}
	}
	// Zero reasons are left out; non-zero ones are in.
	for _, r := range []string{"  placementTimeout", "  internalError", "  apiTerminated", "  applicationExit", "  idleTimeout"} {
		if !strings.Contains(buf.String(), "\n"+r+" ") {
			t.Errorf("row %q missing", r)
		}
	}
	for _, r := range []string{"connectionTimeout", "reconnectionTimeout", "maxSessionLengthTimeout"} {
		if strings.Contains(buf.String(), r) {
			t.Errorf("zero row %q present", r)
		}
	}
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestTimeseriesGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTimeseriesCSV(&buf, synthetic()); err != nil {
		t.Fatal(err)
	}
	got := readCSV(t, buf.Bytes())
	want := readCSV(t, golden(t, "timeseries.golden.csv", buf.Bytes()))
	if len(got) != len(want) {
		t.Fatalf("%d CSV records, golden has %d", len(got), len(want))
	}
	if !slices.Equal(got[0], TimeseriesHeader) || !slices.Equal(want[0], TimeseriesHeader) {
		t.Errorf("header %v, golden %v", got[0], want[0])
	}
	for i := 1; i < len(got); i++ {
		if len(got[i]) != len(want[i]) {
			t.Fatalf("record %d: %d fields, golden %d", i, len(got[i]), len(want[i]))
		}
		for j := range got[i] {
			if j < 2 {
				if got[i][j] != want[i][j] {
					t.Errorf("record %d field %d = %q, golden %q", i, j, got[i][j], want[i][j])
				}
				continue
			}
			g, err1 := strconv.ParseFloat(got[i][j], 64)
			w, err2 := strconv.ParseFloat(want[i][j], 64)
			if err1 != nil || err2 != nil || math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
				t.Errorf("record %d field %s = %q, golden %q", i, TimeseriesHeader[j], got[i][j], want[i][j])
			}
		}
	}
	// Hand check: 2 locations x 3 buckets; A's bucket 1 (minute 5) averages
	// requests 40 and 45, streaming 5 and 6; B's bucket 2 requests 10 and 0.
	if len(got) != 7 {
		t.Fatalf("%d records, want 7", len(got))
	}
	if r := got[2]; !slices.Equal(r, []string{"sg-1", "us-west-2", "5", "42.5", "5.5", "7.5", "2", "4.25",
		"4", "10", "2.125", "0", "0.625", "0.166667"}) {
		t.Errorf("A bucket 1 = %v", r)
	}
	if r := got[6]; !slices.Equal(r, []string{"sg-1", "eu-central-1", "10", "5", "1.5", "3.5", "2", "0.5",
		"4", "10", "0.25", "0", "0.291667", "0.166667"}) {
		t.Errorf("B bucket 2 = %v", r)
	}
}

func TestTimeseriesErrors(t *testing.T) {
	rs := synthetic()
	rs[1].Locations[1].Timeseries = nil
	var buf bytes.Buffer
	if err := WriteTimeseriesCSV(&buf, rs); err == nil || !strings.Contains(err.Error(), "no timeseries") {
		t.Errorf("missing timeseries: err = %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes before failing", buf.Len())
	}
	if err := WriteTimeseriesCSV(&buf, nil); err == nil {
		t.Errorf("no results: no error")
	}
	rs = synthetic()
	rs[1].Locations[0].Timeseries = sim.NewTimeseries(300, streams.RowWidth, 2)
	if err := WriteTimeseriesCSV(&buf, rs); err == nil {
		t.Errorf("fewer buckets: no error")
	}
	rs = synthetic()
	rs[1].Locations[0].Timeseries = sim.NewTimeseries(300, streams.RowWidth-1, 3)
	if err := WriteTimeseriesCSV(&buf, rs); err == nil {
		t.Errorf("narrower rows: no error")
	}
}

// The table ends with one sentence when more than half of the placement
// failures timed out while capacity was allocating, and none otherwise.
func TestAllocatingFinding(t *testing.T) {
	s := summarize(t, synthetic())
	for _, tc := range []struct {
		allocating float64
		want       string
	}{
		{0.62, "62% of placement failures timed out while capacity was still allocating: the allocation delay (service.allocation_delay_linux) decides this result."},
		{0.5, ""}, // half is not more than half
	} {
		a := sim.Estimate{Mean: tc.allocating * s.Total.Get("placement_failures").Mean}
		if s.Total.Set("placement_timeouts_while_allocating", a) != nil || s.Locations[0].Set("placement_timeouts_while_allocating", a) != nil {
			t.Fatal("cannot set placement_timeouts_while_allocating")
		}
		var buf bytes.Buffer
		if err := WriteTable(&buf, s); err != nil {
			t.Fatal(err)
		}
		got := AllocatingFinding(s)
		if got != tc.want {
			t.Errorf("share %g: finding %q, want %q", tc.allocating, got, tc.want)
		}
		if tc.want != "" && !strings.HasSuffix(buf.String(), "\n\n"+tc.want+"\n") {
			t.Errorf("share %g: table does not end with the finding:\n%s", tc.allocating, buf.String())
		}
		if tc.want == "" && strings.Contains(buf.String(), "still allocating") {
			t.Errorf("share %g: table has the finding:\n%s", tc.allocating, buf.String())
		}
	}
}

// TestFindingsCarryLifetimeWarnings: a run that outlives its stream groups
// says so on the terminal, not only in summary.json.
func TestFindingsCarryLifetimeWarnings(t *testing.T) {
	s := summarize(t, synthetic())
	if got := Findings(s); len(got) != 0 {
		t.Fatalf("findings of a plain run: %q", got)
	}
	s.Warnings = []string{"the horizon (400.0 days) exceeds the stream-group lifetime of 365 days"}
	var buf bytes.Buffer
	if err := WriteTable(&buf, s); err != nil {
		t.Fatal(err)
	}
	want := "\n\nWarning: the horizon (400.0 days) exceeds the stream-group lifetime of 365 days.\n"
	if !strings.HasSuffix(buf.String(), want) {
		t.Errorf("table does not end with the warning:\n%s", buf.String())
	}
}

// keysUnder counts m's metrics whose names start with prefix.
func keysUnder(m *Metrics, prefix string) int {
	n := 0
	for _, name := range m.spec.names("") {
		if strings.HasPrefix(name, prefix) {
			n++
		}
	}
	return n
}
