package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/capsim/capsim/internal/queueing"
	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/reports"
)

// textbookTOML is a single-location scenario in the textbook form of
// M/M/c+D (models/streams/theory_test.go): always-on only, Poisson
// arrivals at lambda per hour, exponential sessions of 6 minutes, instant
// connect and start, no client behaviour, no TERMINATING time (its
// default 5 s would lengthen every session), the 75 s placement timeout;
// the horizon holds at least 15,000 arrivals and 20 h (200 mean sessions:
// near critical load the queue relaxes slowly) after a 1 h warm-up.
func textbookTOML(class string, ten int, lambda float64) string {
	hours := 1 + math.Ceil(max(15000/lambda, 20))
	return fmt.Sprintf(`name = "textbook"

[simulation]
horizon = "%gh"
warmup = "1h"
seed = 11
replications = 10

[service]
placement_timeout_always_on = "75s"
session_start_delay = { dist = "fixed", value = "0s" }
activation_delay = { dist = "fixed", value = "0s" }
internal_error_probability = 0
shortfall_rate_per_hour = 0
idle_timeout = "0s"
terminating_duration = "0s"

[[stream_group]]
name = "g"
class = %q

  [[stream_group.location]]
  name = "us-west-2"
  always_on = %d

[[price]]
class = %q
location = "us-west-2"
usd_per_hour = 1

[[demand]]
name = "d"
stream_group = "g"
arrivals = { process = "poisson", rate_per_hour = %g }
session_length = { dist = "exponential", mean = "6m" }
  [demand.client]
  connect_delay = { dist = "fixed", value = "0s" }
  no_show_probability = 0
  disconnect_rate_per_hour = 0
  afk_rate_per_hour = 0
  crash_rate_per_hour = 0
  connection_timeout = "1h"
  session_length_limit = "24h"
`, hours, class, ten, class, lambda)
}

const (
	textbookMu      = 10.0 // sessions per hour (6 minutes)
	textbookTimeout = 75 * time.Second
	alwaysOnPath    = "stream_group[0].location[0].always_on"
	failureRatio    = "total.placement_failure_ratio"
	p95Wait         = "total.placement_latency_seconds.p95"
)

// exactOptimum is the smallest multiple of ten c at which M/M/c+D meets
// the limits (NaN: none), and the failure ratio and p95 wait (s) at c and
// at c − ten.
func exactOptimum(t *testing.T, lambda float64, ten int, fail, p95 float64) (c int, at, below [2]float64) {
	t.Helper()
	eval := func(c int) [2]float64 {
		r, err := queueing.MMcD(lambda, textbookMu, c, textbookTimeout.Hours())
		if err != nil {
			t.Fatal(err)
		}
		return [2]float64{r.AbandonProbability, r.WaitQuantileServed(0.95) * 3600}
	}
	for c = ten; ; c += ten {
		v := eval(c)
		if !(v[0] > fail) && !(v[1] > p95) {
			return c, v, eval(c - ten)
		}
	}
}

// TestOptimizeExact checks that optimize returns the exact optimum of
// M/M/c+D on textbook scenarios: offered loads from 5 to 500 streams,
// tenancy 1, 2 and 12, limits set between the values at c* − tenancy and
// c* (checked here to be at least 20% from both), by default variables
// (warm start from theory) and by a wide --vary range (bisection).
func TestOptimizeExact(t *testing.T) {
	testutil.Long(t)
	nan := math.NaN()
	cases := []struct {
		class     string
		ten       int
		load      float64 // offered load, streams
		fail, p95 float64 // limits (NaN: none)
		vary      bool
	}{
		{"gen4n_ultra", 1, 5, 0.025, nan, false},
		{"gen4n_high", 2, 20, nan, 40, true},
		{"gen4n_ultra", 1, 50, 0.02, 33, true},
		{"gen6n_small", 12, 100, 0.02, nan, false},
		{"gen4n_high", 2, 100, 0.003, 24, true},
		{"gen6n_small", 12, 200, 0.003, nan, true},
		{"gen6n_small", 12, 500, 0.01, nan, false},
	}
	for _, tc := range cases {
		name := fmt.Sprintf("load%g-tenancy%d", tc.load, tc.ten)
		t.Run(name, func(t *testing.T) {
			lambda := tc.load * textbookMu
			want, at, below := exactOptimum(t, lambda, tc.ten, tc.fail, tc.p95)
			checkApart(t, [2]float64{tc.fail, tc.p95}, at, below)
			dir := t.TempDir()
			file := filepath.Join(dir, "tb.toml")
			if err := os.WriteFile(file, []byte(textbookTOML(tc.class, tc.ten, lambda)), 0o644); err != nil {
				t.Fatal(err)
			}
			args := []string{"optimize", file, "--quiet", "--workers", "2", "--recheck-pass", "0", "--out", filepath.Join(dir, "out")}
			for i, lim := range []float64{tc.fail, tc.p95} {
				if !math.IsNaN(lim) {
					args = append(args, "--require", fmt.Sprintf("%s<=%g", [2]string{failureRatio, p95Wait}[i], lim))
				}
			}
			if tc.vary {
				args = append(args, "--vary", fmt.Sprintf("%s=0..%d:%d", alwaysOnPath, 3*int(tc.load), tc.ten))
			}
			code, _, stderr := capsim(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			o := readOptimize(t, filepath.Join(dir, "out"))
			got, _ := strconv.Atoi(o.Evaluated[o.Best].Values[0])
			t.Logf("c* %d (fail %.4g, p95 %.3g s; at c*−%d: %.4g, %.3g s); optimize: %d after %d replications, %d plans",
				want, at[0], at[1], tc.ten, below[0], below[1], got, o.Replications, len(o.Evaluated))
			if got != want {
				t.Errorf("optimize returned always_on %d, the exact optimum is %d", got, want)
			}
		})
	}
}

// checkApart fails unless each limit is at least 10% (relative) above its
// metric's value at c* and some limit is at least 10% below its value at
// c* − tenancy, so that neither neighbour is within the simulation's
// noise of the limits.
func checkApart(t *testing.T, limits, at, below [2]float64) {
	t.Helper()
	clear := false
	for i, lim := range limits {
		if math.IsNaN(lim) {
			continue
		}
		if !(at[i]*1.1 <= lim) {
			t.Fatalf("limit %g too near %g at c*", lim, at[i])
		}
		clear = clear || lim*1.1 <= below[i]
	}
	if !clear {
		t.Fatalf("limits %v too near the values at c* − tenancy %v", limits, below)
	}
}

func readOptimize(t *testing.T, dir string) *reports.Optimize {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "optimize.json"))
	if err != nil {
		t.Fatal(err)
	}
	var o reports.Optimize
	if err := json.Unmarshal(data, &o); err != nil {
		t.Fatal(err)
	}
	if o.Best < 0 {
		t.Fatalf("no plan: closest %d misses %s", o.Closest, o.Misses)
	}
	return &o
}
