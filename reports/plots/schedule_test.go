package plots

import (
	"bytes"
	"testing"

	"github.com/capsim/capsim/reports"
)

// synthSchedule is a two-location schedule: a two-level load (10 then 60
// streams) held by always_on at one location, by target_idle at the other.
func synthSchedule() *reports.OptimizeSchedule {
	s := &reports.OptimizeSchedule{}
	for i, name := range []string{"eu-central-1", "us-east-1"} {
		l := reports.ScheduleLocation{Group: "g", Name: name}
		for h := range 24 {
			load, c := 10.0, 24
			if h >= 12 {
				load, c = 60, 72
			}
			sh := reports.ScheduleHour{Hour: h, OfferedLoad: reports.Number(load + float64(h%3)/2)}
			if i == 0 {
				sh.AlwaysOn = c
			} else {
				sh.TargetIdle, sh.Maximum = c/6, 200
			}
			l.Hours = append(l.Hours, sh)
		}
		s.Locations = append(s.Locations, l)
	}
	return s
}

// The schedule plot renders one panel per location, names the series in
// its legend, is deterministic and matches its golden image; no schedule
// is an error.
func TestSchedule(t *testing.T) {
	ps, err := Schedule(synthSchedule())
	checkRendered(t, ps, err, []string{"schedule-capacity"})
	for _, want := range []string{"offered load", "always_on", "load + target_idle", "us-east-1"} {
		if !bytes.Contains(ps[0].SVG, []byte(want)) {
			t.Errorf("schedule SVG lacks %q", want)
		}
	}
	checkDeterministic(t, func() ([]Plot, error) { return Schedule(synthSchedule()) })
	checkGolden(t, ps, "schedule-capacity")
	if _, err := Schedule(nil); err == nil {
		t.Error("Schedule(nil): no error")
	}
	if _, err := Schedule(&reports.OptimizeSchedule{}); err == nil {
		t.Error("Schedule of no locations: no error")
	}
}
