package experiment

import (
	"fmt"
	"io/fs"
	"math"
	"slices"
	"time"

	"github.com/capsim/capsim/scenarios"
)

// ScheduleLocation is a location an hourly schedule sizes: its group and
// name, its tenancy step, the mean session length (hours) of the demands
// that list it first, and the static plan's settings the schedule starts
// from. OnDemand: the static plan allocates above always-on (target_idle
// or maximum set), so the schedule moves target_idle too.
type ScheduleLocation struct {
	Group, Name                   string
	Step                          int
	MeanHours                     float64
	AlwaysOn, TargetIdle, Maximum int
	OnDemand                      bool
	group, index                  int
}

// Plan is a schedule's settings per location (in ScheduleLocation order)
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

// ScopeHour is one hour of the day at one scope (a location, or all of
// them): requests per replication, the placement failure ratio and p95
// placement latency (seconds) over the replications with their one-sided
// 95% upper bounds, the offered load estimated (streams; locations only)
// and whether the bounds meet the targets.
type ScopeHour struct {
	Requests     float64
	FailureRatio Bounded
	P95Seconds   Bounded
	OfferedLoad  float64
	Meets        bool
}

// HourCheck is one hour of the day under a plan: every location's and the
// total's ScopeHour.
type HourCheck struct {
	Hour      int
	Total     ScopeHour
	Locations []ScopeHour
}

// Meets reports whether the hour meets the targets: the total does (the
// requirements are on total).
func (h HourCheck) Meets() bool { return h.Total.Meets }

// Checked is a plan simulated: each hour's check, whether every hour
// meets the targets, and the cost (total.cost_usd) per replication.
type Checked struct {
	Hours   [24]HourCheck
	Meets   bool
	CostUSD []float64
}

// MeetingHours is how many hours of the day meet the targets.
func (c *Checked) MeetingHours() int {
	n := 0
	for _, h := range c.Hours {
		if h.Meets() {
			n++
		}
	}
	return n
}

// ScheduleOptions tune [Schedule]. Replications are the search's, from
// replication index First; VerifyReplications (twice Replications if 0)
// the verification's, after them. Zero values: the scenario's
// replications, 20 staffing iterations, 24 adjustment rounds, increases
// issued 5 minutes ahead of their hour. FS is where the files the
// scenario text names (traces, empirical data) are read, as
// [scenarios.Parse] takes it ([scenarios.Scenario.FS] of the scenario the
// text came from; nil: it names none).
type ScheduleOptions struct {
	Workers, First, Replications, VerifyReplications int
	MaxIterations, MaxAdjust                         int
	Lead                                             time.Duration
	FS                                               fs.FS
}

// ScheduleResult is an hourly schedule: its locations and plan, the
// staffing iterations until the plan stopped changing, the adjustment
// rounds (search and verification), the schedule and the static plan
// checked hour by hour under the same fresh replications (common random
// numbers), the schedule's scenario text (best.toml) and the search's
// replications.
type ScheduleResult struct {
	Locations    []ScheduleLocation
	Plan         Plan
	Iterations   int
	Converged    bool
	Adjustments  int
	Schedule     *Checked
	Static       *Checked
	Text         []byte
	Replications int
	// VerifyReplications are the fresh replications that Schedule, Static
	// and HourlyStatic were checked over.
	VerifyReplications int
	Lead               time.Duration
	// HourlyStatic is the static plan meeting every hour that the saving
	// is also measured against: the static plan itself if it meets every
	// hour, else one found by [ScheduleResult.hourlyStatic].
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

// Schedule sizes every stream location of the static plan staticText (a
// scenario with the best static settings, no timeline) per hour of the
// day, starting from that plan in every hour, by the iterative staffing
// of Feldman, Mandelbaum, Massey & Whitt (2008): simulate the plan,
// estimate each hour's offered load at each location (streaming slots in
// that hour, scaled up by the share of its requests that failed), take the
// least capacity c at which M/M/c+D at that load meets t ([WarmStart]) and
// lower the hour's always_on to c and target_idle to c less the load (never
// above the static plan's), repeat until the plan stops changing. Then it
// checks every hour by simulation — the one-sided 95% upper bounds over
// the replications of the hour's total placement failure ratio and p95
// placement latency against t, the rule optimize judges requirements by —
// and raises ([ScheduleResult.raise]: maximum where the plan allocates on
// demand and the hour waited at its ceiling, else target_idle a tenancy
// step, or always_on where the plan is always on only) every hour that
// misses, at the locations that miss, until every hour meets t or
// MaxAdjust rounds, then lowers hours
// where the simulation shows slack ([ScheduleResult.trim]). All that on
// the search replications; the schedule is then checked, and raised where
// an hour misses, on fresh ones (VerifyReplications), over which the
// static plans are checked too; if the static plan meeting every hour
// costs less there (paired), the schedule is that plan (HoldsStatic).
func Schedule(staticText []byte, t Targets, opt ScheduleOptions) (*ScheduleResult, error) {
	base, err := scenarios.Parse("static.toml", staticText, opt.FS)
	if err != nil {
		return nil, err
	}
	if err := CheckSchedulable(base); err != nil {
		return nil, err
	}
	opt = scheduleDefaults(opt, base)
	res := &ScheduleResult{Replications: opt.Replications, VerifyReplications: opt.VerifyReplications, Lead: opt.Lead}
	var patience float64
	if res.Locations, patience, err = scheduleLocations(base); err != nil {
		return nil, err
	}
	res.Plan = staticPlan(res.Locations)
	hs, err := res.iterate(staticText, t, opt, patience)
	if err != nil {
		return nil, err
	}
	if hs, err = res.raiseMissing(staticText, t, opt, hs); err != nil {
		return nil, err
	}
	if res.Schedule.Meets {
		if _, err = res.trim(staticText, t, opt, hs); err != nil {
			return nil, err
		}
	}
	// The verification: fresh replications, so that the decisions above,
	// taken on the search replications, do not flatter the schedule. An
	// hour raised here is judged on the replications that raised it (the
	// README says so: another seed is the independent check).
	vopt := opt
	vopt.First, vopt.Replications = opt.Replications, opt.VerifyReplications
	if hs, err = res.simulate(staticText, vopt); err != nil {
		return nil, err
	}
	if _, err = res.raiseMissing(staticText, t, vopt, hs); err != nil {
		return nil, err
	}
	if hs, err = res.simulatePlan(staticText, staticPlan(res.Locations), vopt); err != nil {
		return nil, err
	}
	res.Static = check(hs, t)
	if res.HourlyStatic, err = res.hourlyStatic(staticText, t, vopt); err != nil {
		return nil, err
	}
	res.holdIfCheaper()
	if res.Text, err = ScheduleText(staticText, res.Locations, res.Plan, opt.Lead); err != nil {
		return nil, err
	}
	return res, nil
}

// iterate is the staffing iteration from the static plan: simulate, staff
// each hour from the load seen, until the plan stops changing or
// opt.MaxIterations; it returns the measurements of the plan it ends at.
func (r *ScheduleResult) iterate(staticText []byte, t Targets, opt ScheduleOptions, patience float64) (*hourStats, error) {
	for {
		hs, err := r.simulate(staticText, opt)
		if err != nil || r.Converged || r.Iterations == opt.MaxIterations {
			return hs, err
		}
		r.Iterations++
		next := r.staff(hs, t, patience)
		if next.equal(r.Plan) {
			r.Converged = true
			return hs, nil
		}
		r.Plan = next
	}
}

// raiseMissing checks the plan's measurements hs and, while some hour misses t
// (at most opt.MaxAdjust rounds in this call: the search's rounds do not
// use up the verification's), raises those hours a step and simulates
// again; it sets r.Schedule to the last check and returns its measurements.
func (r *ScheduleResult) raiseMissing(staticText []byte, t Targets, opt ScheduleOptions, hs *hourStats) (*hourStats, error) {
	for rounds := 0; ; rounds++ {
		r.Schedule = check(hs, t)
		if r.Schedule.Meets || rounds >= opt.MaxAdjust {
			return hs, nil
		}
		r.adjust(hs)
		r.Adjustments++
		var err error
		if hs, err = r.simulate(staticText, opt); err != nil {
			return nil, err
		}
	}
}

func scheduleDefaults(opt ScheduleOptions, base *scenarios.Scenario) ScheduleOptions {
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

// CheckSchedulable rejects scenarios an hourly schedule cannot be written
// into: a timeline of their own, fleets, or buckets that do not tile
// hours; the error wraps ErrDesign.
func CheckSchedulable(sc *scenarios.Scenario) error {
	switch {
	case len(sc.Timeline) > 0:
		return fmt.Errorf("experiment: schedule: %w: the scenario has a timeline of its own; the schedule is a timeline", ErrDesign)
	case len(sc.Fleets) > 0:
		return fmt.Errorf("experiment: schedule: %w: fleets are not scheduled; only stream groups", ErrDesign)
	}
	for g, grp := range sc.StreamGroups {
		for l, loc := range grp.Locations {
			if loc.OnDemand > 0 {
				return fmt.Errorf("experiment: schedule: %w: stream_group[%d].location[%d] sets on_demand; the schedule writes target_idle and maximum", ErrDesign, g, l)
			}
		}
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

func staticPlan(locs []ScheduleLocation) Plan {
	p := Plan{make([][24]int, len(locs)), make([][24]int, len(locs)), make([][24]int, len(locs))}
	for i, l := range locs {
		for h := range 24 {
			p.AlwaysOn[i][h], p.TargetIdle[i][h], p.Maximum[i][h] = l.AlwaysOn, l.TargetIdle, l.Maximum
		}
	}
	return p
}

// staff is the next plan: at each location and hour, c the least capacity
// (in steps) at which M/M/c+D meets t at the load estimated in hs,
// always_on lowered to c and target_idle to c less the load (rounded up to
// a step), neither above the static plan's.
func (r *ScheduleResult) staff(hs *hourStats, t Targets, patienceHours float64) Plan {
	next := r.Plan.clone()
	for i, l := range r.Locations {
		for h := range 24 {
			a := hs.load(i, h)
			c := 0
			if a > 0 && l.MeanHours > 0 {
				c, _ = WarmStart(a/l.MeanHours, l.MeanHours, l.Step, patienceHours, t)
			}
			next.AlwaysOn[i][h] = min(l.AlwaysOn, c)
			next.TargetIdle[i][h] = min(l.TargetIdle, stepsUp(float64(c)-a, l.Step))
		}
	}
	return next
}

// stepsUp is x rounded up to a multiple of step, at least 0.
func stepsUp(x float64, step int) int {
	return max(int(math.Ceil(x/float64(step)-1e-9)), 0) * step
}

// check judges every hour of hs against t.
func check(hs *hourStats, t Targets) *Checked {
	c := &Checked{Meets: true, CostUSD: hs.cost}
	n := len(hs.busy)
	reps := float64(len(hs.cost))
	for h := range 24 {
		hc := HourCheck{Hour: h}
		for s := range n + 1 {
			sh := ScopeHour{Requests: hs.req[h][s] / reps, FailureRatio: upper95(hs.fr[h][s]), P95Seconds: upper95(hs.p95[h][s])}
			sh.Meets = meets(sh.FailureRatio, t.FailureRatio) && meets(sh.P95Seconds, t.P95Seconds)
			if s == n {
				hc.Total = sh
				continue
			}
			sh.OfferedLoad = round3(hs.load(s, h))
			hc.Locations = append(hc.Locations, sh)
		}
		c.Meets = c.Meets && hc.Meets()
		c.Hours[h] = hc
	}
	return c
}

// meets: the one-sided bound is not above limit, the rule optimize and
// sweep's --require judge by (reports.Requirement.Check): a metric one
// replication alone defines has no bound and meets nothing; one no
// replication defines (no requests in the hour, none placed) and a limit
// not set (NaN) meet.
func meets(b Bounded, limit float64) bool {
	if b.N == 0 {
		return true
	}
	return !(b.Upper > limit) && !math.IsNaN(b.Upper) || math.IsNaN(limit)
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
