package bench

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/scenarios"
)

// largeScenario is the scenario file of BenchmarkLargeScenario: one title,
// three locations, ~25,000 concurrent streams at the peaks, ~2 M sessions a
// day (issue 14, "Speed at scale").
const largeScenario = "testdata/large-title-day.toml"

// largeConfig returns the large scenario's configuration without
// timeseries (as `capsim run` without --out).
func largeConfig(tb testing.TB) *streams.Config {
	tb.Helper()
	sc, err := scenarios.Load(largeScenario)
	testutil.NoErr(tb, err)
	cfg, err := sc.Build()
	testutil.NoErr(tb, err)
	cfg.TimeseriesStep = 0
	return cfg
}

// BenchmarkLargeScenario runs one replication of the large scenario end to
// end and reports the cost per simulated session and per event, and the
// memory allocated per replication (-benchmem, B/op).
func BenchmarkLargeScenario(b *testing.B) {
	cfg := largeConfig(b)
	b.ReportAllocs()
	benchStreams(b, cfg)
}

// TestLargeScenarioScale checks that the large scenario is as large as it
// says, so that its benchmark measures what the README claims.
//
// Sessions: arrivals are Poisson with the hourly rates of the file over 25
// hours (hour 24 repeats hour 0), so their count has mean sum(rates) and
// standard deviation sqrt(mean); the test allows 5 standard deviations.
// Concurrency: the peak over 5-minute buckets of the streaming slots summed
// over the locations (bucket averages) must be of the order of 25,000:
// 20,000 to 30,000. Placement must succeed (failure ratio under 1%), or the
// sessions would not be simulated through their lifecycle.
func TestLargeScenarioScale(t *testing.T) {
	testutil.Long(t)
	if testing.Short() {
		t.Skip("2 M simulated sessions")
	}
	sc, err := scenarios.Load(largeScenario)
	testutil.NoErr(t, err)
	var mean float64
	for _, d := range sc.Demands {
		for h := range 25 {
			mean += d.Arrivals.Hourly[h%24]
		}
	}
	cfg := largeConfig(t)
	cfg.TimeseriesStep = 5 * time.Minute
	r, err := streams.Run(cfg, 0, streams.Options{})
	testutil.NoErr(t, err)
	if d := math.Abs(float64(r.Sessions) - mean); d > 5*math.Sqrt(mean) {
		t.Errorf("%d sessions, want %.0f ± %.0f (5 SD)", r.Sessions, mean, 5*math.Sqrt(mean))
	}
	var requests, failures int64
	var streaming []float64
	for _, l := range r.Locations {
		requests += l.Requests
		failures += l.Failures
		col, err := l.Timeseries.Column(streams.ColStreaming)
		testutil.NoErr(t, err)
		streaming = addTo(streaming, col)
	}
	peak := slices.Max(streaming)
	if peak < 20_000 || peak > 30_000 {
		t.Errorf("peak streams (5-minute average, all locations) = %.0f, want 20,000..30,000", peak)
	}
	if float64(failures) > 0.01*float64(requests) {
		t.Errorf("%d failures of %d requests, want under 1%%", failures, requests)
	}
	t.Logf("%d sessions (expected %.0f), %d events, peak streams %.0f", r.Sessions, mean, r.Events, peak)
}

// addTo returns sum + col element-wise (sum may be empty).
func addTo(sum, col []float64) []float64 {
	out := slices.Clone(col)
	for i := range min(len(sum), len(out)) {
		out[i] += sum[i]
	}
	return out
}
