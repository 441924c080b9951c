package streams

import (
	"math"
	"testing"
	"time"

	"github.com/capsim/capsim/sim"
)

// The per-hour measurements (Options.Hourly) partition the run's: summed
// over the hours they are the location's requests, failures and placed
// latencies, and each hour holds exactly the sessions that arrived in it
// after the warm-up, as the session records show (requests and failures at
// the first location of the list, latencies where placed). Two locations
// with a daily curve over two days so that hours repeat and some requests
// time out.
func TestHourlyPartitionsTheRun(t *testing.T) {
	cfg := twoLocations(LocationConfig{Name: "a", AlwaysOn: 3, Maximum: 6, PriceUSDPerHour: 1},
		&LocationConfig{Name: "b", AlwaysOn: 2, PriceUSDPerHour: 1}, []string{"a", "b"}, 0)
	hourly := make([]float64, HoursOfDay)
	for h := range hourly {
		hourly[h] = 4 + float64(h%6)*3
	}
	cfg.Demands[0].Arrivals = &Poisson{Hourly: hourly}
	cfg.Demands[0].SessionLength = sim.Fixed{D: 40 * time.Minute}
	cfg.Horizon, cfg.Warmup = 50*time.Hour, 2*time.Hour
	var req, fail [HoursOfDay]int64
	var lat [2][HoursOfDay]float64 // count, sum of latencies
	r, err := Run(cfg, 0, Options{CheckInvariants: true, Hourly: true, OnSessionEnd: func(rec SessionRecord) {
		if rec.ArrivalSeconds < cfg.Warmup.Seconds() {
			return
		}
		h := int(rec.ArrivalSeconds/3600) % HoursOfDay
		req[h]++
		if rec.Status == StatusError {
			fail[h]++
		}
		if rec.PlacedSeconds >= 0 {
			lat[0][h]++
			lat[1][h] += rec.PlacedSeconds - rec.ArrivalSeconds
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	a, b := loc(r, "a"), loc(r, "b")
	if len(a.Hours) != HoursOfDay || len(b.Hours) != HoursOfDay {
		t.Fatalf("hours: %d and %d, want %d each", len(a.Hours), len(b.Hours), HoursOfDay)
	}
	var sumReq, sumFail int64
	for h := range HoursOfDay {
		sumReq += a.Hours[h].Requests
		sumFail += a.Hours[h].Failures
		if b.Hours[h].Requests != 0 || b.Hours[h].Failures != 0 {
			t.Errorf("hour %d: b counts %d requests, %d failures; all list a first", h, b.Hours[h].Requests, b.Hours[h].Failures)
		}
		// Records end by the horizon only; those still running are not in
		// them, so the hour's counts are at least the records'.
		if a.Hours[h].Requests < req[h] || a.Hours[h].Failures != fail[h] {
			t.Errorf("hour %d: %d requests, %d failures; records say ≥ %d, %d", h, a.Hours[h].Requests, a.Hours[h].Failures, req[h], fail[h])
		}
		n := a.Hours[h].Latency.Count() + b.Hours[h].Latency.Count()
		sum := a.Hours[h].Latency.Sum() + b.Hours[h].Latency.Sum()
		if float64(n) < lat[0][h] || n == 0 || sum < lat[1][h]-1e-6 {
			t.Errorf("hour %d: %d latencies summing to %g s, records place %g summing to %g s", h, n, sum, lat[0][h], lat[1][h])
		}
	}
	if sumReq != a.Requests || sumFail != a.Failures || sumFail == 0 {
		t.Errorf("hours sum to %d requests, %d failures; the run %d, %d (want > 0 failures)", sumReq, sumFail, a.Requests, a.Failures)
	}
	if n := countAll(a.Hours) + countAll(b.Hours); n != uint64(a.Placed+b.Placed) {
		t.Errorf("hour latencies %d, placed %d", n, a.Placed+b.Placed)
	}
	if math.Abs(sumSketch(a.Hours)+sumSketch(b.Hours)-a.Latency.Sum()-b.Latency.Sum()) > 1e-6 {
		t.Errorf("hour latencies sum to %g s, the run's to %g s", sumSketch(a.Hours)+sumSketch(b.Hours), a.Latency.Sum()+b.Latency.Sum())
	}
}

func countAll(hs []HourResult) (n uint64) {
	for _, h := range hs {
		n += h.Latency.Count()
	}
	return n
}

func sumSketch(hs []HourResult) (s float64) {
	for _, h := range hs {
		s += h.Latency.Sum()
	}
	return s
}
