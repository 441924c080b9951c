package schedule

import (
	"fmt"
	"time"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/simrun"
)

// hourStats are a schedule's measurements by hour of the day: per hour,
// scope (each location, then all of them: the requirement's "total") and
// replication the placement failure ratio and p95 placement latency
// (streams.HourMetrics), the requests per scope summed over replications;
// per location and hour the streaming slot-hours, hours observed,
// requests and failures summed over replications and days (the offered
// load's estimate); per location and hour the requests waiting
// (time-averaged, summed over buckets) in all and in the buckets where the
// location's allocation stood at its ceiling (within a tenancy step, steps,
// of its maximum): the share of the wait the ceiling causes; the cost per
// replication.
type hourStats struct {
	fr, p95        [24][][]float64
	req            [24][]float64
	busy, hours    [][24]float64
	locReq, locErr [][24]float64
	wait, ceilWait [][24]float64
	steps          []int
	cost           []float64
}

// ceilingBound: most of location i's wait in hour h (requests waiting,
// over time) happened while its allocation stood at its ceiling, so that
// more capacity allowed, not more held idle, is what the hour lacks.
func (hs *hourStats) ceilingBound(i, h int) bool {
	return hs.wait[i][h] > 0 && hs.ceilWait[i][h] >= 0.5*hs.wait[i][h]
}

// load is the offered load estimated at location i in hour h: the mean
// streaming slots, scaled by requests over requests placed.
func (hs *hourStats) load(i, h int) float64 {
	busy := ratio(hs.busy[i][h], hs.hours[i][h])
	if placed := hs.locReq[i][h] - hs.locErr[i][h]; placed > 0 {
		busy *= hs.locReq[i][h] / placed
	}
	return busy
}

func newHourStats(n, reps int) *hourStats {
	hs := &hourStats{busy: make([][24]float64, n), hours: make([][24]float64, n),
		locReq: make([][24]float64, n), locErr: make([][24]float64, n),
		wait: make([][24]float64, n), ceilWait: make([][24]float64, n), cost: make([]float64, reps)}
	for h := range 24 {
		hs.fr[h], hs.p95[h], hs.req[h] = make([][]float64, n+1), make([][]float64, n+1), make([]float64, n+1)
		for s := range n + 1 {
			hs.fr[h][s], hs.p95[h][s] = make([]float64, reps), make([]float64, reps)
		}
	}
	return hs
}

var (
	hourRequests = hourMetric("requests")
	hourFailures = hourMetric("placement_failure_ratio")
	hourP95      = hourMetric("placement_latency_seconds.p95")
	costMetric   = metricIndex("cost_usd")
)

// add records replication rep of sr: the per-hour metrics of every scope,
// the cost, and the timeseries summed by hour of the day from the warm-up.
func (hs *hourStats) add(sr *streams.Result, rep int, warmup, step time.Duration) error {
	n := len(sr.Locations)
	hs.cost[rep] = simrun.Eval(streams.Metrics, sr.Locations, -1, 0)[costMetric]
	at := make([]streams.HourResult, n)
	for h := range 24 {
		for i := range n {
			at[i] = sr.Locations[i].Hours[h]
		}
		for s := range n + 1 {
			li := s
			if s == n {
				li = -1
			}
			v := simrun.Eval(streams.HourMetrics, at, li, 0)
			hs.fr[h][s][rep], hs.p95[h][s][rep] = v[hourFailures], v[hourP95]
			hs.req[h][s] += v[hourRequests]
		}
	}
	for i := range n {
		if err := hs.addSeries(sr.Locations[i].Timeseries, i, warmup, step); err != nil {
			return err
		}
	}
	return nil
}

// addSeries sums location i's timeseries by hour of the day from the warm-up.
func (hs *hourStats) addSeries(ts *streams.Timeseries, i int, warmup, step time.Duration) error {
	if ts == nil {
		return fmt.Errorf("experiment: schedule: location %d has no timeseries", i)
	}
	rd := ts.NewReader()
	for k := range ts.Buckets() {
		row, err := rd.Row(k)
		if err != nil {
			return err
		}
		at := time.Duration(k) * step
		if at < warmup {
			continue
		}
		h, w := int(at/time.Hour)%24, step.Hours()
		hs.locReq[i][h] += row[streams.ColRequests]
		for _, r := range failureReasons {
			hs.locErr[i][h] += row[streams.ColFailures(r)]
		}
		hs.busy[i][h] += row[streams.ColStreaming] * w
		hs.hours[i][h] += w
		hs.wait[i][h] += row[streams.ColWaiting] * w
		if ceil := row[streams.ColMaximum]; ceil > 0 && row[streams.ColAllocated] >= ceil-float64(hs.steps[i]) {
			hs.ceilWait[i][h] += row[streams.ColWaiting] * w
		}
	}
	return nil
}

var failureReasons = func() []streams.Reason {
	var out []streams.Reason
	for r := range streams.NumReasons {
		if r.IsError() {
			out = append(out, r)
		}
	}
	return out
}()

func hourMetric(name string) int {
	for i := range streams.HourMetrics {
		if streams.HourMetrics[i].Name == name {
			return i
		}
	}
	panic("experiment: schedule: no hour metric " + name)
}

func metricIndex(name string) int {
	for i := range streams.Metrics {
		if streams.Metrics[i].Name == name {
			return i
		}
	}
	panic("experiment: schedule: no metric " + name)
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}
