package reports

import (
	"bytes"
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
