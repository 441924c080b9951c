package schedule

import (
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/experiment/optimize"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/sim/metric"
	"github.com/capsim/capsim/simrun"
)

// Location is a location an hourly schedule sizes: its group and
// name, its tenancy step, the mean session length (hours) of the demands
// that list it first, and the static plan's settings the schedule starts
// from. OnDemand: the static plan allocates above always-on (target_idle
// or maximum set), so the schedule moves target_idle too.
type Location struct {
	Group, Name                   string
	Step                          int
	MeanHours                     float64
	AlwaysOn, TargetIdle, Maximum int
	OnDemand                      bool
	group, index                  int
}

// Plan is a schedule's settings per location (in Location order)
// and hour of the day (UTC): always_on, target_idle and maximum.
type Plan struct {
	AlwaysOn, TargetIdle, Maximum [][24]int
}

func (p Plan) clone() Plan {
	return Plan{slices.Clone(p.AlwaysOn), slices.Clone(p.TargetIdle), slices.Clone(p.Maximum)}
}

func (p Plan) equal(q Plan) bool {
	return slices.Equal(p.AlwaysOn, q.AlwaysOn) && slices.Equal(p.TargetIdle, q.TargetIdle) && slices.Equal(p.Maximum, q.Maximum)
}

// Options tune [Run]. Replications are the search's, from
// replication index First; VerifyReplications (twice Replications if 0)
// the verification's, after them. Zero values: the scenario's
// replications, 20 staffing iterations, 24 adjustment rounds, increases
// issued 5 minutes ahead of their hour. FS is where the files a scenario
// text given to [CheckHours] names (traces, empirical data) are read, as
// [scenarios.Parse] takes it (nil: it names none); [Run] simulates the
// scenario it is given, its data already at hand.
type Options struct {
	Workers, First, Replications, VerifyReplications int
	MaxIterations, MaxAdjust                         int
	Lead                                             time.Duration
	FS                                               fs.FS
}

// Result is an hourly schedule: its locations and plan, the
// staffing iterations until the plan stopped changing, the adjustment
// rounds (search and verification), the schedule and the static plan
// checked hour by hour under the same fresh replications (common random
// numbers) and the search's replications. [Text] writes it as a
// scenario (best.toml).
type Result struct {
	Locations    []Location
	Plan         Plan
	Iterations   int
	Converged    bool
	Adjustments  int
	Schedule     *Checked
	Static       *Checked
	Replications int
	// VerifyReplications are the fresh replications that Schedule, Static
	// and HourlyStatic were checked over.
	VerifyReplications int
	Lead               time.Duration
	// HourlyStatic is the static plan meeting every hour that the saving
	// is also measured against: the static plan itself if it meets every
	// hour, else one found by [Result.hourlyStatic].
	HourlyStatic *HourlyStatic
	// HoldsStatic: the schedule found was dearer than HourlyStatic (or
	// missed an hour HourlyStatic meets), so Plan and Schedule are
	// HourlyStatic's: the same settings every hour.
	HoldsStatic bool
	// Trimmed counts the trim rounds that lowered the plan; Simulated the
	// plans simulated in all (iterations, adjustments, trims, the
	// verification and the static plan's check; not the hourly static
	// search, counted in HourlyStatic).
	Trimmed, Simulated int
}

// staticPlan is the plan of locs' static settings in every hour.
func staticPlan(locs []Location) Plan {
	p := Plan{make([][24]int, len(locs)), make([][24]int, len(locs)), make([][24]int, len(locs))}
	for i, l := range locs {
		for h := range 24 {
			p.AlwaysOn[i][h], p.TargetIdle[i][h], p.Maximum[i][h] = l.AlwaysOn, l.TargetIdle, l.Maximum
		}
	}
	return p
}

// stepsUp is x rounded up to a multiple of step, at least 0.
func stepsUp(x float64, step int) int {
	return max(int(math.Ceil(x/float64(step)-1e-9)), 0) * step
}

// withDefaults fills opt's zero values (see [Options]) for base.
func (opt Options) withDefaults(base *scenarios.Scenario) Options {
	if opt.Replications <= 0 {
		opt.Replications = max(base.Simulation.Replications, 2)
	}
	if opt.VerifyReplications <= 0 {
		opt.VerifyReplications = 2 * opt.Replications
	}
	if opt.MaxIterations <= 0 {
		opt.MaxIterations = 20
	}
	if opt.MaxAdjust <= 0 {
		opt.MaxAdjust = 24
	}
	if opt.Lead <= 0 {
		opt.Lead = 5 * time.Minute
	}
	return opt
}

// HourlyStatic is a static plan (the same settings every hour) that meets
// the targets in every hour, the comparison for a schedule under the same
// per-hour requirements: its settings per location and its check.
type HourlyStatic struct {
	AlwaysOn, TargetIdle, Maximum []int
	Checked                       *Checked
	Simulated                     int // plans simulated to find it
}

// CheckSchedulable rejects scenarios an hourly schedule cannot be written
// into: a timeline of their own, fleets, or buckets that do not tile
// hours; the error wraps design.ErrDesign.
func CheckSchedulable(sc *scenarios.Scenario) error {
	switch {
	case len(sc.Timeline) > 0:
		return fmt.Errorf("experiment: schedule: %w: the scenario has a timeline of its own; the schedule is a timeline", design.ErrDesign)
	case len(sc.Fleets) > 0:
		return fmt.Errorf("experiment: schedule: %w: fleets are not scheduled; only stream groups", design.ErrDesign)
	}
	for g, grp := range sc.StreamGroups {
		for l, loc := range grp.Locations {
			if loc.OnDemand > 0 {
				return fmt.Errorf("experiment: schedule: %w: stream_group[%d].location[%d] sets on_demand; the schedule writes target_idle and maximum", design.ErrDesign, g, l)
			}
		}
	}
	if err := checkSteps(sc); err != nil {
		return fmt.Errorf("experiment: schedule: %w", err)
	}
	return nil
}

// scheduleCheckSteps rejects buckets that do not tile hours.
func checkSteps(sc *scenarios.Scenario) error {
	s := sc.Simulation
	if s.TimeseriesStep <= 0 || time.Hour%s.TimeseriesStep != 0 || s.Warmup%time.Hour != 0 {
		return fmt.Errorf("%w: simulation.timeseries_step must divide an hour and warmup be whole hours", design.ErrDesign)
	}
	return nil
}

// Check rejects, before any simulation, what an hourly schedule of sc
// under reqs cannot be (optimize --schedule hourly): requirements that set
// neither the failure-ratio nor the p95 limit on total (or on hours[*],
// which the schedule holds every hour to alike), any requirement
// it cannot hold hour by hour, or a scenario [CheckSchedulable] refuses.
// The error wraps design.ErrDesign and names the flags to change.
func Check(sc *scenarios.Scenario, reqs []simrun.Requirement) error {
	if t := optimize.TargetsOf(reqs); math.IsNaN(t.FailureRatio) && math.IsNaN(t.P95Seconds) {
		return checkError("optimize --schedule hourly needs --require total.placement_failure_ratio<=X or total.placement_latency_seconds.p95<=X")
	}
	for _, r := range reqs {
		// the schedule holds every hour to TargetsOf(reqs)'s two limits and nothing else
		if t := optimize.TargetsOf([]simrun.Requirement{r}); !strings.HasPrefix(r.Name, "total.") && !strings.HasPrefix(r.Name, "hours[*].") ||
			math.IsNaN(t.FailureRatio) && math.IsNaN(t.P95Seconds) {
			return checkError(fmt.Sprintf("optimize --schedule hourly holds every hour to total.placement_failure_ratio<=X and "+
				"total.placement_latency_seconds.p95<=X (or hours[*]. of them) only: those are what a run records per hour of the day, "+
				"all stream locations together%s; --require %s cannot be held hour by hour (drop it, or drop --schedule)", notPerHour(r), r))
		}
	}
	if err := CheckSchedulable(sc); err != nil {
		return checkError("optimize --schedule hourly: " + strings.TrimPrefix(err.Error(), "experiment: schedule: "))
	}
	return nil
}

// notPerHour says why a requirement on a location or a player region
// cannot be held hour by hour: the hours are not recorded per location or
// per region (a region's players may be served from any of its
// locations, so no hour of a location tells what its players saw).
func notPerHour(r simrun.Requirement) string {
	switch r.Metric.Canonical.Scope {
	case metric.Locations:
		return ", not per location"
	case metric.Regions:
		return ", not per player region (no hour records where its players were served from)"
	}
	return ""
}

// checkError is an error of Check, its text as shown.
type checkError string

func (e checkError) Error() string        { return string(e) }
func (e checkError) Is(target error) bool { return target == design.ErrDesign }
