package schedule

import (
	"fmt"
	"strings"
	"testing"

	"github.com/capsim/capsim/experiment/optimize"
	"github.com/capsim/capsim/scenarios"
	"github.com/capsim/capsim/simrun"
)

// ceilingTOML is one on-demand location (tenancy 12, target_idle 12) under
// a two-level demand, 100 requests per hour (load 10 streams) from 0:00 to
// 12:00 and 600 (load 60) from 12:00 to 24:00, whose maximum of 48 slots
// binds in the busy hours: one day after an hour's warm-up, 10
// replications; the service's defaults otherwise.
func ceilingTOML() string {
	var rates []string
	for h := range 24 {
		rates = append(rates, map[bool]string{true: "100", false: "600"}[h < 12])
	}
	return fmt.Sprintf(`name = "ceiling"
simulation = { horizon = "25h", warmup = "1h", seed = 11, replications = 10 }
price = [{ class = "gen6n_small", location = "us-east-2", usd_per_hour = 1 }]
service = { session_start_delay = { dist = "fixed", value = "0s" }, idle_timeout = "0s" }

[[stream_group]]
name = "g"
class = "gen6n_small"
[[stream_group.location]]
name = "us-east-2"
target_idle = 12
maximum = 48

[[demand]]
name = "d"
stream_group = "g"
arrivals = { process = "poisson", hourly = [%s] }
session_length = { dist = "exponential", mean = "6m" }
client = { no_show_probability = 0, disconnect_rate_per_hour = 0, afk_rate_per_hour = 0, crash_rate_per_hour = 0 }
`, strings.Join(rates, ", "))
}

// TestScheduleCeiling: where the static plan's maximum binds (the busy
// hours of ceilingTOML) the measurements say so (most of the wait is at
// the ceiling) and nowhere else, and raise adds maximum there, target_idle
// elsewhere; the schedule raises maximum in the busy hours — the cheap
// move, capacity paid only while used — and meets every hour on its
// verification replications; it costs no more than the static plan
// meeting every hour, paired over those replications (else it is that
// plan).
func TestScheduleCeiling(t *testing.T) {
	tg := optimize.Targets{FailureRatio: 0.03, P95Seconds: 40}
	checkCeilingBound(t, []byte(ceilingTOML()))
	static, err := scenarios.Parse("ceiling.toml", []byte(ceilingTOML()), nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(static, tg, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Schedule.Meets {
		t.Fatalf("the schedule meets %d hours of 24", r.Schedule.MeetingHours())
	}
	if r.Static.MeetingHours() > 12 {
		t.Errorf("the static plan meets %d hours; its maximum should bind in the 12 busy ones", r.Static.MeetingHours())
	}
	checkNotDearer(t, r)
	// The seed is fixed and the demand two-level: the schedule must be
	// cheaper than holding one plan all day, so it does not hold one (which
	// would make the busy-hour check below pass whatever the raise did).
	if r.HoldsStatic {
		t.Fatalf("held the static plan meeting every hour (maximum %d) rather than scheduling", r.HourlyStatic.Maximum[0])
	}
	for h := 13; h < 24; h++ {
		if r.Plan.Maximum[0][h] <= 48 {
			t.Errorf("busy hour %d: maximum %d, not raised above the static 48 (target_idle %d)", h, r.Plan.Maximum[0][h], r.Plan.TargetIdle[0][h])
		}
	}
	t.Logf("maximum by hour %v, target_idle %v; hourly static %d/%d/%d", r.Plan.Maximum[0], r.Plan.TargetIdle[0],
		r.HourlyStatic.AlwaysOn[0], r.HourlyStatic.TargetIdle[0], r.HourlyStatic.Maximum[0])
}

// checkNotDearer: r's schedule costs no more than its static plan meeting
// every hour, the mean of the paired differences over the verification
// replications; if it holds that plan, its hours are that plan's.
func checkNotDearer(t *testing.T, r *Result) {
	t.Helper()
	hsc := r.HourlyStatic
	if !hsc.Checked.Meets {
		t.Fatalf("the static plan meeting every hour meets %d hours", hsc.Checked.MeetingHours())
	}
	diff := 0.0
	for k, c := range hsc.Checked.CostUSD {
		diff += c - r.Schedule.CostUSD[k]
	}
	if diff < 0 {
		t.Errorf("the schedule costs %.4f USD per replication more than the static plan meeting every hour", -diff/float64(len(hsc.Checked.CostUSD)))
	}
	for i := range r.Locations {
		for h := range 24 {
			if r.HoldsStatic && (r.Plan.AlwaysOn[i][h] != hsc.AlwaysOn[i] || r.Plan.TargetIdle[i][h] != hsc.TargetIdle[i] || r.Plan.Maximum[i][h] != hsc.Maximum[i]) {
				t.Fatalf("holds the static plan, but hour %d of location %d differs from it", h, i)
			}
		}
	}
}

// holdIfCheaper replaces the schedule by the static plan meeting every
// hour exactly when that plan meets every hour and the schedule costs
// more (paired mean) or misses an hour.
func TestScheduleHoldIfCheaper(t *testing.T) {
	for _, tc := range []struct {
		name               string
		sched, static      []float64
		schedMeets, sMeets bool
		want               bool
	}{
		{"the schedule dearer", []float64{10, 12}, []float64{9, 12.5}, true, true, true},
		{"the schedule cheaper", []float64{10, 12}, []float64{10.5, 11.6}, true, true, false},
		{"the same cost", []float64{10, 12}, []float64{10, 12}, true, true, false},
		{"the schedule misses", []float64{10, 12}, []float64{11, 13}, false, true, true},
		{"the static plan misses", []float64{10, 12}, []float64{9, 11}, true, false, false},
	} {
		r := &Result{Locations: []Location{{Step: 2, OnDemand: true}}, Plan: staticPlan([]Location{{TargetIdle: 2, Maximum: 10}})}
		r.Plan.Maximum[0][19] = 14
		r.Schedule = &Checked{Meets: tc.schedMeets, CostUSD: tc.sched}
		hc := &Checked{Meets: tc.sMeets, CostUSD: tc.static}
		r.HourlyStatic = &HourlyStatic{AlwaysOn: []int{0}, TargetIdle: []int{4}, Maximum: []int{12}, Checked: hc}
		r.holdIfCheaper()
		if r.HoldsStatic != tc.want || (r.Schedule == hc) != tc.want {
			t.Errorf("%s: holds the static plan %v, want %v", tc.name, r.HoldsStatic, tc.want)
		}
		if tc.want {
			checkNotDearer(t, r)
		} else if r.Plan.Maximum[0][19] != 14 {
			t.Errorf("%s: the schedule's plan changed", tc.name)
		}
	}
}

// checkCeilingBound runs the static plan of text and checks that its
// busy hours (13 to 23) are ceiling-bound and its quiet ones (1 to 11) not,
// and that raise adds maximum (5%, at least a step) in a busy hour and
// target_idle (a step, maximum following) in a quiet one.
func checkCeilingBound(t *testing.T, text []byte) {
	t.Helper()
	sc, err := scenarios.Parse("ceiling.toml", text, nil)
	if err != nil {
		t.Fatal(err)
	}
	x, err := simrun.Resolve(sc, simrun.Hourly)
	if err != nil {
		t.Fatal(err)
	}
	hs, err := runHourly(x, Options{Replications: 10})
	if err != nil {
		t.Fatal(err)
	}
	for h := 1; h < 24; h++ {
		if busy := h >= 13; hs.ceilingBound(0, h) != busy && h != 12 {
			t.Errorf("hour %d: ceiling-bound %v (wait %.4g, at the ceiling %.4g), want %v", h, hs.ceilingBound(0, h), hs.wait[0][h], hs.ceilWait[0][h], busy)
		}
	}
	hs.wait[0][3], hs.ceilWait[0][3] = 1, 0 // a quiet hour that waits below its ceiling
	r := &Result{Locations: []Location{{Step: 12, TargetIdle: 12, Maximum: 48, OnDemand: true}}}
	r.Plan = staticPlan(r.Locations)
	r.raise(0, 20, hs)
	r.raise(0, 3, hs)
	if p := r.Plan; p.Maximum[0][20] != 60 || p.TargetIdle[0][20] != 12 || p.Maximum[0][3] != 48 || p.TargetIdle[0][3] != 24 {
		t.Errorf("raise: hour 20 %d/%d, hour 3 %d/%d (target_idle/maximum), want 12/60 and 24/48",
			p.TargetIdle[0][20], p.Maximum[0][20], p.TargetIdle[0][3], p.Maximum[0][3])
	}
}
