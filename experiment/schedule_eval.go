package experiment

import (
	"fmt"
	"strings"
	"time"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/sim/metric"
)

// scheduleLocations are the stream locations of sc, in group then location
// order (the order of a run's results), and the always-on placement
// timeout in hours.
func scheduleLocations(sc *scenarios.Scenario) ([]ScheduleLocation, float64, error) {
	cfg, _, err := sc.BuildAll()
	if err != nil {
		return nil, 0, err
	}
	var out []ScheduleLocation
	for g, grp := range cfg.Groups {
		for l, loc := range grp.Locations {
			_, meanHours := peakLoad(cfg, g, l, loc.Name)
			out = append(out, ScheduleLocation{Group: sc.StreamGroups[g].Name, Name: loc.Name,
				Step: max(grp.Class.Tenancy, 1), MeanHours: meanHours})
		}
	}
	if len(out) == 0 {
		return nil, 0, fmt.Errorf("experiment: schedule: %w: the scenario has no stream location to size", ErrDesign)
	}
	return out, cfg.Service.PlacementTimeoutAlwaysOn.Hours(), nil
}

// hourStats are a schedule's measurements per location and hour of the
// day, summed over replications and the days after the warm-up: requests,
// failures, waiting request-seconds, streaming slot-hours and hours
// observed.
type hourStats struct {
	req, fail, waitSec, busy, hours [][24]float64
}

// load is the offered load estimated at location i in hour h: the mean
// streaming slots, scaled by requests over requests placed.
func (hs *hourStats) load(i, h int) float64 {
	busy := ratio(hs.busy[i][h], hs.hours[i][h])
	if placed := hs.req[i][h] - hs.fail[i][h]; placed > 0 {
		busy *= hs.req[i][h] / placed
	}
	return busy
}

// simulate writes the current capacities into the scenario text, runs its
// replications and returns the hourly measurements; it records the text,
// the scenario and the cost per replication.
func (r *ScheduleResult) simulate(baseText []byte, opt ScheduleOptions) (*hourStats, error) {
	text, err := ScheduleText(baseText, r.Locations, r.Capacity)
	if err != nil {
		return nil, err
	}
	hs, sc, cost, err := runHourly(text, len(r.Locations), opt)
	if err != nil {
		return nil, fmt.Errorf("experiment: schedule: %w", err)
	}
	r.Text, r.Scenario, r.CostUSD = text, sc, cost
	return hs, nil
}

// CheckHours runs the scenario text's first n stream locations over
// opt.Replications (0: the scenario's) and checks each hour of the day
// against t as [Schedule] does; it returns the checks and the cost per
// replication. Capacity in the checks is left empty.
func CheckHours(text []byte, t Targets, opt ScheduleOptions) ([24]HourCheck, []float64, error) {
	var out [24]HourCheck
	sc, err := scenarios.Parse("scenario.toml", text, nil)
	if err != nil {
		return out, nil, err
	}
	locs, _, err := scheduleLocations(sc)
	if err != nil {
		return out, nil, err
	}
	opt = scheduleDefaults(opt, sc)
	hs, _, cost, err := runHourly(text, len(locs), opt)
	if err != nil {
		return out, nil, err
	}
	r := &ScheduleResult{Locations: locs, Capacity: make([][24]int, len(locs))}
	r.check(hs, t)
	for h := range r.Hours {
		r.Hours[h].Capacity = nil
	}
	return r.Hours, cost, nil
}

// runHourly validates text and runs its replications, returning the first
// n locations' hourly measurements, the scenario and the cost (total.cost_usd)
// per replication.
func runHourly(text []byte, n int, opt ScheduleOptions) (*hourStats, *scenarios.Scenario, []float64, error) {
	sc, err := scenarios.Parse("best.toml", text, nil)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("the scenario does not validate: %w", err)
	}
	if err := scheduleCheckSteps(sc); err != nil {
		return nil, nil, nil, err
	}
	prep, bad := Prepare(sc, []Point{{}})
	if len(bad) > 0 {
		return nil, nil, nil, fmt.Errorf("the scenario does not validate: %w", bad[0].Err)
	}
	p := &prep[0]
	p.cfg.TimeseriesStep = sc.Simulation.TimeseriesStep // Prepare drops it; the hours read it
	per := make([]*hourStats, opt.Replications)
	cost := make([]float64, opt.Replications)
	_, err = sim.Replicate(opt.Replications, sim.ReplicateOptions{Workers: opt.Workers}, func(rep int) (struct{}, error) {
		sr, err := streams.Run(p.cfg, rep, streams.Options{})
		if err != nil {
			return struct{}{}, p.Scenario.ExplainRunError(err, uint64(p.cfg.MaxEvents), 0)
		}
		s := sc.Simulation
		vals := evalReplication(sr, nil, (s.Horizon - s.Warmup).Seconds())
		cost[rep] = vals[len(sr.Locations)][metricIndex("cost_usd")]
		per[rep], err = hourly(sr, n, s.Warmup, p.cfg.TimeseriesStep)
		return struct{}{}, err
	})
	if err != nil {
		return nil, nil, nil, err
	}
	hs := newHourStats(n)
	for _, x := range per { // in replication order: deterministic sums
		hs.add(x)
	}
	return hs, sc, cost, nil
}

func newHourStats(n int) *hourStats {
	return &hourStats{req: make([][24]float64, n), fail: make([][24]float64, n), waitSec: make([][24]float64, n),
		busy: make([][24]float64, n), hours: make([][24]float64, n)}
}

func (hs *hourStats) add(x *hourStats) {
	for i := range hs.req {
		for h := range 24 {
			hs.req[i][h] += x.req[i][h]
			hs.fail[i][h] += x.fail[i][h]
			hs.waitSec[i][h] += x.waitSec[i][h]
			hs.busy[i][h] += x.busy[i][h]
			hs.hours[i][h] += x.hours[i][h]
		}
	}
}

// hourly sums one replication's timeseries by hour of the day, from the
// end of the warm-up.
func hourly(sr *streams.Result, n int, warmup, step time.Duration) (*hourStats, error) {
	hs := newHourStats(n)
	fails := failureColumns()
	for i := range n {
		ts := sr.Locations[i].Timeseries
		if ts == nil {
			return nil, fmt.Errorf("experiment: schedule: location %d has no timeseries", i)
		}
		rd := ts.NewReader()
		for k := range ts.Buckets() {
			row, err := rd.Row(k)
			if err != nil {
				return nil, err
			}
			at := time.Duration(k) * step
			if at < warmup {
				continue
			}
			h, w := int(at/time.Hour)%24, step.Hours()
			hs.req[i][h] += row[streams.ColRequests]
			for _, c := range fails {
				hs.fail[i][h] += row[c]
			}
			hs.waitSec[i][h] += row[streams.ColWaiting] * step.Seconds()
			hs.busy[i][h] += row[streams.ColStreaming] * w
			hs.hours[i][h] += w
		}
	}
	return hs, nil
}

func failureColumns() []int {
	var out []int
	for r := range streams.NumReasons {
		if r.IsError() {
			out = append(out, streams.ColFailures(r))
		}
	}
	return out
}

func metricIndex(name string) int {
	for i, in := range metric.Infos(streams.Metrics) {
		if in.Name == name {
			return i
		}
	}
	panic("experiment: schedule: no metric " + name)
}

// ScheduleText is baseText with the capacities as its schedule: each
// location's initial always_on and maximum set to hour 0's slots and
// target_idle to 0, and at every whole hour after 0 within the horizon an
// UpdateStreamGroup per group setting that hour's slots (h mod 24).
func ScheduleText(baseText []byte, locs []ScheduleLocation, capacity [][24]int) ([]byte, error) {
	base, err := scenarios.Parse("best.toml", baseText, nil)
	if err != nil {
		return nil, err
	}
	var paths, values []string
	index := locIndex(base, locs)
	for i, li := range index {
		path := fmt.Sprintf("stream_group[%d].location[%d].", li[0], li[1])
		c := fmt.Sprint(capacity[i][0])
		paths = append(paths, path+"always_on", path+"target_idle", path+"maximum")
		values = append(values, c, "0", c)
	}
	text, err := scenarios.EditText(baseText, paths, values)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.Write(text)
	b.WriteString("\n# The hourly capacity schedule (capsim optimize --schedule hourly): the\n# UpdateStreamGroup call a scheduler makes at each hour, repeating daily.\n")
	for at := time.Hour; at < base.Simulation.Horizon; at += time.Hour {
		h := int(at/time.Hour) % 24
		for _, g := range base.StreamGroups {
			fmt.Fprintf(&b, "\n[[timeline]]\nat = %q\naction = \"UpdateStreamGroup\"\nstream_group = %q\nlocations = [\n", tomlDuration(at), g.Name)
			for i, l := range locs {
				if l.Group == g.Name {
					c := capacity[i][h]
					fmt.Fprintf(&b, "  { name = %q, always_on = %d, target_idle = 0, maximum = %d },\n", l.Name, c, c)
				}
			}
			b.WriteString("]\n")
		}
	}
	return []byte(b.String()), nil
}

func locIndex(sc *scenarios.Scenario, locs []ScheduleLocation) [][2]int {
	var out [][2]int
	for g, grp := range sc.StreamGroups {
		for l := range grp.Locations {
			out = append(out, [2]int{g, l})
		}
	}
	return out[:len(locs)]
}

func tomlDuration(d time.Duration) string { return fmt.Sprintf("%dh", int(d/time.Hour)) }
