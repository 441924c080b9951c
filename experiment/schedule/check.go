package schedule

import (
	"math"

	"github.com/capsim/capsim/experiment/optimize"
	"github.com/capsim/capsim/simrun"
)

// ScopeHour is one hour of the day at one scope (a location, or all of
// them): requests per replication, the placement failure ratio and p95
// placement latency (seconds) over the replications with their one-sided
// 95% upper bounds, the offered load estimated (streams; locations only)
// and whether the bounds meet the targets.
type ScopeHour struct {
	Requests     float64
	FailureRatio simrun.Bounded
	P95Seconds   simrun.Bounded
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

// check judges every hour of hs against t, each by the run layer's judge
// (simrun.UpperBound and MeetsUpper: the one-sided 95% upper bound over
// the replications meets the limit).
func check(hs *hourStats, t optimize.Targets) *Checked {
	c := &Checked{Meets: true, CostUSD: hs.cost}
	n := len(hs.busy)
	reps := float64(len(hs.cost))
	for h := range 24 {
		hc := HourCheck{Hour: h}
		for s := range n + 1 {
			sh := ScopeHour{Requests: hs.req[h][s] / reps, FailureRatio: simrun.UpperBound(hs.fr[h][s]),
				P95Seconds: simrun.UpperBound(hs.p95[h][s])}
			sh.Meets = sh.FailureRatio.MeetsUpper(t.FailureRatio) && sh.P95Seconds.MeetsUpper(t.P95Seconds)
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

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
