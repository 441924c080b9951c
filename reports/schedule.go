package reports

import (
	"fmt"
	"math"
)

// OptimizeSchedule is the hourly capacity schedule of optimize.json
// (optimize --schedule hourly): the criterion every hour is checked
// against; the staffing iterations (and whether the plan stopped
// changing), the adjustment and trim rounds and the plans simulated;
// whether every hour meets the criterion; the replications of the search
// and the fresh ones of the verification, which the checks, costs and
// savings here are over (common random numbers: the schedule's and the
// static plans' replication i see the same demand); how far ahead of their
// hour raises are issued; each location's settings and check per hour; the
// total's check per hour under the schedule and under the static plan; the
// schedule's cost; and two static plans it is compared with: optimize's
// best (for the requirements on the day as a whole) and one that meets
// them in every hour. HoldsStatic: no schedule found was cheaper than
// holding the latter all day, so the schedule is that plan (its hours all
// the same).
type OptimizeSchedule struct {
	Criterion    string             `json:"criterion"`
	Iterations   int                `json:"iterations"`
	Converged    bool               `json:"converged"`
	Adjustments  int                `json:"adjustment_rounds"`
	Trimmed      int                `json:"trim_rounds"`
	Simulated    int                `json:"plans_simulated"`
	Meets        bool               `json:"every_hour_meets"`
	HoldsStatic  bool               `json:"holds_static_plan_meeting_every_hour"`
	Replications int                `json:"search_replications"`
	Verify       int                `json:"verify_replications"`
	LeadSeconds  Number             `json:"raise_lead_seconds"`
	Locations    []ScheduleLocation `json:"locations"`
	Hours        []ScheduleTotal    `json:"hours"`
	CostUSD      Number             `json:"cost_usd_mean"`
	CostCI       Number             `json:"cost_usd_ci95"`
	Static       ScheduleStatic     `json:"static_plan"`
	HourlyStatic ScheduleStatic     `json:"static_plan_meeting_every_hour"`
}

// ScheduleStatic is a static plan the schedule is compared with: its
// settings per location, its cost, the hours of the day it meets the
// criterion in, and the schedule's saving against it, paired over the
// replications (mean, 95% half-width, percent of the plan's cost); the
// plans simulated to find it (0: given).
type ScheduleStatic struct {
	Locations     []StaticSettings `json:"locations"`
	CostUSD       Number           `json:"cost_usd_mean"`
	HoursMeeting  int              `json:"hours_meeting"`
	SavingUSD     Number           `json:"saving_usd"`
	SavingCI      Number           `json:"saving_usd_ci95"`
	SavingPercent Number           `json:"saving_percent"`
	Simulated     int              `json:"plans_simulated"`
}

// StaticSettings are one location's settings in a static plan.
type StaticSettings struct {
	Name       string `json:"location"`
	AlwaysOn   int    `json:"always_on"`
	TargetIdle int    `json:"target_idle"`
	Maximum    int    `json:"maximum"`
}

// ScheduleLocation is one location's schedule, hour by hour (0 to 23, UTC).
type ScheduleLocation struct {
	Group string         `json:"stream_group"`
	Name  string         `json:"location"`
	Hours []ScheduleHour `json:"hours"`
}

// ScheduleHour is one location in one hour of the day: its settings, the
// offered load estimated (streams), and its check.
type ScheduleHour struct {
	Hour        int    `json:"hour"`
	AlwaysOn    int    `json:"always_on"`
	TargetIdle  int    `json:"target_idle"`
	Maximum     int    `json:"maximum"`
	OfferedLoad Number `json:"offered_load"`
	HourCheck
}

// HourCheck is one hour's check at one scope: requests per replication,
// the placement failure ratio and p95 placement latency (seconds) over the
// replications, each with its one-sided 95% upper bound, and whether the
// bounds meet the requirements.
type HourCheck struct {
	Requests     Number  `json:"requests"`
	FailureRatio Bounded `json:"placement_failure_ratio"`
	P95Seconds   Bounded `json:"placement_latency_seconds_p95"`
	Meets        bool    `json:"meets"`
}

// Bounded is a mean over replications and its one-sided 95% upper bound.
type Bounded struct {
	Mean  Number `json:"mean"`
	Upper Number `json:"upper95"`
}

// ScheduleTotal is one hour of the day at all locations together, under
// the schedule and under the static plan.
type ScheduleTotal struct {
	Hour int `json:"hour"`
	HourCheck
	Static HourCheck `json:"static_plan"`
}

// Empty reports whether the hour had no requests (a horizon shorter than
// a day): it has no bounds and meets or fails nothing.
func (c HourCheck) Empty() bool {
	return math.IsNaN(float64(c.FailureRatio.Upper)) && math.IsNaN(float64(c.P95Seconds.Upper))
}

// HoursWithRequests is the number of hours of the day that had requests.
func (s *OptimizeSchedule) HoursWithRequests() int {
	n := 0
	for _, h := range s.Hours {
		if !h.Empty() {
			n++
		}
	}
	return n
}

// StaticHours says in how many of the hours with requests a static plan
// meets the criterion: "N of 24 hours", or "N of the M hours with
// requests" when some had none (a static plan's hours_meeting counts an
// hour without requests as met).
func (s *OptimizeSchedule) StaticHours(st ScheduleStatic) string {
	with := s.HoursWithRequests()
	if with == len(s.Hours) {
		return fmt.Sprintf("%d of %d hours", st.HoursMeeting, len(s.Hours))
	}
	return fmt.Sprintf("%d of the %d hours with requests", max(0, min(with, st.HoursMeeting-(len(s.Hours)-with))), with)
}

// SameSettings reports whether two static plans hold the same settings in
// every location (the best static plan already meets every hour).
func (p ScheduleStatic) SameSettings(q ScheduleStatic) bool {
	if len(p.Locations) != len(q.Locations) {
		return false
	}
	for i := range p.Locations {
		if p.Locations[i] != q.Locations[i] {
			return false
		}
	}
	return true
}
