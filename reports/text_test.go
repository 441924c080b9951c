package reports

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// writeSchedule says when the schedule holds the static plan meeting every
// hour, and shows maximum only for locations that allocate on demand.
func TestSchedulePrintHolds(t *testing.T) {
	s := &OptimizeSchedule{Converged: true}
	for i, name := range []string{"on-demand", "always-on"} {
		l := ScheduleLocation{Name: name}
		for h := range 24 {
			l.Hours = append(l.Hours, ScheduleHour{Hour: h, AlwaysOn: 4 * i, Maximum: 10 * (1 - i)})
		}
		s.Locations = append(s.Locations, l)
	}
	for _, holds := range []bool{false, true} {
		s.HoldsStatic = holds
		var b bytes.Buffer
		writeSchedule(&b, s)
		out := b.String()
		said := strings.Contains(out, "found nothing cheaper than holding the static plan that meets every hour")
		if said != holds || !strings.Contains(out, "on-demand maximum") || strings.Contains(out, "always-on maximum") {
			t.Errorf("holds %v: said so %v, or the maximum rows are wrong:\n%s", holds, said, out)
		}
	}
}

// writeSchedule over a horizon shorter than a day: the hours without
// requests (no bounds, NaN) are neither the worst hour nor counted, and
// the worst hour is the worst of the others.
func TestScheduleHoursWithoutRequests(t *testing.T) {
	nan := Number(math.NaN())
	s := &OptimizeSchedule{Converged: true}
	for h := range 24 {
		c := HourCheck{FailureRatio: Bounded{Mean: nan, Upper: nan}, P95Seconds: Bounded{Mean: nan, Upper: nan}, Meets: true}
		if h < 13 {
			c = HourCheck{Requests: 10, FailureRatio: Bounded{Upper: Number(0.001 * float64(h))}, P95Seconds: Bounded{Upper: Number(h)}, Meets: h != 5}
		}
		s.Hours = append(s.Hours, ScheduleTotal{Hour: h, HourCheck: c})
	}
	var b bytes.Buffer
	writeSchedule(&b, s)
	out := b.String()
	if strings.Contains(out, "NaN") || !strings.Contains(out, "meets it in 12 of the 13 hours with requests (11 had none)") ||
		!strings.Contains(out, "failure ratio 0.0120, p95 12 s") {
		t.Errorf("hours without requests mishandled:\n%s", out)
	}
}
