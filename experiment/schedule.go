package experiment

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/capsim/capsim/scenarios"
)

// ScheduleLocation is a location an hourly schedule sizes: its group and
// name, its tenancy step and the mean session length (hours) of the demands
// that list it first.
type ScheduleLocation struct {
	Group, Name string
	Step        int
	MeanHours   float64
}

// HourCheck is one hour of the day's outcome under a schedule, pooled over
// the replications and locations: requests, placement failures, their
// ratio and the mean placement wait of a request (seconds: waiting requests
// integrated over the hour, over requests, Little's law).
type HourCheck struct {
	Hour                 int
	Requests, Failures   float64
	FailureRatio         float64
	MeanWaitSeconds      float64
	Meets                bool
	LoadBySlot, Capacity []float64 // per location: the offered load estimated, the slots scheduled
}

// ScheduleOptions tune [Schedule]. Zero values: the scenario's replications,
// 20 iterations, 12 adjustment rounds.
type ScheduleOptions struct {
	Workers, Replications, MaxIterations, MaxAdjust int
}

// ScheduleResult is an hourly schedule: the slots (always_on; target_idle
// 0 and maximum equal to always_on, so each hour's capacity is exactly the
// scheduled one) per location and hour of the day, the iterations until the
// capacities stopped changing, the adjustment rounds of the verification,
// each hour's check, the schedule's scenario text (best.toml) and its cost
// per replication.
type ScheduleResult struct {
	Locations    []ScheduleLocation
	Capacity     [][24]int
	Iterations   int
	Converged    bool
	Adjustments  int
	Hours        [24]HourCheck
	Meets        bool
	Text         []byte
	Scenario     *scenarios.Scenario
	CostUSD      []float64
	Replications int
}

// Schedule sizes every stream location per hour of the day by the
// iterative staffing algorithm of Feldman, Mandelbaum, Massey & Whitt
// (2008): simulate the schedule, estimate each hour's offered load at each
// location (time-averaged streaming slots in that hour, scaled up by the
// share of its requests that failed), set the hour's slots to the least
// multiple of the tenancy step at which M/M/c+D at that load meets t
// ([WarmStart]), and repeat until no capacity changes (or MaxIterations).
// Then it verifies each hour by simulation (per-hour placement failure
// ratio ≤ t.FailureRatio and mean placement wait ≤ t.P95Seconds, pooled
// over replications; the model records no per-hour p95) and adds one step
// where an hour misses, until every hour meets them or MaxAdjust rounds.
// baseText is the scenario's TOML (no timeline); the schedule is written
// into it as initial settings and UpdateStreamGroup actions at every hour.
func Schedule(baseText []byte, t Targets, opt ScheduleOptions) (*ScheduleResult, error) {
	base, err := scenarios.Parse("best.toml", baseText, nil)
	if err != nil {
		return nil, err
	}
	if err := scheduleCheck(base); err != nil {
		return nil, err
	}
	opt = scheduleDefaults(opt, base)
	res := &ScheduleResult{Replications: opt.Replications}
	var patience float64
	if res.Locations, patience, err = scheduleLocations(base); err != nil {
		return nil, err
	}
	res.Capacity = make([][24]int, len(res.Locations))
	for i, l := range res.Locations {
		for h := range 24 {
			res.Capacity[i][h] = l.Step
		}
	}
	var hs *hourStats
	for res.Iterations < opt.MaxIterations {
		if hs, err = res.simulate(baseText, opt); err != nil {
			return nil, err
		}
		res.Iterations++
		next := res.staff(hs, t, patience)
		if slices.Equal(next, res.Capacity) {
			res.Converged = true
			break
		}
		res.Capacity = next
	}
	if !res.Converged {
		if hs, err = res.simulate(baseText, opt); err != nil {
			return nil, err
		}
	}
	for {
		res.check(hs, t)
		if res.Meets || res.Adjustments >= opt.MaxAdjust {
			return res, nil
		}
		res.adjust(hs, t)
		res.Adjustments++
		if hs, err = res.simulate(baseText, opt); err != nil {
			return nil, err
		}
	}
}

func scheduleDefaults(opt ScheduleOptions, base *scenarios.Scenario) ScheduleOptions {
	if opt.Replications <= 0 {
		opt.Replications = max(base.Simulation.Replications, 1)
	}
	if opt.MaxIterations <= 0 {
		opt.MaxIterations = 20
	}
	if opt.MaxAdjust <= 0 {
		opt.MaxAdjust = 12
	}
	return opt
}

// scheduleCheck rejects scenarios an hourly schedule cannot be written
// into: a timeline of their own, fleets, or buckets that do not tile hours.
func scheduleCheck(sc *scenarios.Scenario) error {
	switch {
	case len(sc.Timeline) > 0:
		return fmt.Errorf("experiment: schedule: %w: the scenario has a timeline of its own; the schedule is a timeline", ErrDesign)
	case len(sc.Fleets) > 0:
		return fmt.Errorf("experiment: schedule: %w: fleets are not scheduled; only stream groups", ErrDesign)
	}
	if err := scheduleCheckSteps(sc); err != nil {
		return fmt.Errorf("experiment: schedule: %w", err)
	}
	return nil
}

// scheduleCheckSteps rejects buckets that do not tile hours.
func scheduleCheckSteps(sc *scenarios.Scenario) error {
	s := sc.Simulation
	if s.TimeseriesStep <= 0 || time.Hour%s.TimeseriesStep != 0 || s.Warmup%time.Hour != 0 {
		return fmt.Errorf("%w: simulation.timeseries_step must divide an hour and warmup be whole hours", ErrDesign)
	}
	return nil
}

// staff is the next capacities: each location and hour at the least step
// at which M/M/c+D meets t at the load estimated in hs (one step at least).
func (r *ScheduleResult) staff(hs *hourStats, t Targets, patienceHours float64) [][24]int {
	out := make([][24]int, len(r.Locations))
	for i, l := range r.Locations {
		for h := range 24 {
			a := hs.load(i, h)
			c := l.Step
			if a > 0 && l.MeanHours > 0 {
				c, _ = WarmStart(a/l.MeanHours, l.MeanHours, l.Step, patienceHours, t)
			}
			out[i][h] = max(c, l.Step)
		}
	}
	return out
}

// check fills each hour's outcome and whether every hour meets t.
func (r *ScheduleResult) check(hs *hourStats, t Targets) {
	r.Meets = true
	for h := range 24 {
		c := HourCheck{Hour: h}
		for i := range r.Locations {
			c.Requests += hs.req[i][h]
			c.Failures += hs.fail[i][h]
			c.MeanWaitSeconds += hs.waitSec[i][h]
			c.LoadBySlot = append(c.LoadBySlot, round3(hs.load(i, h)))
			c.Capacity = append(c.Capacity, float64(r.Capacity[i][h]))
		}
		c.FailureRatio = ratio(c.Failures, c.Requests)
		c.MeanWaitSeconds = ratio(c.MeanWaitSeconds, c.Requests)
		c.Meets = meets(c.FailureRatio, c.MeanWaitSeconds, t)
		r.Meets = r.Meets && c.Meets
		r.Hours[h] = c
	}
}

// adjust adds one step, in every hour that misses, at each location that
// misses on its own there (or, if none does, the one with the most
// failures).
func (r *ScheduleResult) adjust(hs *hourStats, t Targets) {
	for h := range 24 {
		if r.Hours[h].Meets {
			continue
		}
		worst, raised := 0, false
		for i, l := range r.Locations {
			fr := ratio(hs.fail[i][h], hs.req[i][h])
			if !meets(fr, ratio(hs.waitSec[i][h], hs.req[i][h]), t) {
				r.Capacity[i][h] += l.Step
				raised = true
			}
			if hs.fail[i][h] > hs.fail[worst][h] {
				worst = i
			}
		}
		if !raised {
			r.Capacity[worst][h] += r.Locations[worst].Step
		}
	}
}

func meets(failureRatio, meanWait float64, t Targets) bool {
	return !(failureRatio > t.FailureRatio) && !(meanWait > t.P95Seconds)
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
