package scenarios

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/capsim/capsim/models/streams"
)

// TestInvariantsOnEveryStep runs the default scenario and every example with
// the model's invariants checked after every event (allocated = streaming +
// idle, floor and ceiling, queue and instance bookkeeping, no request placed
// twice, one terminal status per session), then checks the totals.
func TestInvariantsOnEveryStep(t *testing.T) {
	names := append([]string{"default"}, Examples()...)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			cfg := invariantConfig(t, name)
			if cfg == nil {
				return
			}
			sc := &sessionCheck{t: t, warmup: cfg.Warmup, ended: map[string]int{}, seen: map[[2]float64]bool{}}
			res, err := streams.Run(cfg, 0, streams.Options{CheckInvariants: true, OnSessionEnd: sc.end})
			if err != nil {
				t.Fatal(err)
			}
			sc.totals(res)
		})
	}
}

// invariantConfig builds the default scenario or the example name, with
// runs shortened to 10 h; nil for a GameLift Servers example, after checking
// that the streams model has nothing to do (TestFleetExamplesRun checks the
// fleet model's invariants on it).
func invariantConfig(t *testing.T, name string) *streams.Config {
	t.Helper()
	sc, err := Default()
	if name != "default" {
		sc, err = Example(name)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.StreamGroups) == 0 {
		res, err := streams.Run(mustBuild(t, sc), 0, streams.Options{CheckInvariants: true})
		if err != nil || len(res.Locations) != 0 || res.Sessions != 0 {
			t.Fatalf("fleet-only scenario: streams run %+v, %v", res, err)
		}
		return nil
	}
	// Shorter runs keep the test quick; the timeline example needs its full
	// day, and the large one, whose day is 2 M sessions (and whose check walks
	// thousands of instances after every event), its first 70 minutes
	// (about 80,000 sessions).
	horizon := "10h"
	if cfg := mustBuild(t, sc); cfg.ExpectedRequests() > 1e6 {
		horizon = "70m"
	}
	if name != "timeline" && sc.Simulation.Horizon > 10*time.Hour {
		if err := sc.Set("simulation.horizon", horizon); err != nil {
			t.Fatal(err)
		}
	}
	return mustBuild(t, sc)
}

func mustBuild(t *testing.T, sc *Scenario) *streams.Config {
	t.Helper()
	cfg, err := sc.Build()
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// sessionCheck checks each session record as it ends and counts those that
// arrived after the warm-up.
type sessionCheck struct {
	t                                     *testing.T
	warmup                                time.Duration
	ended                                 map[string]int
	counted, errorsCounted, placedCounted int64
	seen                                  map[[2]float64]bool
}

func (c *sessionCheck) end(r streams.SessionRecord) {
	t := c.t
	if !r.Status.Terminal() {
		t.Errorf("session ended in non-terminal status %v", r.Status)
	}
	if r.Status == streams.StatusError != r.Reason.IsError() {
		t.Errorf("status %v with reason %v", r.Status, r.Reason)
	}
	key := [2]float64{r.ArrivalSeconds, r.EndSeconds}
	if c.seen[key] && r.ArrivalSeconds > 0 {
		t.Errorf("a session ended twice: %+v", r)
	}
	c.seen[key] = true
	if r.PlacedSeconds >= 0 && (r.PlacedSeconds < r.ArrivalSeconds || r.EndSeconds < r.PlacedSeconds) {
		t.Errorf("times out of order: %+v", r)
	}
	if r.ArrivalSeconds >= c.warmup.Seconds() {
		c.counted++
		if r.Status == streams.StatusError {
			c.errorsCounted++
		}
		if r.PlacedSeconds >= 0 {
			c.placedCounted++
		}
	}
	c.ended[r.Reason.String()]++
}

// totals checks the run's counts against the sessions that ended.
func (c *sessionCheck) totals(res *streams.Result) {
	t := c.t
	var requests, placed, failures, terms int64
	for _, l := range res.Locations {
		requests += l.Requests
		placed += l.Placed
		failures += l.Failures
		for _, n := range l.TerminationsByReason {
			terms += n
		}
		if l.AllocatedSlotSeconds+1e-6 < l.StreamingSlotSeconds {
			t.Errorf("%s: streaming %v above allocated %v", l.Location, l.StreamingSlotSeconds, l.AllocatedSlotSeconds)
		}
	}
	if failures != c.errorsCounted {
		t.Errorf("failures %d != sessions ended in ERROR %d", failures, c.errorsCounted)
	}
	if failures+terms != c.counted {
		t.Errorf("failures %d + terminations %d != ended sessions %d", failures, terms, c.counted)
	}
	// every counted request either ended or is still in flight at the horizon
	if c.counted > requests {
		t.Errorf("%d sessions ended but only %d requests counted", c.counted, requests)
	}
	if placed < c.placedCounted {
		t.Errorf("placed %d < placed sessions that ended %d", placed, c.placedCounted)
	}
	if requests == 0 {
		t.Error("no requests")
	}
	t.Logf("%d requests, %d placed, %d failed, %d terminated, ends by reason %v", requests, placed, failures, terms, c.ended)
}

// runDefault runs one replication of the default scenario after the
// overrides (path, value pairs).
func runDefault(t *testing.T, sets ...[2]string) (*streams.Config, *streams.Result) {
	t.Helper()
	sc, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range sets {
		if err := sc.Set(kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	cfg := mustBuild(t, sc)
	res, err := streams.Run(cfg, 0, streams.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return cfg, res
}

// TestCapacityIntegralsMatchTimeseries checks that the per-minute timeseries
// integrates to the reported capacity-hours after the warm-up.
func TestCapacityIntegralsMatchTimeseries(t *testing.T) {
	cfg, res := runDefault(t)
	first := int(cfg.Warmup / cfg.TimeseriesStep)
	for _, l := range res.Locations {
		ts := l.Timeseries
		rows := timeseriesRows(t, ts)
		var alloc, stream float64
		for k := first; k < len(rows); k++ {
			alloc += rows[k][streams.ColAllocated] * ts.StepSeconds
			stream += rows[k][streams.ColStreaming] * ts.StepSeconds
			if d := rows[k][streams.ColAllocated] - rows[k][streams.ColStreaming] - rows[k][streams.ColIdle]; math.Abs(d) > 1e-9 {
				t.Fatalf("%s minute %d: allocated != streaming + idle", l.Location, k)
			}
		}
		if math.Abs(alloc-l.AllocatedSlotSeconds) > 1e-6*l.AllocatedSlotSeconds {
			t.Errorf("%s: timeseries allocated %v slot-s, reported %v", l.Location, alloc, l.AllocatedSlotSeconds)
		}
		if math.Abs(stream-l.StreamingSlotSeconds) > 1e-6*l.StreamingSlotSeconds {
			t.Errorf("%s: timeseries streaming %v slot-s, reported %v", l.Location, stream, l.StreamingSlotSeconds)
		}
		// cost is the billed capacity at the price, per instance
		want := l.AllocatedSlotSeconds / float64(l.Tenancy) / 3600 * l.PriceUSDPerHour
		if math.Abs(l.CostUSD-want) > 1e-9*want {
			t.Errorf("%s: cost %v, want %v", l.Location, l.CostUSD, want)
		}
		// the cost series sums to the reported cost after the warm-up
		var cost, idleCost float64
		for k := first; k < len(rows); k++ {
			cost += rows[k][streams.ColCostUSD]
			idleCost += rows[k][streams.ColIdleCostUSD]
		}
		if math.Abs(cost-l.CostUSD) > 1e-6*l.CostUSD || math.Abs(idleCost-l.IdleCostUSD) > 1e-6*l.IdleCostUSD {
			t.Errorf("%s: timeseries cost %v (idle %v), reported %v (idle %v)", l.Location, cost, idleCost, l.CostUSD, l.IdleCostUSD)
		}
		for k, row := range rows {
			on, ceil, alloc := row[streams.ColAlwaysOn], row[streams.ColMaximum], row[streams.ColAllocated]
			if on != 20 && on != 8 || ceil < on || alloc > ceil+1e-9 {
				t.Fatalf("%s minute %d: always-on %v, maximum %v, allocated %v", l.Location, k, on, ceil, alloc)
			}
		}
	}
}

// timeseriesRows returns a copy of every row of ts.
func timeseriesRows(t *testing.T, ts *streams.Timeseries) [][]float64 {
	t.Helper()
	r := ts.NewReader()
	rows := make([][]float64, ts.Buckets())
	for k := range rows {
		row, err := r.Row(k)
		if err != nil {
			t.Fatal(err)
		}
		rows[k] = slices.Clone(row)
	}
	return rows
}

// TestTimeseriesCountsMatchTotals runs a scenario without warm-up, under
// pressure so that requests fail, and checks that the timeseries' requests
// and failures per reason add up to the run's counts.
func TestTimeseriesCountsMatchTotals(t *testing.T) {
	_, res := runDefault(t, [2]string{"simulation.warmup", "0s"}, [2]string{"stream_group[0].location[0].maximum", "22"},
		[2]string{"stream_group[0].location[1].maximum", "10"}, [2]string{"simulation.horizon", "6h"})
	var failed int64
	for _, l := range res.Locations {
		rows := timeseriesRows(t, l.Timeseries)
		var req float64
		for _, row := range rows {
			req += row[streams.ColRequests]
		}
		if int64(req) != l.Requests {
			t.Errorf("%s: timeseries requests %v, counted %d", l.Location, req, l.Requests)
		}
		if w := l.Timeseries.Width(); w != streams.RowWidth {
			t.Errorf("%s: rows of %d values, want %d", l.Location, w, streams.RowWidth)
		}
		for r := range streams.NumReasons {
			if !r.IsError() {
				continue
			}
			var n float64
			for _, row := range rows {
				n += row[streams.ColFailures(r)]
			}
			if int64(n) != l.FailuresByReason[r] {
				t.Errorf("%s %v: timeseries failures %v, counted %d", l.Location, r, n, l.FailuresByReason[r])
			}
			failed += int64(n)
		}
	}
	if failed == 0 {
		t.Error("no placement failed: the test does not exercise the failure series")
	}
}
