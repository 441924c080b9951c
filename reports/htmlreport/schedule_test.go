package htmlreport

import (
	"math"
	"strings"
	"testing"

	"github.com/capsim/capsim/reports"
)

// AddSchedule puts the schedule's table first (a row per hour, a column
// per location's setting: always_on, target_idle and maximum apart), its savings among the key figures and its
// criterion in the notes; location names stay text.
func TestAddSchedule(t *testing.T) {
	s := &reports.OptimizeSchedule{Criterion: "each hour: " + evil,
		Static: reports.ScheduleStatic{SavingPercent: -0.8, SavingUSD: -5.2, SavingCI: 1.6, HoursMeeting: 11,
			Locations: []reports.StaticSettings{{Name: "us-east-1", Maximum: 40}}},
		HourlyStatic: reports.ScheduleStatic{SavingPercent: 12.5, SavingUSD: 20, SavingCI: 2, CostUSD: 160, HoursMeeting: 24,
			Locations: []reports.StaticSettings{{Name: "us-east-1", Maximum: 60}}}}
	for _, name := range []string{evil, "us-east-1"} {
		l := reports.ScheduleLocation{Name: name}
		for h := range 24 {
			l.Hours = append(l.Hours, reports.ScheduleHour{Hour: h, AlwaysOn: h, TargetIdle: 2, Maximum: 40 + h})
		}
		s.Locations = append(s.Locations, l)
	}
	for h := range 24 {
		s.Hours = append(s.Hours, reports.ScheduleTotal{Hour: h, HourCheck: reports.HourCheck{Meets: true}})
	}
	p := &Page{Title: "optimize", Tables: []Table{{ID: "points"}}}
	AddSchedule(p, s, nil)
	if len(p.Tables) != 2 || p.Tables[0].ID != "schedule" || len(p.Tables[0].Rows) != 24 || len(p.Tables[0].Header) != 12 {
		t.Fatalf("tables %d, first %q with %d rows, header %v", len(p.Tables), p.Tables[0].ID, len(p.Tables[0].Rows), p.Tables[0].Header)
	}
	if row := p.Tables[0].Rows[7]; row[0] != "7" || row[1] != "7" || row[2] != "2" || row[3] != "47" || row[10] != "yes" || row[11] != "no" {
		t.Errorf("hour 7's row %v", row)
	}
	if len(p.KeyFigures) != 2 || p.KeyFigures[0].Value != "$20.00 ± 2.00 (12.5%)" || !strings.Contains(p.KeyFigures[1].Note, "11 of 24") ||
		p.KeyFigures[1].Value != "costs $5.20 ± 1.60 more (0.8%)" {
		t.Errorf("key figures %+v", p.KeyFigures)
	}
	writeNoMarkup(t, p, "location and criterion")

	// The best static plan meets every hour: one card, not two alike.
	// Hours without requests (a 13-hour horizon) read "no requests" and
	// are not counted as met.
	s.HourlyStatic = s.Static
	s.Static.HoursMeeting = 24
	for h := 13; h < 24; h++ {
		s.Hours[h].FailureRatio = reports.Bounded{Mean: reports.Number(math.NaN()), Upper: reports.Number(math.NaN())}
		s.Hours[h].P95Seconds = s.Hours[h].FailureRatio
	}
	p = &Page{Title: "optimize"}
	AddSchedule(p, s, nil)
	if len(p.KeyFigures) != 1 || !strings.Contains(p.KeyFigures[0].Note, "13 of the 13 hours with requests") {
		t.Errorf("one static plan: key figures %+v", p.KeyFigures)
	}
	if row := p.Tables[0].Rows[20]; row[10] != "—" || row[9] != "—" || strings.Contains(strings.Join(row, " "), "NaN") {
		t.Errorf("an hour without requests: %v", row)
	}
}
