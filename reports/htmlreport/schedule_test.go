package htmlreport

import (
	"strings"
	"testing"

	"github.com/capsim/capsim/reports"
)

// AddSchedule puts the schedule's table first (a row per hour, a column
// per location's setting: always_on, target_idle and maximum apart), its savings among the key figures and its
// criterion in the notes; location names stay text.
func TestAddSchedule(t *testing.T) {
	s := &reports.OptimizeSchedule{Criterion: "each hour: " + evil,
		Static:       reports.ScheduleStatic{SavingPercent: -0.8, SavingUSD: -5.2, SavingCI: 1.6, HoursMeeting: 11},
		HourlyStatic: reports.ScheduleStatic{SavingPercent: 12.5, SavingUSD: 20, SavingCI: 2, CostUSD: 160, HoursMeeting: 24}}
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
	if len(p.KeyFigures) != 2 || p.KeyFigures[0].Value != "12.5% (20 ± 2 USD)" || !strings.Contains(p.KeyFigures[1].Note, "11 of 24") {
		t.Errorf("key figures %+v", p.KeyFigures)
	}
	writeNoMarkup(t, p, "location and criterion")
}
